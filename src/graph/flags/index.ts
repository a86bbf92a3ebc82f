import type { DuplicateFinding } from '../duplicates';
import type { GraphModel } from '../model';
import {
  coordinationWithoutBudget,
  expectedLinksUnmet,
  inactiveBodyDependencies,
  ineffectiveLinks,
  missingLinks,
} from './declarations';
import { coverageGaps, demandAboveBudget, pairFlags } from './population';
import { FLAG_TYPES, type Flag, SEVERITY_ORDER, uniq } from './shared';
import { duplicateEnrolments } from './stored-data';

export { FLAG_TYPES, type Flag, type FlagType, type Severity, THRESHOLDS } from './shared';

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
