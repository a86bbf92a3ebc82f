import type { Catalogue } from './catalogue';
import { exclusionsBetween, heldProgramme } from './exclusions';
import type { GroupContext } from './facts';
import { type Lang, type Localized, pick } from './i18n';
import { messages } from './messages';
import type { Conflict, ProgrammeResult } from './results';

/**
 * Exclusions (no concurrent programmes): a programme the group already holds in the programme's fiscal
 * year, or another programme it qualifies for, that the rule files say it may not take at the same
 * time. The scope is src/rules/exclusions.ts, the same that approval and the graph read.
 */
export function addConflicts(
  results: ProgrammeResult[],
  catalogue: Catalogue,
  context: GroupContext,
  lang: Lang,
) {
  const held = (context.group.enrolments ?? []).filter(
    (e) => e.status === 'current' || e.status === 'completed',
  );
  const active = results.filter((r) => r.status !== 'not_active');
  const versionOf = (r: ProgrammeResult) => catalogue.versionAt(r.programme.id, context.asOf)?.version;
  for (const result of active) {
    const version = versionOf(result);
    if (!version) continue;
    for (const e of held) {
      if (e.fiscalYear !== version.fiscalYear) continue;
      const heldVersion = heldProgramme(catalogue, e.programme, e.fiscalYear);
      for (const hit of exclusionsBetween(version, heldVersion)) {
        const label = pick(hit.exclusion.label, lang);
        addConflict(result, {
          kind: 'enrolled',
          programme: e.programme,
          exclusion: hit.exclusion.id,
          declaredBy: hit.declaredBy,
          message: messages(lang).conflict.enrolled(
            programmeName(catalogue, heldVersion, lang),
            e.fiscalYear,
            label,
          ),
        });
      }
    }
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

/** A programme's name for a person: the version held, else its latest version, else (unknown to the catalogue) its id. */
function programmeName(catalogue: Catalogue, held: ReturnType<typeof heldProgramme>, lang: Lang): string {
  const named = 'name' in held ? held : catalogue.versions(held.id).at(-1);
  return named && 'name' in named ? pick(named.name as Localized, lang) : held.id;
}
