import { describe, expect, it } from 'vitest';
import { InputError } from '../src/rules/errors';
import { Matcher, type ProgrammeResult, parseGroup } from '../src/rules/match';
import { catalogueOf, members, programme } from './helpers';

const c = (id: string, condition: unknown, extra: Record<string, unknown> = {}) => ({
  id,
  label: { es: `Criterio ${id}`, en: `Criterion ${id}` },
  source: 'TEST-01',
  condition,
  ...extra,
});

async function matchOne(
  prog: Record<string, unknown>,
  group: unknown,
  asOf = '2018-06-01',
  lang: 'es' | 'en' = 'en',
): Promise<ProgrammeResult> {
  const catalogue = catalogueOf(prog);
  const parsed = parseGroup(group, catalogue);
  const report = await new Matcher(catalogue, 'compiled').match(parsed, { asOf, lang });
  // Every case here holds for both evaluators: the compiled one must say what the reference says.
  const reference = await new Matcher(catalogue, 'reference').match(parsed, { asOf, lang });
  expect(JSON.stringify(report)).toBe(JSON.stringify(reference));
  const result = report.results[0];
  if (!result) throw new Error('no result');
  return result;
}

const legal = { fact: 'legallyConstituted', operator: 'equal', value: true };
const bodies = { fact: 'hasManagementBody', operator: 'equal', value: true };

describe('three-valued criteria', () => {
  const prog = (condition: unknown) => programme({ criteria: [c('x', condition)] });

  it('all of (true, unknown) is unknown, and the status undetermined with the missing fact', async () => {
    const r = await matchOne(prog({ all: [legal, bodies] }), { legallyConstituted: true });
    expect(r.criteria[0]?.verdict).toBe('unknown');
    expect(r.status).toBe('undetermined');
    expect(r.missingFacts.map((m) => m.path)).toEqual(['hasManagementBody']);
  });

  it('all with a false is false even when another part is unknown', async () => {
    const r = await matchOne(prog({ all: [legal, bodies] }), { legallyConstituted: false });
    expect(r.criteria[0]?.verdict).toBe('failed');
    expect(r.status).toBe('ineligible');
  });

  it('any with a true is true even when another part is unknown', async () => {
    const r = await matchOne(prog({ any: [legal, bodies] }), { legallyConstituted: true });
    expect(r.criteria[0]?.verdict).toBe('passed');
    expect(r.status).toBe('eligible');
  });

  it('any of (false, unknown) is unknown', async () => {
    const r = await matchOne(prog({ any: [legal, bodies] }), { legallyConstituted: false });
    expect(r.criteria[0]?.verdict).toBe('unknown');
  });

  it('not of unknown is unknown; not of false is true', async () => {
    expect((await matchOne(prog({ not: legal }), {})).criteria[0]?.verdict).toBe('unknown');
    expect((await matchOne(prog({ not: legal }), { legallyConstituted: false })).criteria[0]?.verdict).toBe(
      'passed',
    );
  });

  it('a failed criterion beside an unknown one makes the programme ineligible, and still lists what is unknown', async () => {
    const r = await matchOne(programme({ criteria: [c('a', legal), c('b', bodies)] }), {
      legallyConstituted: false,
    });
    expect(r.status).toBe('ineligible');
    expect(r.failing).toEqual(['a']);
    expect(r.missingFacts.map((m) => m.path)).toEqual(['hasManagementBody']);
    expect(r.criteria.find((x) => x.id === 'b')?.verdict).toBe('unknown');
  });

  it('custom operators: between, intersects, disjoint', async () => {
    const p = programme({
      criteria: [
        c('count', { fact: 'memberCount', operator: 'between', value: [5, 10] }),
        c('enrolled', {
          fact: 'programmesThisFiscalYear',
          operator: 'intersects',
          value: ['prog-x', 'prog-y'],
        }),
        c('owes', { fact: 'agenciesOwed', operator: 'disjoint', value: ['agency-a', 'agency-b'] }),
      ],
    });
    const r = await matchOne(p, {
      members: members(11),
      enrolments: [{ programme: 'prog-y', fiscalYear: 2018, status: 'current' }],
      debts: [{ agency: 'agency-b', kind: 'financial' }],
    });
    expect(Object.fromEntries(r.criteria.map((x) => [x.id, x.verdict]))).toEqual({
      count: 'failed',
      enrolled: 'passed',
      owes: 'failed',
    });
    expect(r.nearMisses.find((m) => m.criterion === 'count')).toMatchObject({ gap: 1, unit: 'members' });
  });
});

