import { describe, expect, it } from 'vitest';
import { CEILING } from '../bench/ceiling';
import { ReferenceEvaluator, referenceStatus } from '../bench/reference';
import { syntheticGroups } from '../bench/synthetic';
import { loadCatalogue } from '../src/rules/load-dir';

describe('the benchmark ceiling (hand-written predicates) is honest', () => {
  const catalogue = loadCatalogue();
  const groups = syntheticGroups(400, 7);

  it('gives the same status as the rule files on synthetic groups, for every programme it covers', async () => {
    const evaluator = new ReferenceEvaluator();
    const seen = new Set<string>();
    for (const [key, ceiling] of Object.entries(CEILING)) {
      const version = catalogue.programmes.find((p) => p.key === key);
      expect(version, key).toBeDefined();
      if (!version) continue;
      for (const [i, group] of groups.entries()) {
        const reference = await referenceStatus(evaluator, version, group, catalogue.territories);
        expect(ceiling(group), `${key}, group ${i}`).toBe(reference);
        seen.add(`${key}:${reference}`);
      }
    }
    // the synthetic set reaches every status of every programme, so the comparison means something
    for (const key of Object.keys(CEILING)) {
      for (const status of ['eligible', 'ineligible', 'undetermined'])
        expect(seen.has(`${key}:${status}`), `${key}:${status}`).toBe(true);
    }
  });

  it('synthetic groups are deterministic for a seed', () => {
    expect(syntheticGroups(50, 3)).toEqual(syntheticGroups(50, 3));
    expect(syntheticGroups(50, 3)).not.toEqual(syntheticGroups(50, 4));
  });
});
