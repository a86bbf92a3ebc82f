import type { Group } from '../src/rules/group';
import { type DecidedStatus, STATUS_OF_CODE } from '../src/rules/status';
import { FAILED, PASSED, UNKNOWN, type VerdictCode } from '../src/rules/verdict';

/**
 * Hand-written TypeScript predicates for CDMX Cooperatives 2018 (SPI, SPF) and PROINPRO 2016: the
 * speed ceiling a rule evaluator can aim for. They give the same three-valued statuses as the rule
 * files (test/ceiling.test.ts checks that on synthetic groups), with no explanations. Verdicts are
 * the engine's verdict codes (src/rules/verdict.ts).
 */

type V = VerdictCode;
/** Kleene AND: the minimum, stopping at the first failed. */
const and = (...vs: V[]): V => {
  let code: V = PASSED;
  for (const v of vs) {
    if (v === FAILED) return FAILED;
    if (v < code) code = v;
  }
  return code;
};
const is = (value: unknown, expected: unknown): V =>
  value === undefined ? UNKNOWN : value === expected ? PASSED : FAILED;
/** Best stage status, as src/rules/status.ts decides it: the greatest code. */
const best = (...stages: V[]): DecidedStatus => {
  let code: V = FAILED;
  for (const v of stages) if (v > code) code = v;
  return STATUS_OF_CODE[code] as DecidedStatus;
};

function residentShare(group: Group, state: string, test: (share: number) => boolean): V {
  const members = group.members;
  if (members === undefined) return UNKNOWN;
  if (members.length === 0) return UNKNOWN;
  let count = 0;
  for (const m of members) {
    const s = m.residence?.state ?? m.residence?.municipality?.slice(0, 2);
    if (s === undefined) return UNKNOWN;
    if (s === state) count++;
  }
  return test(count / members.length) ? PASSED : FAILED;
}

function stageDone(group: Group, key: string): V {
  if (group.enrolments === undefined) return UNKNOWN;
  return group.enrolments.some((e) => e.status === 'completed' && `${e.programme}:${e.stage}` === key)
    ? PASSED
    : FAILED;
}

const listed = (list: { agency: string }[] | undefined, agency: string): V =>
  list === undefined ? UNKNOWN : list.some((x) => x.agency === agency) ? FAILED : PASSED;

export function spi2018(group: Group): DecidedStatus {
  const base = and(
    is(group.productiveReadiness, true),
    listed(group.debts, 'styfe'),
    residentShare(group, '09', (s) => s > 0.5),
    is(group.training?.cooperativismCourseCompleted, true),
    group.members === undefined ? UNKNOWN : group.members.length >= 5 ? PASSED : FAILED,
  );
  const formation = and(base, is(group.legallyConstituted, false));
  const equipment = and(
    base,
    is(group.legallyConstituted, true),
    stageDone(group, 'cdmx-coop-spi:formation'),
  );
  return best(formation, equipment);
}

export function spf2018(group: Group): DecidedStatus {
  const office = group.registeredOffice?.state ?? group.registeredOffice?.municipality?.slice(0, 2);
  const base = and(
    is(group.legallyConstituted, true),
    and(is(group.hasManagementBody, true), is(group.hasSupervisoryBody, true)),
    is(office, '09'),
    residentShare(group, '09', (s) => s >= 0.8),
    listed(group.disqualifications, 'styfe'),
  );
  const equipment = and(
    base,
    is(group.training?.managementToolCompleted, true),
    stageDone(group, 'cdmx-coop-spf:technical-assistance'),
  );
  return best(base, equipment);
}

const PROINPRO_STATES = ['12', '13', '32'];
const POTENTIAL = ['medium', 'high', 'very_high'];

export function proinpro2016(group: Group): DecidedStatus {
  const members = group.members;
  let prospera: V = UNKNOWN;
  if (members !== undefined && members.length > 0) {
    let count = 0;
    let unknown = false;
    for (const m of members) {
      if (m.prosperaBeneficiary === undefined) unknown = true;
      else if (m.prosperaBeneficiary) count++;
    }
    prospera = unknown ? UNKNOWN : count / members.length > 0.5 ? PASSED : FAILED;
  }
  const state = group.location?.state ?? group.location?.municipality?.slice(0, 2);
  // PROINPRO rates persons (PROINPRO-07): every member medium or above.
  let potential: V = UNKNOWN;
  if (members !== undefined && members.length > 0) {
    let unrated = false;
    let low = false;
    for (const m of members) {
      if (m.entrepreneurialPotential === undefined) unrated = true;
      else if (!POTENTIAL.includes(m.entrepreneurialPotential)) low = true;
    }
    // As the share fact reads it: any member unrated leaves the share unknown.
    potential = unrated ? UNKNOWN : low ? FAILED : PASSED;
  }
  const base = and(
    members === undefined ? UNKNOWN : members.length >= 5 ? PASSED : FAILED,
    prospera,
    state === undefined ? UNKNOWN : PROINPRO_STATES.includes(state) ? PASSED : FAILED,
    is(group.location?.areaType, 'rural'),
    potential,
  );
  return best(
    base,
    and(base, stageDone(group, 'proinpro:group-projects')),
    and(base, stageDone(group, 'proinpro:pdp-calls')),
  );
}

export const CEILING: Record<string, (group: Group) => DecidedStatus> = {
  'cdmx-coop-spi@2018': spi2018,
  'cdmx-coop-spf@2018': spf2018,
  'proinpro@2016': proinpro2016,
};
