import {
  Bibliography,
  checkCitations,
  type FactsFile,
  factsFileSchema,
  readAssumptions,
  type SourcesFile,
  sourcesFileSchema,
} from './bibliography';
import { type BudgetLine, Catalogue, type ProgrammeVersion } from './catalogue';
import {
  type Condition,
  forEachLeaf,
  OPERATOR_BY_NAME,
  operatorValueProblem,
  paramRefSchema,
  resolveParams,
} from './condition';
import { checkBodyParents, isDated, type Parsed, parseDated } from './dated';
import { didYouMean, type Problem, RuleFileError } from './errors';
import { FACTS } from './facts';
import { checkBudgetTotals, checkOverlaps, versionKey } from './loader-checks';
import { formatMoney, parseAmount, sumMoney } from './money';
import { type Body, bodiesFileSchema, type ProgrammeFile, programmeFileSchema } from './programme';
import { checkRegistry, ProgrammeRegistry, type RegistryEntry, registryFileSchema } from './registry';
import { TerritoryIndex, territoryFileSchema } from './territory';
import { parseTerritoryCsv } from './territory-csv';
import { describeIssue, YamlDoc } from './yaml-doc';

export interface RuleFileText {
  /** Path relative to the programmes folder, as errors should show it. */
  path: string;
  text: string;
}

type Path = (string | number)[];

/**
 * Builds the catalogue from rule-file texts (no filesystem: the Workers build passes bundled texts).
 * Throws RuleFileError listing every problem, each with file, path inside the file, line and reason.
 */
export function parseCatalogue(files: readonly RuleFileText[]): Catalogue {
  const problems: Problem[] = [];
  const territories = new TerritoryIndex();
  const bodies = new Map<string, Body>();
  const bodyPlaces: { doc: YamlDoc; index: number; body: Body }[] = [];
  const parsed: Parsed[] = [];
  const citing: YamlDoc[] = [];
  const bibliography: { sources?: SourcesFile; facts?: FactsFile; assumptions?: Map<string, string> } = {};
  let registry: { doc: YamlDoc; entries: RegistryEntry[] } | undefined;

  const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
  const csvFiles = sorted.filter((f) => f.path.endsWith('.csv'));
  const assumptionFiles = sorted.filter((f) => f.path.endsWith('.md'));
  if (assumptionFiles.length)
    bibliography.assumptions = readAssumptions(assumptionFiles.map((f) => f.text).join('\n'));
  for (const file of sorted.filter((f) => !f.path.endsWith('.csv') && !f.path.endsWith('.md'))) {
    const doc = new YamlDoc(file.path, file.text);
    const kind = (doc.data as { kind?: unknown } | undefined)?.kind;
    if (kind === 'sources' || kind === 'facts') {
      const key = kind;
      if (bibliography[key])
        doc.problems.push(
          doc.problem(['kind'], `a second '${kind}' file: there is one per programmes folder`),
        );
      else if (kind === 'sources') bibliography.sources = doc.parse(sourcesFileSchema);
      else bibliography.facts = doc.parse(factsFileSchema);
    } else if (kind === 'territories') {
      const data = doc.parse(territoryFileSchema);
      data?.territories.forEach((t, i) => {
        if (!territories.add(t))
          doc.problems.push(doc.problem(['territories', i, 'code'], `duplicate territory code '${t.code}'`));
      });
    } else if (kind === 'bodies') {
      const data = doc.parse(bodiesFileSchema);
      data?.bodies.forEach((b, i) => {
        if (bodies.has(b.id))
          doc.problems.push(doc.problem(['bodies', i, 'id'], `duplicate body id '${b.id}'`));
        else bodies.set(b.id, b);
        bodyPlaces.push({ doc, index: i, body: b });
      });
    } else if (kind === 'registry') {
      const data = doc.parse(registryFileSchema);
      if (registry)
        doc.problems.push(doc.problem(['kind'], `a second registry (the first is ${registry.doc.file})`));
      else if (data) registry = { doc, entries: data.programmes };
    } else if (kind !== undefined) {
      doc.problems.push(
        doc.problem(
          ['kind'],
          `unknown kind '${String(kind)}' (a programme file has no kind; shared data files are 'bodies', 'territories', 'registry', 'sources' or 'facts')`,
        ),
      );
    } else if (isDated(doc.data)) {
      parsed.push(...parseDated(doc));
    } else {
      const programme = doc.parse(programmeFileSchema);
      if (programme) parsed.push({ doc, programme, problem: (path, reason) => doc.problem(path, reason) });
    }
    if (kind !== 'sources' && kind !== 'facts') citing.push(doc);
    problems.push(...doc.problems);
  }

  // CSV territory attributes load after the YAML territories they may add to, and rows that name a
  // territory before rows that only add attributes, so a file may add to territories another CSV lists
  // (the municipalities of mx-federal-municipalities.csv) whatever the files' order.
  const csvRows = csvFiles.flatMap((file) => {
    const { rows, problems: csvProblems } = parseTerritoryCsv(file.path, file.text);
    problems.push(...csvProblems);
    return rows.map((row) => ({ file, row }));
  });
  const named = csvRows.filter(({ row }) => row.territory.name);
  for (const { file, row } of [...named, ...csvRows.filter(({ row }) => !row.territory.name)]) {
    for (const conflict of territories.merge(row.territory)) {
      problems.push({
        file: file.path,
        line: row.line,
        path: `${row.territory.code}.${conflict}`,
        reason:
          conflict === 'name'
            ? `unknown territory code '${row.territory.code}': a row for a territory no YAML or CSV file lists must give its name`
            : 'contradicts the value already loaded for this territory',
      });
    }
  }

  for (const place of bodyPlaces) problems.push(...checkBodyParents(place, bodies));

  const programmeIds = new Set(parsed.map((p) => p.programme.id));
  const versions: ProgrammeVersion[] = [];
  const seenKeys = new Map<string, string>();

  for (const { doc, programme, problem } of parsed) {
    const at = (path: Path, reason: string) => problems.push(problem(path, reason));
    const key = versionKey(programme);
    const previous = seenKeys.get(key);
    if (previous)
      at(
        ['id'],
        `duplicate programme '${programme.id}' for fiscal year ${programme.fiscalYear} (also in ${previous})`,
      );
    seenKeys.set(key, doc.file);

    checkReferences(programme, at, programmeIds, bodies);
    checkStructure(programme, at);
    const criteria = programme.criteria.map((criterion, i) => {
      checkCondition(
        criterion.condition,
        ['criteria', i, 'condition'],
        criterion.scope,
        programme,
        at,
        territories,
      );
      let resolved: Condition = criterion.condition;
      try {
        resolved = resolveParams(criterion.condition, programme.parameters);
      } catch {
        // reported by checkCondition
      }
      return { ...criterion, resolved };
    });
    const budget = buildBudget(programme, at);
    const { budget: _raw, ...rest } = programme;
    versions.push({ ...rest, key, file: doc.file, criteria, ...(budget ? { budget } : {}) });
  }

  checkOverlaps(versions, parsed, problems);
  checkBudgetTotals(versions, parsed, problems);
  // With a bibliography in the folder (the shipped one has), every citation must resolve to a document.
  const bib = bibliography.sources
    ? new Bibliography(bibliography.sources, bibliography.facts, bibliography.assumptions)
    : undefined;
  if (bib)
    for (const doc of citing)
      checkCitations(doc.data, bib, (path, reason) => problems.push(doc.problem(path, reason)));
  if (registry) {
    const { doc, entries } = registry;
    for (const p of checkRegistry(entries, versions, bodies))
      problems.push(doc.problem(['programmes', p.index, ...p.path], p.reason));
  }
  if (problems.length) throw new RuleFileError(distinct(problems));
  const catalogue = new Catalogue(
    versions,
    bodies,
    territories,
    new ProgrammeRegistry(registry?.entries, bodies),
  );
  if (bib) catalogue.bibliography = bib;
  return catalogue;
}

