import colectivoIztapalapa from '../../examples/colectivo-iztapalapa.json' with { type: 'json' };
import cooperativaTlalpan from '../../examples/cooperativa-tlalpan.json' with { type: 'json' };
import grupoTlapaGuerrero from '../../examples/grupo-tlapa-guerrero.json' with { type: 'json' };

/** The groups in examples/, bundled with the app (no file reads at request time, so Workers can serve them). */
export const EXAMPLES: Record<string, unknown> = {
  'colectivo-iztapalapa': colectivoIztapalapa,
  'cooperativa-tlalpan': cooperativaTlalpan,
  'grupo-tlapa-guerrero': grupoTlapaGuerrero,
};
