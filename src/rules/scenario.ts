import type { z } from 'zod';
import { type BudgetLine, Catalogue, type ProgrammeVersion } from './catalogue';
import { type Condition, resolveParams } from './condition';
import { closest, formatPath, InputError, type Problem } from './errors';
import type { Localized } from './i18n';
import { checkCondition } from './loader';
import { formatMoney, parseAmount } from './money';
import type { Call } from './programme';
import {
  ATTRIBUTES,
  type callChangeSchema,
  type lineChangeSchema,
  type linkChangeSchema,
  type Scenario,
  scenarioSchema,
  type VersionChange,
  type whereSchema,
} from './scenario-schema';
import { didYouMeanOneOf, nearestNames } from './suggest';
import { describeIssue, YamlDoc } from './yaml-doc';

/**
 * What-if scenarios (the file format is in scenario-schema.ts): changes to named programme versions
 * applied to a copy of the catalogue in memory. Nothing on disk changes.
 */

export { type Scenario, scenarioSchema } from './scenario-schema';

/** What a scenario changed, worded for the committee (programme names, never ids). */
export interface AppliedChange {
  programme: string;
  text: Localized;
}

export interface AppliedScenario {
  scenario: Scenario;
  catalogue: Catalogue;
  changes: AppliedChange[];
}

type Path = (string | number)[];

/** A scenario as data (JSON): every problem with its path. */
export function parseScenario(data: unknown): Scenario {
  const result = scenarioSchema.safeParse(data);
  if (result.success) return result.data;
  throw new InputError(
    result.error.issues.map((i) => ({ path: formatPath(i.path as Path), reason: describeIssue(i) })),
  );
}

/** " (did you mean …?)": the nearest names (a few edits away, or containing what was typed), else the closest. */
const didYouMean = (name: string, known: Iterable<string>) => {
  const names = [...known];
  const near = nearestNames(name, names, { maxDistance: 3, contains: true });
  const hint = near.length ? near : [closest(name, names)].filter((n): n is string => n !== undefined);
  return didYouMeanOneOf(hint);
};

const typeOf = (v: unknown) => (Array.isArray(v) ? 'list' : v === null ? 'null' : typeof v);

/**
 * Applies a scenario to a copy of the catalogue. Throws InputError naming each unknown programme,
 * version, parameter, criterion, line, call or link (with the nearest known name), and each value
 * that does not fit. `lineOf` gives the line of a path in the scenario's YAML, when there is one.
 */
export function applyScenario(
  catalogue: Catalogue,
  scenario: Scenario,
  lineOf?: (path: Path) => number | undefined,
): AppliedScenario {
  const problems: Problem[] = [];
  const at = (path: Path, reason: string) => {
    const line = lineOf?.(path);
    problems.push({ path: formatPath(path), reason, ...(line ? { line } : {}) });
  };
  const replaced = new Map<string, ProgrammeVersion>();
  const changes: AppliedChange[] = [];
  for (const [key, change] of Object.entries(scenario.programmes)) {
    const base: Path = ['programmes', key];
    const [programmeId, year] = key.split('@') as [string, string];
    if (!catalogue.hasProgramme(programmeId)) {
      at(base, `unknown programme '${programmeId}'${didYouMean(programmeId, catalogue.programmeIds())}`);
      continue;
    }
    const version = catalogue.programmes.find((p) => p.key === key);
    if (!version) {
      const years = catalogue.versions(programmeId).map((v) => v.fiscalYear);
      at(base, `'${programmeId}' has no version for ${year} (versions: ${years.join(', ')})`);
      continue;
    }
    const next = applyToVersion(catalogue, version, change, base, at, changes);
    replaced.set(key, next);
  }
  if (problems.length) throw new InputError(problems);
  const programmes = catalogue.programmes.map((p) => replaced.get(p.key) ?? p);
  return {
    scenario,
    catalogue: new Catalogue(programmes, catalogue.bodies, catalogue.territories),
    changes,
  };
}

