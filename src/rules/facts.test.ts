import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catalogueOf, programme } from '../../test/helpers';
import { OPERATOR_BY_NAME, operatorValueProblem } from './condition';
import {
  computeFact,
  FACTS,
  type FactValue,
  filterCondition,
  MEMBER_FILTER_KEYS,
  type MemberContext,
  type MemberFilter,
  memberFilterLeaf,
  memberFilterSchema,
  memberMatches,
} from './facts';
import { AREA_TYPES, type Member, POTENTIAL_LEVELS, PRODUCER_STRATA } from './group';
import { loadCatalogue } from './load-dir';
import { Matcher, parseGroup } from './match';
import { TerritoryIndex } from './territory';
import { and, codeOf, type Verdict } from './verdict';

/**
 * Member filters (the `params` of membersMatching / shareOfMembersMatching and the `where` of cohort
 * rules) are conditions over member facts: a filter and the member fact it names cannot disagree.
 */

const asOf = '2018-06-01';
const territories = new TerritoryIndex();
const memberContext = (member: Member, index = 0): MemberContext => ({
  group: { members: [member] },
  asOf,
  territories,
  member,
  index,
});
/** What membersMatching says of a group of one member, as a verdict (1 → passed, 0 → failed). */
function countedAs(member: Member, filter: MemberFilter): { verdict: Verdict; value: FactValue } {
  const value = computeFact('membersMatching', { group: { members: [member] }, asOf, territories }, filter);
  return { verdict: !value.known ? 'unknown' : value.value === 1 ? 'passed' : 'failed', value };
}

/**
 * The oracle, written apart from the filter's definition: each filter key, the member fact a rule
 * would name for it, and the test of a known value.
 */
const ORACLE: Record<
  keyof MemberFilter,
  { fact: string; holds: (value: unknown, expected: unknown) => boolean }
> = {
  sex: { fact: 'sex', holds: (v, e) => v === e },
  minAge: { fact: 'age', holds: (v, e) => (v as number) >= (e as number) },
  maxAge: { fact: 'age', holds: (v, e) => (v as number) <= (e as number) },
  residenceState: { fact: 'residenceState', holds: (v, e) => v === e },
  residenceMunicipalities: { fact: 'residenceMunicipality', holds: (v, e) => (e as unknown[]).includes(v) },
  areaTypes: { fact: 'residenceAreaType', holds: (v, e) => (e as unknown[]).includes(v) },
  prosperaBeneficiary: { fact: 'prosperaBeneficiary', holds: (v, e) => v === e },
  inPoverty: { fact: 'inPoverty', holds: (v, e) => v === e },
  indigenous: { fact: 'indigenous', holds: (v, e) => v === e },
  producerStrata: { fact: 'producerStratum', holds: (v, e) => (e as unknown[]).includes(v) },
  entrepreneurialPotentials: {
    fact: 'entrepreneurialPotential',
    holds: (v, e) => (e as unknown[]).includes(v),
  },
};

/** The filter's verdict for a member, from the member facts themselves (Kleene AND over its keys). */
function byFacts(member: Member, filter: MemberFilter): { verdict: Verdict; missing: string[] } {
  const verdicts: Verdict[] = [];
  const missing: string[] = [];
  for (const [key, expected] of Object.entries(filter)) {
    const { fact, holds } = ORACLE[key as keyof MemberFilter];
    const value = computeFact(fact, memberContext(member));
    if (!value.known) missing.push(...value.missing);
    verdicts.push(!value.known ? 'unknown' : holds(value.value, expected) ? 'passed' : 'failed');
  }
  const verdict = and(verdicts);
  return { verdict, missing: verdict === 'unknown' ? [...new Set(missing)] : [] };
}

const MUNICIPALITIES = ['09007', '09015', '15001', '12001'];
const STATES = ['09', '15', '12', '32'];
const residence = fc
  .record(
    {
      state: fc.constantFrom(...STATES),
      municipality: fc.constantFrom(...MUNICIPALITIES),
      areaType: fc.constantFrom(...AREA_TYPES),
    },
    { requiredKeys: [] },
  )
  // A municipality belongs to its state, as validation requires.
  .map((p) => (p.municipality && p.state ? { ...p, state: p.municipality.slice(0, 2) } : p));
const member: fc.Arbitrary<Member> = fc.record(
  {
    age: fc.nat(100),
    birthDate: fc.constantFrom('1950-06-01', '2000-06-02', '2000-06-01', '1990-01-31'),
    sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
    residence,
    prosperaBeneficiary: fc.boolean(),
    inPoverty: fc.boolean(),
    producerStratum: fc.constantFrom(...PRODUCER_STRATA),
    indigenous: fc.boolean(),
    entrepreneurialPotential: fc.constantFrom(...POTENTIAL_LEVELS),
  },
  { requiredKeys: [] },
);
const filter: fc.Arbitrary<MemberFilter> = fc
  .record(
    {
      sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
      minAge: fc.nat(100),
      maxAge: fc.nat(100),
      residenceState: fc.constantFrom(...STATES),
      residenceMunicipalities: fc.subarray(MUNICIPALITIES, { minLength: 1 }),
      areaTypes: fc.subarray([...AREA_TYPES], { minLength: 1 }),
      prosperaBeneficiary: fc.boolean(),
      inPoverty: fc.boolean(),
      indigenous: fc.boolean(),
      producerStrata: fc.subarray([...PRODUCER_STRATA], { minLength: 1 }),
      entrepreneurialPotentials: fc.subarray([...POTENTIAL_LEVELS], { minLength: 1 }),
    },
    { requiredKeys: [] },
  )
  .filter((f) => memberFilterSchema.safeParse(f).success);

