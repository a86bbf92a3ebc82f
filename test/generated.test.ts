import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { factsReference, jsonSchemas } from '../src/rules/reference-docs';

describe('generated reference files are committed up to date (run `npm run gen`)', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`schemas/${name}`, () => {
      expect(JSON.parse(readFileSync(`schemas/${name}`, 'utf8'))).toEqual(schema);
    });
  }
  it('docs/facts.md', () => {
    expect(readFileSync('docs/facts.md', 'utf8')).toBe(factsReference());
  });
});
