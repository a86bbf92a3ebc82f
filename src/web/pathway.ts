import { buildGraph } from '../graph/model';
import type { Catalogue } from '../rules/catalogue';
import type { MatchReport, ProgrammeResult } from '../rules/match';

/**
 * The suggested order of applications for one group, from its match report: the programmes it can
 * apply to, the ones it can reach by collecting facts, and the ones that follow them in a stage
 * sequence (SPI before SPF). The sequences are the coordination graph's `stage_sequence` edges, so
 * the page and the committee's graph agree on what comes first.
 */

export type StepWhen = 'now' | 'upcoming' | 'no_call' | 'collect' | 'after';

export interface Step {
  result: ProgrammeResult;
  when: StepWhen;
  /** Programmes (ids) of this list that come first. */
  after: string[];
  /** Eligible programmes that exclude this one: the group may take only one of them. */
  alternatives: string[];
}

const RANK: Record<ProgrammeResult['status'], number> = {
  eligible: 0,
  undetermined: 1,
  ineligible: 2,
  no_rules: 3,
  not_active: 4,
};

const closing = (r: ProgrammeResult) => r.openCalls[0]?.closes ?? r.upcomingCalls[0]?.opens ?? '9999';

export function suggestedOrder(report: MatchReport, catalogue: Catalogue): Step[] {
  const { graph } = buildGraph(catalogue, report.asOf);
  const byId = new Map(report.results.map((r) => [r.programme.id, r]));
  const before = new Map<string, Set<string>>();
  graph.forEachEdge((_edge, attributes, source, target) => {
    if (attributes.kind !== 'stage_sequence') return;
    const from = graph.getNodeAttribute(source, 'programme');
    const to = graph.getNodeAttribute(target, 'programme');
    if (!from || !to || !byId.has(from) || !byId.has(to)) return;
    if (!before.has(to)) before.set(to, new Set());
    before.get(to)?.add(from);
  });

  const reachable = (r: ProgrammeResult) => r.status === 'eligible' || r.status === 'undetermined';
  const chosen = report.results.filter(
    (r) =>
      reachable(r) ||
      (r.status === 'ineligible' &&
        [...(before.get(r.programme.id) ?? [])].some((p) => {
          const previous = byId.get(p);
          return previous !== undefined && reachable(previous);
        })),
  );
  const ids = new Set(chosen.map((r) => r.programme.id));

  // Kahn's algorithm over the chosen programmes; ties: status, fewest facts to collect, the call closing first.
  const pending = new Map(
    chosen.map((r) => [r.programme.id, [...(before.get(r.programme.id) ?? [])].filter((p) => ids.has(p))]),
  );
  const order: ProgrammeResult[] = [];
  while (pending.size) {
    const ready = chosen
      .filter((r) => pending.get(r.programme.id)?.every((p) => !pending.has(p)))
      .sort(
        (a, b) =>
          RANK[a.status] - RANK[b.status] ||
          a.missingFacts.length - b.missingFacts.length ||
          closing(a).localeCompare(closing(b)) ||
          a.programme.name.localeCompare(b.programme.name),
      );
    // A cycle in the declared sequences would stall the sort: take the rest as they come.
    const next = ready[0] ?? chosen.find((r) => pending.has(r.programme.id));
    if (!next) break;
    pending.delete(next.programme.id);
    order.push(next);
  }

  return order.map((result) => ({
    result,
    when:
      result.status === 'undetermined'
        ? 'collect'
        : result.status === 'ineligible'
          ? 'after'
          : result.openCalls.length
            ? 'now'
            : result.upcomingCalls.length
              ? 'upcoming'
              : 'no_call',
    after: [...(before.get(result.programme.id) ?? [])].filter((p) => ids.has(p)),
    // Exclusions worded differently each name the pair: list each programme once.
    alternatives: [
      ...new Set(
        result.conflicts
          .filter((c) => c.kind === 'eligible_for_both' && ids.has(c.programme))
          .map((c) => c.programme),
      ),
    ],
  }));
}
