import type { Catalogue, ProgrammeVersion } from '../src/rules/catalogue';
import type { Condition, LeafCondition } from '../src/rules/condition';
import type { Territory } from '../src/rules/territory';

/**
 * A naive second reading of the shipped rule files, for test/oracle.test.ts. It shares nothing with
 * the engine's fact catalogue (src/rules/facts.ts), operators (src/rules/condition.ts), Kleene logic
 * (src/rules/verdict.ts) or status decision (src/rules/status.ts): every fact is derived again
 * from the group as a client writes it (JSON, nulls included, money as `{ amount, currency }`),
 * following the meaning given in docs/facts.md and schemas/group.schema.json. Only data is shared:
 * the programme versions with their resolved conditions, and the territory list.
 *
 * Written for clarity, not speed. A fact or operator it does not know is an error (a new rule file
 * that uses one needs it added here), never a silent "unknown".
 */

/** Three-valued truth: true, false, or undefined for "unknown" (a fact it needs is missing). */
type Tri = boolean | undefined;

// biome-ignore lint/suspicious/noExplicitAny: the oracle reads raw, unvalidated group JSON
type Json = any;

/** Unknown fact value. */
const UNKNOWN: unique symbol = Symbol('unknown');
type Value = unknown | typeof UNKNOWN;

/** A field of the input: null and absent both mean "not known". */
function field(object: Json, key: string): Json {
  if (object === null || object === undefined) return undefined;
  const v = object[key];
  return v === null ? undefined : v;
}
const given = (v: unknown): Value => (v === undefined ? UNKNOWN : v);

/** Kleene connectives, written out. */
function and(values: Tri[]): Tri {
  if (values.some((v) => v === false)) return false;
  if (values.some((v) => v === undefined)) return undefined;
  return true;
}
function or(values: Tri[]): Tri {
  if (values.some((v) => v === true)) return true;
  if (values.some((v) => v === undefined)) return undefined;
  return false;
}
const not = (v: Tri): Tri => (v === undefined ? undefined : !v);

/** Whole years from one date to another (an anniversary counts on its day; 29 February on 1 March). */
function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  // The anniversary in the year of `to`; Date.UTC rolls 29 February over to 1 March.
  const anniversary = new Date(Date.UTC(ty, fm - 1, fd));
  const day = new Date(Date.UTC(ty, tm - 1, td));
  if (day < anniversary) years -= 1;
  return years;
}

/** Money given as a decimal string or a whole number of major units. */
function majorUnits(money: Json, currency: string): Value {
  if (money === undefined) return UNKNOWN;
  if (money.currency !== currency) return UNKNOWN;
  return Number(money.amount);
}

/** INEGI: a municipality code's first two digits are its state's code. */
function stateOf(place: Json): Value {
  const state = field(place, 'state');
  if (state !== undefined) return state;
  const municipality = field(place, 'municipality');
  return municipality === undefined ? UNKNOWN : municipality.slice(0, 2);
}

// ---------------------------------------------------------------------------------------------
// Member facts.

function memberAge(member: Json, asOf: string): Value {
  const birthDate = field(member, 'birthDate');
  // A birth date gives the age at the matching date exactly; a stated age is taken as it is.
  if (birthDate !== undefined) return wholeYears(birthDate, asOf);
  return given(field(member, 'age'));
}

function memberFact(name: string, member: Json, asOf: string, params: Json): Value {
  const residence = field(member, 'residence');
  switch (name) {
    case 'age':
      return memberAge(member, asOf);
    case 'sex':
    case 'prosperaBeneficiary':
    case 'inPoverty':
    case 'producerStratum':
    case 'indigenous':
    case 'entrepreneurialPotential':
      return given(field(member, name));
    case 'residenceState':
      return stateOf(residence);
    case 'residenceAreaType':
      return given(field(residence, 'areaType'));
    case 'memberHouseholdIncomePerCapitaMonthly':
      return majorUnits(field(member, 'householdIncomePerCapitaMonthly'), params.currency);
    default:
      throw new Error(`the oracle does not know the member fact '${name}'`);
  }
}

