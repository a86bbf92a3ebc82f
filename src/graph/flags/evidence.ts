import type { Localized } from '../../rules/i18n';

/**
 * The one catalogue of the flags' evidence: what each number the flags return (src/graph/flags/*)
 * is called in Spanish and English, and how it reads (a count, a share as a percentage, a yes/no, an
 * amount of money). The flags keep raw numbers (the API's JSON); the committee page and the CSV
 * render them with this. Pure data and formatting: the browser bundle imports it too.
 */

export type EvidenceKind = 'count' | 'share' | 'index' | 'yesno' | 'money' | 'ratio' | 'year';

export interface EvidenceLabel {
  label: Localized;
  kind: EvidenceKind;
}

const L = (es: string, en: string, kind: EvidenceKind = 'count'): EvidenceLabel => ({
  label: { es, en },
  kind,
});

export const EVIDENCE_LABELS: Record<string, EvidenceLabel> = {
  // Coordination bodies and declared links.
  programmes: L('Programas', 'Programmes'),
  links: L('Vínculos declarados con el órgano', 'Links declared with the body'),
  budgetBackedLinks: L('Vínculos con presupuesto', 'Links with a budget'),
  effectiveLinks: L('Vínculos efectivos', 'Effective links'),
  declaredLinks: L('Vínculos declarados', 'Declared links'),
  bodyHasBudget: L('El órgano tiene presupuesto', 'The body has a budget', 'yesno'),
  bodyHasOperatingRules: L('El órgano tiene reglas de operación', 'The body has operating rules', 'yesno'),
  expected: L('Vínculos esperados (último año)', 'Expected links (latest year)'),
  effective: L('Vínculos efectivos (último año)', 'Effective links (latest year)'),
  declared: L('Vínculos declarados (último año)', 'Declared links (latest year)'),
  formal: L('Vínculo formal', 'Formal link', 'yesno'),
  budgetBacked: L('Con presupuesto', 'With a budget', 'yesno'),
  inactiveTerritories: L(
    'Territorios donde el órgano no funciona',
    'Territories where the body does not work',
  ),
  groupsInInactiveTerritories: L('Grupos en esos territorios', 'Groups in those territories'),
  failing: L('Grupos que no cumplen el requisito', 'Groups failing the requirement'),
  eligible: L('Grupos elegibles', 'Eligible groups'),
  // Pairs of programmes.
  both: L('Grupos elegibles para ambos', 'Groups eligible for both'),
  eligibleA: L('Elegibles para el primer programa', 'Eligible for the first programme'),
  eligibleB: L('Elegibles para el segundo programa', 'Eligible for the second programme'),
  jaccard: L(
    'Coincidencia entre poblaciones (índice de Jaccard)',
    'Overlap of the populations (Jaccard index)',
    'share',
  ),
  shareOfSmaller: L('Proporción del programa más pequeño', 'Share of the smaller programme', 'share'),
  sharedSupportTypes: L('Tipos de apoyo en común', 'Types of support in common'),
  population: L('Grupos en la población analizada', 'Groups in the population analysed'),
  // Coverage gaps.
  groups: L('Grupos', 'Groups'),
  eligibleForNothing: L('Grupos sin ningún programa', 'Groups eligible for nothing'),
  undeterminedOnly: L('De ellos, con datos faltantes', 'Of them, with missing data'),
  share: L('Proporción sin cobertura', 'Share not covered', 'share'),
  programmesInForce: L('Programas vigentes', 'Programmes in force'),
  populationCoverage: L('Cobertura de toda la población', 'Coverage of the whole population', 'share'),
  // Demand against budget.
  eligibleGroups: L('Grupos elegibles', 'Eligible groups'),
  maxPerGroup: L('Apoyo máximo por grupo', 'Maximum support per group', 'money'),
  demand: L('Demanda estimada', 'Estimated demand', 'money'),
  budget: L('Presupuesto de la línea', 'Budget of the line', 'money'),
  ratio: L('Demanda entre presupuesto', 'Demand over budget', 'ratio'),
  // Duplicate enrolments.
  persons: L('Personas inscritas dos veces', 'Persons enrolled twice'),
  fiscalYear: L('Ejercicio fiscal', 'Fiscal year', 'year'),
};

/** Keys made per year by the flags (expected2018, effective2019). */
const PER_YEAR: Record<string, Localized> = {
  expected: { es: 'Vínculos esperados en {year}', en: 'Links expected in {year}' },
  effective: { es: 'Vínculos efectivos en {year}', en: 'Effective links in {year}' },
};

/** The label and kind of an evidence key; undefined for a key the catalogue does not know. */
export function evidenceLabel(key: string): EvidenceLabel | undefined {
  const known = EVIDENCE_LABELS[key];
  if (known) return known;
  const perYear = /^([a-z]+)(\d{4})$/.exec(key);
  const template = perYear ? PER_YEAR[perYear[1] as string] : undefined;
  if (!perYear || !template) return undefined;
  const year = perYear[2] as string;
  return {
    label: { es: template.es.replace('{year}', year), en: template.en.replace('{year}', year) },
    kind: 'count',
  };
}

const FORMATS = new Map<string, Intl.NumberFormat>();
const format = (n: number, lang: 'es' | 'en', digits: number) => {
  const key = `${lang}${digits}`;
  let f = FORMATS.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits });
    FORMATS.set(key, f);
  }
  return f.format(n);
};

/** A value as a committee member reads it: "19,4 %", "sí", "$150,000", "1.5 veces". */
export function formatEvidence(kind: EvidenceKind, value: number, lang: 'es' | 'en'): string {
  switch (kind) {
    case 'share':
      return `${format(value * 100, lang, 1)} %`;
    case 'yesno':
      return value ? (lang === 'es' ? 'sí' : 'yes') : 'no';
    case 'money':
      return `$${format(value, lang, 2)}`;
    case 'ratio':
      return lang === 'es' ? `${format(value, lang, 2)} veces` : `${format(value, lang, 2)} times`;
    case 'year':
      return String(value);
    default:
      return format(value, lang, 2);
  }
}

export interface EvidenceLine {
  key: string;
  label: string;
  value: string;
}

/**
 * A flag's evidence in the catalogue's words, in the flag's order. Every key the flags make is in the
 * catalogue (test/graph-evidence.test.ts checks them all); one that is not would show as it is.
 */
export function evidenceLines(evidence: Record<string, number>, lang: 'es' | 'en'): EvidenceLine[] {
  return Object.entries(evidence).map(([key, value]) => {
    const entry = evidenceLabel(key);
    return entry
      ? { key, label: entry.label[lang], value: formatEvidence(entry.kind, value, lang) }
      : { key, label: key, value: formatEvidence('count', value, lang) };
  });
}
