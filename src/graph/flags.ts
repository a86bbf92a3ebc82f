import { budgetLineOf } from '../rules/applications';
import type { BudgetLine, ProgrammeVersion } from '../rules/catalogue';
import { countNoun, type Localized, NOUNS, noun } from '../rules/i18n';
import { CURRENCY_DIGITS, formatMoney, type Money } from '../rules/money';
import type { Body } from '../rules/programme';
import { sourceList } from '../rules/source';
import type { DuplicateFinding } from './duplicates';
import { blocsOf, bodyNode, type GraphModel, programmeNode, territoryNode } from './model';
import { trackedKey } from './overlaps';
import { DIMENSION_LABELS, UNKNOWN } from './segments';

/**
 * Flags a coordination committee should see (design.md, "Coordination graph"), each with a stable
 * id, a severity, the nodes and edges involved, the numbers behind it and its sources.
 */

export const FLAG_TYPES = [
  'coordination-without-budget',
  'expected-links-unmet',
  'ineffective-link',
  'missing-link',
  'low-overlap-link',
  'duplication-risk',
  'exclusion-conflict',
  'coverage-gap',
  'inactive-body-dependency',
  'demand-above-budget',
  'duplicate-enrolment',
] as const;
export type FlagType = (typeof FLAG_TYPES)[number];
export type Severity = 'high' | 'medium' | 'low';

export interface Flag {
  id: string;
  type: FlagType;
  severity: Severity;
  title: Localized;
  detail: Localized;
  nodes: string[];
  edges: string[];
  evidence: Record<string, number>;
  sources: string[];
  /** Stored group ids involved (duplicate enrolments only): what the committee follows up. */
  groups?: string[];
}

/** The thresholds behind the population flags; documented in the README. */
export const THRESHOLDS = {
  /** A declared link between programmes whose eligible populations have a Jaccard index below this. */
  lowOverlapJaccard: 0.05,
  /** Duplication risk: groups eligible for both, as a share of the smaller programme's eligible groups. */
  duplicationShare: 0.05,
  /**
   * A segment is a coverage gap when at least this share of its groups is eligible for nothing and
   * its coverage is at most half the population's (so a date when almost nobody is covered does not
   * make every segment a gap) ...
   */
  gapShare: 0.9,
  /** ... and it holds at least this many groups, and this share of the population. */
  gapMinGroups: 20,
  gapMinPopulationShare: 0.01,
};

const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

const COORDINATION_LINK = noun(
  'vínculo de coordinación',
  'vínculos de coordinación',
  'coordination link',
  'coordination links',
);
const EFFECTIVE_PROGRAMME_LINK = noun(
  'vínculo con programas resultó efectivo',
  'vínculos con programas resultaron efectivos',
  'programme link became effective',
  'programme links became effective',
);
const INEFFECTIVE_DECLARED_LINK = noun(
  'vínculo declarado no resultó efectivo',
  'vínculos declarados no resultaron efectivos',
  'declared link did not become effective',
  'declared links did not become effective',
);
const num = (n: number, lang: 'es' | 'en', digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);
const pct = (x: number, lang: 'es' | 'en') => `${num(x * 100, lang, 1)} %`;
const both = (f: (lang: 'es' | 'en') => string): Localized => ({ es: f('es'), en: f('en') });
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const major = (m: Money) => m.minor / 10 ** CURRENCY_DIGITS[m.currency];
const uniq = <T>(xs: Iterable<T>) => [...new Set(xs)];

export interface FlagInputs {
  model: GraphModel;
  duplicates?: DuplicateFinding[];
}

export function computeFlags({ model, duplicates }: FlagInputs): Flag[] {
  const flags: Flag[] = [
    ...coordinationWithoutBudget(model),
    ...expectedLinksUnmet(model),
    ...missingLinks(model),
    ...inactiveBodyDependencies(model),
  ];
  const covered = new Set(flags.flatMap((f) => f.edges));
  flags.push(...ineffectiveLinks(model, covered));
  if (model.analysis) {
    flags.push(...pairFlags(model), ...coverageGaps(model), ...demandAboveBudget(model));
  }
  if (duplicates) flags.push(...duplicateEnrolments(model, duplicates));
  flags.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      FLAG_TYPES.indexOf(a.type) - FLAG_TYPES.indexOf(b.type) ||
      a.id.localeCompare(b.id),
  );
  annotate(model, flags);
  return flags;
}

