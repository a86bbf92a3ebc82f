import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/cli/format';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';

const catalogue = loadCatalogue();
const matcher = new Matcher(catalogue);
const group = parseGroup(
  { name: 'Colectivo', legalForm: 'informal_group', members: [{ age: 30 }] },
  catalogue,
);
const resultOf = (id: string, asOf: string, lang: 'es' | 'en' = 'en') => {
  const report = matcher.matchSync(group, { asOf, lang, programmes: [id] });
  const result = report.results.find((r) => r.programme.id === id);
  if (!result) throw new Error(`no result for ${id}`);
  return { report, result };
};

describe('calls as Table 2 says (FOCOFESS-14)', () => {
  it('the fourth 2019 call, with no SPI target, is not open to SPI applicants', () => {
    expect(resultOf('cdmx-focofess-spi', '2019-10-15').result.openCalls.map((c) => c.id)).not.toContain(
      'call-4',
    );
    expect(resultOf('cdmx-focofess-spi', '2019-09-15').result.upcomingCalls.map((c) => c.id)).toEqual([]);
    expect(resultOf('cdmx-focofess-spf', '2019-10-15').result.openCalls.map((c) => c.id)).toContain('call-4');
    expect(resultOf('cdmx-focofess-spf', '2019-09-15').result.upcomingCalls.map((c) => c.id)).toEqual([
      'call-4',
    ]);
    // the earlier calls, with targets for both, stay open to both
    expect(resultOf('cdmx-focofess-spi', '2019-10-15').result.openCalls.map((c) => c.id)).toContain('call-3');
  });
});

describe('money as Table 4 says (FOCOFESS-06)', () => {
  it('a 2019 support line with no budget ("----") is not shown as payable with no maximum', () => {
    for (const [id, line] of [
      ['cdmx-focofess-spi', 'spi-equipment'],
      ['cdmx-focofess-spf', 'spf-technical-assistance'],
    ] as const) {
      const { report, result } = resultOf(id, '2019-06-01');
      const support = result.support.find((s) => s.id === line);
      expect(support?.unfunded).toBe(true);
      for (const lang of ['es', 'en'] as const) {
        const text = formatReport(resultOf(id, '2019-06-01', lang).report, lang);
        const row = text.split('\n').find((l) => l.includes(support?.label ?? '?') || l.includes('(SP'));
        expect(text).not.toMatch(/sin máximo en las fuentes|no maximum in the sources/);
        expect(row).toBeDefined();
      }
      expect(report.results).toHaveLength(1);
      // the funded line keeps its maximum
      const funded = result.support.find((s) => s.id !== line);
      expect(funded?.unfunded).toBeUndefined();
      expect(funded?.maxPerGroup).toBeDefined();
    }
    const text = formatReport(resultOf('cdmx-focofess-spi', '2019-06-01', 'es').report, 'es');
    expect(text).toMatch(/sin presupuesto en 2019/);
  });
});
