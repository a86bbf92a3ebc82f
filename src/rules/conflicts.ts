import type { Catalogue } from './catalogue';
import { exclusionsBetween } from './exclusions';
import type { GroupContext } from './facts';
import { type Lang, pick } from './i18n';
import { messages } from './messages';
import type { Conflict, ProgrammeResult } from './results';

/**
 * Exclusions (no concurrent programmes) between programmes the group qualifies for: it may take only
 * one of them. A programme the group already holds is not a conflict but a criterion that fails
 * (`exclusionChecks`). The scope is src/rules/exclusions.ts, the same that approval and the graph read.
 */
export function addConflicts(
  results: ProgrammeResult[],
  catalogue: Catalogue,
  context: GroupContext,
  lang: Lang,
) {
  const active = results.filter((r) => r.status !== 'not_active' && r.status !== 'no_rules');
  const versionOf = (r: ProgrammeResult) => catalogue.versionAt(r.programme.id, context.asOf)?.version;
  for (const result of active) {
    const version = versionOf(result);
    if (!version) continue;
    if (result.status !== 'eligible') continue;
    for (const other of active) {
      if (other === result || other.status !== 'eligible') continue;
      const otherVersion = versionOf(other);
      if (!otherVersion) continue;
      for (const hit of exclusionsBetween(version, otherVersion)) {
        const label = pick(hit.exclusion.label, lang);
        // Each side is told of the other programme.
        const bothWays = (self: ProgrammeResult, peer: ProgrammeResult) =>
          addConflict(self, {
            kind: 'eligible_for_both',
            programme: peer.programme.id,
            exclusion: hit.exclusion.id,
            declaredBy: hit.declaredBy,
            message: messages(lang).conflict.eligibleForBoth(peer.programme.name, label),
          });
        bothWays(result, other);
        bothWays(other, result);
      }
    }
  }
}

/**
 * A conflict once: two programmes that exclude each other with the same words are one conflict, not
 * two; exclusions worded differently (another reason) are each kept.
 */
function addConflict(result: ProgrammeResult, conflict: Conflict) {
  if (
    !result.conflicts.some(
      (c) => c.kind === conflict.kind && c.programme === conflict.programme && c.message === conflict.message,
    )
  )
    result.conflicts.push(conflict);
}
