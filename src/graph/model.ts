import { MultiDirectedGraph } from 'graphology';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { type Condition, forEachLeaf } from '../rules/condition';
import type { IsoDate } from '../rules/dates';
import { exclusionCovers } from '../rules/exclusions';
import type { Localized } from '../rules/i18n';
import { moneyJson, sumMoney } from '../rules/money';
import type { Body } from '../rules/programme';
import { sourceList } from '../rules/source';
import { activityByTerritory, type CriterionDependency, criterionDependencies } from './dependencies';
import { jaccard, type OverlapAnalysis } from './overlaps';

/**
 * The coordination graph as of a date: every programme with a version started by then (the version
 * in force, or the latest that ended), the agencies, coordination bodies and funds they name, the
 * territories where a criterion or a body's activity matters, and the edges between them.
 */

export type NodeKind = 'programme' | 'agency' | 'body' | 'fund' | 'territory';
export type EdgeKind =
  | 'administers'
  | 'part_of'
  | 'member_of'
  | 'funds'
  | 'coordination'
  | 'coordination_via'
  | 'stage_sequence'
  | 'exclusion'
  | 'overlap'
  | 'depends_on'
  | 'body_activity'
  | 'targets';

export interface NodeAttributes {
  kind: NodeKind;
  label: Localized;
  shortName?: string;
  level?: string;
  country?: string;
  agency?: string;
  flagged?: boolean;
  flags: string[];
  sources: string[];
  note?: string;
  // programmes
  programme?: string;
  key?: string;
  fiscalYear?: number;
  validFrom?: string;
  validTo?: string;
  active?: boolean;
  matchable?: boolean;
  parent?: string;
  targetUnit?: string;
  budgetCurrency?: string;
  budgetTotal?: string;
  budgetLines?: number;
  eligible?: number;
  undetermined?: number;
  coverage?: number;
  // bodies
  bodyKind?: string;
  hasBudget?: boolean;
  hasOperatingRules?: boolean;
  // territories
  code?: string;
  territoryLevel?: string;
}

export interface EdgeAttributes {
  kind: EdgeKind;
  label?: Localized;
  flags: string[];
  sources: string[];
  note?: string;
  /** The programme version that declares the edge. */
  declaredBy?: string;
  active?: boolean;
  // coordination and funds
  linkKind?: 'formal' | 'informal';
  budgetBacked?: boolean;
  effective?: boolean;
  via?: string;
  // exclusion
  exclusion?: string;
  period?: string;
  // overlap
  both?: number;
  jaccard?: number;
  population?: number;
  // depends_on, targets, stage_sequence
  criterion?: string;
  fact?: string;
  basis?: string;
  // body_activity
  activity?: string;
  inactive?: boolean;
}

export type CoordinationGraph = MultiDirectedGraph<NodeAttributes, EdgeAttributes>;

export interface DeclaredLink {
  programme: ProgrammeVersion;
  link: ProgrammeVersion['coordination']['links'][number];
  /** The edge for the link (coordination or funds), absent when its target is not in the graph. */
  edge?: string;
  viaEdge?: string;
  target?: string;
}

export interface GraphModel {
  graph: CoordinationGraph;
  catalogue: Catalogue;
  asOf: IsoDate;
  /** Programme id → the version shown. */
  programmes: Map<string, { version: ProgrammeVersion; active: boolean }>;
  links: DeclaredLink[];
  dependencies: (CriterionDependency & { edges: string[]; inactiveTerritories: string[] })[];
  analysis?: OverlapAnalysis;
}

export const programmeNode = (id: string) => `programme:${id}`;
export const territoryNode = (code: string) => `territory:${code}`;
export function bodyNode(body: Body): string {
  return `${body.kind === 'agency' ? 'agency' : body.kind === 'fund' ? 'fund' : 'body'}:${body.id}`;
}

const LABELS: Record<EdgeKind, Localized> = {
  administers: { es: 'administra', en: 'administers' },
  part_of: { es: 'subprograma de', en: 'subprogramme of' },
  member_of: { es: 'forma parte de', en: 'member of' },
  funds: { es: 'financia', en: 'funds' },
  coordination: { es: 'coordinación declarada', en: 'declared coordination' },
  coordination_via: { es: 'coordinación a través de', en: 'coordination through' },
  stage_sequence: { es: 'etapa siguiente', en: 'next stage' },
  exclusion: { es: 'excluye', en: 'excludes' },
  overlap: { es: 'población elegible compartida', en: 'shared eligible population' },
  depends_on: { es: 'criterio depende de', en: 'criterion depends on' },
  body_activity: { es: 'actividad en', en: 'activity in' },
  targets: { es: 'criterio territorial', en: 'territorial criterion' },
};

