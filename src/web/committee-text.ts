import { FLAG_TYPES } from '../graph/flags';
import type { Catalogue } from '../rules/catalogue';
import { type Lang, type Localized, pick } from '../rules/i18n';
import { BANDS } from './client/layout';
import { OPTION_LABELS } from './text';

/** The committee page's words for its graph columns, flag filters, tables and map (es first). */
export const COMMITTEE_TEXT = {
  band_federal: { es: 'Federal', en: 'Federal' },
  band_city: { es: 'Ciudad de México', en: 'Mexico City' },
  band_regional: { es: 'Regional (Uruguay y MERCOSUR)', en: 'Regional (Uruguay and MERCOSUR)' },
  band_other: { es: 'Otros', en: 'Other' },
  showInactive: {
    es: 'Mostrar los programas no vigentes en la fecha (en gris)',
    en: 'Show the programmes not in force on the date (in grey)',
  },
  inForceYes: { es: 'vigente en la fecha', en: 'in force on the date' },
  inForceNo: { es: 'no vigente en la fecha', en: 'not in force on the date' },
  noRules: {
    es: 'operaba en la fecha; sus reglas de ese año no están codificadas',
    en: 'ran on the date; its rules for that year are not encoded',
  },
  filterEmpty: {
    es: 'Ningún nodo cumple estos filtros. Cambie el nivel, el país o la dependencia, o muestre los programas no vigentes.',
    en: 'No node matches these filters. Change the level, the country or the agency, or show the programmes not in force.',
  },
  tablesTitle: {
    es: 'El grafo como tablas (teclado y lector de pantalla)',
    en: 'The graph as tables (keyboard and screen reader)',
  },
  nodesTable: {
    es: 'Nodos: el nombre abre el mismo detalle que un clic en el grafo',
    en: 'Nodes: the name opens the same details as a click on the graph',
  },
  edgesTable: { es: 'Vínculos', en: 'Links' },
  nodeName: { es: 'Nombre', en: 'Name' },
  nodeKind: { es: 'Tipo', en: 'Kind' },
  edgeFrom: { es: 'De', en: 'From' },
  edgeKind: { es: 'Vínculo', en: 'Link' },
  edgeTo: { es: 'A', en: 'To' },
  flagsCount: { es: '{shown} de {total} alertas', en: '{shown} of {total} flags' },
  noFlagsFiltered: { es: 'Ninguna alerta cumple estos filtros.', en: 'No flag matches these filters.' },
  filterSeverity: { es: 'Gravedad', en: 'Severity' },
  filterType: { es: 'Tipo de alerta', en: 'Kind of flag' },
  filterProgramme: { es: 'Programa', en: 'Programme' },
  filterTime: { es: 'Vigencia', en: 'In force' },
  flagsCurrent: { es: 'De programas vigentes', en: 'About programmes in force' },
  flagsHistoric: { es: 'Solo de programas no vigentes', en: 'Only about programmes not in force' },
  mapTitle: { es: 'Cobertura por entidad y alcaldía', en: 'Coverage by state and borough' },
  mapHint: {
    es: 'Proporción de los grupos de cada lugar que son elegibles para al menos un programa vigente. Elija una entidad para filtrar la matriz y las alertas.',
    en: 'Share of each place’s groups eligible for at least one programme in force. Choose a state to filter the matrix and the flags.',
  },
  mapPopulation: {
    es: 'Calculado sobre {groups} grupos. Población: {kind}.',
    en: 'Computed over {groups} groups. Population: {kind}.',
  },
  mapPlace: {
    es: '{place}: {covered} con cobertura; {gap} de {groups} grupos sin ningún programa',
    en: '{place}: {covered} covered; {gap} of {groups} groups eligible for nothing',
  },
  mapNoData: { es: '{place}: sin grupos en la población', en: '{place}: no groups in the population' },
  mapClass: { es: 'de {from} a {to}', en: '{from} to {to}' },
  mapNoDataLegend: { es: 'sin grupos', en: 'no groups' },
  mapChosen: {
    es: 'Entidad elegida: {place} (elíjala de nuevo para quitar el filtro).',
    en: 'State chosen: {place} (choose it again to clear the filter).',
  },
  boroughsTitle: { es: 'Alcaldías de la Ciudad de México', en: 'Boroughs of Mexico City' },
  mapTable: { es: 'Las mismas cifras en una tabla', en: 'The same figures as a table' },
  mapPlaceColumn: { es: 'Lugar', en: 'Place' },
  mapGroups: { es: 'Grupos', en: 'Groups' },
  mapCovered: { es: 'Con cobertura', en: 'Covered' },
  mapGap: { es: 'Sin ningún programa', en: 'Eligible for nothing' },
  mapAttribution: {
    es: 'Mapa: @svg-maps/mexico, de Victor Cazanave, licencia CC BY 4.0.',
    en: 'Map: @svg-maps/mexico by Victor Cazanave, licence CC BY 4.0.',
  },
  'flagType_coordination-without-budget': {
    es: 'Coordinación sin presupuesto',
    en: 'Coordination without a budget',
  },
  'flagType_expected-links-unmet': { es: 'Vínculos esperados no cumplidos', en: 'Expected links not met' },
  'flagType_ineffective-link': { es: 'Vínculo no efectivo', en: 'Ineffective link' },
  'flagType_missing-link': { es: 'Vínculo faltante', en: 'Missing link' },
  'flagType_low-overlap-link': { es: 'Vínculo con poco traslape', en: 'Link with little overlap' },
  'flagType_duplication-risk': { es: 'Riesgo de duplicidad', en: 'Duplication risk' },
  'flagType_exclusion-conflict': { es: 'Conflicto de exclusión', en: 'Exclusion conflict' },
  'flagType_coverage-gap': { es: 'Brecha de cobertura', en: 'Coverage gap' },
  'flagType_inactive-body-dependency': {
    es: 'Depende de un órgano inactivo',
    en: 'Depends on an inactive body',
  },
  'flagType_demand-above-budget': { es: 'Demanda mayor al presupuesto', en: 'Demand above budget' },
  'flagType_duplicate-enrolment': { es: 'Inscripción duplicada', en: 'Duplicate enrolment' },
  word_ES: { es: 'España (ES)', en: 'Spain (ES)' },
  word_INT: { es: 'Internacional', en: 'International' },
  edge_administers: { es: 'administra', en: 'administers' },
  edge_part_of: { es: 'forma parte de', en: 'is part of' },
  edge_member_of: { es: 'es miembro de', en: 'is a member of' },
  edge_funds: { es: 'financia', en: 'funds' },
  edge_coordination: { es: 'se coordina con', en: 'coordinates with' },
  edge_coordination_via: { es: 'se coordina por medio de', en: 'coordinates through' },
  edge_stage_sequence: { es: 'etapa siguiente', en: 'next stage' },
  edge_exclusion: { es: 'excluye', en: 'excludes' },
  edge_overlap: { es: 'comparte población con', en: 'shares population with' },
  edge_depends_on: { es: 'un requisito depende de', en: 'a criterion depends on' },
  edge_body_activity: { es: 'actividad del órgano en', en: 'body’s activity in' },
  edge_targets: { es: 'atiende', en: 'targets' },
} satisfies Record<string, Localized>;

export type CommitteeTextKey = keyof typeof COMMITTEE_TEXT;

export const committeeText = (lang: Lang) => (key: CommitteeTextKey) => pick(COMMITTEE_TEXT[key], lang);

/** Every committee word and the names of levels and countries (word_city), for the page's script. */
export function committeeClientText(lang: Lang): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(COMMITTEE_TEXT)) out[key] = pick(value, lang);
  for (const [key, value] of Object.entries(OPTION_LABELS)) out[`word_${key}`] = pick(value, lang);
  return out;
}

/** The states and Mexico City's boroughs by INEGI code, named as the territory data names them. */
export function mapPlaces(catalogue: Catalogue): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of catalogue.territories.all())
    if (/^\d{2}$/.test(t.code) || /^09\d{3}$/.test(t.code)) out[t.code] = t.name;
  return out;
}

/** Checked by the tests: a word for every flag type and every column. */
export const COMMITTEE_TEXT_NEEDED = [
  ...FLAG_TYPES.map((t) => `flagType_${t}`),
  ...BANDS.map((b) => `band_${b}`),
];
