import { Engine } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { OPERATORS } from './condition';

/**
 * The operators' own definitions (which the compiled evaluator runs) give json-rules-engine's
 * answer for every fact value, including the odd ones its validators accept or refuse.
 */

const FACT_VALUES: unknown[] = [
  0,
  5,
  5.5,
  -1,
  '5',
  '5x',
  'x',
  '',
  true,
  false,
  [],
  [5],
  ['styfe'],
  ['a', 'b'],
  {},
];
const VALUES: Record<string, unknown[]> = {
  any: [5, '5', 'styfe', true, false, 'x'],
  number: [0, 5, 5.5, -1],
  list: [[5], ['a', 'b'], ['styfe', 'x'], [true]],
  range: [
    [0, 5],
    [5, 5],
    [-1, 10],
  ],
};

async function engineSays(operator: string, factValue: unknown, value: unknown): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const op of OPERATORS) if (op.custom) engine.addOperator(op.name, op.evaluate);
  engine.addFact('x', () => factValue);
  engine.addRule({ conditions: { all: [{ fact: 'x', operator, value }] }, event: { type: 'yes' } });
  const { events } = await engine.run();
  return events.length > 0;
}

describe('operators', () => {
  for (const op of OPERATORS) {
    it(`${op.name} answers as json-rules-engine does`, async () => {
      for (const factValue of FACT_VALUES)
        for (const value of VALUES[op.value] ?? [])
          expect(
            op.evaluate(factValue, value),
            `${JSON.stringify(factValue)} ${op.name} ${JSON.stringify(value)}`,
          ).toBe(await engineSays(op.name, factValue, value));
    });
  }
});