describe('near misses', () => {
  it('a group of 4 against a programme needing 5 is ineligible, 1 member short', async () => {
    const r = await matchOne(programme(), { members: members(4) });
    expect(r.status).toBe('ineligible');
    expect(r.nearMisses).toEqual([
      expect.objectContaining({ criterion: 'min-members', gap: 1, unit: 'members', actual: 4, expected: 5 }),
    ]);
    expect(r.nearMisses[0]?.message).toBe('Needs 1 member more');
  });

  it('exactly half PROSPERA members fails a 50 % + 1 rule by 1 member', async () => {
    const p = programme({
      criteria: [
        c('prospera-majority', {
          fact: 'shareOfMembersMatching',
          params: { prosperaBeneficiary: true },
          operator: 'greaterThan',
          value: 0.5,
        }),
      ],
    });
    for (const n of [4, 6, 10]) {
      const group = { members: members(n, [], {}).map((_, i) => ({ prosperaBeneficiary: i < n / 2 })) };
      const r = await matchOne(p, group);
      expect(r.status).toBe('ineligible');
      expect(r.nearMisses[0]).toMatchObject({ gap: 1, unit: 'members' });
      expect(r.nearMisses[0]?.message).toContain(`now ${n / 2} of ${n}`);
    }
    // and one more beneficiary passes it
    const pass = await matchOne(p, {
      members: [true, true, true, true, false, false].map((b) => ({ prosperaBeneficiary: b })),
    });
    expect(pass.status).toBe('eligible');
  });

  it('counts how many more members must meet an 80 % share', async () => {
    const p = programme({
      criteria: [
        c('resident', {
          fact: 'shareOfMembersMatching',
          params: { residenceState: '09' },
          operator: 'greaterThanInclusive',
          value: 0.8,
        }),
      ],
    });
    const group = {
      members: [
        ...members(4, [], { residence: { state: '09' } }),
        ...members(4, [], { residence: { state: '15' } }),
      ],
    };
    const r = await matchOne(p, group, '2018-06-01', 'es');
    expect(r.nearMisses[0]).toMatchObject({ gap: 3 }); // 7 of 8 = 87.5 %
    expect(r.nearMisses[0]?.message).toBe(
      'Necesita 3 integrantes más que cumplan: con residencia en Ciudad de México (09) (hoy 4 de 8)',
    );
  });

  it('says what must be true first for a yes/no criterion', async () => {
    const r = await matchOne(
      programme({ criteria: [c('legal', legal)] }),
      { legallyConstituted: false },
      '2018-06-01',
      'es',
    );
    expect(r.nearMisses[0]?.message).toBe('Debe cumplirse primero: está legalmente constituido');
  });
});

describe('missing data is never a no', () => {
  const residence = programme({
    criteria: [
      c('resident', {
        fact: 'shareOfMembersMatching',
        params: { residenceState: '09' },
        operator: 'greaterThan',
        value: 0.5,
      }),
    ],
  });

  it('members without a residence make a residence rule undetermined, listing each member to ask', async () => {
    const r = await matchOne(residence, {
      members: [{ age: 30 }, { age: 40, residence: { state: '09' } }, { age: 50 }],
    });
    expect(r.status).toBe('undetermined');
    expect(r.missingFacts.map((m) => m.path)).toEqual([
      'members[0].residence.state',
      'members[2].residence.state',
    ]);
    expect(r.missingFacts[0]?.question).toBe('Member 1: state of residence');
  });

  it('a group with no member list at all asks for the list', async () => {
    const r = await matchOne(residence, {});
    expect(r.status).toBe('undetermined');
    expect(r.missingFacts.map((m) => m.path)).toEqual(['members']);
  });

  it('null in the input means unknown, as if the field were left out', async () => {
    const r = await matchOne(programme({ criteria: [c('legal', legal)] }), { legallyConstituted: null });
    expect(r.status).toBe('undetermined');
  });
});