/** Does a member meet a member filter (every condition given)? Kleene AND of its conditions. */
function memberMeets(member: Json, filter: Json, asOf: string): Tri {
  const tests: Tri[] = [];
  const test = (value: Value, ok: (v: Json) => boolean) =>
    tests.push(value === UNKNOWN ? undefined : ok(value));
  const residence = field(member, 'residence');
  for (const [key, wanted] of Object.entries(filter as Record<string, Json>)) {
    switch (key) {
      case 'sex':
      case 'prosperaBeneficiary':
      case 'inPoverty':
      case 'indigenous':
        test(given(field(member, key)), (v) => v === wanted);
        break;
      case 'minAge':
        test(memberAge(member, asOf), (v) => v >= wanted);
        break;
      case 'maxAge':
        test(memberAge(member, asOf), (v) => v <= wanted);
        break;
      case 'residenceState':
        test(stateOf(residence), (v) => v === wanted);
        break;
      case 'residenceMunicipalities':
        test(given(field(residence, 'municipality')), (v) => wanted.includes(v));
        break;
      case 'areaTypes':
        test(given(field(residence, 'areaType')), (v) => wanted.includes(v));
        break;
      case 'producerStrata':
        test(given(field(member, 'producerStratum')), (v) => wanted.includes(v));
        break;
      case 'entrepreneurialPotentials':
        test(given(field(member, 'entrepreneurialPotential')), (v) => wanted.includes(v));
        break;
      default:
        throw new Error(`the oracle does not know the member filter '${key}'`);
    }
  }
  return and(tests);
}

// ---------------------------------------------------------------------------------------------
// Group facts.

export interface OracleContext {
  group: Json;
  asOf: string;
  /** Territory attributes by code, as listed in programmes/territories (not merged). */
  territories: ReadonlyMap<string, Territory>;
  /** Only for its data: the programme versions, the bodies and the registry, read by exclusions. */
  catalogue: Catalogue;
}

function countMatching(ctx: OracleContext, filter: Json): Value {
  const members = field(ctx.group, 'members');
  if (members === undefined) return UNKNOWN;
  const verdicts = members.map((m: Json) => memberMeets(m, filter, ctx.asOf));
  if (verdicts.some((v: Tri) => v === undefined)) return UNKNOWN;
  return verdicts.filter((v: Tri) => v === true).length;
}

/** A territory attribute: given inline for the group, else the location's territory (a municipality inheriting its state's). */
function territoryAttribute(ctx: OracleContext, key: string): Value {
  const inline = field(field(ctx.group, 'territoryAttributes'), key);
  if (inline !== undefined) return inline;
  const location = field(ctx.group, 'location');
  const municipality = field(location, 'municipality');
  const region = field(location, 'region');
  const state = field(location, 'state');
  const lookup = (code: string) => field(ctx.territories.get(code)?.attributes, key);
  let value: Json;
  if (municipality !== undefined) value = lookup(municipality) ?? lookup(municipality.slice(0, 2));
  else if (region !== undefined) value = lookup(region);
  else if (state !== undefined) value = lookup(state);
  return given(value);
}

function agencies(list: Json): Value {
  if (list === undefined) return UNKNOWN;
  return [...new Set(list.map((item: Json) => item.agency))];
}