/** Marks flagged nodes and lists each flag on its nodes and edges. */
function annotate(model: GraphModel, flags: Flag[]) {
  const { graph } = model;
  for (const flag of flags) {
    for (const node of flag.nodes) {
      if (!graph.hasNode(node)) continue;
      graph.updateNodeAttributes(node, (a) => ({ ...a, flagged: true, flags: uniq([...a.flags, flag.id]) }));
    }
    for (const edge of flag.edges) {
      if (!graph.hasEdge(edge)) continue;
      graph.updateEdgeAttributes(edge, (a) => ({ ...a, flags: uniq([...a.flags, flag.id]) }));
    }
  }
  graph.forEachNode((node, a) => {
    if (a.flagged === undefined) graph.setNodeAttribute(node, 'flagged', false);
  });
}

const nameOf = (model: GraphModel, node: string, lang: 'es' | 'en') => {
  if (!model.graph.hasNode(node)) return node.split(':').slice(1).join(':');
  const a = model.graph.getNodeAttributes(node);
  return a.shortName && a.kind !== 'programme' ? a.shortName : a.label[lang];
};
const programmeName = (model: GraphModel, id: string, lang: 'es' | 'en') =>
  nameOf(model, programmeNode(id), lang);
const list = (items: string[], lang: 'es' | 'en') =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${lang === 'es' ? 'y' : 'and'} ${items.at(-1)}`;

// -------------------------------------------------------------------------------------------------
// Declarations

/** The STEIA pattern: coordination declared through a body with no budget or operating rules of its own. */
function coordinationWithoutBudget(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  for (const body of model.catalogue.bodies.values()) {
    if (body.hasBudget !== false && body.hasOperatingRules !== false) continue;
    const links = model.links.filter(
      (l) => (l.link.with === body.id || l.link.via === body.id) && !l.link.budgetBacked,
    );
    if (!links.length) continue;
    const node = bodyNode(body);
    const programmes = uniq(links.map((l) => l.programme.id));
    const effective = links.filter((l) => l.link.effective).length;
    const lacks = (lang: 'es' | 'en') =>
      [
        body.hasBudget === false ? (lang === 'es' ? 'presupuesto' : 'budget') : '',
        body.hasOperatingRules === false ? (lang === 'es' ? 'reglas de operación' : 'operating rules') : '',
      ]
        .filter(Boolean)
        .join(lang === 'es' ? ' ni ' : ' or ');
    const name = body.shortName ?? body.name.en;
    out.push({
      id: `coordination-without-budget:${body.id}`,
      type: 'coordination-without-budget',
      severity: programmes.length >= 2 || effective === 0 ? 'high' : 'medium',
      title: both((lang) =>
        lang === 'es'
          ? `Coordinación declarada sin presupuesto ni reglas vinculantes: ${name}`
          : `Declared coordination without a binding budget or rules: ${name}`,
      ),
      detail: both((lang) => {
        const names = list(
          programmes.map((p) => programmeName(model, p, lang)),
          lang,
        );
        const one = programmes.length === 1;
        const declared = countNoun(links.length, COORDINATION_LINK, lang);
        return lang === 'es'
          ? `${countNoun(programmes.length, NOUNS.programme, lang)} (${names}) ${one ? 'declara' : 'declaran'} ${declared} a través de ${name}, que no tiene ${lacks(lang)}; ninguno está respaldado por presupuesto. Vínculos efectivos: ${num(effective, lang)}.`
          : `${countNoun(programmes.length, NOUNS.programme, lang)} (${names}) ${one ? 'declares' : 'declare'} ${declared} through ${name}, which has no ${lacks(lang)}; none is backed by a budget. Effective links: ${num(effective, lang)}.`;
      }),
      nodes: [node, ...programmes.map(programmeNode)],
      edges: links.flatMap((l) => [l.edge, l.viaEdge].filter((e): e is string => e !== undefined)),
      evidence: {
        programmes: programmes.length,
        links: links.length,
        budgetBackedLinks: 0,
        effectiveLinks: effective,
        bodyHasBudget: body.hasBudget === false ? 0 : 1,
        bodyHasOperatingRules: body.hasOperatingRules === false ? 0 : 1,
      },
      sources: uniq([...sourceList(body.source), ...links.flatMap((l) => sourceList(l.link.source))]),
    });
  }
  return out;
}

/** PROINPRO: a programme expected to link with N programmes, and the effective links it got. */
function expectedLinksUnmet(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  for (const [id, { version: shown }] of model.programmes) {
    const versions = model.catalogue
      .versions(id)
      .filter((v) => v.validity.from <= model.asOf && v.coordination.expectedLinks);
    if (!versions.length) continue;
    const effectiveOf = (v: ProgrammeVersion) =>
      v.coordination.links.filter((l) => l.effective && model.catalogue.hasProgramme(l.with));
    const unmet = versions.filter(
      (v) => effectiveOf(v).length < (v.coordination.expectedLinks?.count as number),
    );
    if (!unmet.length) continue;
    const evidence: Record<string, number> = {};
    for (const v of versions) {
      evidence[`expected${v.fiscalYear}`] = v.coordination.expectedLinks?.count as number;
      evidence[`effective${v.fiscalYear}`] = effectiveOf(v).length;
    }
    const latest = versions.at(-1) as ProgrammeVersion;
    const expected = latest.coordination.expectedLinks?.count as number;
    const effective = effectiveOf(latest);
    evidence.expected = expected;
    evidence.effective = effective.length;
    evidence.declared = latest.coordination.links.length;
    const years = (lang: 'es' | 'en') =>
      list(
        versions.map((v) =>
          lang === 'es'
            ? `${num(v.coordination.expectedLinks?.count as number, lang)} esperados en ${v.fiscalYear}`
            : `${num(v.coordination.expectedLinks?.count as number, lang)} expected in ${v.fiscalYear}`,
        ),
        lang,
      );
    const shownLinks = model.links.filter((l) => l.programme === shown);
    out.push({
      id: `expected-links-unmet:${id}`,
      type: 'expected-links-unmet',
      severity: effective.length / Math.max(1, expected) <= 0.25 ? 'high' : 'medium',
      title: both((lang) =>
        lang === 'es'
          ? `Vínculos esperados que no se concretaron: ${programmeName(model, id, lang)}`
          : `Expected links that never became effective: ${programmeName(model, id, lang)}`,
      ),
      detail: both((lang) => {
        const names = list(
          effective.map((l) => programmeName(model, l.with, lang)),
          lang,
        );
        return lang === 'es'
          ? `Se esperaba que ${programmeName(model, id, lang)} se vinculara con otros programas (${years(lang)}); solo ${countNoun(effective.length, EFFECTIVE_PROGRAMME_LINK, lang)}${names ? ` (${names})` : ''}.`
          : `${programmeName(model, id, lang)} was expected to link with other programmes (${years(lang)}); only ${countNoun(effective.length, EFFECTIVE_PROGRAMME_LINK, lang)}${names ? ` (${names})` : ''}.`;
      }),
      nodes: uniq([programmeNode(id), ...shownLinks.map((l) => l.target).filter((t): t is string => !!t)]),
      edges: shownLinks.map((l) => l.edge).filter((e): e is string => e !== undefined),
      evidence,
      sources: uniq(versions.flatMap((v) => sourceList(v.coordination.expectedLinks?.source))),
    });
  }
  return out;
}

/** A declared link that never became effective (links already explained by another flag are left to it). */
function ineffectiveLinks(model: GraphModel, covered: Set<string>): Flag[] {
  const out: Flag[] = [];
  for (const l of model.links) {
    if (l.link.effective || !l.edge || covered.has(l.edge)) continue;
    const id = `ineffective-link:${l.programme.id}->${l.link.with}`;
    if (out.some((f) => f.id === id)) continue;
    const target = l.target as string;
    out.push({
      id,
      type: 'ineffective-link',
      severity: l.link.kind === 'formal' ? 'medium' : 'low',
      title: both((lang) =>
        lang === 'es'
          ? `Vínculo declarado que no se hizo efectivo: ${programmeName(model, l.programme.id, lang)} – ${nameOf(model, target, lang)}`
          : `Declared link that never became effective: ${programmeName(model, l.programme.id, lang)} – ${nameOf(model, target, lang)}`,
      ),
      detail: both((lang) => {
        const name = programmeName(model, l.programme.id, lang);
        const who = name.includes(String(l.programme.fiscalYear))
          ? name
          : `${name} (${l.programme.fiscalYear})`;
        const label = l.link.label ? (lang === 'es' ? ` «${l.link.label.es}»` : ` "${l.link.label.en}"`) : '';
        return lang === 'es'
          ? `${who} declara un vínculo ${l.link.kind === 'formal' ? 'formal' : 'informal'}${label} con ${nameOf(model, target, lang)}, ${l.link.budgetBacked ? 'con' : 'sin'} presupuesto, que según las fuentes no resultó efectivo.`
          : `${who} declares ${l.link.kind === 'formal' ? 'a formal' : 'an informal'} link${label} with ${nameOf(model, target, lang)}, ${l.link.budgetBacked ? 'with' : 'without'} a budget, which the sources show did not become effective.`;
      }),
      nodes: [programmeNode(l.programme.id), target],
      edges: [l.edge, l.viaEdge].filter((e): e is string => e !== undefined),
      evidence: { formal: l.link.kind === 'formal' ? 1 : 0, budgetBacked: l.link.budgetBacked ? 1 : 0 },
      sources: sourceList(l.link.source),
    });
  }
  return out;
}

/**
 * A regional bloc's coordination body that none of the bloc's schemes works with (MERCOSUR's GIP,
 * UNASUR's COSIPLAN): bodies that administer a scheme are not counted.
 */
function missingLinks(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  const agencies = new Set([...model.programmes.values()].map((p) => p.version.agency));
  for (const body of model.catalogue.bodies.values()) {
    if (body.kind !== 'coordination_body' || body.level !== 'regional' || agencies.has(body.id)) continue;
    const node = bodyNode(body);
    if (!model.graph.hasNode(node)) continue;
    const bloc = [...model.programmes.entries()].filter(([, p]) =>
      blocsOf(model.catalogue, p.version).has(body.country),
    );
    if (!bloc.length) continue;
    const declared = model.links.filter((l) => l.link.with === body.id || l.link.via === body.id);
    if (declared.some((l) => l.link.effective)) continue;
    const name = body.shortName ?? body.name.en;
    out.push({
      id: `missing-link:${body.id}`,
      type: 'missing-link',
      severity: declared.length ? 'medium' : 'high',
      title: both((lang) =>
        lang === 'es'
          ? `Esquemas de ESS de ${body.country} sin vínculo efectivo con ${name}`
          : `${body.country} SSE schemes with no effective link to ${name}`,
      ),
      detail: both((lang) => {
        const names = list(
          bloc.map(([id]) => programmeName(model, id, lang)),
          lang,
        );
        const full = body.shortName ? `${body.shortName} (${body.name[lang]})` : body.name[lang];
        const links = declared.length
          ? countNoun(declared.length, INEFFECTIVE_DECLARED_LINK, lang)
          : lang === 'es'
            ? 'no se declara ningún vínculo'
            : 'no link is declared';
        if (bloc.length === 1)
          return lang === 'es'
            ? `El único esquema de ${body.country} en el grafo (${names}) no trabaja efectivamente con ${full}; ${links}.`
            : `The only ${body.country} scheme in the graph (${names}) does not work effectively with ${full}; ${links}.`;
        return lang === 'es'
          ? `Ninguno de los ${num(bloc.length, lang)} esquemas de ${body.country} en el grafo (${names}) trabaja efectivamente con ${full}; ${links}.`
          : `None of the ${num(bloc.length, lang)} ${body.country} schemes in the graph (${names}) works effectively with ${full}; ${links}.`;
      }),
      nodes: [node, ...bloc.map(([id]) => programmeNode(id))],
      edges: declared.flatMap((l) => [l.edge, l.viaEdge].filter((e): e is string => e !== undefined)),
      evidence: { programmes: bloc.length, declaredLinks: declared.length, effectiveLinks: 0 },
      sources: uniq([...sourceList(body.source), ...declared.flatMap((l) => sourceList(l.link.source))]),
    });
  }
  return out;
}

/** A criterion that needs a body (an advisory council that meets) in territories where it does not work. */
function inactiveBodyDependencies(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  const analysis = model.analysis;
  for (const d of model.dependencies) {
    if (!d.inactiveTerritories.length) continue;
    const evaluated = analysis?.programmes.some((p) => p.key === d.programme.key);
    const places = analysis?.tracked.get(trackedKey(d.programme, d.criterion));
    let groups = 0;
    let failing = 0;
    let eligible = 0;
    for (const code of d.inactiveTerritories) {
      const t = places?.get(code);
      if (!t) continue;
      groups += t.groups;
      failing += t.failing;
      eligible += t.eligible;
    }
    const territoryNames = (lang: 'es' | 'en') =>
      list(
        d.inactiveTerritories.map((c) => model.catalogue.territories.name(c)),
        lang,
      );
    const bodies = d.bodies.map((b: Body) => b.shortName ?? b.name.en).join(', ');
    const criterion = d.programme.criteria.find((c) => c.id === d.criterion);
    out.push({
      id: `inactive-body-dependency:${d.programme.id}/${d.criterion}`,
      type: 'inactive-body-dependency',
      severity: 'high',
      title: both((lang) =>
        lang === 'es'
          ? `Criterio que depende de un órgano inactivo: ${programmeName(model, d.programme.id, lang)}, «${criterion?.label.es ?? d.criterion}»`
          : `Criterion depending on an inactive body: ${programmeName(model, d.programme.id, lang)}, "${criterion?.label.en ?? d.criterion}"`,
      ),
      detail: both((lang) => {
        const population =
          evaluated && analysis
            ? lang === 'es'
              ? ` En la población analizada (${num(analysis.population.size, lang)} grupos), ${num(groups, lang)} grupos operan ahí: no elegibles por este criterio, ${num(failing, lang)}; elegibles, ${num(eligible, lang)}.`
              : ` In the population analysed (${num(analysis.population.size, lang)} groups), ${num(groups, lang)} groups operate there: ineligible on this criterion, ${num(failing, lang)}; eligible, ${num(eligible, lang)}.`
            : '';
        return lang === 'es'
          ? `El criterio ${d.criterion} depende de un órgano (${d.dependency.label.es.charAt(0).toLowerCase()}${d.dependency.label.es.slice(1)}); ${bodies} tuvo poca o ninguna actividad en ${countNoun(d.inactiveTerritories.length, NOUNS.territory, lang)} (${territoryNames(lang)}), donde los grupos no pueden cumplirlo.${population}`
          : `Criterion ${d.criterion} reads a fact that depends on a body (${d.dependency.label.en.charAt(0).toLowerCase()}${d.dependency.label.en.slice(1)}); ${bodies} had little or no activity in ${countNoun(d.inactiveTerritories.length, NOUNS.territory, lang)} (${territoryNames(lang)}), where groups cannot meet it.${population}`;
      }),
      nodes: uniq([
        programmeNode(d.programme.id),
        ...d.bodies.map(bodyNode),
        ...d.inactiveTerritories.map(territoryNode),
      ]),
      edges: d.edges,
      evidence: {
        inactiveTerritories: d.inactiveTerritories.length,
        ...(evaluated ? { groupsInInactiveTerritories: groups, failing, eligible } : {}),
      },
      sources: uniq([...sourceList(criterion?.source), ...d.dependency.source]),
    });
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Population

function exclusionEdgesBetween(model: GraphModel, a: string, b: string): string[] {
  const { graph } = model;
  const na = programmeNode(a);
  const nb = programmeNode(b);
  if (!graph.hasNode(na) || !graph.hasNode(nb)) return [];
  return [...graph.edges(na, nb), ...graph.edges(nb, na)].filter(
    (e) => graph.getEdgeAttribute(e, 'kind') === 'exclusion',
  );
}

function overlapEdge(model: GraphModel, a: string, b: string): string[] {
  const { graph } = model;
  const na = programmeNode(a);
  const nb = programmeNode(b);
  if (!graph.hasNode(na) || !graph.hasNode(nb)) return [];
  return [...graph.edges(na, nb), ...graph.edges(nb, na)].filter(
    (e) => graph.getEdgeAttribute(e, 'kind') === 'overlap',
  );
}

/** Exclusion conflicts, duplication risks and declared links over populations that barely meet. */
function pairFlags(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis) return [];
  const out: Flag[] = [];
  const P = analysis.programmes.length;
  const population = analysis.population.size;
  for (let i = 0; i < P; i++) {
    for (let j = i + 1; j < P; j++) {
      const a = analysis.programmes[i] as ProgrammeVersion;
      const b = analysis.programmes[j] as ProgrammeVersion;
      const ea = analysis.eligible[i] as number;
      const eb = analysis.eligible[j] as number;
      const n = analysis.both[i * P + j] as number;
      const jac = ea + eb - n ? n / (ea + eb - n) : 0;
      const smaller = Math.min(ea, eb);
      const shareOfSmaller = smaller ? n / smaller : 0;
      const [x, y] = [a.id, b.id].sort() as [string, string];
      const exclusions = exclusionEdgesBetween(model, a.id, b.id);
      const overlap = overlapEdge(model, a.id, b.id);
      const evidence = {
        both: n,
        eligibleA: ea,
        eligibleB: eb,
        jaccard: round(jac),
        shareOfSmaller: round(shareOfSmaller),
        population,
      };
      const names = (lang: 'es' | 'en') =>
        `${programmeName(model, a.id, lang)} – ${programmeName(model, b.id, lang)}`;
      const nodes = [programmeNode(a.id), programmeNode(b.id)];

      if (exclusions.length && n > 0) {
        const declared = [...a.exclusions, ...b.exclusions].filter((e) =>
          exclusions.some((k) => model.graph.getEdgeAttribute(k, 'exclusion') === e.id),
        );
        out.push({
          id: `exclusion-conflict:${x}+${y}`,
          type: 'exclusion-conflict',
          severity: shareOfSmaller >= 0.1 ? 'high' : 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Conflicto de exclusión: elegibles para ambos, pero solo pueden tomar uno (${names(lang)})`
              : `Exclusion conflict: eligible for both but may take only one (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `${num(n, lang)} de ${num(population, lang)} grupos (${pct(shareOfSmaller, lang)} de los elegibles del menor) cumplen los criterios de ambos programas, que las reglas de operación declaran excluyentes en el mismo ejercicio (${uniq(declared.map((e) => e.id)).join(', ')}).`
              : `${num(n, lang)} of ${num(population, lang)} groups (${pct(shareOfSmaller, lang)} of the smaller programme's eligible groups) meet the criteria of both programmes, which the operating rules declare mutually exclusive in the same fiscal year (${uniq(declared.map((e) => e.id)).join(', ')}).`,
          ),
          nodes,
          edges: [...exclusions, ...overlap],
          evidence,
          sources: uniq(declared.flatMap((e) => sourceList(e.source))),
        });
        continue;
      }

      const related = a.parent === b.id || b.parent === a.id;
      const shared = uniq(a.support.map((s) => s.type)).filter((t) => b.support.some((s) => s.type === t));
      if (
        !exclusions.length &&
        !related &&
        shared.length &&
        n > 0 &&
        shareOfSmaller >= THRESHOLDS.duplicationShare
      ) {
        out.push({
          id: `duplication-risk:${x}+${y}`,
          type: 'duplication-risk',
          severity: shareOfSmaller >= 0.25 ? 'high' : 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Riesgo de duplicidad: mismo tipo de apoyo sin regla de exclusión (${names(lang)})`
              : `Duplication risk: the same kind of support and no exclusion rule (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `${num(n, lang)} de ${num(population, lang)} grupos son elegibles para ambos programas (índice de Jaccard ${num(jac, lang, 3)}), que otorgan el mismo tipo de apoyo (${shared.join(', ')}) y ninguno excluye al otro.`
              : `${num(n, lang)} of ${num(population, lang)} groups are eligible for both programmes (Jaccard index ${num(jac, lang, 3)}), which give the same kind of support (${shared.join(', ')}) and neither excludes the other.`,
          ),
          nodes,
          edges: overlap,
          evidence: { ...evidence, sharedSupportTypes: shared.length },
          sources: uniq(
            [...a.support, ...b.support]
              .filter((s) => shared.includes(s.type))
              .flatMap((s) => sourceList(s.source)),
          ),
        });
      }

      const declared = model.links.filter(
        (l) =>
          (l.programme.key === a.key && l.link.with === b.id) ||
          (l.programme.key === b.key && l.link.with === a.id),
      );
      if (declared.length && jac < THRESHOLDS.lowOverlapJaccard) {
        out.push({
          id: `low-overlap-link:${x}+${y}`,
          type: 'low-overlap-link',
          severity: 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Vínculo declarado entre poblaciones que apenas se cruzan (${names(lang)})`
              : `Declared link between populations that barely intersect (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `Los programas declaran un vínculo, pero de ${num(population, lang)} grupos solo ${num(n, lang)} son elegibles para ambos (${num(ea, lang)} y ${num(eb, lang)} elegibles; Jaccard ${num(jac, lang, 3)}): sus criterios separan a las poblaciones que el vínculo debía unir.`
              : `The programmes declare a link, but of ${num(population, lang)} groups only ${num(n, lang)} are eligible for both (${num(ea, lang)} and ${num(eb, lang)} eligible; Jaccard ${num(jac, lang, 3)}): their criteria keep apart the populations the link was meant to join.`,
          ),
          nodes,
          edges: [...declared.map((l) => l.edge).filter((e): e is string => e !== undefined), ...overlap],
          evidence,
          sources: uniq(declared.flatMap((l) => sourceList(l.link.source))),
        });
      }
    }
  }
  return out;
}

