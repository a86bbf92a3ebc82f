import type { Localized } from '../i18n';

/** The values of the group's enumerated fields, and their names in both languages. */

export const AREA_TYPES = ['rural', 'periurban', 'urban'] as const;

export const LEGAL_FORMS = [
  'informal_group',
  'cooperative',
  'social_enterprise',
  'ejido',
  'agrarian_community',
  'workers_organisation',
  'civil_association',
  'other',
] as const;

export const SECTORS = [
  'agriculture',
  'livestock',
  'fishing_aquaculture',
  'food_processing',
  'manufacturing',
  'crafts',
  'commerce',
  'services',
  'transport_delivery',
  'tourism',
  'finance',
  'other',
] as const;

/** Ordinal scale used by PROINPRO's entrepreneurial-potential assessment (PROINPRO-07). */
export const POTENTIAL_LEVELS = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;
/** PAPP's producer strata, and "not a producer": a known fact, not an unknown one (issue 12). */
export const PRODUCER_STRATA = ['E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'not_a_producer'] as const;
export const SEXES = ['female', 'male', 'other'] as const;
export const ENROLMENT_STATUSES = ['current', 'completed', 'waitlisted', 'rejected', 'withdrawn'] as const;
export const DEBT_KINDS = ['financial', 'paperwork'] as const;
/** The levels of government a programme or agency belongs to (as in the rule files' bodies). */
export const GOVERNMENT_LEVELS = [
  'federal',
  'city',
  'state',
  'municipal',
  'regional',
  'international',
] as const;

/** The names of those values, as a case worker reads them (a select's options, a criterion's value). */
export const FIELD_VALUE_LABELS: Record<string, Localized> = {
  very_low: { es: 'muy bajo', en: 'very low' },
  low: { es: 'bajo', en: 'low' },
  medium: { es: 'medio', en: 'medium' },
  high: { es: 'alto', en: 'high' },
  very_high: { es: 'muy alto', en: 'very high' },
  rural: { es: 'rural', en: 'rural' },
  periurban: { es: 'periurbana', en: 'periurban' },
  urban: { es: 'urbana', en: 'urban' },
  female: { es: 'mujer', en: 'female' },
  male: { es: 'hombre', en: 'male' },
  informal_group: { es: 'grupo no constituido', en: 'informal group' },
  cooperative: { es: 'sociedad cooperativa', en: 'cooperative' },
  social_enterprise: { es: 'empresa social', en: 'social enterprise' },
  ejido: { es: 'ejido', en: 'ejido' },
  agrarian_community: { es: 'comunidad agraria', en: 'agrarian community' },
  workers_organisation: { es: 'organización de trabajadores', en: "workers' organisation" },
  civil_association: { es: 'asociación civil', en: 'civil association' },
  other: { es: 'otra', en: 'other' },
  agriculture: { es: 'agricultura', en: 'agriculture' },
  livestock: { es: 'ganadería', en: 'livestock' },
  fishing_aquaculture: { es: 'pesca y acuacultura', en: 'fishing and aquaculture' },
  food_processing: { es: 'transformación de alimentos', en: 'food processing' },
  manufacturing: { es: 'manufactura', en: 'manufacturing' },
  crafts: { es: 'artesanías', en: 'crafts' },
  commerce: { es: 'comercio', en: 'commerce' },
  services: { es: 'servicios', en: 'services' },
  transport_delivery: { es: 'transporte y reparto', en: 'transport and delivery' },
  tourism: { es: 'turismo', en: 'tourism' },
  finance: { es: 'finanzas', en: 'finance' },
  current: { es: 'vigente', en: 'current' },
  completed: { es: 'concluida', en: 'completed' },
  waitlisted: { es: 'en lista de espera', en: 'waitlisted' },
  rejected: { es: 'rechazada', en: 'rejected' },
  withdrawn: { es: 'retirada', en: 'withdrawn' },
  financial: { es: 'financiero', en: 'financial' },
  paperwork: { es: 'trámite o comprobación pendiente', en: 'outstanding paperwork' },
  not_a_producer: { es: 'no es productor(a)', en: 'not a producer' },
  regular: { es: 'regular', en: 'regular' },
  intermittent: { es: 'intermitente', en: 'intermittent' },
  little_or_none: { es: 'poca o nula', en: 'little or none' },
  federal: { es: 'federal', en: 'federal' },
  city: { es: 'ciudad', en: 'city' },
  state: { es: 'estatal', en: 'state' },
  municipal: { es: 'municipal', en: 'municipal' },
  regional: { es: 'regional', en: 'regional' },
  international: { es: 'internacional', en: 'international' },
};
