import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { formatReport } from '../src/cli/format';
import type { RuleFileError } from '../src/rules/errors';
import { loadCatalogue } from '../src/rules/load-dir';
import { parseCatalogue } from '../src/rules/loader';
import { Matcher, parseGroup } from '../src/rules/match';
import { BODIES_FILE, programme, TERRITORIES_FILE } from './helpers';

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

describe('the loader checks unfunded lines and calls open to subprogrammes', () => {
  it('rejects an unfunded line with a maximum, and a call open to an unknown subprogramme', () => {
    const text = stringify(
      programme({
        support: [
          {
            id: 's1',
            label: { es: 'A', en: 'A' },
            type: 'cash',
            unfunded: true,
            maxPerGroup: { amount: 10, currency: 'MXN' },
            source: 'TEST-01',
          },
        ],
        budget: { fiscalYear: 2018, currency: 'MXN', lines: [], source: 'TEST-01' },
        calls: [
          {
            id: 'c1',
            name: { es: 'C', en: 'C' },
            opens: '2018-02-01',
            openTo: ['prog-z'],
            source: 'TEST-01',
          },
        ],
      }),
    );
    let problems: RuleFileError['problems'] = [];
    try {
      parseCatalogue([BODIES_FILE, TERRITORIES_FILE, { path: 'a.yaml', text }]);
    } catch (error) {
      problems = (error as RuleFileError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'support[0].unfunded' }),
        expect.objectContaining({
          path: 'calls[0].openTo[0]',
          reason: expect.stringMatching(/unknown subprogramme 'prog-z'/),
        }),
      ]),
    );
  });
});