function segmentValueName(model: GraphModel, dimension: string, value: string) {
  if (dimension === 'state' || dimension === 'municipality') return model.catalogue.territories.name(value);
  return value;
}

/** Segments of the population eligible for nothing. */
function coverageGaps(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis?.programmes.length) return [];
  const out: Flag[] = [];
  const population = analysis.population.size;
  const min = Math.max(THRESHOLDS.gapMinGroups, Math.ceil(population * THRESHOLDS.gapMinPopulationShare));
  let covered = 0;
  for (const t of analysis.segments.get('size')?.values() ?? []) covered += t.groups - t.eligibleForNothing;
  const populationCoverage = population ? covered / population : 0;
  for (const [dimension, values] of analysis.segments) {
    for (const [value, t] of values) {
      if (value === UNKNOWN || t.groups < min) continue;
      const share = t.eligibleForNothing / t.groups;
      if (share < THRESHOLDS.gapShare || 1 - share > populationCoverage / 2) continue;
      const nodes: string[] = [];
      if ((dimension === 'state' || dimension === 'municipality') && model.catalogue.territories.has(value)) {
        const key = territoryNode(value);
        if (!model.graph.hasNode(key)) {
          const territory = model.catalogue.territories.get(value);
          model.graph.addNode(key, {
            kind: 'territory',
            label: { es: territory?.name ?? value, en: territory?.name ?? value },
            code: value,
            territoryLevel: territory?.level ?? 'state',
            country: value.includes('-') ? value.slice(0, 2) : 'MX',
            flags: [],
            sources: sourceList(territory?.source),
          });
        }
        nodes.push(key);
      }
      const segment = (lang: 'es' | 'en') =>
        `${DIMENSION_LABELS[dimension][lang]} = ${segmentValueName(model, dimension, value)}`;
      out.push({
        id: `coverage-gap:${dimension}=${value}`,
        type: 'coverage-gap',
        severity: share >= 0.99 && t.groups >= population * 0.05 ? 'high' : share >= 0.95 ? 'medium' : 'low',
        title: both((lang) =>
          lang === 'es'
            ? `Segmento sin cobertura: ${segment(lang)}`
            : `Segment eligible for nothing: ${segment(lang)}`,
        ),
        detail: both((lang) =>
          lang === 'es'
            ? `${num(t.eligibleForNothing, lang)} de ${num(t.groups, lang)} grupos (${pct(share, lang)}) de este segmento no son elegibles para ninguno de los ${num(analysis.programmes.length, lang)} programas vigentes el ${analysis.asOf}; para ${num(t.undeterminedOnly, lang)} de ellos faltan datos que podrían cambiarlo.`
            : `${num(t.eligibleForNothing, lang)} of ${num(t.groups, lang)} groups (${pct(share, lang)}) in this segment are eligible for none of the ${num(analysis.programmes.length, lang)} programmes in force on ${analysis.asOf}; for ${num(t.undeterminedOnly, lang)} of them missing data could change that.`,
        ),
        nodes,
        edges: [],
        evidence: {
          groups: t.groups,
          eligibleForNothing: t.eligibleForNothing,
          undeterminedOnly: t.undeterminedOnly,
          share: round(share),
          programmesInForce: analysis.programmes.length,
          population,
          populationCoverage: round(populationCoverage),
        },
        sources: [],
      });
    }
  }
  return out;
}