/** A scenario's YAML text, parsed and applied, with problems on their lines. */
export function scenarioFromYaml(
  catalogue: Catalogue,
  text: string,
  file = 'scenario.yaml',
): AppliedScenario {
  const doc = new YamlDoc(file, text);
  const scenario = doc.parse(scenarioSchema);
  if (!scenario) throw new InputError(doc.problems);
  try {
    return applyScenario(catalogue, scenario, (path) => doc.lineOf(path));
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.problems.map((p) => ({ file, ...p })));
    throw error;
  }
}

function applyToVersion(
  catalogue: Catalogue,
  version: ProgrammeVersion,
  change: VersionChange,
  base: Path,
  at: (path: Path, reason: string) => void,
  changes: AppliedChange[],
): ProgrammeVersion {
  const say = (es: string, en: string) => changes.push({ programme: version.key, text: { es, en } });
  const name = version.name;
  const parameters = { ...version.parameters };
  for (const [param, value] of Object.entries(change.parameters ?? {})) {
    const old = parameters[param];
    if (!old) {
      const known = Object.keys(parameters);
      at(
        [...base, 'parameters', param],
        `unknown parameter '${param}'${didYouMean(param, known)}${known.length ? '' : ' (this version has no parameters)'}`,
      );
      continue;
    }
    if (typeOf(value) !== typeOf(old.value)) {
      at([...base, 'parameters', param], `expected a ${typeOf(old.value)}, like the current value`);
      continue;
    }
    parameters[param] = { ...old, value: value as NonNullable<unknown> };
    const label = old.description ?? { es: param, en: param };
    say(
      `${name.es}: «${label.es}» pasa de ${show(old.value, 'es')} a ${show(value, 'es')}`,
      `${name.en}: "${label.en}" goes from ${show(old.value, 'en')} to ${show(value, 'en')}`,
    );
  }

  const criteria = version.criteria.map((c) => {
    try {
      return { ...c, resolved: resolveParams(c.condition, parameters) };
    } catch {
      return c;
    }
  });
  for (const [criterionId, edit] of Object.entries(change.criteria ?? {})) {
    const path = [...base, 'criteria', criterionId];
    const i = criteria.findIndex((c) => c.id === criterionId);
    const criterion = criteria[i];
    if (!criterion) {
      const known = criteria.map((c) => c.id);
      at(path, `unknown criterion '${criterionId}'${didYouMean(criterionId, known)}`);
      continue;
    }
    if (edit.condition) {
      let fits = true;
      checkCondition(
        edit.condition,
        [...path, 'condition'],
        criterion.scope,
        { parameters },
        (p, r) => {
          fits = false;
          at(p, r);
        },
        catalogue.territories,
      );
      if (!fits) continue;
      criteria[i] = {
        ...criterion,
        condition: edit.condition,
        resolved: resolveParams(edit.condition, parameters),
      };
      say(
        `${name.es}: el criterio «${criterion.label.es}» cambia de condición`,
        `${name.en}: criterion "${criterion.label.en}" gets a new condition`,
      );
      continue;
    }
    if (!edit.where) {
      criteria.splice(i, 1);
      say(
        `${name.es}: se elimina el criterio «${criterion.label.es}»`,
        `${name.en}: criterion "${criterion.label.en}" is removed`,
      );
      continue;
    }
    if (criterion.scope === 'member') {
      at(
        [...path, 'where'],
        'a criterion checked per member cannot be removed by territory; remove it everywhere',
      );
      continue;
    }
    const codes = territoriesWhere(catalogue, edit.where, [...path, 'where'], at);
    if (!codes.length) continue;
    criteria[i] = {
      ...criterion,
      // The evaluators walk the condition and its resolved copy side by side: both get the waiver.
      condition: { any: [locatedIn(codes), criterion.condition] },
      resolved: { any: [locatedIn(codes), criterion.resolved] },
      waivedIn: [...new Set([...(criterion.waivedIn ?? []), ...codes])].sort(),
    };
    const names = codes.map((c) => catalogue.territories.name(c)).join(', ');
    say(
      `${name.es}: el criterio «${criterion.label.es}» deja de aplicarse en ${codes.length} territorios (${names})`,
      `${name.en}: criterion "${criterion.label.en}" no longer applies in ${codes.length} territories (${names})`,
    );
  }

  const next: ProgrammeVersion = { ...version, parameters, criteria };
  if (change.budget) applyBudget(version, next, change.budget.lines, [...base, 'budget', 'lines'], at, say);
  if (change.calls) next.calls = applyCalls(version, change.calls, [...base, 'calls'], at, say);
  if (change.links) applyLinks(catalogue, version, next, change.links, [...base, 'links'], at, say);
  return next;
}

