import { runCases } from './src/rules/cases';
import { isCaseFile, loadCatalogue, readYamlFiles } from './src/rules/load-dir';
import { Matcher } from './src/rules/match';

const c = loadCatalogue();
const out = await runCases(readYamlFiles('programmes', isCaseFile), new Matcher(c));
for (const o of out) console.log(o.passed ? 'ok ' : 'FAIL', o.file, o.name, o.differences.join(' | '));
