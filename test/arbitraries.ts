import fc from 'fast-check';
import type { z } from 'zod';
import type { Catalogue, ProgrammeVersion } from '../src/rules/catalogue';
import { forEachLeaf } from '../src/rules/condition';
import {
  AREA_TYPES,
  ENROLMENT_STATUSES,
  type Enrolment,
  groupSchema,
  LEGAL_FORMS,
  type memberSchema,
  type Place,
  POTENTIAL_LEVELS,
  PRODUCER_STRATA,
  SECTORS,
} from '../src/rules/group';
import { CURRENCY_DIGITS, type Currency } from '../src/rules/money';
import { MARGINALISATION_DEGREES } from '../src/rules/territory';

/**
 * Generated groups for the evaluator-equivalence tests, drawn to hit the edges the rules have:
 * every field may be missing, numbers sit on, just under and just over every threshold written in
 * the shipped rule files (exactly 5 members, exactly 50 %, ages 18 and 65, income lines), members
 * come in mirrored halves so shares land on 50 % exactly, and dates sit on validity bounds. And in
 * every input form the group schema allows (INPUT_FORMS below: places with a municipality and no
 * state or a region and no country, age and birth date alone or together, enrolments with and
 * without a stage, legal status in each combination, inline territory attributes, nulls as unknown,
 * empty lists as a known none), so that test/oracle.test.ts reaches every way a fact reads its input.
 */

/** Drops undefined values, as a parsed group has none. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const addYears = (date: string, years: number) => {
  const y = Number(date.slice(0, 4)) + years;
  const md = date.slice(5);
  // 29 February moves to 28 February outside leap years.
  return md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? `${y}-02-28` : `${y}-${md}`;
};

/** Every number a condition compares with, and the numbers either side of it. */
function thresholds(programmes: readonly ProgrammeVersion[]) {
  const values = new Set<number>([0, 1]);
  for (const p of programmes) {
    for (const c of p.criteria) {
      forEachLeaf(c.resolved, (leaf) => {
        const list = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
        for (const v of list) if (typeof v === 'number') values.add(v);
      });
    }
  }
  const out = new Set<number>();
  for (const v of values) for (const x of [v, v - 1, v + 1, v - 0.01, v + 0.01]) if (x >= 0) out.add(x);
  return [...out].sort((a, b) => a - b);
}

/** Groups as a client sends them (money as `{ amount, currency }`), before validation. */
type GroupInput = z.input<typeof groupSchema>;
type MemberInput = z.input<typeof memberSchema>;

export interface GeneratedCase {
  asOf: string;
  group: GroupInput;
}

