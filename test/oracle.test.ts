import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaseFiles } from '../src/rules/cases';
import type { ProgrammeVersion } from '../src/rules/catalogue';
import { DEFAULT_PROGRAMMES_DIR, isCaseFile, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';
import { type GeneratedCase, groupCases, INPUT_FORMS, inputForms, mutatedCases } from './arbitraries';
import { oracleStatuses } from './oracle';

/**
 * The engine against an oracle that does not share its fact catalogue (test/oracle.ts): the two
 * evaluators of test/equivalence.test.ts both read src/rules/facts.ts, so a fact bug passes there.
 * Here, on generated groups in every input form the group schema allows and on dates around the
 * shipped versions' validity, the compiled evaluator's status, stage and criterion verdicts must
 * equal the oracle's for every shipped programme. ORACLE_SEED and ORACLE_RUNS reproduce or widen a run.
 */

const catalogue = loadCatalogue();
const engine = new Matcher(catalogue, 'compiled');
const RUNS = Number(process.env.ORACLE_RUNS ?? 2000);
const SEED = Number(process.env.ORACLE_SEED ?? 20260117);
const FORM_SAMPLE = 1000;
const versions = new Map(catalogue.programmes.map((p) => [p.key, p]));
const cases = parseCaseFiles(readRuleFiles(DEFAULT_PROGRAMMES_DIR, isCaseFile), catalogue).map((c) => ({
  asOf: c.case.asOf,
  group: c.case.group,
}));

// biome-ignore lint/suspicious/noExplicitAny: raw group JSON, as a client sends it
type Json = any;

/**
 * Disagreements traced to a defect in src/rules/facts.ts, each excluded for exactly the input form
 * and programme versions it affects (the rest of the group is still compared). Delete a line once
 * its defect is fixed: the property then covers that form again.
 */
interface KnownDefect {
  id: string;
  applies(group: Json, version: ProgrammeVersion): boolean;
}
// D1 (a residenceState member filter ignored the municipality) and D2 (locationCountry ignored an
// ISO 3166-2 region) were found by this property and fixed in src/rules/facts.ts; none is open.
const KNOWN_DEFECTS: KnownDefect[] = [];

const excluded = new Map<string, number>(KNOWN_DEFECTS.map((d) => [d.id, 0]));
const compared = new Map<string, Set<string>>();

function agree({ asOf, group: input }: GeneratedCase) {
  const report = engine.matchSync(parseGroup(input, catalogue), { asOf });
  const expected = oracleStatuses(catalogue, input, asOf);
  expect(
    report.results.map((r) => r.programme.key),
    'the same programme versions',
  ).toEqual(expected.map((r) => r.key));
  for (const [i, got] of report.results.entries()) {
    const want = expected[i] as (typeof expected)[number];
    const version = versions.get(want.key) as ProgrammeVersion;
    const defect = KNOWN_DEFECTS.find((d) => want.status !== 'not_active' && d.applies(input, version));
    if (defect) {
      excluded.set(defect.id, (excluded.get(defect.id) ?? 0) + 1);
      continue;
    }
    const where = `${want.key} on ${asOf}`;
    expect(
      Object.fromEntries(got.criteria.map((c) => [c.id, c.verdict])),
      `${where}: criterion verdicts`,
    ).toEqual(want.criteria);
    expect(got.status, `${where}: status`).toBe(want.status);
    expect(got.stage?.id, `${where}: stage`).toBe(want.stage);
    compared.set(want.key, (compared.get(want.key) ?? new Set()).add(want.status));
  }
}

describe('the engine against the independent oracle', () => {
  it('generates every input form the group schema allows', () => {
    const seen = new Map<string, number>(Object.keys(INPUT_FORMS).map((f) => [f, 0]));
    for (const c of fc.sample(groupCases(catalogue), { numRuns: FORM_SAMPLE, seed: SEED }))
      for (const form of inputForms(c, catalogue)) seen.set(form, (seen.get(form) ?? 0) + 1);
    const rare = [...seen].filter(([, n]) => n < 5).map(([form]) => form);
    expect(rare, `forms seen fewer than 5 times in ${FORM_SAMPLE} groups`).toEqual([]);
  });

  it(`agrees on ${RUNS.toLocaleString('en-US')} generated groups (seed ${SEED}), for every shipped programme`, () => {
    console.info(`oracle property: seed ${SEED}, ${RUNS} runs (ORACLE_SEED, ORACLE_RUNS to change)`);
    fc.assert(fc.property(fc.oneof(groupCases(catalogue), mutatedCases(cases)), agree), {
      numRuns: RUNS,
      seed: SEED,
    });
    console.info(
      `oracle property: excluded as known defects (programme results): ${JSON.stringify(Object.fromEntries(excluded))}`,
    );
    // Every matchable version was compared while in force, and reached a decided status.
    for (const p of catalogue.programmes.filter((v) => v.matchable)) {
      const statuses = compared.get(p.key) ?? new Set();
      expect([...statuses].filter((s) => s !== 'not_active').length, p.key).toBeGreaterThan(0);
    }
  }, 120_000);
});
