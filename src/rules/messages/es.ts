/**
 * Every sentence Vincula says to a person in Spanish: match reports, near misses, conflicts,
 * validation errors, the command line. The matcher and the loaders hand over data (codes, values,
 * units); this catalogue words it. `en.ts` has the same keys (its type is this object's).
 */
const es = {
  locale: 'es-MX',

  // ------------------------------------------------------------------- values
  unknown: 'desconocido',
  none: 'ninguno',
  noData: 'sin dato',
  yes: 'sí',
  no: 'no',
  listJoin: (items: readonly string[]) =>
    items.length > 1 ? `${items.slice(0, -1).join(', ')} y ${items.at(-1)}` : (items[0] ?? ''),
  /** "Integrante 3 · Edad". */
  memberField: (n: number, label: string) => `Integrante ${n} · ${label}`,
  /** Where a whole item of a list is meant: "Integrante 3". */
  memberItem: (n: number) => `Integrante ${n}`,
  listItem: (list: string, n: number) => `${list} ${n}`,
  group: 'Grupo',

  // ------------------------------------------------------------------- units (of a gap or a count)
  units: {
    members: ['integrante', 'integrantes'],
    years: ['año', 'años'],
    meetings: ['sesión', 'sesiones'],
    supports: ['apoyo', 'apoyos'],
    points: ['punto porcentual', 'puntos porcentuales'],
  } satisfies Record<string, [string, string]>,

  // ------------------------------------------------------------------- explanations
  /** " — se requiere: mayor o igual a 5". */
  required: (op: string, value: string) => ` — se requiere: ${op} ${value}`,
  fraction: (n: number, total: number) => `${n} de ${total}`,
  filter: {
    sex: (value: string) => `sexo ${value}`,
    ageBetween: (min: number, max: number) => `de ${min} a ${max} años`,
    ageMin: (min: number) => `de ${min} años o más`,
    ageMax: (max: number) => `de ${max} años o menos`,
    residentIn: (place: string) => `con residencia en ${place}`,
    inArea: (area: string) => `en zona ${area}`,
    prospera: (yes: boolean) => (yes ? 'beneficiarios de PROSPERA' : 'no beneficiarios de PROSPERA'),
    poverty: (yes: boolean) => (yes ? 'en situación de pobreza' : 'fuera de pobreza'),
    indigenous: (yes: boolean) => (yes ? 'indígenas' : 'no indígenas'),
    stratum: (strata: string) => `de estrato ${strata}`,
    potential: (values: string[]) => `con potencial emprendedor ${values.join(' o ')}`,
  },
  /** Facts whose description (facts.ts, for rule writers) speaks of their params: named for a person. */
  facts: {
    membersMatching: 'Número de integrantes',
    shareOfMembersMatching: 'Proporción de integrantes',
    householdIncomePerCapitaMonthly: 'Ingreso mensual per cápita estimado del hogar',
    memberHouseholdIncomePerCapitaMonthly: 'Ingreso mensual per cápita del hogar del integrante',
  } as Record<string, string>,
  /** The label of a member-filter fact, with who is counted: "Proporción de integrantes (indígenas)". */
  filteredFact: (label: string, who: string) => `${label} (${who})`,

  // ------------------------------------------------------------------- near misses
  near: {
    moreMeeting: (k: number, who: string, now: string) =>
      `Necesita ${k} ${k === 1 ? 'integrante más que cumpla' : 'integrantes más que cumplan'}: ${who || 'la condición'} (hoy ${now})`,
    fewerMeeting: (k: number, who: string, now: string) =>
      `Tiene ${k} ${k === 1 ? 'integrante de más que cumple' : 'integrantes de más que cumplen'}: ${who || 'la condición'} (hoy ${now})`,
    moreMembers: (k: string, who: string) => `Necesita ${k} más${who ? ` (${who})` : ''}`,
    fewerMembers: (k: string, who: string) => `Tiene ${k} de más${who ? ` (${who})` : ''}`,
    /** Below what the rule asks: "…: 0; le falta 1 sesión (se requiere mayor o igual a 1)". */
    short: (phrase: string, actual: string, gap: string, one: boolean, op: string, expected: string) =>
      `${phrase}: ${actual}; ${one ? 'le falta' : 'le faltan'} ${gap} (se requiere ${op} ${expected})`,
    /** Above what the rule allows: "…: $2,500; rebasa el límite por $1,008.35 (…)". */
    over: (phrase: string, actual: string, gap: string, _one: boolean, op: string, expected: string) =>
      `${phrase}: ${actual}; rebasa el límite por ${gap} (se requiere ${op} ${expected})`,
    mustBeTrue: (phrase: string) => `Debe cumplirse primero: ${phrase}`,
    mustBeFalse: (phrase: string) => `No debe cumplirse (hoy se cumple): ${phrase}`,
    mustBe: (phrase: string, actual: string, op: string, expected: string) =>
      `${phrase}: ${actual}; debe ser ${op} ${expected}`,
    stageFirst: (stage: string) => `Primero debe concluir la etapa «${stage}»`,
    noMember: 'Ningún integrante cumple los criterios personales',
  },

  // ------------------------------------------------------------------- summaries
  summary: {
    stage: (name: string) => ` (etapa: ${name})`,
    eligible: (stage: string) => `Cumple todos los criterios${stage}`,
    ineligible: (stage: string, labels: string) =>
      `No cumple${stage}: ${labels || 'los requisitos de etapa'}`,
    undetermined: (stage: string, n: number) => `Faltan datos para decidir (${n} por recabar)${stage}`,
    ended: (year: number, from: string, to: string) =>
      `No vigente: la última versión cargada (${year}) estuvo vigente del ${from} al ${to}`,
    notStarted: (year: number, from: string) =>
      `Aún no vigente: la versión ${year} entra en vigor el ${from}`,
    noRules: (year: string) =>
      `El programa operaba entonces (${year}); sus reglas de ese año no están codificadas`,
  },

  // ------------------------------------------------------------------- exclusions read as criteria
  exclusion: {
    holds: (programme: string) => `Participa en ${programme}: ✗`,
    holdsUnknown: (programme: string) =>
      `Participa en ${programme}, un programa que Vincula no conoce: ¿lo abarca la exclusión? ?`,
    enrolmentsUnknown: 'Programas en que participa: sin dato ?',
    holdsNone: 'No participa en ningún programa que la exclusión abarque: ✓',
    askAgency: (programme: string, year: number) =>
      `¿Qué dependencia opera «${programme}» (${year}), y de qué orden de gobierno es?`,
    noLongerHolds: (programme: string) => `Ya no participa en ${programme}`,
    unknownDescribed: (programme: string) =>
      `Participa en ${programme}, un programa que Vincula no conoce: las exclusiones lo leen por la dependencia o el orden de gobierno indicados`,
    unknownUndescribed: (programme: string) =>
      `Participa en ${programme}, un programa que Vincula no conoce: indique la dependencia que lo opera para que las exclusiones puedan leerlo`,
  },

  // ------------------------------------------------------------------- conflicts
  conflict: {
    eligibleForBoth: (programme: string, rule: string) =>
      `Cumple también ${programme}, pero solo puede tomar uno: ${rule}`,
  },

  // ------------------------------------------------------------------- cohort rules of a batch
  cohort: {
    counts: (matching: number, participants: number, share: string, unknown: number, max: string) =>
      `${matching} de ${participants} participantes (${share})${unknown ? `, ${unknown} sin dato` : ''}; máximo ${max}`,
    passed: 'El lote cumple',
    failed: 'El lote incumple',
    unknown: 'No se puede decidir si el lote cumple',
  },

  // ------------------------------------------------------------------- report headings
  status: {
    eligible: 'ELEGIBLE',
    ineligible: 'NO ELEGIBLE',
    undetermined: 'POR DETERMINAR',
    not_active: 'NO VIGENTE',
    no_rules: 'SIN REGLAS CODIFICADAS',
  },
  report: {
    header: 'Resultados al',
    group: 'Grupo',
    criteria: 'Criterios',
    near: 'Qué cambiaría el resultado',
    ask: 'Datos por recabar',
    stages: 'Etapas',
    requires: 'requiere',
    support: 'Apoyos',
    calls: 'Convocatorias abiertas',
    upcoming: 'Próximas convocatorias',
    conflicts: 'Conflictos',
    appeal: 'Si no está de acuerdo con la decisión',
    source: 'fuente',
    max: 'máximo',
    noMax: 'sin máximo en las fuentes',
    noBudget: (year: number) => `sin presupuesto en ${year}`,
    until: 'hasta',
    noClose: 'cierre no publicado en las fuentes',
    summary: 'Resumen',
    perGroup: 'por grupo',
    perPerson: 'por persona',
    stageOf: (name: string) => `etapa: ${name}`,
  },

  // ------------------------------------------------------------------- validation
  invalid: {
    required: 'falta este dato',
    type: {
      number: 'debe ser un número',
      string: 'debe ser un texto',
      boolean: 'debe ser sí o no',
      array: 'debe ser una lista',
      object: 'debe ser un objeto con campos',
      other: 'el tipo de dato no es válido',
    },
    notANumber: 'debe ser un número',
    notWhole: 'debe ser un número entero',
    max: (n: string, inclusive: boolean) =>
      inclusive ? `debe ser a lo sumo ${n}` : `debe ser menor que ${n}`,
    min: (n: string, inclusive: boolean) =>
      inclusive ? `debe ser al menos ${n}` : `debe ser mayor que ${n}`,
    maxItems: (n: string) => `admite a lo sumo ${n} elementos`,
    minItems: (n: string) => `necesita al menos ${n} ${n === '1' ? 'elemento' : 'elementos'}`,
    maxLength: (n: string) => `admite a lo sumo ${n} caracteres`,
    empty: 'no puede quedar vacío',
    oneOf: (values: string) => `debe ser uno de: ${values}`,
    unknownFields: (fields: string) => `campo desconocido: ${fields}`,
    didYouMean: (names: string) => `¿quiso decir ${names}?`,
    format: 'el formato no es válido',
    unknownTerritory: (code: string) => `la clave de territorio «${code}» no existe en el catálogo`,
    unknownProgramme: (id: string) => `el programa «${id}» no existe en el catálogo`,
    other: 'el valor no es válido',
    /** The schemas' own reasons, by code (see messages/index.ts). */
    reasons: {
      stateCode: 'se esperaba una clave INEGI de entidad de dos dígitos, p. ej. «09»',
      municipalityCode: 'se esperaba una clave INEGI de municipio de cinco dígitos, p. ej. «09007»',
      countryCode: 'se esperaba una clave de país ISO 3166-1, p. ej. «MX», «UY»',
      regionCode: 'se esperaba una clave de subdivisión ISO 3166-2, p. ej. «UY-AR»',
      municipalityState:
        'el municipio no pertenece a la entidad (los dos primeros dígitos de su clave son la entidad)',
      inegiOutsideMexico:
        'entidad y municipio son claves INEGI de México; para otros países use la región (ISO 3166-2)',
      regionCountry: 'la región no pertenece al país',
      constitutedOnButNot: 'tiene fecha de constitución pero se indicó que no está legalmente constituido',
      isoDate: 'se esperaba una fecha escrita AAAA-MM-DD',
      realDate: 'no es una fecha del calendario',
      amount: 'se esperaba un importe: un número entero o un decimal escrito como texto, p. ej. "1500.50"',
    },
  },
  // ------------------------------------------------------------------- the command line
  cli: {
    notMatched: 'no se evalúa',
    allValid: (counts: string) => `${counts}: todo es válido`,
    invalidInput: 'Datos no válidos:',
    secondsLeft: (s: string) => `quedan unos ${s} s`,
    drew: (groups: string, seed: number, source: string, into: string | undefined, toStdout: boolean) =>
      `Se generaron ${groups} (semilla ${seed}, ${source})${into ? ` en ${into}` : toStdout ? ' en la salida estándar' : ''}`,
    population: (groups: string, seed: number, source: string, into: string | undefined, toStdout: boolean) =>
      `Población sintética: ${groups}, semilla ${seed} (${source})${into ? `, escrita en ${into}` : toStdout ? ', escrita en la salida estándar' : ''}`,
    overlapHeader: (asOf: string, groups: string, inForce: string, evaluator: string, seconds: string) =>
      `Análisis de traslapes al ${asOf}: ${groups}, ${inForce}, evaluador ${evaluator === 'reference' ? 'de referencia' : 'compilado'}, ${seconds} s`,
    noneInForce: (asOf: string, latest: string, to: string) =>
      `Ningún programa evaluable está vigente el ${asOf}; el más reciente (${latest}) termina el ${to}. Indique --as-of.`,
    columns: {
      eligible: 'elegibles',
      undetermined: 'por determinar',
      coverage: 'cobertura',
      programme: 'programa',
    },
    pairs: 'Pares: grupos elegibles para ambos, índice de Jaccard y los criterios que más los separan',
    gaps: (n: number) => `Huecos de cobertura (${n}):`,
    flags: (n: number) => `Alertas (${n}; \`vincula graph --format flags-csv\` las lista todas):`,
    severity: { high: 'alta', medium: 'media', low: 'baja' } as Record<string, string>,
    graphLine: (asOf: string, counts: string, wrote: string | undefined) =>
      `grafo al ${asOf}: ${counts}${wrote ? `; escrito en ${wrote}` : ''}`,
    topFlags: (names: string) => `alertas principales: ${names}`,
    shard: (index: number, of: number, total: string, from: string) =>
      ` (parte ${index} de ${of} de una corrida de ${total}, desde el grupo ${from})`,
    merged: (parts: number) => ` en ${parts} ${parts === 1 ? 'parte' : 'partes'}`,
    scenarioLine: (name: string, changes: number) =>
      `escenario: ${name} (${changes} ${changes === 1 ? 'cambio' : 'cambios'})`,
  },

  validationSummary: (n: number) => `${n} ${n === 1 ? 'problema' : 'problemas'} en la solicitud`,
} as const;

export type MessageCatalogue = {
  [K in keyof typeof es]: (typeof es)[K] extends string ? string : Widen<(typeof es)[K]>;
};
type Widen<T> = T extends string
  ? string
  : T extends readonly [string, string]
    ? readonly [string, string]
    : T extends (...args: infer A) => infer R
      ? (...args: A) => R extends string ? string : R
      : { [K in keyof T]: Widen<T[K]> };

export default es;
