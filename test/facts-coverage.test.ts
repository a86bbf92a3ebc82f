import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type FactRow, factsFileText, readFactsMarkdown } from '../scripts/facts-md';
import { DEFAULT_PROGRAMMES_DIR, isCaseFile, readRuleFiles } from '../src/rules/load-dir';

/**
 * Facts coverage (issue 12): every numbered fact of programme-facts.md that states a criterion, amount,
 * budget, date, target, stage, exclusion, call, body or link is cited by a rule file or listed, with the
 * reason, under "Facts left out" in programmes/ASSUMPTIONS.md.
 *
 * programme-facts.md lives outside the repository, in ../shared next to the repository root. When it is
 * not there (a clone elsewhere, CI) the tests that need it are skipped with a printed warning; the left-out
 * list is still checked against programmes/facts.yaml, the copy of its numbered facts in the repository.
 *
 * How a fact is classified: by its text. It states one of the kinds when its text has a word or figure of
 * that kind (KINDS below): a year or a date (dates, calls), an amount of money or the word budget, a
 * target or objective, eligibility words (criteria, stages, exclusions), or the name of a kind of body or
 * link (agency, committee, agreement …). A fact with none of them (a bare statistic such as "604
 * cooperatives") is context and need not be covered.
 */
const KINDS: Record<string, RegExp> = {
  date: /\b(19|20)\d{2}\b|\b(GOCM|GODF|DOF)\b/,
  call: /\bcalls?\b|convocatoria/i,
  amount: /\bpesos\b|\bMXN\b|US\$|\bUSD\b|\beuros?\b|\bmillion\b|\bamounts?\b|\bmax(imum)?\b/i,
  budget: /\bbudgets?\b|\bfund(ing|ed)?\b|\bline items?\b/i,
  target: /\btargets?\b|\bobjectives?\b|\bgoals?\b|\baims?\b/i,
  criterion:
    /eligib|criteri|requir|\bmust\b|\bonly (those|if)\b|\bat least\b|\bminimum\b|\bgroup rule\b|membership rule/i,
  stage: /\bstages?\b|\bgate\b|\bsequence\b/i,
  exclusion: /exclu|could not|\bnot have been\b|disqualif/i,
  body: /\bagency\b|\bbody\b|\bcommittee\b|\bcouncil\b|\bministr|\binstitut|\bdirectorate|\boperator\b|\bpartners?\b|administ/i,
  link: /\bagreements?\b|coordinat|\blink(age|ed|s)?\b|\bsigned\b/i,
};

function kindsOf(fact: Pick<FactRow, 'text'>): string[] {
  return Object.entries(KINDS)
    .filter(([, re]) => re.test(fact.text))
    .map(([kind]) => kind);
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FACTS_MD = resolve(repoRoot, '../shared/programme-facts.md');
const present = existsSync(FACTS_MD);
if (!present) console.warn(`facts coverage: ${FACTS_MD} not found; the tests that read it are skipped`);

const assumptions = readFileSync(resolve(DEFAULT_PROGRAMMES_DIR, 'ASSUMPTIONS.md'), 'utf8');
const leftOutSection = assumptions.split(/^## Facts left out$/m)[1] ?? '';
const leftOut = new Map(
  [...leftOutSection.matchAll(/^\| ([A-Z]+-\d{2}) \| (.+) \|$/gm)].map((m) => [
    m[1] as string,
    (m[2] as string).trim(),
  ]),
);
const ruleTexts = readRuleFiles(DEFAULT_PROGRAMMES_DIR, (name) => !isCaseFile(name) && name.endsWith('.yaml'))
  .filter((f) => f.path !== 'facts.yaml')
  .map((f) => f.text)
  .join('\n');
const cited = new Set(ruleTexts.match(/\b[A-Z]+-\d{2}\b/g));
const factsYaml = parse(readFileSync(resolve(DEFAULT_PROGRAMMES_DIR, 'facts.yaml'), 'utf8')) as {
  facts: Record<string, unknown>;
};

describe('facts left out (programmes/ASSUMPTIONS.md)', () => {
  it('lists facts that exist, each with a reason', () => {
    expect(leftOut.size).toBeGreaterThan(10);
    for (const [id, why] of leftOut) {
      expect(Object.keys(factsYaml.facts), id).toContain(id);
      expect(why.length, id).toBeGreaterThan(40);
    }
  });

  it("issue 12's facts not encoded are now encoded (cited) or left out, with a reason", () => {
    const named = [
      'CDMXCOOP-31',
      'CDMXCOOP-37',
      'CDMXCOOP-38',
      'CDMXSUP-03',
      'CDMXSUP-07',
      'PFES-04',
      'PFES-15',
      'RECM-07',
      'CDMXCOOP-09',
      'CDMXCOOP-18',
      'CDMXCOOP-34',
      'CDMXCOOP-39',
      'CDMXSUP-05',
      'CDMXSUP-06',
      'CDMXSUP-09',
      'CDMXSUP-10',
      'CDMXSUP-13',
      'CDMXSUP-14',
      'CDMXSUP-16',
      'PROSPERA-11',
      'PROINPRO-06',
      'PROINPRO-12',
      'PROINPRO-13',
      'PROSPMOD-02',
      'PROSPMOD-03',
      'NAT-03',
      'NAT-04',
      'NAT-05',
    ];
    expect(named.filter((id) => !cited.has(id) && !leftOut.has(id))).toEqual([]);
  });

  it('a fact is either cited by a rule file or left out, not both', () => {
    expect([...leftOut.keys()].filter((id) => cited.has(id))).toEqual([]);
  });

  it('classifies facts by their text', () => {
    expect(kindsOf({ text: 'DENUE-INEGI lists 604 cooperatives in CDMX.' })).toEqual([]);
    expect(kindsOf({ text: 'Eligibility (iii): "have the majority of their members residing…"' })).toEqual([
      'criterion',
    ]);
    expect(kindsOf({ text: 'Budget: 200 million pesos' })).toEqual(['amount', 'budget']);
  });
});

describe.skipIf(!present)('programme-facts.md coverage', () => {
  const markdown = present ? readFileSync(FACTS_MD, 'utf8') : '';
  const { facts } = readFactsMarkdown(markdown);
  const stating = facts.filter((f) => kindsOf(f).length > 0);

  it('reads every numbered fact (186) and classifies most as stating a rule, amount, date, body or link', () => {
    expect(facts).toHaveLength(186);
    expect(stating.length).toBeGreaterThan(170);
  });

  it('every fact that states a criterion, amount, budget, date, target, stage, exclusion, call, body or link is cited or left out', () => {
    const uncovered = stating.filter((f) => !cited.has(f.id) && !leftOut.has(f.id));
    expect(uncovered.map((f) => `${f.id} (${kindsOf(f).join(', ')}): ${f.text.slice(0, 80)}`)).toEqual([]);
  });

  it('programmes/facts.yaml is the current copy of programme-facts.md (npx tsx scripts/import-facts.ts)', () => {
    expect(readFileSync(resolve(DEFAULT_PROGRAMMES_DIR, 'facts.yaml'), 'utf8')).toBe(factsFileText(markdown));
  });
});
