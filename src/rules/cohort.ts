import type { ProgrammeVersion } from './catalogue';
import type { Names } from './explain';
import { type MemberContext, memberMatches } from './facts';
import type { Group } from './group';
import { type Lang, pick } from './i18n';
import { formatShare, messages } from './messages';
import type { ProgrammeResult } from './results';
import { sourceList } from './source';
import { TerritoryIndex } from './territory';
import { PASSED, UNKNOWN, type Verdict } from './verdict';

/**
 * Cohort rules are checked over everyone matched together. The tally keeps counts only, so a
 * streamed batch of any size needs constant memory per rule.
 */

export interface CohortResult {
  programme: string;
  key: string;
  rule: string;
  label: string;
  source: string[];
  /** Members of the groups eligible for the programme in this batch (only qualifying members, for person-targeted programmes). */
  participants: number;
  /** Participants known to meet the rule's filter. */
  matching: number;
  /** Participants for whom the filter cannot be decided (missing data). */
  unknown: number;
  maxShare: number;
  verdict: Verdict;
  message: string;
}

interface Tally {
  version: ProgrammeVersion;
  rule: ProgrammeVersion['cohortRules'][number];
  maxShare: number;
  participants: number;
  matching: number;
  unknown: number;
}

export class CohortTally {
  private readonly tallies = new Map<string, Tally>();

  /**
   * @param territories for the member facts the rules' filters read (none reads territories today,
   * so a tally made without the catalogue's index counts the same).
   */
  constructor(private readonly territories: TerritoryIndex = new TerritoryIndex()) {}

  /** Counts one group's members towards the cohort rules of every programme it is eligible for. */
  add(
    group: Group,
    asOf: string,
    results: readonly ProgrammeResult[],
    versionOf: (key: string) => ProgrammeVersion | undefined,
  ) {
    for (const result of results) {
      if (result.status !== 'eligible') continue;
      const version = versionOf(result.programme.key);
      if (!version?.cohortRules.length) continue;
      for (const rule of version.cohortRules) {
        const key = `${version.key}#${rule.id}`;
        let tally = this.tallies.get(key);
        if (!tally) {
          const maxShare =
            typeof rule.maxShare === 'number'
              ? rule.maxShare
              : (version.parameters[rule.maxShare.param]?.value as number);
          tally = { version, rule, maxShare, participants: 0, matching: 0, unknown: 0 };
          this.tallies.set(key, tally);
        }
        const qualifying = result.qualifyingMembers ? new Set(result.qualifyingMembers) : undefined;
        const context: MemberContext = {
          group,
          asOf,
          territories: this.territories,
          member: {},
          index: 0,
        };
        for (const [index, member] of (group.members ?? []).entries()) {
          // In person-targeted programmes only the members who qualify take part.
          if (qualifying && !qualifying.has(index)) continue;
          tally.participants += 1;
          context.member = member;
          context.index = index;
          const code = memberMatches(rule.where, context);
          if (code === PASSED) tally.matching += 1;
          else if (code === UNKNOWN) tally.unknown += 1;
        }
      }
    }
  }

  results(lang: Lang, _names?: Names): CohortResult[] {
    return [...this.tallies.values()].map((t) => {
      const low = t.participants ? t.matching / t.participants : 0;
      const high = t.participants ? (t.matching + t.unknown) / t.participants : 0;
      const verdict: Verdict = low > t.maxShare ? 'failed' : high <= t.maxShare ? 'passed' : 'unknown';
      const said = messages(lang).cohort;
      const pct = (x: number) => formatShare(x, lang);
      const label = pick(t.rule.label, lang);
      const counts = said.counts(t.matching, t.participants, pct(low), t.unknown, pct(t.maxShare));
      const head = said[verdict];
      return {
        programme: t.version.id,
        key: t.version.key,
        rule: t.rule.id,
        label,
        source: sourceList(t.rule.source),
        participants: t.participants,
        matching: t.matching,
        unknown: t.unknown,
        maxShare: t.maxShare,
        verdict,
        message: `${head} «${label}»: ${counts}`,
      };
    });
  }
}
