import type { Enrolment, Group, Member, Place } from '../rules/group';
import type { TerritoryIndex } from '../rules/territory';
import { type Distributions, type ResolvedRegion, resolveRegions } from './distributions';

/**
 * A synthetic population drawn from documented distributions (src/graph/distributions.json). The
 * same distributions, seed and territories give the same groups, in the same order. Each group is
 * drawn from its own random stream (the seed and its index), so group i is the same whether it is
 * drawn alone, as part of a longer run or by another worker thread: a run can be split into ranges
 * and drawn in parallel. Groups are generated one at a time, so a run of any size needs constant memory.
 */

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128 bits of state), re-seeded for each
 * group from the run's seed and the group's number through splitmix32. With 128 bits of state the
 * streams of a million groups do not run into each other, as 32-bit generators' streams do.
 */
export class Random {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** Starts the stream of group `index` of the run seeded `seed` (a 32-bit unsigned integer). */
  seed(seed: number, index: number): this {
    let x = (Math.imul(seed, 0x9e3779b1) ^ index) >>> 0;
    const next = () => {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = (next() ^ Math.imul(index + 1, 0x27d4eb2f)) >>> 0;
    for (let i = 0; i < 12; i++) this.next();
    return this;
  }

  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }
}

type Options<T> = readonly { value: T; weight: number }[];

/** Cumulative weights, so a draw is one random number and a short scan. */
class Picker<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  constructor(options: Options<T>) {
    this.values = options.map((o) => o.value);
    let total = 0;
    this.cumulative = options.map((o) => {
      total += o.weight;
      return total;
    });
  }
  pick(random: Random): T {
    const r = random.next() * (this.cumulative.at(-1) as number);
    for (let i = 0; i < this.cumulative.length; i++)
      if (r < (this.cumulative[i] as number)) return this.values[i] as T;
    return this.values.at(-1) as T;
  }
}

interface RegionPickers {
  region: ResolvedRegion;
  [key: string]: unknown;
}

function pickers(region: ResolvedRegion) {
  const p = <T>(d: { options: Options<T> }) => new Picker(d.options);
  return {
    region,
    territory: p(region.territories),
    areaType: p(region.areaType),
    marginalisation: p(region.marginalisation),
    constitutedYear: p(region.constitutedYear),
    memberResidenceRecorded: p(region.memberResidenceRecorded),
    legalFormConstituted: p(region.legalFormConstituted),
    legalFormNotConstituted: p(region.legalFormNotConstituted),
    sizeConstituted: p(region.sizeConstituted),
    sizeNotConstituted: p(region.sizeNotConstituted),
    sectorRural: p(region.sectorRural),
    sectorUrban: p(region.sectorUrban),
    trainingAttendance: p(region.trainingAttendance),
    councilMeetings: {
      regular: new Picker(region.councilMeetings.regular),
      intermittent: new Picker(region.councilMeetings.intermittent),
      little_or_none: new Picker(region.councilMeetings.little_or_none),
      none: new Picker(region.councilMeetings.none),
    },
    entrepreneurialPotential: p(region.entrepreneurialPotential),
    prosperaShare: p(region.prosperaShare),
    householdIncome: p(region.householdIncome),
    memberAge: p(region.memberAge),
    producerStratum: p(region.producerStratum),
    otherResidence: p(region.otherResidence),
    enrolmentsConstituted: p(region.enrolmentsConstituted),
    enrolmentsNotConstituted: p(region.enrolmentsNotConstituted),
  } satisfies RegionPickers;
}

function placeOf(code: string, areaType: Place['areaType'] | undefined): Place {
  // Literals, not spreads: this runs for every member of every group.
  if (code.length === 5 && code.charCodeAt(2) !== 45 /* - */) {
    const state = code.slice(0, 2);
    return areaType ? { state, municipality: code, areaType } : { state, municipality: code };
  }
  if (code.length === 2) return areaType ? { state: code, areaType } : { state: code };
  const country = code.slice(0, 2);
  return areaType ? { country, region: code, areaType } : { country, region: code };
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : String(n));

