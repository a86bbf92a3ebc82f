import { MultiDirectedGraph } from 'graphology';
import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { forEachLeaf } from '../rules/condition';
import type { IsoDate } from '../rules/dates';
import { exclusionCovers } from '../rules/exclusions';
import type { Localized } from '../rules/i18n';
import { bodyParentAt } from '../rules/programme';
import { sourceList } from '../rules/source';
import { activityByTerritory, criterionDependencies } from './dependencies';
import {
  bodyNode,
  type CoordinationGraph,
  type DeclaredLink,
  type EdgeAttributes,
  type EdgeKind,
  type GraphModel,
  type NodeAttributes,
  type NodeKind,
  programmeNode,
  territoryNode,
} from './model-shape';
import { blocsOf, budgetOf, constitutionTest, programmesAsOf, territoriesNamed } from './model-versions';
import { jaccard, type OverlapAnalysis } from './overlaps';

export {
  bodyNode,
  type CoordinationGraph,
  type DeclaredLink,
  type EdgeAttributes,
  type EdgeKind,
  type GraphModel,
  type NodeAttributes,
  type NodeKind,
  programmeNode,
  territoryNode,
} from './model-shape';
export { blocsOf, programmesAsOf } from './model-versions';

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
    const inForce = bodyParentAt(body, asOf);
    if (inForce) {
      const parent = addBody(inForce.id);
      if (parent) addEdge('member_of', key, parent, { sources: sourceList(inForce.source) });
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
  for (const [id, { version, active, state }] of programmes) {
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
      state,
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
      const criterion = version.criteria.find((c) => c.id === dependency.criterion);
      const { inactive, active: working } = activityByTerritory(
        catalogue,
        dependency.dependency,
        criterion?.waivedIn,
      );
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
