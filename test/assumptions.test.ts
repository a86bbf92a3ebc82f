import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRuleFiles } from '../src/rules/load-dir';

const assumptionsText = readFileSync('programmes/ASSUMPTIONS.md', 'utf8');
const listed = new Set([...assumptionsText.matchAll(/^\| (A-\d+) \|/gm)].map((m) => m[1] as string));
const ruleFiles = readRuleFiles('programmes', (name) => !name.endsWith('.cases.yaml'));
const referenced = new Set(ruleFiles.flatMap((f) => [...f.text.matchAll(/\bA-\d{2,}\b/g)].map((m) => m[0])));

describe('programmes/ASSUMPTIONS.md', () => {
  it('lists assumptions', () => {
    expect(listed.size).toBeGreaterThan(5);
  });
  it('every assumption a rule file cites is listed', () => {
    expect([...referenced].filter((a) => !listed.has(a))).toEqual([]);
  });
  it('every listed assumption is cited by the rule file that uses it (or by the evaluator, for A-08)', () => {
    expect([...listed].filter((a) => !referenced.has(a))).toEqual([]);
  });
});