describe('dates and versions', () => {
  it('a programme outside its validity is not_active with its dates, never dropped', async () => {
    const after = await matchOne(programme(), { members: members(5) }, '2019-02-01');
    expect(after).toMatchObject({
      status: 'not_active',
      validity: { from: '2018-01-01', to: '2018-12-31' },
      notActive: { reason: 'ended' },
    });
    const before = await matchOne(programme(), { members: members(5) }, '2017-02-01');
    expect(before).toMatchObject({ status: 'not_active', notActive: { reason: 'not_started' } });
  });

  it('picks the version in force at the date', async () => {
    const v2018 = programme();
    const v2019 = programme({
      fiscalYear: 2019,
      validity: { from: '2019-01-01', to: '2019-12-31', source: 'test' },
      parameters: { minMembers: { value: 3, source: 'test' } },
    });
    const catalogue = catalogueOf(v2018, v2019);
    const matcher = new Matcher(catalogue);
    const group = parseGroup({ members: members(4) }, catalogue);
    expect((await matcher.match(group, { asOf: '2018-06-01' })).results[0]?.status).toBe('ineligible');
    expect((await matcher.match(group, { asOf: '2019-06-01' })).results[0]).toMatchObject({
      status: 'eligible',
      programme: { key: 'prog-a@2019' },
    });
  });

  it('ages come from the birth date at the matching date', async () => {
    const p = programme({
      targetUnit: 'person',
      criteria: [
        c('adult', { fact: 'age', operator: 'greaterThanInclusive', value: 18 }, { scope: 'member' }),
      ],
    });
    const group = { members: [{ birthDate: '2000-06-02' }] };
    expect((await matchOne(p, group, '2018-06-01')).status).toBe('ineligible');
    expect((await matchOne(p, group, '2018-06-02')).status).toBe('eligible');
  });
});

describe('person-targeted programmes', () => {
  const p = programme({
    targetUnit: 'person',
    criteria: [
      c('woman', { fact: 'sex', operator: 'equal', value: 'female' }, { scope: 'member' }),
      c('age', { fact: 'age', operator: 'between', value: [18, 65] }, { scope: 'member' }),
    ],
  });

  it('lists which members qualify', async () => {
    const r = await matchOne(p, {
      members: [
        { sex: 'female', age: 30 },
        { sex: 'male', age: 30 },
        { sex: 'female', age: 70 },
      ],
    });
    expect(r.status).toBe('eligible');
    expect(r.qualifyingMembers).toEqual([0]);
    expect(r.members?.map((m) => m.verdict)).toEqual(['passed', 'failed', 'failed']);
    expect(r.members?.[2]?.failed).toEqual(['age']);
  });

  it('is undetermined when no member qualifies yet one might, and asks about that member', async () => {
    const r = await matchOne(p, { members: [{ sex: 'male', age: 30 }, { sex: 'female' }] });
    expect(r.status).toBe('undetermined');
    expect(r.missingFacts.map((m) => m.path)).toEqual(['members[1].age']);
  });

  it('leaves the member criteria unknown, not failed, while the members are unknown', async () => {
    const r = await matchOne(p, {});
    expect(r.status).toBe('undetermined');
    expect(r.criteria.map((x) => x.verdict)).toEqual(['unknown', 'unknown']);
    expect(r.missingFacts.map((m) => m.path)).toEqual(['members']);
  });

  it('is ineligible when no member qualifies', async () => {
    const r = await matchOne(p, { members: [{ sex: 'male', age: 30 }] });
    expect(r.status).toBe('ineligible');
    expect(r.nearMisses.at(-1)?.message).toBe('No member meets the personal criteria');
  });
});