/** Eligible groups × the maximum per group (or per member), per budget line, against the line. */
function demandAboveBudget(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis) return [];
  const out: Flag[] = [];
  analysis.programmes.forEach((version, i) => {
    const byStage = analysis.eligibleByStage[i] as Map<string, number>;
    const stagesKnown = !(byStage.size === 1 && byStage.has('')) && byStage.size > 0;
    const lines = new Map<
      string,
      { line: BudgetLine; demand: number; groups: number; supports: typeof version.support }
    >();
    for (const support of version.support) {
      if (!support.budgetLine || (!support.maxPerGroup && !support.maxPerPerson)) continue;
      const line = budgetLineOf(model.catalogue, version, support.budgetLine);
      if (!line) continue;
      const stage = version.stages.find((s) => s.support.includes(support.id))?.id;
      const groups = stage && stagesKnown ? (byStage.get(stage) ?? 0) : (analysis.eligible[i] as number);
      const share = groups / Math.max(1, analysis.eligible[i] as number);
      let demand = 0;
      if (support.maxPerGroup && support.maxPerGroup.currency === line.amount.currency)
        demand += groups * support.maxPerGroup.minor;
      if (support.maxPerPerson && support.maxPerPerson.currency === line.amount.currency)
        demand += share * (analysis.eligibleMembers[i] as number) * support.maxPerPerson.minor;
      const entry = lines.get(line.id) ?? { line, demand: 0, groups: 0, supports: [] };
      entry.demand += demand;
      entry.groups = Math.max(entry.groups, groups);
      entry.supports.push(support);
      lines.set(line.id, entry);
    }
    for (const { line, demand, groups, supports } of lines.values()) {
      if (demand <= line.amount.minor) continue;
      const ratio = demand / Math.max(1, line.amount.minor);
      const demandMoney: Money = { minor: Math.round(demand), currency: line.amount.currency };
      const max = supports[0]?.maxPerGroup;
      out.push({
        id: `demand-above-budget:${version.key}/${line.id}`,
        type: 'demand-above-budget',
        severity: ratio >= 2 ? 'high' : 'medium',
        title: both((lang) =>
          lang === 'es'
            ? `Demanda elegible mayor que la partida: ${programmeName(model, version.id, lang)}, ${line.label.es}`
            : `Eligible demand above the budget line: ${programmeName(model, version.id, lang)}, ${line.label.en}`,
        ),
        detail: both((lang) =>
          lang === 'es'
            ? `${num(groups, lang)} grupos elegibles de ${num(analysis.population.size, lang)}${max ? ` × ${formatMoney(max, 'es')} máximo por grupo` : ''} = ${formatMoney(demandMoney, 'es')}, ${num(ratio, lang, 2)} veces la partida de ${formatMoney(line.amount, 'es')}.`
            : `${num(groups, lang)} eligible groups of ${num(analysis.population.size, lang)}${max ? ` × ${formatMoney(max, 'en')} maximum per group` : ''} = ${formatMoney(demandMoney, 'en')}, ${num(ratio, lang, 2)} times the budget line of ${formatMoney(line.amount, 'en')}.`,
        ),
        nodes: [programmeNode(version.id)],
        edges: [],
        evidence: {
          eligibleGroups: groups,
          ...(max ? { maxPerGroup: major(max) } : {}),
          demand: major(demandMoney),
          budget: major(line.amount),
          ratio: round(ratio, 3),
          population: analysis.population.size,
        },
        sources: uniq([...sourceList(line.source), ...supports.flatMap((s) => sourceList(s.source))]),
      });
    }
  });
  return out;
}