function groupFact(name: string, ctx: OracleContext, params: Json): Value {
  const g = ctx.group;
  const year = Number(ctx.asOf.slice(0, 4));
  const location = field(g, 'location');
  const training = field(g, 'training');
  const enrolments: Json[] | undefined = field(g, 'enrolments');
  switch (name) {
    case 'memberCount':
      return field(g, 'members') === undefined ? UNKNOWN : field(g, 'members').length;
    case 'membersMatching':
      return countMatching(ctx, params);
    case 'shareOfMembersMatching': {
      const count = countMatching(ctx, params);
      const total = field(g, 'members')?.length;
      // No members: a share of nobody is not a number.
      if (count === UNKNOWN || !total) return UNKNOWN;
      return (count as number) / total;
    }
    case 'legalForm':
    case 'legallyConstituted':
    case 'hasManagementBody':
    case 'hasSupervisoryBody':
    case 'sector':
    case 'productiveReadiness':
    case 'commitmentToConstitute':
      return given(field(g, name));
    case 'yearsSinceConstitution': {
      if (field(g, 'legallyConstituted') === false) return 0;
      const on = field(g, 'constitutedOn');
      return on === undefined ? UNKNOWN : Math.max(0, wholeYears(on, ctx.asOf));
    }
    case 'registeredOfficeState':
      return stateOf(field(g, 'registeredOffice'));
    case 'locationState':
      return stateOf(location);
    case 'locationCountry': {
      const country = field(location, 'country');
      if (country !== undefined) return country;
      if (field(location, 'state') !== undefined || field(location, 'municipality') !== undefined)
        return 'MX';
      // An ISO 3166-2 code starts with its country's ISO 3166-1 code ("UY-AR" is in UY).
      const region = field(location, 'region');
      return region === undefined ? UNKNOWN : region.slice(0, 2);
    }
    case 'locationRegion':
      return given(field(location, 'region'));
    case 'locationMunicipality':
      return given(field(location, 'municipality'));
    case 'locationAreaType':
      return given(field(location, 'areaType'));
    case 'cooperativismCourseCompleted':
    case 'advisoryCouncilMeetingsAttended':
    case 'trainingAttendanceShare':
      return given(field(training, name));
    case 'hasManagementTool':
      return given(field(training, 'managementToolCompleted'));
    case 'agenciesOwed':
      return agencies(field(g, 'debts'));
    case 'agenciesDisqualifiedBy':
      return agencies(field(g, 'disqualifications'));
    case 'programmesThisFiscalYear': {
      if (enrolments === undefined) return UNKNOWN;
      const statuses: string[] = params?.statuses ?? ['current', 'completed'];
      return [
        ...new Set(
          enrolments
            .filter((e) => e.fiscalYear === year && statuses.includes(e.status))
            .map((e) => e.programme),
        ),
      ];
    }
    case 'householdIncomePerCapitaMonthly':
      return majorUnits(field(g, 'householdIncomePerCapitaMonthly'), params.currency);
    case 'priorSupportCount':
      if (enrolments === undefined) return UNKNOWN;
      return enrolments.filter((e) => e.fiscalYear < year && e.status === 'completed').length;
    case 'completedStages':
      return completedStages(g);
    case 'territoryMarginalisation':
      return territoryAttribute(ctx, 'marginalisation');
    case 'territoryRuralZap':
      return territoryAttribute(ctx, 'ruralZap');
    case 'territoryUrbanZapShare':
      return territoryAttribute(ctx, 'urbanZapShare');
    case 'territoryShareBelowWelfareLine':
      return territoryAttribute(ctx, 'shareBelowWelfareLine');
    case 'territoryIndigenousCriteria':
      return territoryAttribute(ctx, 'indigenousCriteria');
    case 'territorySocialBank':
      return territoryAttribute(ctx, 'socialBank');
    case 'territoryFrontierZone':
      return territoryAttribute(ctx, 'frontierZone');
    case 'territoryAdvisoryCouncilActivity':
      return territoryAttribute(ctx, 'advisoryCouncilActivity');
    default:
      throw new Error(`the oracle does not know the group fact '${name}'`);
  }
}

/** "programme:stage" for every completed enrolment that names a stage; unknown without enrolments. */
function completedStages(group: Json): string[] | undefined {
  const enrolments: Json[] | undefined = field(group, 'enrolments');
  if (enrolments === undefined) return undefined;
  return enrolments
    .filter((e) => e.status === 'completed' && field(e, 'stage') !== undefined)
    .map((e) => `${e.programme}:${e.stage}`);
}

// ---------------------------------------------------------------------------------------------
// Operators (json-rules-engine's, and Vincula's three), on a known fact value.

function operate(operator: string, fact: Json, value: Json): boolean {
  const num = typeof fact === 'number' && !Number.isNaN(fact);
  switch (operator) {
    case 'equal':
      return fact === value;
    case 'notEqual':
      return fact !== value;
    case 'in':
      return value.includes(fact);
    case 'notIn':
      return !value.includes(fact);
    case 'contains':
      return Array.isArray(fact) && fact.includes(value);
    case 'doesNotContain':
      return Array.isArray(fact) && !fact.includes(value);
    case 'lessThan':
      return num && fact < value;
    case 'lessThanInclusive':
      return num && fact <= value;
    case 'greaterThan':
      return num && fact > value;
    case 'greaterThanInclusive':
      return num && fact >= value;
    case 'between':
      return num && fact >= value[0] && fact <= value[1];
    case 'intersects':
      return Array.isArray(fact) && fact.some((x) => value.includes(x));
    case 'disjoint':
      return Array.isArray(fact) && !fact.some((x) => value.includes(x));
    default:
      throw new Error(`the oracle does not know the operator '${operator}'`);
  }
}