/** A problem in what versions share is found once per version; it is reported once. */
function distinct(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify([p.file, p.path, p.line, p.reason]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkReferences(
  p: ProgrammeFile,
  at: (path: Path, reason: string) => void,
  programmeIds: Set<string>,
  bodies: Map<string, Body>,
) {
  const bodyRef = (id: string, path: Path, what: string) => {
    if (!bodies.has(id))
      at(path, `unknown ${what} '${id}': not in programmes/bodies.yaml${didYouMean(id, bodies.keys())}`);
  };
  const programmeRef = (id: string, path: Path, what: string) => {
    if (!programmeIds.has(id))
      at(path, `unknown ${what} '${id}': no rule file has this id${didYouMean(id, programmeIds)}`);
  };
  bodyRef(p.agency, ['agency'], 'agency');
  if (p.parent) {
    programmeRef(p.parent, ['parent'], 'parent programme');
    if (p.parent === p.id) at(['parent'], 'a programme cannot be its own parent');
  }
  p.exclusions.forEach((e, i) => {
    for (const [j, id] of e.programmes.entries())
      programmeRef(id, ['exclusions', i, 'programmes', j], 'programme');
    for (const [j, id] of e.agencies.entries()) bodyRef(id, ['exclusions', i, 'agencies', j], 'agency');
  });
  p.calls.forEach((c, i) => {
    for (const [j, id] of (c.openTo ?? []).entries())
      programmeRef(id, ['calls', i, 'openTo', j], 'subprogramme');
  });
  p.coordination.links.forEach((link, i) => {
    if (!programmeIds.has(link.with) && !bodies.has(link.with)) {
      at(
        ['coordination', 'links', i, 'with'],
        `unknown programme or body '${link.with}'${didYouMean(link.with, [...programmeIds, ...bodies.keys()])}`,
      );
    }
    if (link.via) bodyRef(link.via, ['coordination', 'links', i, 'via'], 'coordinating body');
  });
}

function checkStructure(p: ProgrammeFile, at: (path: Path, reason: string) => void) {
  const unique = (items: { id: string }[], field: string, what: string) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(item.id)) at([field, i, 'id'], `duplicate ${what} id '${item.id}'`);
      seen.add(item.id);
    });
  };
  unique(p.criteria, 'criteria', 'criterion');
  unique(p.stages, 'stages', 'stage');
  unique(p.support, 'support', 'support line');
  unique(p.calls, 'calls', 'call');
  unique(p.exclusions, 'exclusions', 'exclusion');
  unique(p.cohortRules, 'cohortRules', 'cohort rule');
  p.cohortRules.forEach((rule, i) => {
    if (typeof rule.maxShare === 'number') return;
    const parameter = p.parameters[rule.maxShare.param];
    if (!parameter) {
      at(
        ['cohortRules', i, 'maxShare', 'param'],
        `unknown parameter '${rule.maxShare.param}'${didYouMean(rule.maxShare.param, Object.keys(p.parameters))}`,
      );
    } else if (typeof parameter.value !== 'number' || parameter.value < 0 || parameter.value > 1) {
      at(
        ['cohortRules', i, 'maxShare', 'param'],
        `parameter '${rule.maxShare.param}' must be a share between 0 and 1`,
      );
    }
  });
  if (p.budget) unique(p.budget.lines, 'budget', 'budget line');

  const stageIds = new Set(p.stages.map((s) => s.id));
  const supportIds = new Set(p.support.map((s) => s.id));
  p.criteria.forEach((c, i) => {
    if (c.stage && !stageIds.has(c.stage))
      at(['criteria', i, 'stage'], `unknown stage '${c.stage}'${didYouMean(c.stage, stageIds)}`);
    if (c.scope === 'member' && c.stage) {
      // Stages are about the group's path through a programme; a member criterion holds at every stage.
      at(['criteria', i, 'stage'], 'a member criterion applies at every stage; leave out its stage');
    }
    if (c.scope === 'member' && p.targetUnit === 'group') {
      at(
        ['criteria', i, 'scope'],
        "member criteria apply to programmes whose targetUnit is 'person' or 'household'",
      );
    }
  });
  p.stages.forEach((s, i) => {
    s.requires.forEach((r, j) => {
      if (!stageIds.has(r))
        at(['stages', i, 'requires', j], `unknown stage '${r}'${didYouMean(r, stageIds)}`);
      else if (p.stages.findIndex((x) => x.id === r) >= i)
        at(['stages', i, 'requires', j], `stage '${r}' must be listed before '${s.id}'`);
    });
    s.support.forEach((r, j) => {
      if (!supportIds.has(r))
        at(['stages', i, 'support', j], `unknown support line '${r}'${didYouMean(r, supportIds)}`);
    });
  });
  if (p.matchable && p.criteria.length === 0) {
    at(
      ['criteria'],
      'a matchable programme needs at least one criterion (set matchable: false for an umbrella programme)',
    );
  }
  if (p.budget && p.budget.fiscalYear !== p.fiscalYear) {
    at(
      ['budget', 'fiscalYear'],
      `budget is for ${p.budget.fiscalYear} but the file is fiscal year ${p.fiscalYear}`,
    );
  }
  p.calls.forEach((c, i) => {
    if (c.opens < p.validity.from || c.opens > p.validity.to) {
      at(
        ['calls', i, 'opens'],
        `call opens on ${c.opens}, outside the validity ${p.validity.from} – ${p.validity.to}`,
      );
    }
  });
  for (const [name, parameter] of Object.entries(p.parameters)) {
    if (
      parameter.assumption === undefined &&
      parameter.note === undefined &&
      parameter.source === undefined
    ) {
      at(['parameters', name], 'a parameter cites its source');
    }
  }
}

