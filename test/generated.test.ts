import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENAPI_TYPES_FILE, openApiTypes } from '../scripts/openapi-types';
import { RULE_FILES_MODULE, ruleFilesModule } from '../scripts/rule-files-module';
import { SCENARIO_EXAMPLES_MODULE, scenarioExamplesModule } from '../scripts/scenario-examples-module';
import { openApiDocument } from '../src/api/app';
import { loadCatalogue } from '../src/rules/load-dir';
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
  it('schemas/openapi.json and the typed client it generates (src/api/openapi-types.ts)', async () => {
    const document = openApiDocument(loadCatalogue());
    expect(JSON.parse(readFileSync('schemas/openapi.json', 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(document)),
    );
    expect(readFileSync(OPENAPI_TYPES_FILE, 'utf8')).toBe(await openApiTypes(document));
  });
  it(`${RULE_FILES_MODULE}: the programmes the Workers build serves are the ones in programmes/`, () => {
    expect(readFileSync(RULE_FILES_MODULE, 'utf8')).toBe(ruleFilesModule());
  });
  it(`${SCENARIO_EXAMPLES_MODULE}: the example scenarios the committee page offers are those in examples/scenarios/`, () => {
    expect(readFileSync(SCENARIO_EXAMPLES_MODULE, 'utf8')).toBe(scenarioExamplesModule());
  });
});
