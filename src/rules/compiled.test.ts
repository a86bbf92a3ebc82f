import { describe, expect, it } from 'vitest';
import { catalogueOf, programme } from '../../test/helpers';
import { compiled, FactCache } from './compiled';
import { Matcher, parseGroup } from './match';
import type { CodeDecision } from './status';

/** What the generated-group equivalence test cannot reach with the shipped files. */

const criterion = (id: string, condition: unknown) => ({
  id,
  label: { es: id, en: id },
  source: 'TEST-01',
  condition,
});

describe('the compiled evaluator', () => {
  it('reads a JSONPath into a fact as json-rules-engine does, three-valued', async () => {
    const catalogue = catalogueOf(
      programme({
        criteria: [
          criterion('first-agency', {
            fact: 'agenciesOwed',
            path: '$[0]',
            operator: 'equal',
            value: 'styfe',
          }),
          criterion('no-second', {
            not: { fact: 'agenciesOwed', path: '$[1]', operator: 'equal', value: 'sat' },
          }),
        ],
      }),
    );
    for (const debts of [undefined, [], [{ agency: 'styfe' }], [{ agency: 'imss' }, { agency: 'sat' }]]) {
      const group = parseGroup(
        debts === undefined ? {} : { debts: debts.map((d) => ({ ...d, kind: 'financial' })) },
        catalogue,
      );
      const options = { asOf: '2018-06-01' };
      const want = await new Matcher(catalogue, 'reference').match(group, options);
      const got = new Matcher(catalogue, 'compiled').matchSync(group, options);
      expect(JSON.stringify(got), JSON.stringify(debts)).toBe(JSON.stringify(want));
    }
  });

  it('computes a fact once per group, whichever programmes and criteria ask for it', () => {
    const catalogue = catalogueOf(
      programme({
        criteria: [criterion('five', { fact: 'memberCount', operator: 'greaterThanInclusive', value: 5 })],
      }),
      programme({
        id: 'prog-b',
        criteria: [criterion('two', { fact: 'memberCount', operator: 'greaterThanInclusive', value: 2 })],
      }),
    );
    let reads = 0;
    const members = new Proxy([{}, {}, {}], {
      get(target, key, receiver) {
        if (key === 'length') reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const context = { group: { members }, asOf: '2018-06-01', territories: catalogue.territories };
    const cache = new FactCache();
    const out: CodeDecision = { status: 0, stage: -1 };
    const statuses = catalogue.programmes.map(
      (p) => compiled(p).status(context, cache, new Uint8Array(p.criteria.length), out).status,
    );
    expect(statuses).toEqual([0, 2]);
    expect(reads).toBe(1);
  });
});
