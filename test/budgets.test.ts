import { describe, expect, it } from 'vitest';
import type { ProgrammeVersion } from '../src/rules/catalogue';
import { loadCatalogue } from '../src/rules/load-dir';

/**
 * The source's tables, checked against sums computed from the loaded rule files: Table 4 (financial
 * targets, S000 L323-328), Table 1 (CDMX Cooperatives results, S000 L228-232) and Table 2 (FOCOFESS 2019
 * calls and targets, S000 L256-259). The expected numbers are the source's; every sum comes from the files.
 */

const catalogue = loadCatalogue();

/** CDMX Cooperatives (2016-2018) and FOCOFESS (2019): the umbrellas and their subprogrammes. */
const FAMILIES = ['cdmx-coop', 'cdmx-focofess'];
const family = catalogue.programmes.filter((p) => FAMILIES.includes(p.parent ?? p.id));

const PESO = 100; // centavos
const COLUMNS = [
  'spi-consulting-training',
  'spi-equipment',
  'spf-technical-assistance',
  'spf-equipment',
  'operational',
] as const;
const YEARS = [2016, 2017, 2018, 2019] as const;

/** Table 4 rows, pesos, in the order of COLUMNS; "----" (2019) is no line, i.e. 0. */
const TABLE_4: Record<(typeof YEARS)[number], number[]> = {
  2016: [3_000_000, 6_000_000, 6_000_000, 18_000_000, 3_000_000],
  2017: [4_210_000, 14_890_000, 4_200_000, 18_000_000, 3_700_000],
  2018: [7_891_485, 8_800_000, 5_250_000, 22_500_000, 3_089_515],
  2019: [70_000_000, 0, 0, 120_000_000, 10_000_000],
};
/** Table 4 "Total" row (S000 L328). */
const TABLE_4_COLUMN_TOTALS = [85_101_485, 29_690_000, 15_450_000, 178_500_000, 19_789_515];
const TABLE_4_GRAND_TOTAL = 328_531_000;

/** Centavos per fiscal year and budget-line category, summed over every loaded line of the family. */
function sumsByYearAndCategory(versions: readonly ProgrammeVersion[]) {
  const sums = new Map<number, Map<string, number>>();
  for (const v of versions) {
    if (!v.budget) continue;
    const year = sums.get(v.budget.fiscalYear) ?? new Map<string, number>();
    for (const line of v.budget.lines) {
      const category = line.category ?? `(no category: ${v.key}/${line.id})`;
      year.set(category, (year.get(category) ?? 0) + line.amount.minor);
    }
    sums.set(v.budget.fiscalYear, year);
  }
  return sums;
}
const sums = sumsByYearAndCategory(family);
const cell = (year: number, category: string) => sums.get(year)?.get(category) ?? 0;
const yearTotal = (year: number) => [...(sums.get(year)?.values() ?? [])].reduce((a, b) => a + b, 0);
const umbrella = (id: string, year: number) => catalogue.versions(id).find((v) => v.fiscalYear === year);
const targetSum = (targets: Record<string, number> | undefined, key?: string) =>
  Object.entries(targets ?? {})
    .filter(([k]) => key === undefined || k === key)
    .reduce((a, [, n]) => a + n, 0);

describe('Table 4 - CDMX 2016-2018 and FOCOFESS 2019 financial targets (S000 L323-328)', () => {
  it('loads budget lines for every year, all in MXN and all in a Table 4 column', () => {
    expect([...sums.keys()].sort()).toEqual([...YEARS]);
    for (const v of family)
      for (const line of v.budget?.lines ?? []) {
        expect(line.amount.currency, `${v.key}/${line.id}`).toBe('MXN');
        expect(COLUMNS as readonly string[], `${v.key}/${line.id}`).toContain(line.category);
      }
  });

  for (const year of YEARS) {
    it(`${year}: each column matches the table`, () => {
      expect(COLUMNS.map((c) => cell(year, c) / PESO)).toEqual(TABLE_4[year]);
    });
  }

  it('column totals over 2016-2019 match the Total row', () => {
    expect(COLUMNS.map((c) => YEARS.reduce((a, y) => a + cell(y, c), 0) / PESO)).toEqual(
      TABLE_4_COLUMN_TOTALS,
    );
  });

  it('grand total over 2016-2019 is 328,531,000 pesos', () => {
    expect(YEARS.reduce((a, y) => a + yearTotal(y), 0)).toBe(TABLE_4_GRAND_TOTAL * PESO);
  });

  it('SPF items total 193,950,000 and SPI items 114,791,485 pesos (S000 L332)', () => {
    const over = (columns: string[]) =>
      YEARS.reduce((a, y) => a + columns.reduce((b, c) => b + cell(y, c), 0), 0);
    expect(over(['spf-technical-assistance', 'spf-equipment'])).toBe(193_950_000 * PESO);
    expect(over(['spi-consulting-training', 'spi-equipment'])).toBe(114_791_485 * PESO);
  });

  it('row totals are the sums of their lines: 2016 is 36,000,000, not the printed 38,000,000', () => {
    expect(YEARS.map((y) => yearTotal(y) / PESO)).toEqual([36_000_000, 45_000_000, 47_531_000, 200_000_000]);
    expect(yearTotal(2016)).not.toBe(38_000_000 * PESO);
  });

  it('each umbrella states a total equal to its lines and its subprogrammes lines', () => {
    const umbrellas: [string, number][] = [
      ['cdmx-coop', 2016],
      ['cdmx-coop', 2017],
      ['cdmx-coop', 2018],
      ['cdmx-focofess', 2019],
    ];
    for (const [id, year] of umbrellas) {
      const total = umbrella(id, year)?.budget?.total;
      expect(total?.minor, `${id}@${year}`).toBe(yearTotal(year));
    }
  });
});

