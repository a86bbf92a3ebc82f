import { POTENTIAL_LEVELS } from '../group';
import type { Localized } from '../i18n';
import type { TerritoryAttributes } from '../territory';
import { type FactType, type FactValue, type GroupContext, type GroupFactDef, known, missing } from './core';

// ---------------------------------------------------------------------------------------------
// Territory facts read the group's location (municipality, then its state), or inline attributes.

function territoryAttribute(key: keyof TerritoryAttributes) {
  return (ctx: GroupContext): FactValue => {
    const inline = ctx.group.territoryAttributes?.[key];
    if (inline !== undefined) return known(inline);
    const location = ctx.group.location;
    const code = location?.municipality ?? location?.region ?? location?.state;
    if (code === undefined) {
      return missing(
        location?.country && location.country !== 'MX' ? 'location.region' : 'location.municipality',
      );
    }
    const value = ctx.territories.attributes(code)[key];
    return value === undefined ? missing(`territoryAttributes.${key}`) : known(value);
  };
}

const territoryFact = (
  name: string,
  key: keyof TerritoryAttributes,
  type: FactType,
  description: Localized,
  values?: readonly string[],
): GroupFactDef => ({
  name,
  scope: 'group',
  type,
  ...(values ? { values } : {}),
  description,
  inputs: [`territoryAttributes.${key}`, 'location.municipality', `programmes/territories: ${key}`],
  compute: territoryAttribute(key),
});

/** Facts about the territory the group operates in (programmes/territories, or given inline). */
export const TERRITORY_FACTS: GroupFactDef[] = [
  territoryFact(
    'territoryMarginalisation',
    'marginalisation',
    'enum',
    { es: 'Grado de marginación del municipio', en: 'Degree of marginalisation of the municipality' },
    POTENTIAL_LEVELS,
  ),
  territoryFact('territoryRuralZap', 'ruralZap', 'boolean', {
    es: 'El municipio está en una Zona de Atención Prioritaria rural',
    en: 'The municipality is in a rural priority-attention zone (ZAP)',
  }),
  territoryFact('territoryUrbanZapShare', 'urbanZapShare', 'number', {
    es: 'Proporción de la población del municipio en ZAP urbanas',
    en: 'Share of the municipality population in urban ZAP',
  }),
  territoryFact('territoryShareBelowWelfareLine', 'shareBelowWelfareLine', 'number', {
    es: 'Proporción de la población del municipio con ingreso bajo la línea de bienestar',
    en: 'Share of the municipality population with income below the welfare line',
  }),
  territoryFact('territoryIndigenousCriteria', 'indigenousCriteria', 'boolean', {
    es: 'El municipio cumple los criterios de atención indígena (CDI)',
    en: 'The municipality meets the CDI indigenous-support criteria',
  }),
  territoryFact('territorySocialBank', 'socialBank', 'boolean', {
    es: 'El municipio tiene oficina de Banca Social (SOCAP o SOFINCO)',
    en: 'The municipality hosts a Social Banking office (SOCAP or SOFINCO)',
  }),
  territoryFact('territoryFrontierZone', 'frontierZone', 'boolean', {
    es: 'El territorio está en zona de frontera',
    en: 'The territory lies in a frontier zone',
  }),
  territoryFact(
    'territoryAdvisoryCouncilActivity',
    'advisoryCouncilActivity',
    'enum',
    {
      es: 'Actividad del consejo consultivo de fomento cooperativo de la alcaldía',
      en: 'Activity of the borough advisory council for cooperative development',
    },
    ['regular', 'intermittent', 'little_or_none'],
  ),
];
