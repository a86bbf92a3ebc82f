import { FIELD_VALUE_LABELS } from '../fields/values';
import type { Localized } from '../i18n';

/**
 * What each value of an enumeration is called where a person reads it (explanations, near misses,
 * the form's selects, validation errors): never `civil_association` but "asociación civil".
 */
export const VALUE_LABELS: Record<string, Localized> = {
  true: { es: 'sí', en: 'yes' },
  false: { es: 'no', en: 'no' },
  // The input fields' values are named where the fields are described (src/rules/fields).
  ...FIELD_VALUE_LABELS,
  periurban_or_rural: { es: 'periurbana o rural', en: 'periurban or rural' },
  MX: { es: 'México (MX)', en: 'Mexico (MX)' },
  UY: { es: 'Uruguay (UY)', en: 'Uruguay (UY)' },
  AR: { es: 'Argentina (AR)', en: 'Argentina (AR)' },
  BR: { es: 'Brasil (BR)', en: 'Brazil (BR)' },
  PY: { es: 'Paraguay (PY)', en: 'Paraguay (PY)' },
  MERCOSUR: { es: 'MERCOSUR', en: 'MERCOSUR' },
  UNASUR: { es: 'UNASUR', en: 'UNASUR' },
  group: { es: 'grupo', en: 'group' },
  person: { es: 'persona', en: 'person' },
  household: { es: 'hogar', en: 'household' },
};

/**
 * Names of what a request carries besides the group's fields (those are named by the field registry,
 * src/rules/fields): the date of a check, the programmes asked about, pasted JSON.
 */
export const REQUEST_LABELS: Record<string, Localized> = {
  programmes: { es: 'programas', en: 'programmes' },
  asOf: { es: 'fecha de consulta', en: 'date of the check' },
  '(group)': { es: 'el grupo', en: 'the group' },
  json: { es: 'datos del grupo en JSON', en: 'group data as JSON' },
};