// -------------------------------------------------------------------------------------------------
// Stored data

function duplicateEnrolments(model: GraphModel, findings: DuplicateFinding[]): Flag[] {
  return findings.map((f) => {
    const id =
      f.kind === 'same_programme'
        ? `duplicate-enrolment:${f.programmes[0]}@${f.fiscalYear}`
        : `duplicate-enrolment:${f.programmes.join('+')}@${f.fiscalYear}`;
    const names = (lang: 'es' | 'en') =>
      list(
        f.programmes.map((p) => programmeName(model, p, lang)),
        lang,
      );
    const nodes = f.programmes.map(programmeNode);
    const exclusionEdges =
      f.programmes.length === 2
        ? exclusionEdgesBetween(model, f.programmes[0] as string, f.programmes[1] as string)
        : [];
    return {
      id,
      type: 'duplicate-enrolment' as const,
      severity: 'high' as const,
      title: both((lang) =>
        f.kind === 'same_programme'
          ? lang === 'es'
            ? `Inscripción duplicada: las mismas personas en ${names(lang)} con más de un grupo (${f.fiscalYear})`
            : `Duplicate enrolment: the same people in ${names(lang)} through more than one group (${f.fiscalYear})`
          : lang === 'es'
            ? `Inscripción en programas excluyentes: ${names(lang)} (${f.fiscalYear})`
            : `Enrolment in mutually exclusive programmes: ${names(lang)} (${f.fiscalYear})`,
      ),
      detail: both((lang) =>
        f.kind === 'same_programme'
          ? lang === 'es'
            ? `En los datos guardados, ${countNoun(f.persons, NOUNS.person, lang)} (${f.persons === 1 ? 'identificada' : 'identificadas'} por el hash con clave de su identificador, nunca el identificador) ${f.persons === 1 ? 'está inscrita' : 'están inscritas'} en ${names(lang)} en ${f.fiscalYear} a través de ${num(f.groups.length, lang)} grupos distintos.`
            : `In the stored data, ${countNoun(f.persons, NOUNS.person, lang)} (matched by the keyed hash of their identifier, never the identifier) ${f.persons === 1 ? 'is' : 'are'} enrolled in ${names(lang)} in ${f.fiscalYear} through ${num(f.groups.length, lang)} different groups.`
          : lang === 'es'
            ? `En los datos guardados, ${countNoun(f.persons, NOUNS.person, lang)} (por el hash con clave de su identificador) y ${countNoun(f.groups.length, NOUNS.group, lang)} tienen inscripciones vigentes o concluidas en ${names(lang)} en ${f.fiscalYear}, que se excluyen (${f.exclusions.join(', ')}).`
            : `In the stored data, ${countNoun(f.persons, NOUNS.person, lang)} (by the keyed hash of their identifier) and ${countNoun(f.groups.length, NOUNS.group, lang)} hold current or completed enrolments in ${names(lang)} in ${f.fiscalYear}, which exclude each other (${f.exclusions.join(', ')}).`,
      ),
      nodes,
      edges: exclusionEdges,
      evidence: { persons: f.persons, groups: f.groups.length, fiscalYear: f.fiscalYear },
      sources: f.sources,
      groups: f.groups,
    };
  });
}