/** Checks a condition's facts, operators, params and values (also a scenario's replaced conditions). */
export function checkCondition(
  condition: Condition,
  base: Path,
  scope: 'group' | 'member',
  p: Pick<ProgrammeFile, 'parameters'>,
  at: (path: Path, reason: string) => void,
  territories: TerritoryIndex,
) {
  forEachLeaf(condition, (leaf, inner) => {
    const path = [...base, ...inner];
    const fact = FACTS.get(leaf.fact);
    if (!fact) {
      at(
        [...path, 'fact'],
        `unknown fact '${leaf.fact}'${didYouMean(leaf.fact, FACTS.keys())} (see docs/facts.md)`,
      );
      return;
    }
    if (fact.scope === 'member' && scope === 'group') {
      at(
        [...path, 'fact'],
        `fact '${leaf.fact}' is about one member; use it in a criterion with scope: member, or count members with membersMatching`,
      );
    }
    if (fact.params) {
      const result = fact.params.safeParse(leaf.params ?? {});
      if (!result.success) {
        const issues = result.error.issues;
        // An unknown key also empties the filter; the unknown key is the useful message.
        const shown = issues.some((i) => i.code === 'unrecognized_keys')
          ? issues.filter((i) => i.code !== 'custom')
          : issues;
        for (const issue of shown) at([...path, 'params', ...(issue.path as Path)], describeIssue(issue));
      }
      const params = (leaf.params ?? {}) as Record<string, unknown>;
      const states = [params.residenceState].filter((s): s is string => typeof s === 'string');
      for (const code of states) {
        if (!territories.has(code))
          at([...path, 'params', 'residenceState'], `unknown territory code '${code}'`);
      }
    } else if (leaf.params !== undefined) {
      at([...path, 'params'], `fact '${leaf.fact}' takes no params`);
    }
    const operator = OPERATOR_BY_NAME.get(leaf.operator);
    if (!operator) {
      at(
        [...path, 'operator'],
        `unknown operator '${leaf.operator}'${didYouMean(leaf.operator, OPERATOR_BY_NAME.keys())}`,
      );
      return;
    }
    let value = leaf.value;
    const ref = paramRefSchema.safeParse(value);
    if (ref.success) {
      const parameter = p.parameters[ref.data.param];
      if (!parameter) {
        at(
          [...path, 'value', 'param'],
          `unknown parameter '${ref.data.param}'${didYouMean(ref.data.param, Object.keys(p.parameters))}`,
        );
        return;
      }
      value = parameter.value;
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // json-rules-engine would read {fact: …} as another fact's value; the rule format compares
      // facts with fixed values or named parameters only, so every evaluator reads a condition alike.
      at([...path, 'value'], 'a value is a number, text, true/false or a list of them, or { param: name }');
      return;
    }
    const problem = operatorValueProblem(operator, value);
    if (problem) {
      at([...path, 'value'], problem);
      return;
    }
    if (
      fact.type === 'boolean' &&
      (leaf.operator === 'equal' || leaf.operator === 'notEqual') &&
      typeof value !== 'boolean'
    ) {
      at([...path, 'value'], `fact '${leaf.fact}' is true or false; compare it with true or false`);
    }
    if (fact.values) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) {
        if (typeof v !== 'string' || !fact.values.includes(v)) {
          at(
            [...path, 'value'],
            `'${String(v)}' is not a value of '${leaf.fact}' (${fact.values.join(', ')})${didYouMean(String(v), fact.values)}`,
          );
        }
      }
    }
  });
}

