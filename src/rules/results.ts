import type { Reference } from './bibliography';
import type { IsoDate } from './dates';
import type { CriterionEvaluation } from './evaluate';
import type { NearMiss } from './explain';
import type { Lang } from './i18n';
import type { Verdict } from './verdict';

/**
 * What a match answers, per programme and for the whole group: the report's types, apart from the
 * matcher that builds them, so that modules reading results (cohort rules, pages, the CLI) need not
 * import the matcher.
 */

/**
 * `not_active`: the programme did not run on the date; `no_rules`: it ran then (its lifetime in
 * programmes/registry.yaml) but no rule file covers the date, so nothing can be decided.
 */
export type Status = 'eligible' | 'ineligible' | 'undetermined' | 'not_active' | 'no_rules';

export interface MissingFact {
  path: string;
  question: string;
}

export interface CriterionResult {
  id: string;
  label: string;
  source: string[];
  /** The documents the sources lead to, with title and place, in the report's language. */
  references: Reference[];
  scope: 'group' | 'member';
  stage?: string;
  verdict: Verdict;
  /** One line per condition: actual value, required value, verdict. */
  explanation: string[];
  conditions: CriterionEvaluation['tree'];
  missing: MissingFact[];
}

export interface StageResult {
  id: string;
  name: string;
  status: Exclude<Status, 'not_active' | 'no_rules'>;
  /** Stages of this programme to complete first, with whether the group has. */
  requires: { stage: string; name: string; verdict: Verdict }[];
  /** Criteria that fail or are unknown at this stage. */
  blocking: string[];
  /** Criteria (and `stage:` prerequisites) that fail at this stage. */
  failing: string[];
  support: string[];
}

export interface MemberResult {
  index: number;
  id?: string;
  verdict: Verdict;
  failed: string[];
  unknown: string[];
}

export interface Conflict {
  /** Qualifies for both programmes, which exclude each other (holding one is an exclusion criterion). */
  kind: 'eligible_for_both';
  programme: string;
  exclusion: string;
  declaredBy: string;
  message: string;
}

export interface ProgrammeResult {
  programme: {
    id: string;
    key: string;
    fiscalYear: number;
    name: string;
    level: string;
    country: string;
    agency: { id: string; name: string };
    parent?: { id: string; name: string };
    targetUnit: string;
    file: string;
  };
  status: Status;
  summary: string;
  /** Criteria (and `stage:` prerequisites) that fail where the status is decided. */
  failing: string[];
  validity: { from: IsoDate; to: IsoDate };
  notActive?: { reason: 'ended' | 'not_started' };
  /** The stage the status refers to, for programmes with stages. */
  stage?: { id: string; name: string };
  criteria: CriterionResult[];
  stages: StageResult[];
  missingFacts: MissingFact[];
  nearMisses: NearMiss[];
  members?: MemberResult[];
  qualifyingMembers?: number[];
  support: {
    id: string;
    label: string;
    type: string;
    maxPerGroup?: { amount: string; currency: string };
    maxPerPerson?: { amount: string; currency: string };
    maxNote?: string;
    /** The budget table gives this line no money for the year ("----"): not payable that year. */
    unfunded?: boolean;
    stage?: string;
    source: string[];
  }[];
  openCalls: CallResult[];
  upcomingCalls: CallResult[];
  conflicts: Conflict[];
  /** How to contest the decision, when the operating rules say (CDMXCOOP-31). */
  appeal?: { text: string; references: Reference[] };
}

export interface CallResult {
  id: string;
  name: string;
  opens: IsoDate;
  closes?: IsoDate;
  gazette?: string;
  targets?: Record<string, number>;
}

/** A report's counts per status, all zero. */
export function emptyCounts(): Record<Status, number> {
  return { eligible: 0, ineligible: 0, undetermined: 0, not_active: 0, no_rules: 0 };
}

export interface MatchReport {
  asOf: IsoDate;
  lang: Lang;
  group: { id?: string; name?: string; memberCount?: number };
  counts: Record<Status, number>;
  results: ProgrammeResult[];
  /** What the report could not read: an enrolment in a programme Vincula does not know. */
  warnings?: ReportWarning[];
}

export interface ReportWarning {
  kind: 'unknown_programme';
  /** The input, e.g. "enrolments[2].programme". */
  path: string;
  programme: string;
  message: string;
}