export function groupCases(catalogue: Catalogue): fc.Arbitrary<GeneratedCase> {
  const programmes = catalogue.programmes;
  const numbers = thresholds(programmes);
  const territories = catalogue.territories.all();
  const states = territories.filter((t) => t.level === 'state').map((t) => t.code);
  const municipalities = territories.filter((t) => t.level === 'municipality').map((t) => t.code);
  const regions = territories.filter((t) => /^[A-Z]{2}-/.test(t.code)).map((t) => t.code);
  const programmeIds = catalogue.programmeIds();
  const stageIds = [...new Set(programmes.flatMap((p) => p.stages.map((s) => s.id)))];
  const stagePairs = programmes.flatMap((p) => p.stages.map((s) => ({ programme: p.id, stage: s.id })));
  const bounds = [
    ...new Set(
      programmes.flatMap((p) => [
        p.validity.from,
        p.validity.to,
        addDays(p.validity.from, -1),
        addDays(p.validity.to, 1),
      ]),
    ),
  ].sort();

  const asOf = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...bounds) },
    {
      weight: 2,
      arbitrary: fc
        .date({
          min: new Date('2007-01-01T00:00:00Z'),
          max: new Date('2022-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10)),
    },
  );
  const aNumber = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...numbers) },
    fc.double({ min: 0, max: 100, noNaN: true }),
  );
  const share = fc.oneof(
    fc.constantFrom(0, 0.25, 0.3, 0.5, 0.6, 0.75, 0.8, 1),
    fc.double({ min: 0, max: 1, noNaN: true }),
  );
  const count = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5), fc.nat(20));
  const currency: fc.Arbitrary<Currency> = fc.oneof(
    { weight: 4, arbitrary: fc.constant<Currency>('MXN') },
    fc.constantFrom(...(Object.keys(CURRENCY_DIGITS) as Currency[])),
  );
  // Money as a group writes it: a decimal string in the currency's minor digits.
  // Whole amounts sometimes as a JSON number, which the schema allows too.
  const amount = (minor: number, c: Currency) => {
    const major = Math.max(0, minor) / 10 ** CURRENCY_DIGITS[c];
    return {
      amount: Number.isInteger(major) && minor % 3 === 0 ? major : major.toFixed(CURRENCY_DIGITS[c]),
      currency: c,
    };
  };
  const income = fc.oneof(
    fc.tuple(aNumber, currency).map(([major, c]) => amount(Math.round(major * 10 ** CURRENCY_DIGITS[c]), c)),
    // Incomes on the income lines, and one cent either side.
    fc
      .tuple(fc.constantFrom(...numbers), fc.constantFrom(-1, 0, 1), currency)
      .map(([major, delta, c]) => amount(Math.round(major * 10 ** CURRENCY_DIGITS[c]) + delta, c)),
  );

  // Places in every form the schema allows: a municipality with or without its state, a state alone,
  // an area type alone, nothing, "MX" written or not; outside Mexico a region with or without its
  // country, or a country alone.
  const place = (inMexico: boolean): fc.Arbitrary<Place> =>
    inMexico
      ? fc
          .record(
            {
              country: fc.constant('MX'),
              municipality: fc.constantFrom(...municipalities),
              state: fc.constantFrom(...states),
              areaType: fc.constantFrom(...AREA_TYPES),
              locality: fc.constant('Centro'),
            },
            { requiredKeys: [] },
          )
          .map((p) => {
            // A municipality belongs to its state: keep the pair consistent, as validation requires.
            if (p.municipality && p.state && !p.municipality.startsWith(p.state))
              p.state = p.municipality.slice(0, 2);
            return defined(p);
          })
      : fc
          .record(
            {
              region: fc.constantFrom(...regions),
              country: fc.boolean(),
              areaType: fc.constantFrom(...AREA_TYPES),
            },
            { requiredKeys: ['country'] },
          )
          .map(({ region, country, areaType }) =>
            defined({
              country: country ? (region ?? 'UY').slice(0, 2) : undefined,
              region,
              areaType,
            }),
          );
  const anyPlace = fc.oneof({ weight: 4, arbitrary: place(true) }, place(false));

  const member = (asOfDate: string): fc.Arbitrary<MemberInput> =>
    fc
      .record(
        {
          id: fc.constantFrom('m1', 'm2', 'm3'),
          // Ages at the bounds of every age rule (18, 65) and birthdays exactly on the matching date.
          age: fc.oneof(fc.constantFrom(0, 15, 17, 18, 19, 29, 30, 64, 65, 66, 99), fc.nat(110)),
          birthDate: fc.oneof(
            {
              weight: 5,
              arbitrary: fc
                .tuple(fc.constantFrom(17, 18, 19, 64, 65, 66, 30), fc.constantFrom(-1, 0, 1))
                .map(([years, days]) => addDays(addYears(asOfDate, -years), days)),
            },
            // Born on 29 February, 18 or 65 years before a leap or common year.
            fc.constantFrom('1952-02-29', '1996-02-29', '2000-02-29', '1948-02-29'),
          ),
          sex: fc.constantFrom('female' as const, 'male' as const, 'other' as const),
          residence: anyPlace,
          prosperaBeneficiary: fc.boolean(),
          inPoverty: fc.boolean(),
          householdIncomePerCapitaMonthly: income,
          producerStratum: fc.constantFrom(...PRODUCER_STRATA),
          indigenous: fc.boolean(),
        },
        { requiredKeys: [] },
      )
      .map(defined);

  /** Random members, or two kinds of member in equal numbers (shares of exactly 50 %). */
  const members = (asOfDate: string) =>
    fc.oneof(
      count.chain((n) => fc.array(member(asOfDate), { minLength: n, maxLength: n })),
      fc
        .tuple(member(asOfDate), member(asOfDate), fc.integer({ min: 1, max: 5 }))
        .map(([a, b, k]) => [
          ...Array.from({ length: k }, () => ({ ...a })),
          ...Array.from({ length: k }, () => ({ ...b })),
        ]),
      fc
        .tuple(member(asOfDate), fc.constantFrom(4, 5, 6))
        .map(([m, n]) => Array.from({ length: n }, () => ({ ...m }))),
    );

  const agencyList = fc.oneof(
    fc.constant([]),
    fc.array(fc.constantFrom('styfe', 'sedeso', 'inaes'), { minLength: 1, maxLength: 3 }),
  );

  const enrolments = (asOfDate: string): fc.Arbitrary<Enrolment[]> => {
    const year = Number(asOfDate.slice(0, 4));
    return fc.array(
      fc
        .record(
          {
            // Programmes with rules, one the registry knows without rules, and one Vincula does not know.
            programme: fc.constantFrom(...programmeIds, 'prospera-pptp', 'otro-programa'),
            fiscalYear: fc.constantFrom(year - 1, year, year + 1),
            stage: fc.constantFrom(...stageIds),
            status: fc.constantFrom(...ENROLMENT_STATUSES),
            // What runs it, read by exclusions for a programme Vincula does not know.
            agency: fc.constantFrom('sedeco', 'sedesol', 'alcaldia-x'),
            level: fc.constantFrom('city' as const, 'municipal' as const, 'federal' as const),
            country: fc.constantFrom('MX', 'UY'),
            // A stage of the programme itself, so stage prerequisites are met as well as not.
            ownStage: fc.option(fc.constantFrom(...stagePairs), { nil: undefined }),
          },
          { requiredKeys: ['programme', 'fiscalYear', 'status'] },
        )
        .map(({ ownStage, ...e }) => defined(ownStage ? { ...e, ...ownStage } : e)),
      { maxLength: 4 },
    );
  };

  return asOf.chain((date) =>
    fc
      .record(
        {
          id: fc.constant('generated'),
          legalForm: fc.constantFrom(...LEGAL_FORMS),
          legallyConstituted: fc.boolean(),
          constitutedOn: fc.constantFrom(
            addYears(date, -1),
            addYears(date, -2),
            addDays(addYears(date, -1), 1),
            date,
          ),
          hasManagementBody: fc.boolean(),
          hasSupervisoryBody: fc.boolean(),
          registeredOffice: anyPlace,
          location: anyPlace,
          territoryAttributes: fc.oneof(
            { weight: 1, arbitrary: fc.constant({}) },
            {
              weight: 6,
              arbitrary: fc
                .record(
                  {
                    marginalisation: fc.constantFrom(...MARGINALISATION_DEGREES),
                    ruralZap: fc.boolean(),
                    urbanZapShare: share,
                    shareBelowWelfareLine: share,
                    indigenousCriteria: fc.boolean(),
                    socialBank: fc.boolean(),
                    frontierZone: fc.boolean(),
                    advisoryCouncilActivity: fc.constantFrom(
                      'regular' as const,
                      'intermittent' as const,
                      'little_or_none' as const,
                    ),
                  },
                  { requiredKeys: [] },
                )
                .map(defined),
            },
          ),
          sector: fc.constantFrom(...SECTORS),
          productiveReadiness: fc.boolean(),
          commitmentToConstitute: fc.boolean(),
          householdIncomePerCapitaMonthly: income,
          enrolments: enrolments(date),
          debts: agencyList.map((list) => list.map((agency) => ({ agency, kind: 'financial' as const }))),
          disqualifications: agencyList.map((list) => list.map((agency) => ({ agency }))),
          training: fc
            .record(
              {
                cooperativismCourseCompleted: fc.boolean(),
                managementToolCompleted: fc.boolean(),
                advisoryCouncilMeetingsAttended: count,
                trainingAttendanceShare: share,
                entrepreneurialPotential: fc.constantFrom(...POTENTIAL_LEVELS),
              },
              { requiredKeys: [] },
            )
            .map(defined),
          members: members(date),
        },
        { requiredKeys: [] },
      )
      .map((g) => {
        const group = defined(g) as GroupInput;
        if (group.legallyConstituted === false) delete group.constitutedOn;
        return group;
      })
      .chain((group) =>
        fc.oneof(
          { weight: 3, arbitrary: fc.constant({ asOf: date, group }) },
          fc
            .array(fc.tuple(fc.constantFrom(...NULL_SITES), fc.nat()), { minLength: 1, maxLength: 3 })
            .map((sites) => ({ asOf: date, group: withNulls(group, sites) })),
        ),
      ),
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Where `withNulls` may write a null (null is "not known", the same as leaving the field out). */
const NULL_SITES = ['group', 'member', 'place', 'training', 'territoryAttributes', 'enrolment'] as const;

/** The group with some present fields set to null: one field at each (site, choice). */
function withNulls(input: GroupInput, sites: readonly [(typeof NULL_SITES)[number], number][]): GroupInput {
  const group = structuredClone(input) as { [key: string]: Json };
  const nullOne = (holder: Json | undefined, choice: number, skip: string[] = []) => {
    if (!holder || typeof holder !== 'object' || Array.isArray(holder)) return;
    const keys = Object.keys(holder).filter((k) => holder[k] !== null && !skip.includes(k));
    if (keys.length) holder[keys[choice % keys.length] as string] = null;
  };
  const pick = (list: Json | undefined, choice: number) =>
    Array.isArray(list) && list.length ? list[choice % list.length] : undefined;
  for (const [site, choice] of sites) {
    if (site === 'group') nullOne(group, choice, ['id']);
    else if (site === 'member') nullOne(pick(group.members, choice), choice >> 3);
    else if (site === 'place') {
      const member = pick(group.members, choice) as { [key: string]: Json } | undefined;
      const places = [group.location, group.registeredOffice, member?.residence];
      nullOne(places[choice % 3], choice >> 3);
    } else if (site === 'training') nullOne(group.training, choice);
    else if (site === 'territoryAttributes') nullOne(group.territoryAttributes, choice);
    else nullOne(pick(group.enrolments, choice), 0, ['programme', 'fiscalYear', 'status']);
  }
  return group as GroupInput;
}

/**
 * The input forms the group schema allows (schemas/group.schema.json, src/rules/group.ts) that a
 * fact may read differently: `groupCases` generates each of them (test/oracle.test.ts checks that
 * each appears in a sample), and `inputForms` names the ones a generated group has.
 */
export const INPUT_FORMS = {
  'member: age only': 'a member with an age and no birth date',
  'member: birth date only': 'a member with a birth date and no age',
  'member: age and birth date': 'both (the birth date decides)',
  'member: neither age nor birth date': 'age unknown',
  'member: born on 29 February': 'a leap-day birth date',
  'residence: municipality without state': 'the state is the first two digits of the INEGI code',
  'residence: state and municipality': 'both INEGI codes',
  'residence: state only': 'a state code without a municipality',
  'residence: country MX written': 'country "MX" beside INEGI codes, or alone',
  'residence: region without country': 'an ISO 3166-2 code without its country',
  'residence: region and country': 'an ISO 3166-2 code with its country',
  'residence: foreign country only': 'a country other than MX, no region',
  'residence: empty or area type only': 'a place with no code at all',
  'residence: absent': 'no residence',
  'location: municipality without state': 'the group operates in a municipality, state not written',
  'location: state only': 'a state code without a municipality',
  'location: region without country': 'an ISO 3166-2 code without its country',
  'location: region and country': 'an ISO 3166-2 code with its country',
  'location: foreign country only': 'a country other than MX, no region',
  'location: absent': 'no location',
  'registeredOffice: municipality without state': 'the office in a municipality, state not written',
  'registeredOffice: absent': 'no registered office',
  'enrolment: with stage': 'an enrolment naming a stage',
  'enrolment: without stage': 'an enrolment naming no stage',
  'enrolment: completed stage of a shipped programme': 'completes a stage some programme requires',
  'enrolments: empty list': 'a known "none"',
  'enrolments: absent': 'unknown history',
  'legal: constituted with a date': 'legallyConstituted true and constitutedOn',
  'legal: constituted without a date': 'legallyConstituted true, no constitutedOn',
  'legal: not constituted': 'legallyConstituted false (no date allowed)',
  'legal: date without status': 'constitutedOn without legallyConstituted',
  'legal: neither': 'no legal status at all',
  'territoryAttributes: inline': 'some attributes given inline',
  'territoryAttributes: inline and a location': 'inline attributes beside a location with a territory',
  'territoryAttributes: empty object': 'given, with nothing in it',
  'territoryAttributes: absent': 'read from programmes/territories only',
  'null: group field': 'a group field given as null',
  'null: member field': 'a member field given as null',
  'null: place field': 'a place field given as null',
  'null: training field': 'a training field given as null',
  'null: territory attribute': 'an inline territory attribute given as null',
  'null: enrolment stage': 'an enrolment stage given as null',
  'debts: empty list': 'a known "none"',
  'debts: some': 'debts listed',
  'disqualifications: empty list': 'a known "none"',
  'disqualifications: some': 'disqualifications listed',
  'members: empty list': 'a group known to have no members',
  'members: absent': 'members unknown',
  'money: decimal string': 'an amount written as a string',
  'money: whole number': 'an amount written as a JSON number',
  'money: other currency': 'an income in a currency other than MXN',
  'training: partial': 'some training fields',
  'training: absent': 'no training record',
} as const;
export type InputForm = keyof typeof INPUT_FORMS;

/** A generated group as a client sends it: any field may be absent or null. */
type RawPlace = Partial<Record<'country' | 'region' | 'state' | 'municipality', string | null>>;
type RawMoney = { amount?: string | number; currency?: string } | null;
interface RawMember {
  age?: number | null;
  birthDate?: string | null;
  residence?: RawPlace | null;
  householdIncomePerCapitaMonthly?: RawMoney;
}
interface RawGroup {
  members?: RawMember[];
  location?: RawPlace | null;
  registeredOffice?: RawPlace | null;
  enrolments?: { programme?: string; stage?: string | null; status?: string }[];
  legallyConstituted?: boolean | null;
  constitutedOn?: string | null;
  territoryAttributes?: Record<string, unknown> | null;
  training?: Record<string, unknown> | null;
  debts?: unknown[];
  disqualifications?: unknown[];
  householdIncomePerCapitaMonthly?: RawMoney;
}

/** The input forms a generated group shows (see INPUT_FORMS). */
export function inputForms({ group: input }: GeneratedCase, catalogue?: Catalogue): Set<InputForm> {
  const stagePairs = catalogue?.programmes.flatMap((p) => p.stages.map((s) => `${p.id}:${s.id}`));
  const g = input as RawGroup;
  const forms = new Set<InputForm>();
  const add = (form: InputForm, when: unknown) => {
    if (when) forms.add(form);
  };
  const has = (v: unknown) => v !== undefined && v !== null;
  const hasNull = (o: unknown) =>
    !!o && typeof o === 'object' && Object.values(o as object).some((v) => v === null);
  const placeForms = (p: RawPlace | null | undefined, kind: 'residence' | 'location') => {
    const at = (form: string) => `${kind}: ${form}` as InputForm;
    if (!has(p)) return add(at('absent'), true);
    const place = p as RawPlace;
    const [country, region, state, municipality] = [
      place.country,
      place.region,
      place.state,
      place.municipality,
    ];
    add(at('municipality without state'), has(municipality) && !has(state));
    add(at('state and municipality'), has(municipality) && has(state));
    add(at('state only'), has(state) && !has(municipality));
    add(at('country MX written'), country === 'MX');
    add(at('region without country'), has(region) && !has(country));
    add(at('region and country'), has(region) && has(country));
    add(at('foreign country only'), has(country) && country !== 'MX' && !has(region));
    add(at('empty or area type only'), ![country, region, state, municipality].some(has));
  };
  for (const m of g.members ?? []) {
    add('member: age only', has(m.age) && !has(m.birthDate));
    add('member: birth date only', has(m.birthDate) && !has(m.age));
    add('member: age and birth date', has(m.age) && has(m.birthDate));
    add('member: neither age nor birth date', !has(m.age) && !has(m.birthDate));
    add('member: born on 29 February', typeof m.birthDate === 'string' && m.birthDate.endsWith('-02-29'));
    add('null: member field', hasNull(m));
    add('null: place field', hasNull(m.residence));
    placeForms(m.residence, 'residence');
    for (const money of [m.householdIncomePerCapitaMonthly]) {
      add('money: decimal string', typeof money?.amount === 'string');
      add('money: whole number', typeof money?.amount === 'number');
      add('money: other currency', !!money && money.currency !== 'MXN');
    }
  }
  placeForms(g.location, 'location');
  add(
    'registeredOffice: municipality without state',
    has(g.registeredOffice?.municipality) && !has(g.registeredOffice?.state),
  );
  add('registeredOffice: absent', !has(g.registeredOffice));
  add('null: place field', hasNull(g.location) || hasNull(g.registeredOffice));
  for (const e of g.enrolments ?? []) {
    add('enrolment: with stage', has(e.stage));
    add('enrolment: without stage', !has(e.stage));
    add('null: enrolment stage', e.stage === null);
    add(
      'enrolment: completed stage of a shipped programme',
      e.status === 'completed' && has(e.stage) && (stagePairs ?? []).includes(`${e.programme}:${e.stage}`),
    );
  }
  add('enrolments: empty list', Array.isArray(g.enrolments) && !g.enrolments.length);
  add('enrolments: absent', !has(g.enrolments));
  const constituted = g.legallyConstituted;
  add('legal: constituted with a date', constituted === true && has(g.constitutedOn));
  add('legal: constituted without a date', constituted === true && !has(g.constitutedOn));
  add('legal: not constituted', constituted === false);
  add('legal: date without status', !has(constituted) && has(g.constitutedOn));
  add('legal: neither', !has(constituted) && !has(g.constitutedOn));
  const inline = g.territoryAttributes;
  add('territoryAttributes: inline', has(inline) && Object.values(inline).some(has));
  add(
    'territoryAttributes: inline and a location',
    has(inline) &&
      Object.values(inline).some(has) &&
      (has(g.location?.municipality) || has(g.location?.region)),
  );
  add('territoryAttributes: empty object', has(inline) && !Object.keys(inline).length);
  add('territoryAttributes: absent', !has(inline));
  add('null: territory attribute', hasNull(inline));
  add('null: training field', hasNull(g.training));
  add('null: group field', hasNull(g));
  for (const list of ['debts', 'disqualifications'] as const) {
    add(`${list}: empty list`, Array.isArray(g[list]) && !g[list].length);
    add(`${list}: some`, Array.isArray(g[list]) && g[list].length > 0);
  }
  add('members: empty list', Array.isArray(g.members) && !g.members.length);
  add('members: absent', !has(g.members));
  const income = g.householdIncomePerCapitaMonthly;
  add('money: decimal string', typeof income?.amount === 'string');
  add('money: whole number', typeof income?.amount === 'number');
  add('money: other currency', !!income && income.currency !== 'MXN');
  add(
    'training: partial',
    has(g.training) && Object.keys(g.training).length > 0 && Object.keys(g.training).length < 5,
  );
  add('training: absent', !has(g.training));
  return forms;
}

/** Every place in a JSON value, as a path of keys and indices. */
function paths(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []) {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) paths(v, [...at, i], out);
  } else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  if (at.length) out.push(at);
  return out;
}

