import type { Group } from '../rules/group';
import type { Localized } from '../rules/i18n';

/**
 * The segments a population is cut into to find who is eligible for nothing: by area type, state
 * (or foreign region), municipality, legal form, legal constitution, PROSPERA share band and size.
 * A value of "unknown" is kept apart: it is a gap in the data, not in coverage.
 */

export const SEGMENT_DIMENSIONS = [
  'areaType',
  'state',
  'municipality',
  'legalForm',
  'constituted',
  'prosperaShare',
  'size',
] as const;
export type SegmentDimension = (typeof SEGMENT_DIMENSIONS)[number];

export const UNKNOWN = 'unknown';

export const DIMENSION_LABELS: Record<SegmentDimension, Localized> = {
  areaType: { es: 'tipo de zona', en: 'area type' },
  state: { es: 'entidad o departamento', en: 'state or department' },
  municipality: { es: 'municipio o alcaldía', en: 'municipality or borough' },
  legalForm: { es: 'figura jurídica', en: 'legal form' },
  constituted: { es: 'constitución legal', en: 'legal constitution' },
  prosperaShare: { es: 'proporción de integrantes de PROSPERA', en: 'share of PROSPERA members' },
  size: { es: 'número de integrantes', en: 'number of members' },
};

/**
 * PROSPERA share bands. The 50 % boundary sits in the lower band because PROINPRO needs strictly
 * more than half (PROINPRO-03, A-09).
 */
export function prosperaBand(group: Group): string {
  const members = group.members ?? [];
  let known = 0;
  let yes = 0;
  for (const m of members) {
    if (m.prosperaBeneficiary === undefined) continue;
    known++;
    if (m.prosperaBeneficiary) yes++;
  }
  if (!known) return UNKNOWN;
  const share = yes / known;
  if (share < 0.25) return '0-25%';
  if (share <= 0.5) return '25-50%';
  if (share < 0.75) return '50-75%';
  return '75-100%';
}

export function sizeBand(group: Group): string {
  const n = group.members?.length;
  if (n === undefined) return UNKNOWN;
  if (n < 5) return '1-4';
  if (n < 10) return '5-9';
  if (n < 20) return '10-19';
  return '20+';
}

/**
 * The group's value on every dimension, written into `out` in SEGMENT_DIMENSIONS order (undefined
 * for the municipality when the group gives none): one reused array, as it runs for every group.
 */
export function segmentValues(group: Group, out: (string | undefined)[]): (string | undefined)[] {
  const l = group.location;
  out[0] = l?.areaType ?? UNKNOWN;
  out[1] = l?.state ?? l?.municipality?.slice(0, 2) ?? l?.region ?? l?.country ?? UNKNOWN;
  out[2] = l?.municipality;
  out[3] = group.legalForm ?? UNKNOWN;
  out[4] = group.legallyConstituted === undefined ? UNKNOWN : group.legallyConstituted ? 'yes' : 'no';
  out[5] = prosperaBand(group);
  out[6] = sizeBand(group);
  return out;
}
