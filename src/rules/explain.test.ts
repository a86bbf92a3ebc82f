import { describe, expect, it } from 'vitest';
import { formatValue } from './explain';
import { SECTORS } from './fields';
import { loadCatalogue } from './load-dir';

const catalogue = loadCatalogue();
const names = { territories: catalogue.territories, bodies: catalogue.bodies };

describe('formatValue', () => {
  it("names a field's values in words, never by their ids (a sector in a criterion)", () => {
    expect(formatValue('transport_delivery', 'es', 'sector', names)).toBe('transporte y reparto');
    expect(formatValue('transport_delivery', 'en', 'sector', names)).toBe('transport and delivery');
    for (const sector of SECTORS) expect(formatValue(sector, 'es', 'sector', names)).not.toMatch(/_/);
  });
});