export interface SyntheticOptions {
  count: number;
  seed: number;
  /** Index of the first group to draw (default 0): a range of a longer run, for parallel drawing. */
  start?: number;
  /** The catalogue's territories: a group's borough gives its advisory council's activity. */
  territories: TerritoryIndex;
}

/** Draws `count` groups; a generator, so the caller streams them. */
export function* syntheticGroups(distributions: Distributions, options: SyntheticOptions): Generator<Group> {
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 0xffffffff)
    throw new RangeError(`the seed is a whole number from 0 to ${0xffffffff}, not ${options.seed}`);
  const random = new Random();
  const regions = resolveRegions(distributions).map(pickers);
  const regionPicker = new Picker(regions.map((r) => ({ value: r, weight: r.region.weight })));
  const unknownShare = distributions.unknownShare.value;
  const yes = (p: number) => random.next() < p;
  /** The field as recorded: left out with probability unknownShare (the draw happens either way). */
  const recorded = <T>(value: T): T | undefined => (random.next() < unknownShare ? undefined : value);
  const memberUnknownShare = distributions.memberUnknownShare.value;
  const activity = new Map<string, 'regular' | 'intermittent' | 'little_or_none' | 'none'>();

  const first = options.start ?? 0;
  for (let g = first; g < first + options.count; g++) {
    random.seed(options.seed, g);
    const r = regionPicker.pick(random);
    const region = r.region;
    const code = r.territory.pick(random);
    let council = activity.get(code);
    if (!council) {
      council = options.territories.attributes(code).advisoryCouncilActivity ?? 'none';
      activity.set(code, council);
    }
    const areaType = r.areaType.pick(random);
    const rural = areaType === 'rural';
    const constituted = yes(region.constituted.value);

    const location = placeOf(code, recorded(areaType));
    const legallyConstituted = recorded(constituted);
    const legalForm = recorded(
      constituted ? r.legalFormConstituted.pick(random) : r.legalFormNotConstituted.pick(random),
    );
    const size = constituted ? r.sizeConstituted.pick(random) : r.sizeNotConstituted.pick(random);
    const constitutedOn = constituted
      ? recorded(`${r.constitutedYear.pick(random)}-${twoDigits(1 + Math.floor(random.next() * 12))}-15`)
      : undefined;
    const history = constituted
      ? r.enrolmentsConstituted.pick(random)
      : r.enrolmentsNotConstituted.pick(random);
    const meets = history.meets ?? {};

    let hasManagementBody: boolean | undefined;
    let hasSupervisoryBody: boolean | undefined;
    let registeredOffice: Place | undefined;
    let commitmentToConstitute: boolean | undefined;
    if (constituted) {
      hasManagementBody = recorded(yes(region.managementBody.value));
      hasSupervisoryBody = recorded(yes(region.supervisoryBody.value));
      const inTerritory = yes(region.registeredOfficeInTerritory.value);
      const office = recorded(inTerritory ? code : r.otherResidence.pick(random));
      if (office) registeredOffice = placeOf(office, undefined);
    } else {
      commitmentToConstitute = recorded(yes(region.commitmentToConstitute.value));
    }

    const sector = recorded(rural ? r.sectorRural.pick(random) : r.sectorUrban.pick(random));
    const productiveReadiness = recorded(yes(region.productiveReadiness.value));
    const owes = recorded(yes(region.owesStyfe.value));
    const disqualified = recorded(yes(region.disqualifiedByStyfe.value));
    const training: NonNullable<Group['training']> = {
      cooperativismCourseCompleted: recorded(
        yes(region.cooperativismCourse.value) || meets.cooperativismCourse === true,
      ),
      managementToolCompleted: recorded(constituted && yes(region.managementTool.value)),
      advisoryCouncilMeetingsAttended: recorded(
        Math.max(r.councilMeetings[council].pick(random), meets.councilMeetings ?? 0),
      ),
      trainingAttendanceShare: recorded(
        Math.max(r.trainingAttendance.pick(random), meets.trainingAttendance ?? 0),
      ),
    };
    const marginalisation = r.marginalisation.pick(random);
    const income = recorded(r.householdIncome.pick(random));

    const prospera = r.prosperaShare.pick(random);
    const members: Member[] = [];
    // The member loop draws in line (value, then whether it was recorded): it runs ~9 times a group.
    const unknown = memberUnknownShare;
    const female = region.female.value;
    const resides = region.memberResidesInTerritory.value;
    const poverty = region.inPoverty.value;
    const indigenousShare = region.indigenous.value;
    const birthDate = region.birthDateRecorded;
    const memberIncome = region.memberIncomeRecorded.value;
    for (let m = 0; m < size; m++) {
      const [youngest, oldest] = r.memberAge.pick(random);
      const drawnAge = youngest + Math.floor(random.next() * (oldest - youngest + 1));
      const recordedAge = random.next() < unknown ? undefined : drawnAge;
      // A date of birth instead of an age, for some: the age drawn, counted back from the reference year.
      const born =
        recordedAge !== undefined && random.next() < birthDate.value
          ? `${birthDate.referenceYear - recordedAge}-${twoDigits(1 + Math.floor(random.next() * 12))}-${twoDigits(1 + Math.floor(random.next() * 28))}`
          : undefined;
      const age = born === undefined ? recordedAge : undefined;
      const drawnSex = random.next() < female ? ('female' as const) : ('male' as const);
      const sex = random.next() < unknown ? undefined : drawnSex;
      const home = random.next() < resides ? code : r.otherResidence.pick(random);
      // Members live in the group's state (or another region), not in a given municipality.
      // (Some are recorded with the municipality, alone or with the state, when they live in the group's.)
      const inMunicipality = home.length === 5 && home.charCodeAt(2) !== 45;
      const form = inMunicipality && home === code ? r.memberResidenceRecorded.pick(random) : 'state';
      const drawnResidence =
        form === 'municipality'
          ? areaType
            ? { municipality: home, areaType }
            : { municipality: home }
          : placeOf(inMunicipality && form === 'state' ? home.slice(0, 2) : home, areaType);
      const residence = random.next() < unknown ? undefined : drawnResidence;
      const drawnBeneficiary = random.next() < prospera;
      const prosperaBeneficiary = random.next() < unknown ? undefined : drawnBeneficiary;
      const drawnPoor = random.next() < poverty;
      const inPoverty = random.next() < unknown ? undefined : drawnPoor;
      const drawnIndigenous = random.next() < indigenousShare;
      const indigenous = random.next() < unknown ? undefined : drawnIndigenous;
      const stratum = r.producerStratum.pick(random);
      const potential = random.next() < unknown ? undefined : r.entrepreneurialPotential.pick(random);
      const income = random.next() < memberIncome ? r.householdIncome.pick(random) : null;
      // Every member has the same fields (undefined when unknown): one object shape for the engine.
      members.push({
        age,
        birthDate: born,
        sex,
        residence,
        prosperaBeneficiary,
        inPoverty,
        indigenous,
        entrepreneurialPotential: potential,
        producerStratum: stratum && rural ? stratum : undefined,
        householdIncomePerCapitaMonthly:
          income === null ? undefined : { minor: income * 100, currency: 'MXN' },
      });
    }
    const enrolments = recorded(history.enrolments);

    // Every group has the same fields too, undefined where unknown (JSON leaves them out).
    const group: Group = {
      id: `synthetic-${options.seed}-${g + 1}`,
      name: `Synthetic group ${g + 1}`,
      location,
      legallyConstituted,
      constitutedOn,
      legalForm: legalForm || undefined,
      hasManagementBody,
      hasSupervisoryBody,
      registeredOffice,
      commitmentToConstitute,
      sector: sector || undefined,
      productiveReadiness,
      debts: owes === undefined ? undefined : owes ? [{ agency: 'styfe', kind: 'financial' }] : [],
      disqualifications: disqualified === undefined ? undefined : disqualified ? [{ agency: 'styfe' }] : [],
      training,
      territoryAttributes: marginalisation ? { marginalisation } : undefined,
      householdIncomePerCapitaMonthly:
        income === undefined || income === null ? undefined : { minor: income * 100, currency: 'MXN' },
      members,
      enrolments: enrolments?.map((e): Enrolment => ({ ...e })),
    };
    yield group;
  }
}