const show = (v: unknown, lang: 'es' | 'en') =>
  typeof v === 'number'
    ? new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US').format(v)
    : typeof v === 'boolean'
      ? v
        ? lang === 'es'
          ? 'sí'
          : 'yes'
        : 'no'
      : Array.isArray(v)
        ? v.join(', ')
        : String(v);

/** The territory codes a `where` names (checked), sorted. */
function territoriesWhere(
  catalogue: Catalogue,
  where: z.infer<typeof whereSchema>,
  path: Path,
  at: (path: Path, reason: string) => void,
): string[] {
  const codes = new Set<string>();
  const all = catalogue.territories.all();
  (where.territories ?? []).forEach((code, i) => {
    if (!catalogue.territories.has(code)) at([...path, 'territories', i], `unknown territory code '${code}'`);
    else if (!/^\d{2}(\d{3})?$/.test(code))
      at([...path, 'territories', i], 'only a state or municipality (INEGI code) can be named here');
    else codes.add(code);
  });
  for (const [attribute, values] of Object.entries(where.territoryAttributes ?? {})) {
    if (!(ATTRIBUTES as string[]).includes(attribute)) {
      at(
        [...path, 'territoryAttributes', attribute],
        `unknown territory attribute '${attribute}'${didYouMean(attribute, ATTRIBUTES)}`,
      );
      continue;
    }
    const matching = all.filter((t) =>
      values.includes(t.attributes[attribute as keyof typeof t.attributes] as string),
    );
    if (!matching.length)
      at([...path, 'territoryAttributes', attribute], `no territory has ${attribute} ${values.join(' or ')}`);
    for (const t of matching) if (/^\d{2}(\d{3})?$/.test(t.code)) codes.add(t.code);
  }
  return [...codes].sort();
}

/** The group is located in one of these states or municipalities. */
function locatedIn(codes: string[]): Condition {
  const municipalities = codes.filter((c) => c.length === 5);
  const states = codes.filter((c) => c.length === 2);
  const parts: Condition[] = [];
  if (municipalities.length)
    parts.push({ fact: 'locationMunicipality', operator: 'in', value: municipalities });
  if (states.length) parts.push({ fact: 'locationState', operator: 'in', value: states });
  return parts.length === 1 ? (parts[0] as Condition) : { any: parts };
}

type Say = (es: string, en: string) => void;

function applyBudget(
  version: ProgrammeVersion,
  next: ProgrammeVersion,
  lines: Record<string, z.infer<typeof lineChangeSchema>>,
  path: Path,
  at: (path: Path, reason: string) => void,
  say: Say,
) {
  const budget = version.budget;
  if (!budget) {
    at(
      path.slice(0, -1),
      `${version.key} has no budget of its own (its lines may be in its parent programme's file)`,
    );
    return;
  }
  const updated: BudgetLine[] = [...budget.lines];
  let delta = 0;
  for (const [lineId, edit] of Object.entries(lines)) {
    const i = updated.findIndex((l) => l.id === lineId);
    const line = updated[i];
    if (!line) {
      at(
        [...path, lineId],
        `unknown budget line '${lineId}'${didYouMean(
          lineId,
          budget.lines.map((l) => l.id),
        )}`,
      );
      continue;
    }
    let minor: number;
    try {
      minor =
        edit.factor !== undefined
          ? Math.round(line.amount.minor * edit.factor)
          : parseAmount(edit.amount as number | string, budget.currency);
    } catch (error) {
      at([...path, lineId, 'amount'], (error as Error).message);
      continue;
    }
    const amount = { minor, currency: line.amount.currency };
    delta += minor - line.amount.minor;
    updated[i] = { ...line, amount };
    say(
      `${version.name.es}: la partida «${line.label.es}» pasa de ${formatMoney(line.amount, 'es')} a ${formatMoney(amount, 'es')}`,
      `${version.name.en}: budget line "${line.label.en}" goes from ${formatMoney(line.amount, 'en')} to ${formatMoney(amount, 'en')}`,
    );
  }
  next.budget = {
    ...budget,
    lines: updated,
    ...(budget.total ? { total: { ...budget.total, minor: budget.total.minor + delta } } : {}),
  };
}