type FactOf = (leaf: LeafCondition) => Value;

function evaluate(condition: Condition, factOf: FactOf): Tri {
  if ('all' in condition) return and(condition.all.map((c) => evaluate(c, factOf)));
  if ('any' in condition) return or(condition.any.map((c) => evaluate(c, factOf)));
  if ('not' in condition) return not(evaluate(condition.not, factOf));
  if (condition.path !== undefined) throw new Error('the oracle does not read JSONPath conditions');
  const value = factOf(condition);
  return value === UNKNOWN ? undefined : operate(condition.operator, value, condition.value);
}

// ---------------------------------------------------------------------------------------------
// Programme statuses.

export type OracleVerdict = 'passed' | 'failed' | 'unknown';
export interface OracleResult {
  key: string;
  status: 'eligible' | 'ineligible' | 'undetermined' | 'not_active' | 'no_rules';
  /** The stage the status refers to, for staged programmes in force. */
  stage?: string;
  /** Verdict per criterion id (a member criterion: does some member meet it). */
  criteria: Record<string, OracleVerdict>;
}

const verdict = (t: Tri): OracleVerdict => (t === undefined ? 'unknown' : t ? 'passed' : 'failed');
const statusOf = (t: Tri) => (t === undefined ? 'undetermined' : t ? 'eligible' : 'ineligible');
/** Order of the three values, for "best stage": ineligible < undetermined < eligible. */
const rank = (t: Tri) => (t === undefined ? 1 : t ? 2 : 0);

const GROUP_FACTS = new Set([
  'memberCount',
  'membersMatching',
  'shareOfMembersMatching',
  'legalForm',
  'legallyConstituted',
  'yearsSinceConstitution',
  'hasManagementBody',
  'hasSupervisoryBody',
  'registeredOfficeState',
  'locationState',
  'locationCountry',
  'locationRegion',
  'locationMunicipality',
  'locationAreaType',
  'sector',
  'productiveReadiness',
  'commitmentToConstitute',
  'cooperativismCourseCompleted',
  'hasManagementTool',
  'advisoryCouncilMeetingsAttended',
  'trainingAttendanceShare',
  'agenciesOwed',
  'agenciesDisqualifiedBy',
  'programmesThisFiscalYear',
  'householdIncomePerCapitaMonthly',
  'priorSupportCount',
  'completedStages',
  'territoryMarginalisation',
  'territoryRuralZap',
  'territoryUrbanZapShare',
  'territoryShareBelowWelfareLine',
  'territoryIndigenousCriteria',
  'territorySocialBank',
  'territoryFrontierZone',
  'territoryAdvisoryCouncilActivity',
]);

