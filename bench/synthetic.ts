import type { AREA_TYPES, Group, Member } from '../src/rules/group';

type AreaType = (typeof AREA_TYPES)[number];

/**
 * Deterministic synthetic groups for benchmarks and agreement tests: the same seed gives the same
 * groups. About 5 % of each field is left unknown, so the three-valued paths are exercised too.
 */

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = [T, number][];

export function syntheticGroups(count: number, seed = 1): Group[] {
  const random = prng(seed);
  const pick = <T>(options: Weighted<T>): T => {
    const total = options.reduce((s, [, w]) => s + w, 0);
    let r = random() * total;
    for (const [value, weight] of options) {
      r -= weight;
      if (r < 0) return value;
    }
    return (options.at(-1) as [T, number])[0];
  };
  const maybe = <T>(value: T, unknownShare = 0.05): T | undefined =>
    random() < unknownShare ? undefined : value;
  const bool = (pTrue: number) => maybe(random() < pTrue);
  const state = () =>
    pick<string | undefined>([
      ['09', 60],
      ['15', 15],
      ['12', 6],
      ['13', 5],
      ['32', 4],
      ['14', 5],
      [undefined, 5],
    ]);
  const area = () =>
    pick<AreaType | undefined>([
      ['urban', 50],
      ['rural', 35],
      ['periurban', 10],
      [undefined, 5],
    ]);

  const groups: Group[] = [];
  for (let g = 0; g < count; g++) {
    const size = pick([
      [3, 5],
      [4, 15],
      [5, 25],
      [6, 20],
      [8, 15],
      [10, 12],
      [15, 8],
    ]);
    const members: Member[] = [];
    for (let m = 0; m < size; m++) {
      const residenceState = state();
      const member: Member = { age: 18 + Math.floor(random() * 50) };
      const residenceArea = area();
      if (residenceState)
        member.residence = { state: residenceState, ...(residenceArea ? { areaType: residenceArea } : {}) };
      const prospera = bool(0.5);
      if (prospera !== undefined) member.prosperaBeneficiary = prospera;
      member.sex = random() < 0.6 ? 'female' : 'male';
      members.push(member);
    }
    const constituted = bool(0.4);
    const group: Group = { name: `Synthetic group ${g + 1}`, members };
    if (constituted !== undefined) group.legallyConstituted = constituted;
    if (constituted) {
      const management = bool(0.9);
      const supervisory = bool(0.85);
      if (management !== undefined) group.hasManagementBody = management;
      if (supervisory !== undefined) group.hasSupervisoryBody = supervisory;
      const office = maybe(random() < 0.8 ? '09' : '15');
      if (office) group.registeredOffice = { state: office };
    }
    const readiness = bool(0.85);
    if (readiness !== undefined) group.productiveReadiness = readiness;
    const debt = pick<'none' | 'styfe' | 'other' | undefined>([
      ['none', 80],
      ['styfe', 10],
      ['other', 5],
      [undefined, 5],
    ]);
    if (debt)
      group.debts =
        debt === 'none' ? [] : [{ agency: debt === 'styfe' ? 'styfe' : 'sedesol', kind: 'financial' }];
    const disqualified = bool(0.08);
    if (disqualified !== undefined) group.disqualifications = disqualified ? [{ agency: 'styfe' }] : [];
    const training: NonNullable<Group['training']> = {};
    const course = bool(0.7);
    if (course !== undefined) training.cooperativismCourseCompleted = course;
    const tool = bool(0.3);
    if (tool !== undefined) training.managementToolCompleted = tool;
    const potential = pick<NonNullable<Group['training']>['entrepreneurialPotential']>([
      ['very_low', 5],
      ['low', 15],
      ['medium', 35],
      ['high', 25],
      ['very_high', 15],
      [undefined, 5],
    ]);
    // PROINPRO rates persons (PROINPRO-07): most members share the group's typical rating, a few are
    // rated low or not yet rated.
    if (potential)
      for (const member of members) {
        const r = random();
        if (r < 0.9) member.entrepreneurialPotential = potential;
        else if (r < 0.95) member.entrepreneurialPotential = 'low';
      }
    group.training = training;
    const locationState = state();
    const locationArea = area();
    if (locationState || locationArea) {
      group.location = {
        ...(locationState ? { state: locationState } : {}),
        ...(locationArea ? { areaType: locationArea } : {}),
      };
    }
    const history = pick<'none' | 'stages' | undefined>([
      ['none', 70],
      ['stages', 25],
      [undefined, 5],
    ]);
    if (history === 'none') group.enrolments = [];
    if (history === 'stages') {
      group.enrolments = [
        pick([
          [
            {
              programme: 'cdmx-coop-spi',
              fiscalYear: 2018,
              stage: 'formation',
              status: 'completed' as const,
            },
            1,
          ],
          [
            {
              programme: 'cdmx-coop-spf',
              fiscalYear: 2018,
              stage: 'technical-assistance',
              status: 'completed' as const,
            },
            1,
          ],
          [
            {
              programme: 'proinpro',
              fiscalYear: 2016,
              stage: 'group-projects',
              status: 'completed' as const,
            },
            1,
          ],
          [{ programme: 'proinpro', fiscalYear: 2016, stage: 'pdp-calls', status: 'completed' as const }, 1],
        ]),
      ];
    }
    groups.push(group);
  }
  return groups;
}