describe('Table 1 - CDMX Cooperatives results 2016-2018 (S000 L228-232)', () => {
  const TABLE_1 = [
    { year: 2016, budgetMillions: 36, target: 180 },
    { year: 2017, budgetMillions: 45, target: 230 },
    { year: 2018, budgetMillions: 47.5, target: 360 },
  ];

  for (const row of TABLE_1) {
    it(`${row.year}: budget ${row.budgetMillions} million pesos and target ${row.target}`, () => {
      const version = umbrella('cdmx-coop', row.year);
      const total = version?.budget?.total?.minor ?? 0;
      expect(total).toBe(yearTotal(row.year));
      // Table 1 prints millions to one decimal (47,531,000 -> 47.5).
      expect(Math.round(total / PESO / 100_000) / 10).toBe(row.budgetMillions);
      expect(version?.calls.reduce((a, c) => a + targetSum(c.targets), 0)).toBe(row.target);
    });
  }

  it('budgets are 36, 45 and 47.531 million pesos, 128.531 million in all (Table 1 prints 128.5)', () => {
    const totals = [2016, 2017, 2018].map(
      (y) => (umbrella('cdmx-coop', y)?.budget?.total?.minor ?? 0) / PESO,
    );
    expect(totals).toEqual([36_000_000, 45_000_000, 47_531_000]);
    const all = totals.reduce((a, b) => a + b, 0);
    expect(all).toBe(128_531_000);
    expect(Math.round(all / 100_000) / 10).toBe(128.5);
  });

  // Table 1's applications, achieved and % variation columns, from each year's `results` (CDMXCOOP-35…38).
  // The source truncates the variation to one decimal (47.78 -> 47.7): floor, not round.
  const variation = (achieved: number, target: number) =>
    Math.floor(((achieved - target) / target) * 1000) / 10;
  const ROWS = [
    { year: 2016, applications: 408, achieved: 266, variation: 47.7 },
    { year: 2017, applications: 774, achieved: 364, variation: 58.2 },
    { year: 2018, applications: 521, achieved: 360, variation: 0 },
  ];
  for (const row of ROWS) {
    it(`${row.year}: ${row.applications} applications, ${row.achieved} achieved, ${row.variation} % over the target`, () => {
      const version = umbrella('cdmx-coop', row.year);
      const target = version?.calls.reduce((a, c) => a + targetSum(c.targets), 0) ?? 0;
      expect(version?.results).toMatchObject({ applications: row.applications, achieved: row.achieved });
      expect(variation(version?.results?.achieved ?? 0, target)).toBe(row.variation);
    });
  }

  it('total row: 1,703 applications, target 770, achieved 990, +28.5 %', () => {
    const versions = [2016, 2017, 2018].map((y) => umbrella('cdmx-coop', y));
    const sum = (f: (v: (typeof versions)[number]) => number) => versions.reduce((a, v) => a + f(v), 0);
    const applications = sum((v) => v?.results?.applications ?? 0);
    const achieved = sum((v) => v?.results?.achieved ?? 0);
    const target = sum((v) => v?.calls.reduce((a, c) => a + targetSum(c.targets), 0) ?? 0);
    expect([applications, target, achieved]).toEqual([1_703, 770, 990]);
    expect(variation(achieved, target)).toBe(28.5);
  });

  it('targets add up to 770', () => {
    const all = [2016, 2017, 2018].flatMap((y) => umbrella('cdmx-coop', y)?.calls ?? []);
    expect(all.reduce((a, c) => a + targetSum(c.targets), 0)).toBe(770);
  });
});

describe('Table 2 - FOCOFESS 2019 calls and targets (S000 L256-259)', () => {
  const calls = [...(umbrella('cdmx-focofess', 2019)?.calls ?? [])].sort((a, b) =>
    a.opens.localeCompare(b.opens),
  );

  it('has the four calls of 2019', () => {
    expect(calls.map((c) => c.opens)).toEqual(['2019-02-26', '2019-06-11', '2019-09-02', '2019-09-30']);
  });

  it('per-call totals are 500, 875, 634 and 500', () => {
    expect(calls.map((c) => targetSum(c.targets))).toEqual([500, 875, 634, 500]);
  });

  it('targets sum to 1,040 SPI, 1,469 SPF and 2,509 in all', () => {
    expect(calls.reduce((a, c) => a + targetSum(c.targets, 'spi'), 0)).toBe(1_040);
    expect(calls.reduce((a, c) => a + targetSum(c.targets, 'spf'), 0)).toBe(1_469);
    expect(calls.reduce((a, c) => a + targetSum(c.targets), 0)).toBe(2_509);
  });
});