function versionStatus(version: ProgrammeVersion, ctx: OracleContext): OracleResult {
  const groupFactOf: FactOf = (leaf) => groupFact(leaf.fact, ctx, leaf.params ?? {});
  const criteria: Record<string, OracleVerdict> = {};
  const groupVerdicts = new Map<string, Tri>();
  const memberCriteria = version.criteria.filter((c) => c.scope === 'member');
  for (const c of version.criteria) {
    if (c.scope === 'group') {
      const v = evaluate(c.resolved, groupFactOf);
      groupVerdicts.set(c.id, v);
      criteria[c.id] = verdict(v);
    }
  }
  // Person and household programmes: some member must meet every member criterion.
  let membersVerdict: Tri = true;
  if (memberCriteria.length) {
    if (memberCriteria.some((c) => c.stage)) throw new Error('the oracle does not stage member criteria');
    const members: Json[] | undefined = field(ctx.group, 'members');
    const perMember = (members ?? []).map((m) => {
      const factOf: FactOf = (leaf) =>
        GROUP_FACTS.has(leaf.fact)
          ? groupFact(leaf.fact, ctx, leaf.params ?? {})
          : memberFact(leaf.fact, m, ctx.asOf, leaf.params ?? {});
      return memberCriteria.map((c) => evaluate(c.resolved, factOf));
    });
    memberCriteria.forEach((c, i) => {
      criteria[c.id] = verdict(members === undefined ? undefined : or(perMember.map((vs) => vs[i] as Tri)));
    });
    membersVerdict = members === undefined ? undefined : or(perMember.map((vs) => and(vs)));
  }
  const exclusions = exclusionVerdicts(version, ctx);
  for (const [id, v] of exclusions) criteria[id] = verdict(v);
  const base = [
    ...version.criteria
      .filter((c) => c.scope === 'group' && !c.stage)
      .map((c) => groupVerdicts.get(c.id) as Tri),
    ...exclusions.values(),
  ];
  if (!version.stages.length)
    return { key: version.key, status: statusOf(and([...base, membersVerdict])), criteria };

  const done = completedStages(ctx.group);
  const stageVerdicts = version.stages.map((s) => {
    const own = version.criteria
      .filter((c) => c.scope === 'group' && c.stage === s.id)
      .map((c) => groupVerdicts.get(c.id) as Tri);
    const prerequisites = s.requires.map((r) =>
      done === undefined ? undefined : done.includes(`${version.id}:${r}`),
    );
    return and([...base, ...own, membersVerdict, ...prerequisites]);
  });
  // The most advanced stage the group is eligible for; otherwise the first stage with the best status.
  const best = Math.max(...stageVerdicts.map(rank));
  const index =
    best === 2 ? stageVerdicts.map(rank).lastIndexOf(2) : stageVerdicts.findIndex((v) => rank(v) === best);
  return {
    key: version.key,
    status: statusOf(stageVerdicts[index]),
    stage: version.stages[index]?.id,
    criteria,
  };
}

// ---------------------------------------------------------------------------------------------
// Exclusions (FOCOFESS-09), read again from the exclusion's own words in docs/rule-format.md: a group
// that holds (current or completed) in the same fiscal year another programme the exclusion names, or
// one run by an agency or a government it names, fails it; a programme and its umbrella never exclude
// each other; what runs a held programme is its rule file's (any year), else the registry's (its agency,
// a body, gives level and country), else the enrolment's own agency, level and country. An exclusion a
// held programme's rules declare that covers this one fails too, named after its declarer, unless this
// programme's own exclusion already fails on that enrolment.

interface Runs {
  agency?: string;
  level?: string;
  country?: string;
  parent?: string;
  exclusions?: ProgrammeVersion['exclusions'];
  validity?: { from: string; to: string };
}

function whatRuns(catalogue: Catalogue, id: string, year: number, e: Json): Runs {
  const versions = catalogue.programmes.filter((p) => p.id === id);
  const same = versions.find((p) => p.fiscalYear === year);
  const any = same ?? [...versions].sort((a, b) => a.fiscalYear - b.fiscalYear).at(-1);
  if (any)
    return {
      agency: any.agency,
      level: any.level,
      country: any.country,
      parent: any.parent,
      ...(same ? { exclusions: same.exclusions, validity: same.validity } : {}),
    };
  const entry = catalogue.registry.all().find((r) => r.id === id);
  if (entry?.agency && entry.name) {
    const body = catalogue.bodies.get(entry.agency);
    return { agency: entry.agency, level: body?.level, country: body?.country };
  }
  const agency = field(e, 'agency');
  const body = agency === undefined ? undefined : catalogue.bodies.get(agency);
  return { agency, level: body?.level ?? field(e, 'level'), country: body?.country ?? field(e, 'country') };
}

