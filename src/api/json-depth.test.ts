import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, tooDeep } from './json-depth';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('tooDeep', () => {
  it('accepts MAX_JSON_DEPTH levels and names the first container below them', () => {
    expect(tooDeep(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(tooDeep(nested(MAX_JSON_DEPTH + 1))).toBe('[0]'.repeat(MAX_JSON_DEPTH));
    expect(tooDeep('{"a": 1}', 0)).toBe('(body)');
    expect(tooDeep(nested(10_000))).toBeDefined();
  });

  it('gives the path of the deep value: keys (unescaped) and list indices', () => {
    const text = `{"group": {"name": "x", "members": [{}, {"age": 3, "resi\\"dence": [[[]]]}]}}`;
    expect(tooDeep(text, 5)).toBe('group.members[1].resi"dence[0]');
    expect(tooDeep(text, 6)).toBe('group.members[1].resi"dence[0][0]');
    expect(tooDeep(text, 7)).toBeUndefined();
  });

  it('skips brackets, braces, commas and escaped quotes inside strings', () => {
    const text = JSON.stringify({ a: '[[[[{{{{', b: ['"]]]]\\', '\\"[[[['], c: { 'k[,{': '}]' } });
    expect(tooDeep(text, 2)).toBeUndefined();
    expect(tooDeep(`{"a": "[[[[", "b": [{"c": [1]}]}`, 3)).toBe('b[0].c');
  });

  it('agrees with the depth of any JSON value', () => {
    const depth = (value: unknown): number =>
      value && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value).map(depth)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (value, max) => {
        const text = JSON.stringify(value);
        expect(tooDeep(text, max) === undefined).toBe(depth(value) <= max);
      }),
      { numRuns: 500, seed: 16 },
    );
  });
});
