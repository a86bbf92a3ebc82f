import { describe, expect, it } from 'vitest';
import { catalogueOf, members, programme } from '../../test/helpers';
import { Matcher, parseGroup } from './match';

const withCohort = programme({
  targetUnit: 'person',
  parameters: { maxAbovePovertyLine: { value: 0.3, source: 'ISMFRONT-08' } },
  criteria: [
    {
      id: 'adult',
      scope: 'member',
      label: { es: 'Adulto', en: 'Adult' },
      source: 'TEST-01',
      condition: { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
    },
  ],
  cohortRules: [
    {
      id: 'above-poverty-line',
      label: { es: 'Máximo 30 % sobre la línea de pobreza', en: 'At most 30 % above the poverty line' },
      where: { inPoverty: false },
      maxShare: { param: 'maxAbovePovertyLine' },
      source: 'ISMFRONT-08',
    },
  ],
});

async function runBatch(groups: unknown[]) {
  const catalogue = catalogueOf(withCohort);
  const batch = new Matcher(catalogue).batch({ asOf: '2018-06-01', lang: 'en' });
  for (const g of groups) await batch.match(parseGroup(g, catalogue));
  return batch.cohorts();
}

describe('cohort rules over a batch', () => {
  it('passes when at most 30 % of participants are above the poverty line', async () => {
    const [result] = await runBatch([
      { members: members(7, [], { age: 30, inPoverty: true }) },
      { members: members(3, [], { age: 30, inPoverty: false }) },
    ]);
    expect(result).toMatchObject({
      rule: 'above-poverty-line',
      participants: 10,
      matching: 3,
      verdict: 'passed',
      maxShare: 0.3,
    });
  });

  it('reports a batch that breaks the rule, with its numbers', async () => {
    const [result] = await runBatch([
      { members: members(6, [], { age: 30, inPoverty: true }) },
      { members: members(4, [], { age: 30, inPoverty: false }) },
    ]);
    expect(result?.verdict).toBe('failed');
    expect(result?.message).toBe(
      'The batch breaks «At most 30 % above the poverty line»: 4 of 10 participants (40%); at most 30%',
    );
  });

  it('is undecided when unknown participants could tip it either way, and counts only eligible groups', async () => {
    const [result] = await runBatch([
      { members: members(7, [], { age: 30, inPoverty: true }) },
      { members: [{ age: 30, inPoverty: false }, { age: 30 }, { age: 30 }] },
      { members: members(5, [], { age: 10, inPoverty: false }) }, // minors: not eligible, not participants
      { members: [{ age: 12, inPoverty: false }] },
    ]);
    expect(result).toMatchObject({ participants: 10, matching: 1, unknown: 2, verdict: 'passed' });
    const [mixed] = await runBatch([
      {
        members: [
          ...members(7, [], { age: 30, inPoverty: true }),
          { age: 15, inPoverty: false },
          { age: 16, inPoverty: false },
        ],
      },
    ]);
    expect(mixed).toMatchObject({ participants: 7, matching: 0, verdict: 'passed' }); // the two minors do not take part
    const [tipping] = await runBatch([
      { members: members(6, [], { age: 30, inPoverty: true }) },
      { members: [{ age: 30, inPoverty: false }, { age: 30, inPoverty: false }, { age: 30 }, { age: 30 }] },
    ]);
    expect(tipping).toMatchObject({ participants: 10, matching: 2, unknown: 2, verdict: 'unknown' });
  });
});