function covers(
  declarer: { id: string; parent?: string; fiscalYear: number; validity?: { from: string; to: string } },
  x: ProgrammeVersion['exclusions'][number],
  other: { id: string; fiscalYear: number; runs: Runs },
): Tri {
  if (other.id === declarer.id || other.id === declarer.parent || other.runs.parent === declarer.id)
    return false;
  const sameTime =
    x.period === 'concurrent' && declarer.validity && other.runs.validity
      ? declarer.validity.from <= other.runs.validity.to && other.runs.validity.from <= declarer.validity.to
      : declarer.fiscalYear === other.fiscalYear;
  if (!sameTime) return false;
  if (x.programmes.includes(other.id)) return true;
  const byAgency: Tri = x.agencies.length
    ? other.runs.agency === undefined
      ? undefined
      : x.agencies.includes(other.runs.agency)
    : false;
  const byGovernment: Tri = x.governments.length
    ? other.runs.level === undefined || other.runs.country === undefined
      ? undefined
      : x.governments.some((g) => g.level === other.runs.level && g.country === other.runs.country)
    : false;
  return or([byAgency, byGovernment]);
}

function exclusionVerdicts(version: ProgrammeVersion, ctx: OracleContext): Map<string, Tri> {
  const out = new Map<string, Tri>();
  const list: Json[] | undefined = field(ctx.group, 'enrolments');
  const held = (list ?? [])
    .map((e: Json, index: number) => ({ e, index }))
    .filter(({ e }: { e: Json }) => ['current', 'completed'].includes(field(e, 'status')))
    .map(({ e, index }: { e: Json; index: number }) => {
      const id = field(e, 'programme') as string;
      const fiscalYear = field(e, 'fiscalYear') as number;
      return { id, fiscalYear, index, runs: whatRuns(ctx.catalogue, id, fiscalYear, e) };
    });
  const failedOn = new Set<number>();
  for (const x of version.exclusions) {
    const each = held.map((h: (typeof held)[number]) => {
      const c = covers(version, x, h);
      if (c === true) failedOn.add(h.index);
      return c;
    });
    // Holding none it covers passes; unknown while the enrolments or what runs one are.
    const v = or(each);
    out.set(
      `exclusion:${x.id}`,
      list === undefined && v !== true ? undefined : v === undefined ? undefined : !v,
    );
  }
  for (const h of held) {
    if (failedOn.has(h.index) || !h.runs.exclusions) continue;
    for (const x of h.runs.exclusions) {
      const declarer = {
        id: h.id,
        parent: h.runs.parent,
        fiscalYear: h.fiscalYear,
        validity: h.runs.validity,
      };
      const other = {
        id: version.id,
        fiscalYear: version.fiscalYear,
        runs: { ...version, exclusions: undefined },
      };
      if (covers(declarer, x, other) === true) out.set(`exclusion:${h.id}:${x.id}`, false);
    }
  }
  return out;
}

const TERRITORIES = new WeakMap<Catalogue, Map<string, Territory>>();

/**
 * Every matchable programme's status on a date: the version in force, or `not_active` (judged on the
 * version nearest the date: the latest ended one, else the first to come), in the catalogue's order.
 */
export function oracleStatuses(catalogue: Catalogue, group: Json, asOf: string): OracleResult[] {
  let territories = TERRITORIES.get(catalogue);
  if (!territories) {
    territories = new Map(catalogue.territories.all().map((t) => [t.code, t]));
    TERRITORIES.set(catalogue, territories);
  }
  const ctx: OracleContext = { group, asOf, territories, catalogue };
  const byId = new Map<string, ProgrammeVersion[]>();
  for (const p of catalogue.programmes) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
  const out: OracleResult[] = [];
  for (const versions of byId.values()) {
    versions.sort((a, b) => (a.validity.from < b.validity.from ? -1 : 1));
    const active = versions.find((v) => v.validity.from <= asOf && asOf <= v.validity.to);
    const nearest = active ?? versions.filter((v) => v.validity.to < asOf).at(-1) ?? versions[0];
    if (!nearest?.matchable) continue;
    // A year of the programme's lifetime (the registry's data) with no rule file: its rules are not encoded.
    const year = Number(asOf.slice(0, 4));
    const lifetime = catalogue.registry.all().find((e) => e.id === nearest.id)?.lifetime;
    const ran = lifetime !== undefined && lifetime.from <= year && year <= lifetime.to;
    const inactive = ran && !versions.some((v) => v.fiscalYear === year) ? 'no_rules' : 'not_active';
    out.push(active ? versionStatus(active, ctx) : { key: nearest.key, status: inactive, criteria: {} });
  }
  return out;
}