/** One small change at a path: drop it, flip a boolean, nudge a number, thin or grow a list. */
function mutate(root: Json, path: (string | number)[], choice: number): void {
  const parent = path.slice(0, -1).reduce<Json>((v, k) => (v as Record<string, Json>)[k] as Json, root);
  const key = path.at(-1) as string | number;
  const holder = parent as Record<string | number, Json>;
  const value = holder[key] as Json;
  const drop = () => {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete holder[key];
  };
  if (choice % 4 === 0) drop();
  else if (typeof value === 'boolean') holder[key] = !value;
  else if (typeof value === 'number')
    holder[key] = Math.max(0, value + (choice % 2 ? 1 : -1) * (Number.isInteger(value) ? 1 : 0.01));
  else if (Array.isArray(value)) {
    if (value.length && choice % 2) value.push(structuredClone(value[0] as Json));
    else value.pop();
  } else drop();
}

/**
 * The groups of the shipped case files (eligible, near misses, undetermined), each changed in a
 * few places and matched on its own date or a day either side: the inputs closest to every edge.
 */
export function mutatedCases(
  cases: readonly { asOf: string; group: unknown }[],
): fc.Arbitrary<GeneratedCase> {
  return (
    fc
      .record({
        index: fc.nat(cases.length - 1),
        changes: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
        day: fc.constantFrom(0, 0, 0, -1, 1),
      })
      .map(({ index, changes, day }) => {
        const source = cases[index] as { asOf: string; group: unknown };
        const group = structuredClone(source.group) as Json;
        for (const [where, choice] of changes) {
          const all = paths(group);
          if (all.length) mutate(group, all[where % all.length] as (string | number)[], choice);
        }
        return { asOf: addDays(source.asOf, day), group: group as GroupInput };
      })
      // A change that breaks validation (a list item losing a required field) is not a group.
      .filter((c) => groupSchema.safeParse(c.group).success)
  );
}