/** Programme versions shown as of a date: the one in force, else the latest ended; none not yet started. */
export function programmesAsOf(catalogue: Catalogue, asOf: IsoDate) {
  const out = new Map<string, { version: ProgrammeVersion; active: boolean }>();
  for (const id of catalogue.programmeIds()) {
    const lookup = catalogue.versionAt(id, asOf);
    if (!lookup || (!lookup.active && lookup.reason === 'not_started')) continue;
    out.set(id, { version: lookup.version, active: lookup.active });
  }
  return out;
}

/** The blocs (MERCOSUR, UNASUR) a programme belongs to: its own, its agency's, its linked bodies'. */
export function blocsOf(catalogue: Catalogue, version: ProgrammeVersion): Set<string> {
  const blocs = new Set<string>();
  const add = (country: string | undefined) => {
    if (country === 'MERCOSUR' || country === 'UNASUR') blocs.add(country);
  };
  add(version.country);
  add(catalogue.bodies.get(version.agency)?.country);
  for (const link of version.coordination.links) {
    add(catalogue.bodies.get(link.with)?.country);
    if (link.via) add(catalogue.bodies.get(link.via)?.country);
  }
  return blocs;
}

function budgetOf(version: ProgrammeVersion) {
  const budget = version.budget;
  if (!budget) return {};
  const total =
    budget.total ??
    (budget.lines.length && budget.lines.every((l) => l.amount.currency === budget.currency)
      ? sumMoney(
          budget.lines.map((l) => l.amount),
          budget.currency,
        )
      : undefined);
  return {
    budgetCurrency: budget.currency,
    ...(total ? { budgetTotal: moneyJson(total).amount } : {}),
    budgetLines: budget.lines.length,
  };
}