function applyCalls(
  version: ProgrammeVersion,
  edits: Record<string, z.infer<typeof callChangeSchema>>,
  path: Path,
  at: (path: Path, reason: string) => void,
  say: Say,
): Call[] {
  let calls = [...version.calls];
  for (const [callId, edit] of Object.entries(edits)) {
    const call = calls.find((c) => c.id === callId);
    if (!call) {
      at(
        [...path, callId],
        `unknown call '${callId}'${didYouMean(
          callId,
          version.calls.map((c) => c.id),
        )}`,
      );
      continue;
    }
    if (edit.remove) {
      calls = calls.filter((c) => c.id !== callId);
      say(
        `${version.name.es}: se cancela la ${call.name.es}`,
        `${version.name.en}: ${call.name.en} is cancelled`,
      );
      continue;
    }
    const { remove: _r, ...fields } = edit;
    const updated = { ...call, ...fields };
    if (updated.closes && updated.closes < updated.opens) {
      at([...path, callId, 'closes'], 'the call would close before it opens');
      continue;
    }
    calls = calls.map((c) => (c.id === callId ? updated : c));
    say(`${version.name.es}: cambia la ${call.name.es}`, `${version.name.en}: ${call.name.en} changes`);
  }
  return calls;
}

function applyLinks(
  catalogue: Catalogue,
  version: ProgrammeVersion,
  next: ProgrammeVersion,
  edits: Record<string, z.infer<typeof linkChangeSchema>>,
  path: Path,
  at: (path: Path, reason: string) => void,
  say: Say,
) {
  let links = [...version.coordination.links];
  const nameOf = (other: string) => {
    const body = catalogue.bodies.get(other);
    if (body) return { es: body.shortName ?? body.name.es, en: body.shortName ?? body.name.en };
    const v = catalogue.versions(other).at(-1);
    return v ? { es: v.shortName ?? v.name.es, en: v.shortName ?? v.name.en } : { es: other, en: other };
  };
  for (const [other, edit] of Object.entries(edits)) {
    const existing = links.filter((l) => l.with === other);
    const n = nameOf(other);
    if (edit.remove) {
      if (!existing.length) {
        at(
          [...path, other],
          `${version.key} declares no link with '${other}'${didYouMean(
            other,
            links.map((l) => l.with),
          )}`,
        );
        continue;
      }
      links = links.filter((l) => l.with !== other);
      say(
        `${version.name.es}: se retira el vínculo con ${n.es}`,
        `${version.name.en}: the link with ${n.en} is removed`,
      );
      continue;
    }
    const { remove: _r, ...fields } = edit;
    if (existing.length) {
      links = links.map((l) => (l.with === other ? { ...l, ...fields } : l));
      say(
        `${version.name.es}: cambia el vínculo con ${n.es}`,
        `${version.name.en}: the link with ${n.en} changes`,
      );
      continue;
    }
    if (!catalogue.hasProgramme(other) && !catalogue.bodies.has(other)) {
      const known = [...catalogue.programmeIds(), ...catalogue.bodies.keys()];
      at([...path, other], `unknown programme or body '${other}'${didYouMean(other, known)}`);
      continue;
    }
    const missing = (['kind', 'budgetBacked', 'effective'] as const).filter((k) => fields[k] === undefined);
    if (missing.length) {
      at([...path, other], `a new link needs ${missing.join(', ')}`);
      continue;
    }
    links.push({
      with: other,
      ...(fields as Required<Pick<typeof fields, 'kind' | 'budgetBacked' | 'effective'>>),
      ...fields,
      source: fields.source ?? 'scenario',
    } as (typeof links)[number]);
    say(
      `${version.name.es}: se declara un vínculo con ${n.es}`,
      `${version.name.en}: a link with ${n.en} is declared`,
    );
  }
  next.coordination = { ...version.coordination, links };
}