describe('member filters are conditions over member facts', () => {
  it('count a member who gives only a municipality by the state the residenceState fact derives', () => {
    const onlyMunicipality: Member = { age: 30, residence: { municipality: '09007' } };
    expect(computeFact('residenceState', memberContext(onlyMunicipality))).toEqual({
      known: true,
      value: '09',
    });
    expect(countedAs(onlyMunicipality, { residenceState: '09' }).verdict).toBe('passed');
    expect(countedAs(onlyMunicipality, { residenceState: '15' }).verdict).toBe('failed');
    const group = { members: [onlyMunicipality, { residence: { state: '15' } }] };
    const share = computeFact(
      'shareOfMembersMatching',
      { group, asOf, territories },
      { residenceState: '09' },
    );
    expect(share).toEqual({ known: true, value: 0.5, detail: { numerator: 1, denominator: 2 } });
  });

  it('agree with the member facts on random members and filters, missing inputs included', () => {
    fc.assert(
      fc.property(member, filter, (m, f) => {
        const expected = byFacts(m, f);
        const counted = countedAs(m, f);
        expect(counted.verdict).toBe(expected.verdict);
        if (!counted.value.known) expect(counted.value.missing).toEqual(expected.missing);
        expect(memberMatches(f, memberContext(m))).toBe(codeOf(expected.verdict));
      }),
      { numRuns: 2000 },
    );
  });

  it('name member facts and operators whose value shape the filter syntax gives', () => {
    for (const key of MEMBER_FILTER_KEYS) {
      const leaf = memberFilterLeaf(key);
      expect(FACTS.get(leaf.fact)?.scope, key).toBe('member');
      expect(leaf.fact, key).toBe(ORACLE[key].fact);
      expect(OPERATOR_BY_NAME.has(leaf.operator), key).toBe(true);
    }
    fc.assert(
      fc.property(filter, (f) => {
        const { all } = filterCondition(f);
        expect(all).toHaveLength(Object.keys(f).length);
        for (const leaf of all) {
          const operator = OPERATOR_BY_NAME.get(leaf.operator);
          expect(operator && operatorValueProblem(operator, leaf.value)).toBeUndefined();
        }
      }),
    );
  });

  it('make a CDMX group whose members give only their municipality eligible where the state decides (issue 12)', async () => {
    const catalogue = loadCatalogue();
    const place = (municipality: string) => ({ residence: { municipality } });
    const group = parseGroup(
      {
        legalForm: 'informal_group',
        legallyConstituted: false,
        productiveReadiness: true,
        debts: [],
        disqualifications: [],
        enrolments: [],
        training: { cooperativismCourseCompleted: true },
        location: { state: '09', municipality: '09007', areaType: 'urban' },
        members: ['09007', '09007', '09006', '09007', '15033', '15058'].map(place),
      },
      catalogue,
    );
    for (const evaluator of ['compiled', 'reference'] as const) {
      const report = await new Matcher(catalogue, evaluator).match(group, {
        asOf,
        programmes: ['cdmx-coop-spi'],
      });
      expect(report.results[0]?.status, evaluator).toBe('eligible');
    }
  });

  it('count a member who gives only a municipality in a cohort rule on residenceState', async () => {
    const catalogue = catalogueOf(
      programme({
        cohortRules: [
          {
            id: 'outside-cdmx',
            label: { es: 'Fuera de la CDMX', en: 'Outside Mexico City' },
            where: { residenceState: '15' },
            maxShare: 0.5,
            source: 'TEST-02',
          },
        ],
      }),
    );
    const batch = new Matcher(catalogue).batch({ asOf, lang: 'en' });
    const members = [
      ...Array.from({ length: 3 }, () => ({ residence: { municipality: '15001' } })),
      ...Array.from({ length: 2 }, () => ({ residence: { municipality: '09007' } })),
    ];
    await batch.match(parseGroup({ members }, catalogue));
    expect(batch.cohorts()[0]).toMatchObject({ participants: 5, matching: 3, unknown: 0, verdict: 'failed' });
  });
});

describe('locationCountry', () => {
  const country = (location: NonNullable<Parameters<typeof parseGroup>[0]>) =>
    computeFact('locationCountry', { group: parseGroup({ location }), asOf, territories });

  it('is the country of an ISO 3166-2 region given without its country (UY-AR is in UY)', () => {
    expect(country({ region: 'UY-AR' })).toMatchObject({ known: true, value: 'UY' });
    expect(country({ country: 'AR', region: 'AR-B' })).toMatchObject({ known: true, value: 'AR' });
    expect(country({ municipality: '12066' })).toMatchObject({ known: true, value: 'MX' });
    expect(country({ areaType: 'rural' })).toMatchObject({ known: false });
  });

  it('decides the ISM frontier pilot’s “in Uruguay” criterion for a household given by its department', async () => {
    const matcher = new Matcher(loadCatalogue(), 'compiled');
    const report = await matcher.match(parseGroup({ location: { region: 'UY-AR' } }), {
      asOf: '2009-03-25',
      programmes: ['ism-frontier-pilot'],
    });
    expect(report.results[0]?.criteria.find((c) => c.id === 'in-uruguay')?.verdict).toBe('passed');
  });
});
