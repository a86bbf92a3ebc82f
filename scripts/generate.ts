// Writes the generated reference files: schemas/*.schema.json and docs/facts.md.
import { writeFileSync } from 'node:fs';
import { factsReference, jsonSchemas } from '../src/rules/reference-docs';

for (const [name, schema] of Object.entries(jsonSchemas())) {
  writeFileSync(`schemas/${name}`, `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync('docs/facts.md', factsReference());
console.log('wrote schemas/*.schema.json and docs/facts.md');
