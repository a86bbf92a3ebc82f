import type { MessageCatalogue } from './es';

/** Every sentence Vincula says to a person in English: the same keys as `es.ts`. */
const en: MessageCatalogue = {
  locale: 'en-US',

  unknown: 'unknown',
  none: 'none',
  noData: 'no data',
  yes: 'yes',
  no: 'no',
  listJoin: (items) =>
    items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? ''),
  memberField: (n, label) => `Member ${n} · ${label}`,
  memberItem: (n) => `Member ${n}`,
  listItem: (list, n) => `${list} ${n}`,
  group: 'Group',

  units: {
    members: ['member', 'members'],
    years: ['year', 'years'],
    meetings: ['meeting', 'meetings'],
    supports: ['support', 'supports'],
    points: ['percentage point', 'percentage points'],
  },

  required: (op, value) => ` — required: ${op} ${value}`,
  fraction: (n, total) => `${n} of ${total}`,
  filter: {
    sex: (value) => value,
    ageBetween: (min, max) => `aged ${min} to ${max}`,
    ageMin: (min) => `aged ${min} or over`,
    ageMax: (max) => `aged ${max} or under`,
    residentIn: (place) => `resident in ${place}`,
    inArea: (area) => `in a ${area} area`,
    prospera: (yes) => (yes ? 'PROSPERA beneficiaries' : 'not PROSPERA beneficiaries'),
    poverty: (yes) => (yes ? 'living in poverty' : 'not in poverty'),
    indigenous: (yes) => (yes ? 'indigenous' : 'not indigenous'),
    stratum: (strata) => `of stratum ${strata}`,
    potential: (values) => `with entrepreneurial potential ${values.join(' or ')}`,
  },
  facts: {
    membersMatching: 'Number of members',
    shareOfMembersMatching: 'Share of members',
    householdIncomePerCapitaMonthly: 'Estimated monthly household income per person',
    memberHouseholdIncomePerCapitaMonthly: "Monthly per-capita income of the member's household",
  },
  filteredFact: (label, who) => `${label} (${who})`,

  near: {
    moreMeeting: (k, who, now) =>
      `Needs ${k} more ${k === 1 ? 'member' : 'members'} meeting: ${who || 'the condition'} (now ${now})`,
    fewerMeeting: (k, who, now) =>
      `Has ${k} ${k === 1 ? 'member' : 'members'} too many meeting: ${who || 'the condition'} (now ${now})`,
    moreMembers: (k, who) => `Needs ${k} more${who ? ` (${who})` : ''}`,
    fewerMembers: (k, who) => `Has ${k} too many${who ? ` (${who})` : ''}`,
    short: (phrase, actual, gap, _one, op, expected) =>
      `${phrase}: ${actual}; ${gap} short (required: ${op} ${expected})`,
    over: (phrase, actual, gap, _one, op, expected) =>
      `${phrase}: ${actual}; ${gap} over the limit (required: ${op} ${expected})`,
    mustBeTrue: (phrase) => `Must first be true: ${phrase}`,
    mustBeFalse: (phrase) => `Must not be the case (it is): ${phrase}`,
    mustBe: (phrase, actual, op, expected) => `${phrase}: ${actual}; must be ${op} ${expected}`,
    stageFirst: (stage) => `Must first complete the stage "${stage}"`,
    noMember: 'No member meets the personal criteria',
  },

  summary: {
    stage: (name) => ` (stage: ${name})`,
    eligible: (stage) => `Meets every criterion${stage}`,
    ineligible: (stage, labels) => `Does not meet${stage}: ${labels || 'the stage requirements'}`,
    undetermined: (stage, n) => `Not enough data to decide (${n} to collect)${stage}`,
    ended: (year, from, to) =>
      `Not active: the latest version loaded (${year}) was in force from ${from} to ${to}`,
    notStarted: (year, from) => `Not active yet: version ${year} comes into force on ${from}`,
    noRules: (year) => `The programme ran then (${year}); its rules for that year are not encoded`,
  },

  exclusion: {
    holds: (programme) => `Holds ${programme}: ✗`,
    holdsUnknown: (programme) =>
      `Holds ${programme}, a programme Vincula does not know: does the exclusion cover it? ?`,
    enrolmentsUnknown: 'Programmes it takes part in: unknown ?',
    holdsNone: 'Holds no programme the exclusion covers: ✓',
    askAgency: (programme, year) => `Which agency runs "${programme}" (${year}), and of which government?`,
    noLongerHolds: (programme) => `No longer holds ${programme}`,
    unknownDescribed: (programme) =>
      `Enrolled in ${programme}, a programme Vincula does not know: exclusions read it by the agency or government given`,
    unknownUndescribed: (programme) =>
      `Enrolled in ${programme}, a programme Vincula does not know: give the agency that runs it so that exclusions can read it`,
  },

  conflict: {
    eligibleForBoth: (programme, rule) => `Also qualifies for ${programme}, but may take only one: ${rule}`,
  },

  cohort: {
    counts: (matching, participants, share, unknown, max) =>
      `${matching} of ${participants} participants (${share})${unknown ? `, ${unknown} unknown` : ''}; at most ${max}`,
    passed: 'The batch meets',
    failed: 'The batch breaks',
    unknown: 'Cannot decide whether the batch meets',
  },

  status: {
    eligible: 'ELIGIBLE',
    ineligible: 'INELIGIBLE',
    undetermined: 'UNDETERMINED',
    not_active: 'NOT ACTIVE',
    no_rules: 'RULES NOT ENCODED',
  },
  report: {
    header: 'Results as of',
    group: 'Group',
    criteria: 'Criteria',
    near: 'What would change the result',
    ask: 'Facts to collect',
    stages: 'Stages',
    requires: 'requires',
    support: 'Support',
    calls: 'Open calls',
    upcoming: 'Upcoming calls',
    conflicts: 'Conflicts',
    appeal: 'If you disagree with the decision',
    source: 'source',
    max: 'maximum',
    noMax: 'no maximum in the sources',
    noBudget: (year) => `no budget in ${year}`,
    until: 'until',
    noClose: 'closing date not in the sources',
    summary: 'Summary',
    perGroup: 'per group',
    perPerson: 'per person',
    stageOf: (name) => `stage: ${name}`,
  },

  invalid: {
    required: 'this is required',
    type: {
      number: 'must be a number',
      string: 'must be text',
      boolean: 'must be yes or no',
      array: 'must be a list',
      object: 'must be an object with fields',
      other: 'the type of value is not valid',
    },
    notANumber: 'must be a number',
    notWhole: 'must be a whole number',
    max: (n, inclusive) => (inclusive ? `must be at most ${n}` : `must be less than ${n}`),
    min: (n, inclusive) => (inclusive ? `must be at least ${n}` : `must be more than ${n}`),
    maxItems: (n) => `takes at most ${n} items`,
    minItems: (n) => `needs at least ${n} ${n === '1' ? 'item' : 'items'}`,
    maxLength: (n) => `takes at most ${n} characters`,
    empty: 'must not be empty',
    oneOf: (values) => `must be one of: ${values}`,
    unknownFields: (fields) => `unknown field: ${fields}`,
    didYouMean: (names) => `did you mean ${names}?`,
    format: 'the format is not valid',
    unknownTerritory: (code) => `unknown territory code '${code}'`,
    unknownProgramme: (id) => `unknown programme '${id}'`,
    other: 'the value is not valid',
    reasons: {
      stateCode: 'expected a two-digit INEGI state code, e.g. "09"',
      municipalityCode: 'expected a five-digit INEGI municipality code, e.g. "09007"',
      countryCode: 'expected an ISO 3166-1 country code, e.g. "MX", "UY"',
      regionCode: 'expected an ISO 3166-2 subdivision code, e.g. "UY-AR"',
      municipalityState:
        'municipality code does not belong to the state code (its first two digits are the state)',
      inegiOutsideMexico:
        'state and municipality are INEGI codes for Mexico; use region (ISO 3166-2) for other countries',
      regionCountry: 'region does not belong to the country',
      constitutedOnButNot: 'a date of legal constitution is given, but the group is not legally constituted',
      isoDate: 'expected a date written YYYY-MM-DD',
      realDate: 'is not a real calendar date',
      amount: 'expected an amount: a whole number, or a decimal written as a string, e.g. "1500.50"',
    },
  },
  cli: {
    notMatched: 'not matched',
    allValid: (counts) => `${counts}: all valid`,
    invalidInput: 'Invalid input:',
    secondsLeft: (s) => `about ${s} s left`,
    drew: (groups, seed, source, into, toStdout) =>
      `Drew ${groups} (seed ${seed}, ${source})${into ? ` into ${into}` : toStdout ? ' to standard output' : ''}`,
    population: (groups, seed, source, into, toStdout) =>
      `Synthetic population: ${groups}, seed ${seed} (${source})${into ? `, written to ${into}` : toStdout ? ', written to standard output' : ''}`,
    overlapHeader: (asOf, groups, inForce, evaluator, seconds) =>
      `Overlap analysis on ${asOf}: ${groups}, ${inForce}, ${evaluator} evaluator, ${seconds} s`,
    noneInForce: (asOf, latest, to) =>
      `No matchable programme is in force on ${asOf}; the latest (${latest}) ends on ${to}. Pass --as-of.`,
    columns: {
      eligible: 'eligible',
      undetermined: 'undetermined',
      coverage: 'coverage',
      programme: 'programme',
    },
    pairs: 'Pairs: groups eligible for both, Jaccard index, the criteria that separate them most',
    gaps: (n) => `Coverage gaps (${n}):`,
    flags: (n) => `Flags (${n}; \`vincula graph --format flags-csv\` lists them all):`,
    severity: { high: 'high', medium: 'medium', low: 'low' },
    graphLine: (asOf, counts, wrote) => `graph on ${asOf}: ${counts}${wrote ? `; wrote ${wrote}` : ''}`,
    topFlags: (names) => `top flags: ${names}`,
    shard: (index, of, total, from) => ` (part ${index} of ${of} of a run of ${total}, from group ${from})`,
    merged: (parts) => ` in ${parts} ${parts === 1 ? 'part' : 'parts'}`,
    scenarioLine: (name, changes) => `scenario: ${name} (${changes} ${changes === 1 ? 'change' : 'changes'})`,
  },

  validationSummary: (n) => `${n} ${n === 1 ? 'problem' : 'problems'} in the request`,
};

export default en;