function buildBudget(p: ProgrammeFile, at: (path: Path, reason: string) => void): ProgrammeVersion['budget'] {
  if (!p.budget) return undefined;
  const { currency } = p.budget;
  const money = (amount: number | string, path: Path) => {
    try {
      return { minor: parseAmount(amount, currency), currency };
    } catch (error) {
      at(path, (error as Error).message);
      return { minor: 0, currency };
    }
  };
  const lines: BudgetLine[] = p.budget.lines.map((line, i) => ({
    id: line.id,
    label: line.label,
    amount: money(line.amount, ['budget', 'lines', i, 'amount']),
    ...(line.category ? { category: line.category } : {}),
    source: line.source,
  }));
  const lineIds = new Set(lines.map((l) => l.id));
  p.support.forEach((s, i) => {
    if (s.budgetLine && !lineIds.has(s.budgetLine) && !p.parent) {
      at(
        ['support', i, 'budgetLine'],
        `unknown budget line '${s.budgetLine}'${didYouMean(s.budgetLine, lineIds)}`,
      );
    }
    if (s.unfunded && (s.budgetLine || s.maxPerGroup || s.maxPerPerson))
      at(['support', i, 'unfunded'], 'an unfunded support line has no budget line and no maximum');
    for (const field of ['maxPerGroup', 'maxPerPerson'] as const) {
      const max = s[field];
      if (max && max.currency !== currency)
        at(['support', i, field, 'currency'], `is ${max.currency} but the budget is in ${currency}`);
    }
  });
  return {
    fiscalYear: p.budget.fiscalYear,
    currency,
    ...(p.budget.total !== undefined ? { total: money(p.budget.total, ['budget', 'total']) } : {}),
    ...(p.budget.unallocated !== undefined
      ? { unallocated: money(p.budget.unallocated, ['budget', 'unallocated']) }
      : {}),
    lines,
    ...(p.budget.note ? { note: p.budget.note } : {}),
    source: p.budget.source,
  };
}
