// Writes programmes/facts.yaml from programme-facts.md (the numbered facts and the Part B web pages), so
// that a fact number or a B-n reference cited by a rule file resolves inside the repository:
//   npx tsx scripts/import-facts.ts ../shared/programme-facts.md
// test/facts-coverage.test.ts checks the committed file against programme-facts.md when it is present.
import { readFileSync, writeFileSync } from 'node:fs';
import { factsFileText } from './facts-md';

const input = process.argv[2] ?? '../shared/programme-facts.md';
const output = 'programmes/facts.yaml';
writeFileSync(output, factsFileText(readFileSync(input, 'utf8')));
console.log(`wrote ${output} from ${input}`);
