// Writes the generated reference files: schemas/*.schema.json, docs/facts.md, schemas/openapi.json, the
// typed API client's types (src/api/openapi-types.ts, from openapi-typescript) and the rule files
// bundled into the Workers build (src/rules/rule-files.generated.ts).
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../src/api/app';
import { loadCatalogue } from '../src/rules/load-dir';
import { factsReference, jsonSchemas } from '../src/rules/reference-docs';
import { OPENAPI_TYPES_FILE, openApiTypes } from './openapi-types';
import { RULE_FILES_MODULE, ruleFilesModule } from './rule-files-module';
import { SCENARIO_EXAMPLES_MODULE, scenarioExamplesModule } from './scenario-examples-module';

for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync('docs/facts.md', factsReference());
const document = openApiDocument(loadCatalogue());
writeFileSync('schemas/openapi.json', `${JSON.stringify(document, null, 2)}\n`);
writeFileSync(OPENAPI_TYPES_FILE, await openApiTypes(document));
writeFileSync(RULE_FILES_MODULE, ruleFilesModule());
writeFileSync(SCENARIO_EXAMPLES_MODULE, scenarioExamplesModule());
console.log(
  `wrote schemas/*.json, docs/facts.md, ${OPENAPI_TYPES_FILE}, ${RULE_FILES_MODULE} and ${SCENARIO_EXAMPLES_MODULE}`,
);
