import type { Group } from '../src/rules/group';
import type { DecidedStatus } from '../src/rules/status';

/**
 * Hand-written TypeScript predicates for CDMX Cooperatives 2018 (SPI, SPF) and PROINPRO 2016: the
 * speed ceiling a rule evaluator can aim for. They give the same three-valued statuses as the rule
 * files (test/ceiling.test.ts checks that on synthetic groups), with no explanations.
 */

// 0 = failed, 1 = passed, 2 = unknown
type V = 0 | 1 | 2;
const and = (...vs: V[]): V => {
  let unknown = false;
  for (const v of vs) {
    if (v === 0) return 0;
    if (v === 2) unknown = true;
  }
  return unknown ? 2 : 1;
};
const is = (value: unknown, expected: unknown): V => (value === undefined ? 2 : value === expected ? 1 : 0);
const status = (v: V): DecidedStatus => (v === 1 ? 'eligible' : v === 0 ? 'ineligible' : 'undetermined');
const ORDER: Record<DecidedStatus, number> = { eligible: 0, undetermined: 1, ineligible: 2 };
/** Best stage status, as src/rules/status.ts decides it. */
const best = (...stages: V[]): DecidedStatus => {
  let result: DecidedStatus = 'ineligible';
  for (const v of stages) if (ORDER[status(v)] < ORDER[result]) result = status(v);
  return result;
};

function residentShare(group: Group, state: string, test: (share: number) => boolean): V {
  const members = group.members;
  if (members === undefined) return 2;
  if (members.length === 0) return 2;
  let count = 0;
  for (const m of members) {
    const s = m.residence?.state ?? m.residence?.municipality?.slice(0, 2);
    if (s === undefined) return 2;
    if (s === state) count++;
  }
  return test(count / members.length) ? 1 : 0;
}

function stageDone(group: Group, key: string): V {
  if (group.enrolments === undefined) return 2;
  return group.enrolments.some((e) => e.status === 'completed' && `${e.programme}:${e.stage}` === key)
    ? 1
    : 0;
}

const listed = (list: { agency: string }[] | undefined, agency: string): V =>
  list === undefined ? 2 : list.some((x) => x.agency === agency) ? 0 : 1;

export function spi2018(group: Group): DecidedStatus {
  const base = and(
    is(group.productiveReadiness, true),
    listed(group.debts, 'styfe'),
    residentShare(group, '09', (s) => s > 0.5),
    is(group.training?.cooperativismCourseCompleted, true),
    group.members === undefined ? 2 : group.members.length >= 5 ? 1 : 0,
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
  let prospera: V = 2;
  if (members !== undefined && members.length > 0) {
    let count = 0;
    let unknown = false;
    for (const m of members) {
      if (m.prosperaBeneficiary === undefined) unknown = true;
      else if (m.prosperaBeneficiary) count++;
    }
    prospera = unknown ? 2 : count / members.length > 0.5 ? 1 : 0;
  }
  const state = group.location?.state ?? group.location?.municipality?.slice(0, 2);
  const potential = group.training?.entrepreneurialPotential;
  const base = and(
    members === undefined ? 2 : members.length >= 5 ? 1 : 0,
    prospera,
    state === undefined ? 2 : PROINPRO_STATES.includes(state) ? 1 : 0,
    is(group.location?.areaType, 'rural'),
    potential === undefined ? 2 : POTENTIAL.includes(potential) ? 1 : 0,
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
