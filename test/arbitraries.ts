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
 * come in mirrored halves so shares land on 50 % exactly, and dates sit on validity bounds.
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
  const amount = (minor: number, c: Currency) => ({
    amount: (Math.max(0, minor) / 10 ** CURRENCY_DIGITS[c]).toFixed(CURRENCY_DIGITS[c]),
    currency: c,
  });
  const income = fc.oneof(
    fc.tuple(aNumber, currency).map(([major, c]) => amount(Math.round(major * 10 ** CURRENCY_DIGITS[c]), c)),
    // Incomes on the income lines, and one cent either side.
    fc
      .tuple(fc.constantFrom(...numbers), fc.constantFrom(-1, 0, 1), currency)
      .map(([major, delta, c]) => amount(Math.round(major * 10 ** CURRENCY_DIGITS[c]) + delta, c)),
  );

  const place = (inMexico: boolean): fc.Arbitrary<Place> =>
    inMexico
      ? fc
          .record(
            {
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
            { region: fc.constantFrom(...regions), areaType: fc.constantFrom(...AREA_TYPES) },
            { requiredKeys: ['region'] },
          )
          .map((p) => defined({ country: (p.region as string).slice(0, 2), ...p }));
  const anyPlace = fc.oneof({ weight: 4, arbitrary: place(true) }, place(false));

  const member = (asOfDate: string): fc.Arbitrary<MemberInput> =>
    fc
      .record(
        {
          id: fc.constantFrom('m1', 'm2', 'm3'),
          // Ages at the bounds of every age rule (18, 65) and birthdays exactly on the matching date.
          age: fc.oneof(fc.constantFrom(0, 15, 17, 18, 19, 29, 30, 64, 65, 66, 99), fc.nat(110)),
          birthDate: fc
            .tuple(fc.constantFrom(17, 18, 19, 64, 65, 66, 30), fc.constantFrom(-1, 0, 1))
            .map(([years, days]) => addDays(addYears(asOfDate, -years), days)),
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
            programme: fc.constantFrom(...programmeIds),
            fiscalYear: fc.constantFrom(year - 1, year, year + 1),
            stage: fc.constantFrom(...stageIds),
            status: fc.constantFrom(...ENROLMENT_STATUSES),
          },
          { requiredKeys: ['programme', 'fiscalYear', 'status'] },
        )
        .map(defined),
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
          territoryAttributes: fc
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
        return { asOf: date, group };
      }),
  );
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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