describe('stages, support, calls and conflicts', () => {
  const staged = programme({
    criteria: [
      c('min-members', { fact: 'memberCount', operator: 'greaterThanInclusive', value: 5 }),
      c('legal', legal, { stage: 'two' }),
    ],
    stages: [
      { id: 'one', name: { es: 'Uno', en: 'One' }, support: ['s1'], source: 'test' },
      { id: 'two', name: { es: 'Dos', en: 'Two' }, requires: ['one'], support: ['s2'], source: 'test' },
    ],
    support: [
      {
        id: 's1',
        type: 'services',
        label: { es: 'S1', en: 'S1' },
        maxPerGroup: { amount: 50000, currency: 'MXN' },
        source: 'test',
      },
      {
        id: 's2',
        type: 'equipment',
        label: { es: 'S2', en: 'S2' },
        maxNote: 'not in the sources',
        source: 'test',
      },
    ],
    calls: [
      {
        id: 'first',
        name: { es: 'Primera', en: 'First' },
        opens: '2018-03-01',
        closes: '2018-04-30',
        source: 'test',
      },
      { id: 'second', name: { es: 'Segunda', en: 'Second' }, opens: '2018-09-01', source: 'test' },
    ],
  });

  it('reports the stage the group can apply for and what the next stage needs', async () => {
    const r = await matchOne(staged, { members: members(5), enrolments: [] });
    expect(r.status).toBe('eligible');
    expect(r.stage?.id).toBe('one');
    expect(r.stages[1]).toMatchObject({ id: 'two', status: 'ineligible', failing: ['stage:one'] });
    expect(r.support[0]).toMatchObject({
      id: 's1',
      maxPerGroup: { amount: '50000.00', currency: 'MXN' },
      stage: 'one',
    });
  });

  it('moves to the later stage once the earlier one is completed', async () => {
    const r = await matchOne(staged, {
      members: members(5),
      legallyConstituted: true,
      enrolments: [{ programme: 'prog-a', fiscalYear: 2018, stage: 'one', status: 'completed' }],
    });
    expect(r.stage?.id).toBe('two');
  });

  it('lists open and upcoming calls at the date', async () => {
    const april = await matchOne(staged, { members: members(5) }, '2018-04-15');
    expect(april.openCalls.map((x) => x.id)).toEqual(['first']);
    expect(april.upcomingCalls.map((x) => x.id)).toEqual(['second']);
    const october = await matchOne(staged, { members: members(5) }, '2018-10-15');
    expect(october.openCalls.map((x) => x.id)).toEqual(['second']);
  });

  it('reports exclusions against current enrolments and between programmes the group qualifies for', async () => {
    const a = programme({
      exclusions: [
        {
          id: 'no-concurrent',
          label: { es: 'Sin programas simultáneos', en: 'No concurrent programmes' },
          agencies: ['agency-a', 'agency-b'],
          source: 'test',
        },
      ],
    });
    const b = programme({ id: 'prog-b', agency: 'agency-b' });
    const other = programme({ id: 'prog-c', agency: 'agency-b', criteria: [c('legal', legal)] });
    const catalogue = catalogueOf(a, b, other);
    const group = parseGroup(
      {
        members: members(5),
        legallyConstituted: false,
        enrolments: [{ programme: 'prog-c', fiscalYear: 2018, status: 'current' }],
      },
      catalogue,
    );
    const report = await new Matcher(catalogue).match(group, { asOf: '2018-06-01', lang: 'en' });
    const byId = Object.fromEntries(report.results.map((r) => [r.programme.id, r]));
    // Holding prog-c (agency-b) fails prog-a's exclusion: a criterion, not a conflict line.
    expect(byId['prog-a']).toMatchObject({ status: 'ineligible', failing: ['exclusion:no-concurrent'] });
    expect(byId['prog-a']?.conflicts).toEqual([]);
    // Without the enrolment, prog-a and prog-b are both eligible and exclude each other.
    const free = await new Matcher(catalogue).match(parseGroup({ ...group, enrolments: [] }, catalogue), {
      asOf: '2018-06-01',
      lang: 'en',
    });
    const freeById = Object.fromEntries(free.results.map((r) => [r.programme.id, r]));
    expect(freeById['prog-a']?.conflicts.map((x) => [x.kind, x.programme])).toEqual([
      ['eligible_for_both', 'prog-b'],
    ]);
    expect(freeById['prog-b']?.conflicts.map((x) => [x.kind, x.programme])).toEqual([
      ['eligible_for_both', 'prog-a'],
    ]);
  });

  it('reports two programmes that exclude each other as one conflict on each side', async () => {
    const exclusion = (id: string, programmes: string[]) => ({
      id,
      label: { es: 'Solo uno', en: 'Only one' },
      programmes,
      source: 'test',
    });
    const a = programme({ exclusions: [exclusion('not-b', ['prog-b'])] });
    const b = programme({
      id: 'prog-b',
      name: { es: 'Programa B', en: 'Programme B' },
      exclusions: [exclusion('not-a', ['prog-a'])],
    });
    const catalogue = catalogueOf(a, b);
    const group = parseGroup({ members: members(5), enrolments: [] }, catalogue);
    const report = await new Matcher(catalogue).match(group, {
      asOf: '2018-06-01',
      lang: 'en',
    });
    for (const r of report.results)
      expect(
        r.conflicts.map((x) => [x.kind, x.programme, x.declaredBy]),
        r.programme.id,
      ).toEqual([['eligible_for_both', r.programme.id === 'prog-a' ? 'prog-b' : 'prog-a', 'prog-a']]);
    // Each side is told of the other one.
    const named = report.results.map((r) => r.conflicts[0]?.message);
    expect(named).toEqual([
      'Also qualifies for Programme B, but may take only one: Only one',
      'Also qualifies for Programme A, but may take only one: Only one',
    ]);
    // A second exclusion with another reason (by agency) is a second conflict.
    const byAgency = {
      id: 'no-agency-a',
      label: { es: 'Nada de la agencia A', en: 'Nothing from agency A' },
      agencies: ['agency-a'],
      source: 'test',
    };
    const both = catalogueOf(a, { ...b, exclusions: [exclusion('not-a', ['prog-a']), byAgency] });
    const again = await new Matcher(both).match(parseGroup({ members: members(5), enrolments: [] }, both), {
      asOf: '2018-06-01',
      lang: 'en',
    });
    const b2 = again.results.find((r) => r.programme.id === 'prog-b');
    expect(b2?.conflicts.map((x) => [x.exclusion, x.declaredBy])).toEqual([
      ['not-b', 'prog-a'],
      ['no-agency-a', 'prog-b'],
    ]);
  });
});

