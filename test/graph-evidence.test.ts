import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { EVIDENCE_LABELS, evidenceLabel, evidenceLines, formatEvidence } from '../src/graph/flags/evidence';
import { analysePopulation, coordinationReport } from '../src/graph/report';
import { syntheticGroups } from '../src/graph/synthetic';
import { loadCatalogue } from '../src/rules/load-dir';

/** The flags' evidence as a committee member reads it: labels in es/en, percentages, yes/no, names. */

const catalogue = loadCatalogue();

async function shippedFlags(asOf: string) {
  const analysis = await analysePopulation({
    catalogue,
    asOf,
    population: {
      info: { kind: 'synthetic', seed: 3 },
      expected: 1500,
      groups: syntheticGroups(DEFAULT_DISTRIBUTIONS, {
        count: 1500,
        seed: 3,
        territories: catalogue.territories,
      }),
    },
  });
  return coordinationReport({ catalogue, asOf, analysis }).flags;
}

describe('the evidence catalogue', () => {
  it('labels every evidence key the shipped flags make, in Spanish and English', async () => {
    const flags = (
      await Promise.all(['2014-06-01', '2016-06-01', '2018-06-01', '2019-06-01'].map(shippedFlags))
    ).flat();
    expect(flags.length).toBeGreaterThan(20);
    const keys = new Set(flags.flatMap((f) => Object.keys(f.evidence)));
    const unknown = [...keys].filter((k) => !evidenceLabel(k));
    expect(unknown).toEqual([]);
    // The flags of stored data (duplicate enrolments) are in it too.
    for (const k of ['persons', 'groups', 'fiscalYear']) expect(EVIDENCE_LABELS[k]).toBeDefined();
    for (const f of flags) {
      for (const lang of ['es', 'en'] as const) {
        for (const line of evidenceLines(f.evidence, lang)) {
          // No identifier in camelCase and no raw 0/1 for a yes/no.
          expect(line.label, f.id).not.toMatch(/[a-z][A-Z]/);
          expect(line.label, f.id).not.toBe(line.key);
        }
      }
    }
  }, 120_000);

  it('writes shares as percentages, yes/no in words and per-year keys with their year', () => {
    expect(evidenceLines({ shareOfSmaller: 0.1939, bodyHasBudget: 0, formal: 1 }, 'es')).toEqual([
      { key: 'shareOfSmaller', label: 'Proporción del programa más pequeño', value: '19.4 %' },
      { key: 'bodyHasBudget', label: 'El órgano tiene presupuesto', value: 'no' },
      { key: 'formal', label: 'Vínculo formal', value: 'sí' },
    ]);
    expect(evidenceLines({ budgetBackedLinks: 0, expected2018: 5 }, 'en')).toEqual([
      { key: 'budgetBackedLinks', label: 'Links with a budget', value: '0' },
      { key: 'expected2018', label: 'Links expected in 2018', value: '5' },
    ]);
    expect(formatEvidence('money', 150000, 'es')).toBe('$150,000');
    expect(formatEvidence('ratio', 1.5, 'es')).toBe('1.5 veces');
    expect(formatEvidence('year', 2019, 'en')).toBe('2019');
    expect(evidenceLabel('expected')?.label.es).toBe('Vínculos esperados (último año)');
    expect(evidenceLabel('nonsense2019')).toBeUndefined();
  });

  it('names the segments of coverage gaps in words, not codes', async () => {
    const flags = (await Promise.all(['2016-06-01', '2019-06-01'].map(shippedFlags))).flat();
    const gaps = flags.filter((f) => f.type === 'coverage-gap');
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps) {
      for (const text of [g.title.es, g.title.en]) {
        expect(text, g.id).not.toMatch(/[a-z]_[a-z]|=\s*(yes|no|unknown)\b|\d+-\d+%/);
      }
    }
  }, 120_000);
});