/** Territory codes a condition names (states, municipalities, regions), for "targets" edges. */
function territoriesNamed(condition: Condition): { fact: string; codes: string[] }[] {
  const out: { fact: string; codes: string[] }[] = [];
  const asList = (v: unknown) =>
    (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  forEachLeaf(condition, (leaf) => {
    if (
      ['locationState', 'registeredOfficeState', 'locationMunicipality', 'locationRegion'].includes(
        leaf.fact,
      ) &&
      ['equal', 'in'].includes(leaf.operator)
    ) {
      out.push({ fact: leaf.fact, codes: asList(leaf.value) });
    }
    const params = (leaf.params ?? {}) as Record<string, unknown>;
    for (const key of ['residenceState', 'residenceMunicipalities']) {
      if (params[key] !== undefined) out.push({ fact: `${leaf.fact}.${key}`, codes: asList(params[key]) });
    }
  });
  return out;
}

const constitutionTest = (version: ProgrammeVersion, value: boolean, base: boolean) =>
  version.criteria.some((c) => {
    if (base && c.stage) return false;
    let found = false;
    forEachLeaf(c.resolved, (leaf) => {
      if (leaf.fact === 'legallyConstituted' && leaf.operator === 'equal' && leaf.value === value)
        found = true;
    });
    return found;
  });

export function buildGraph(catalogue: Catalogue, asOf: IsoDate, analysis?: OverlapAnalysis): GraphModel {
  const graph: CoordinationGraph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  graph.setAttribute('asOf', asOf);
  if (analysis) {
    graph.setAttribute('population', analysis.population);
    graph.setAttribute('evaluator', analysis.evaluator);
  }
  const programmes = programmesAsOf(catalogue, asOf);
  const model: GraphModel = { graph, catalogue, asOf, programmes, links: [], dependencies: [] };
  if (analysis) model.analysis = analysis;

  const edgeKeys = new Map<string, number>();
  const addEdge = (kind: EdgeKind, source: string, target: string, attributes: Partial<EdgeAttributes>) => {
    const base = `${kind}:${source}->${target}`;
    const n = (edgeKeys.get(base) ?? 0) + 1;
    edgeKeys.set(base, n);
    const key = n === 1 ? base : `${base}#${n}`;
    graph.addDirectedEdgeWithKey(key, source, target, {
      kind,
      label: LABELS[kind],
      flags: [],
      sources: [],
      ...attributes,
    });
    return key;
  };

  const addBody = (id: string): string | undefined => {
    const body = catalogue.bodies.get(id);
    if (!body) return undefined;
    const key = bodyNode(body);
    if (graph.hasNode(key)) return key;
    graph.addNode(key, {
      kind: key.split(':')[0] as NodeKind,
      label: body.name,
      ...(body.shortName ? { shortName: body.shortName } : {}),
      level: body.level,
      country: body.country,
      bodyKind: body.kind,
      ...(body.hasBudget !== undefined ? { hasBudget: body.hasBudget } : {}),
      ...(body.hasOperatingRules !== undefined ? { hasOperatingRules: body.hasOperatingRules } : {}),
      ...(body.note ? { note: body.note } : {}),
      flags: [],
      sources: sourceList(body.source),
    });
    if (body.parent) {
      const parent = addBody(body.parent);
      if (parent) addEdge('member_of', key, parent, { sources: sourceList(body.source) });
    }
    return key;
  };

  const addTerritory = (code: string): string | undefined => {
    const territory = catalogue.territories.get(code);
    if (!territory) return undefined;
    const key = territoryNode(code);
    if (!graph.hasNode(key)) {
      graph.addNode(key, {
        kind: 'territory',
        label: { es: territory.name, en: territory.name },
        code,
        territoryLevel: territory.level,
        ...(code.includes('-') ? { country: code.slice(0, 2) } : { country: 'MX' }),
        flags: [],
        sources: sourceList(territory.source),
      });
    }
    return key;
  };

  // Programmes.
  const eligibleIndex = new Map(analysis?.programmes.map((p, i) => [p.key, i]) ?? []);
  for (const [id, { version, active }] of programmes) {
    const i = eligibleIndex.get(version.key);
    graph.addNode(programmeNode(id), {
      kind: 'programme',
      label: version.name,
      ...(version.shortName ? { shortName: version.shortName } : {}),
      level: version.level,
      country: version.country,
      agency: version.agency,
      programme: id,
      key: version.key,
      fiscalYear: version.fiscalYear,
      validFrom: version.validity.from,
      validTo: version.validity.to,
      active,
      matchable: version.matchable,
      ...(version.parent ? { parent: version.parent } : {}),
      targetUnit: version.targetUnit,
      ...budgetOf(version),
      ...(analysis && i !== undefined
        ? {
            eligible: analysis.eligible[i] as number,
            undetermined: analysis.undetermined[i] as number,
            coverage: analysis.population.size
              ? Math.round(((analysis.eligible[i] as number) / analysis.population.size) * 10000) / 10000
              : 0,
          }
        : {}),
      flags: [],
      sources: [
        ...new Set([...sourceList(version.validity.source), ...sourceList(version.targetPopulation.source)]),
      ],
    });
  }

  for (const [id, { version, active }] of programmes) {
    const node = programmeNode(id);
    const declared = { declaredBy: version.key, active };
    const agency = addBody(version.agency);
    if (agency)
      addEdge('administers', agency, node, { ...declared, sources: sourceList(version.validity.source) });
    if (version.parent && programmes.has(version.parent))
      addEdge('part_of', node, programmeNode(version.parent), declared);

    for (const link of version.coordination.links) {
      const record: DeclaredLink = { programme: version, link };
      const body = catalogue.bodies.get(link.with);
      const target = body
        ? addBody(link.with)
        : programmes.has(link.with)
          ? programmeNode(link.with)
          : undefined;
      const attributes: Partial<EdgeAttributes> = {
        ...declared,
        linkKind: link.kind,
        budgetBacked: link.budgetBacked,
        effective: link.effective,
        ...(link.via ? { via: link.via } : {}),
        ...(link.label ? { label: link.label } : {}),
        ...(link.note ? { note: link.note } : {}),
        sources: sourceList(link.source),
      };
      if (target) {
        record.target = target;
        record.edge =
          body?.kind === 'fund' && link.budgetBacked
            ? addEdge('funds', target, node, attributes)
            : addEdge('coordination', node, target, attributes);
      }
      if (link.via) {
        const via = addBody(link.via);
        if (via)
          record.viaEdge = addEdge('coordination_via', node, via, {
            ...attributes,
            label: LABELS.coordination_via,
          });
      }
      model.links.push(record);
    }

    // Exclusions: the programmes in scope (src/rules/exclusions.ts), and the agencies named.
    for (const exclusion of version.exclusions) {
      const attributes = {
        ...declared,
        exclusion: exclusion.id,
        period: exclusion.period,
        label: exclusion.label,
        sources: sourceList(exclusion.source),
      };
      for (const [otherId, other] of programmes) {
        if (!other.version.matchable) continue;
        if (exclusionCovers(version, exclusion, other.version))
          addEdge('exclusion', node, programmeNode(otherId), attributes);
      }
      for (const agencyId of exclusion.agencies) {
        const target = addBody(agencyId);
        if (target) addEdge('exclusion', node, target, attributes);
      }
    }

    // Criteria that name territories.
    for (const criterion of version.criteria) {
      for (const { fact, codes } of territoriesNamed(criterion.resolved)) {
        for (const code of codes) {
          const t = addTerritory(code);
          if (t)
            addEdge('targets', node, t, {
              ...declared,
              criterion: criterion.id,
              fact,
              label: criterion.label,
              sources: sourceList(criterion.source),
            });
        }
      }
    }

    // Criteria that depend on a body, and where that body is inactive.
    for (const dependency of criterionDependencies(catalogue, version)) {
      const edges: string[] = [];
      const { inactive, active: working } = activityByTerritory(catalogue, dependency.dependency);
      const criterion = version.criteria.find((c) => c.id === dependency.criterion);
      for (const body of dependency.bodies) {
        const target = addBody(body.id);
        if (!target) continue;
        edges.push(
          addEdge('depends_on', node, target, {
            ...declared,
            criterion: dependency.criterion,
            fact: dependency.dependency.fact,
            ...(criterion ? { label: criterion.label } : {}),
            sources: [...sourceList(criterion?.source), ...dependency.dependency.source],
          }),
        );
        for (const code of [...inactive, ...working]) {
          const t = addTerritory(code);
          if (!t) continue;
          const activity = String(
            catalogue.territories.get(code)?.attributes[dependency.dependency.attribute],
          );
          const existing = graph
            .edges(target, t)
            .find((e) => graph.getEdgeAttribute(e, 'kind') === 'body_activity');
          const edge =
            existing ??
            addEdge('body_activity', target, t, {
              activity,
              inactive: inactive.includes(code),
              sources: sourceList(catalogue.territories.get(code)?.source),
            });
          if (inactive.includes(code)) edges.push(edge);
        }
      }
      model.dependencies.push({ ...dependency, edges, inactiveTerritories: inactive });
    }
  }

  // Stage sequences: a criterion requiring another programme's completed stage, or a formation
  // subprogramme (serves groups not yet constituted) followed by a sibling for constituted groups.
  for (const [id, { version }] of programmes) {
    for (const criterion of version.criteria) {
      forEachLeaf(criterion.resolved, (leaf) => {
        if (leaf.fact !== 'completedStages') return;
        const values = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).filter(
          (v): v is string => typeof v === 'string',
        );
        for (const value of values) {
          const from = value.split(':')[0] as string;
          if (from !== id && programmes.has(from))
            addEdge('stage_sequence', programmeNode(from), programmeNode(id), {
              declaredBy: version.key,
              criterion: criterion.id,
              basis: 'completed-stage criterion',
              sources: sourceList(criterion.source),
            });
        }
      });
    }
    if (!version.parent || !constitutionTest(version, false, false)) continue;
    for (const [otherId, other] of programmes) {
      if (otherId === id || other.version.parent !== version.parent) continue;
      if (other.version.fiscalYear !== version.fiscalYear) continue;
      if (constitutionTest(other.version, true, true) && !constitutionTest(other.version, false, false))
        addEdge('stage_sequence', programmeNode(id), programmeNode(otherId), {
          declaredBy: version.key,
          basis: 'constitution: the first serves groups not yet constituted, the second constituted ones',
          sources: [
            ...new Set([
              ...sourceList(version.criteria.find((c) => c.stage)?.source),
              ...sourceList(other.version.criteria[0]?.source),
            ]),
          ],
        });
    }
  }

  // Regional coordination bodies of the blocs present, linked or not (a missing link is a finding).
  const blocs = new Set<string>();
  for (const { version } of programmes.values()) for (const b of blocsOf(catalogue, version)) blocs.add(b);
  for (const body of catalogue.bodies.values()) {
    if (body.kind === 'coordination_body' && body.level === 'regional' && blocs.has(body.country))
      addBody(body.id);
  }

  // Computed overlaps.
  if (analysis) {
    const P = analysis.programmes.length;
    for (let a = 0; a < P; a++) {
      for (let b = a + 1; b < P; b++) {
        const both = analysis.both[a * P + b] as number;
        if (!both) continue;
        const pa = analysis.programmes[a] as ProgrammeVersion;
        const pb = analysis.programmes[b] as ProgrammeVersion;
        if (!graph.hasNode(programmeNode(pa.id)) || !graph.hasNode(programmeNode(pb.id))) continue;
        addEdge('overlap', programmeNode(pa.id), programmeNode(pb.id), {
          both,
          jaccard:
            Math.round(
              jaccard(analysis.eligible[a] as number, analysis.eligible[b] as number, both) * 10000,
            ) / 10000,
          population: analysis.population.size,
          active: true,
        });
      }
    }
  }
  return model;
}