describe('places outside Mexico', () => {
  const frontier = programme({
    country: 'UY',
    criteria: [
      c('country', { fact: 'locationCountry', operator: 'equal', value: 'UY' }),
      c('frontier', { fact: 'territoryFrontierZone', operator: 'equal', value: true }),
    ],
  });

  it('reads ISO 3166-2 regions and their territory attributes', async () => {
    const r = await matchOne(frontier, { location: { country: 'UY', region: 'UY-AR' } });
    expect(r.status).toBe('eligible');
    expect(r.criteria[0]?.explanation[0]).toContain('UY');
  });

  it('asks for the region of a group abroad, and reads Mexico from INEGI codes', async () => {
    const abroad = await matchOne(frontier, { location: { country: 'UY' } });
    expect(abroad.missingFacts.map((m) => m.path)).toEqual(['location.region']);
    const mexico = await matchOne(frontier, { location: { state: '09' } });
    expect(mexico.failing).toContain('country');
  });

  it('refuses INEGI codes with another country', () => {
    const catalogue = catalogueOf(frontier);
    expect(() => parseGroup({ location: { country: 'UY', state: '09' } }, catalogue)).toThrow(/use region/);
    expect(() => parseGroup({ location: { country: 'UY', region: 'AR-B' } }, catalogue)).toThrow(
      /region does not belong/,
    );
  });
});

describe('group input', () => {
  it('rejects bad input with the path and reason of each problem', () => {
    const catalogue = catalogueOf(programme());
    try {
      parseGroup(
        { members: [{ age: 'thirty' }, { residence: { state: '99' } }], legallyConstitued: true },
        catalogue,
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const problems = (error as InputError).problems;
      expect(problems.map((p) => p.path)).toEqual(['members[0].age', '(group)']);
      expect(problems[1]?.reason).toMatch(/legallyConstitued/);
    }
    expect(() => parseGroup({ members: [{ residence: { state: '99' } }] }, catalogue)).toThrow(
      /members\[0\]\.residence\.state: unknown territory code '99'/,
    );
  });

  it('rejects an unknown programme filter', async () => {
    const catalogue = catalogueOf(programme());
    await expect(
      new Matcher(catalogue).match({}, { asOf: '2018-01-01', programmes: ['nope'] }),
    ).rejects.toThrow(/unknown programme 'nope'/);
  });
});
