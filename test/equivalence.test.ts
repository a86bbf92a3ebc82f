import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaseFiles } from '../src/rules/cases';
import type { ProgrammeVersion } from '../src/rules/catalogue';
import { compiled, FactCache } from '../src/rules/compiled';
import { exclusionChecks } from '../src/rules/exclusions';
import { DEFAULT_PROGRAMMES_DIR, isCaseFile, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';
import { STATUS_OF_CODE } from '../src/rules/status';
import { type GeneratedCase, groupCases, mutatedCases } from './arbitraries';

/**
 * The compiled evaluator gives exactly the reference's answers (json-rules-engine): on generated
 * groups with missing facts and boundary values, for every shipped programme, the same status,
 * stage, failing criteria and verdict of every criterion (for every member too), and the same full
 * report, explanations included. FC_SEED and FC_RUNS reproduce or widen a run.
 */

const catalogue = loadCatalogue();
const reference = new Matcher(catalogue, 'reference');
const fast = new Matcher(catalogue, 'compiled');
const RUNS = Number(process.env.FC_RUNS ?? 10_000);
const SEED = Number(process.env.FC_SEED ?? 20261202);
const matchable = catalogue.programmes.filter((p) => p.matchable);
const cases = parseCaseFiles(readRuleFiles(DEFAULT_PROGRAMMES_DIR, isCaseFile), catalogue).map((c) => ({
  asOf: c.case.asOf,
  group: c.case.group,
}));
/** Random groups, and the case files' groups changed in a few places (the eligible ones too). */
const generated = fc.oneof(groupCases(catalogue), mutatedCases(cases));

/** Statuses seen per programme version, so the test can show it reached all of them. */
const seen = new Map<string, Set<string>>();

/** Which programme versions the generated cases evaluated while in force. */
const covered = new Map<string, number>(matchable.map((p) => [p.key, 0]));

async function agree({ asOf, group: input }: GeneratedCase) {
  const group = parseGroup(input, catalogue);
  const expected = await reference.match(group, { asOf });
  const actual = fast.matchSync(group, { asOf });
  // Statuses, stages, failing criteria and every criterion verdict, per programme and member.
  for (const [i, want] of expected.results.entries()) {
    const got = actual.results[i];
    const where = `${want.programme.key} on ${asOf}`;
    expect(got?.programme.key, where).toBe(want.programme.key);
    expect(got?.status, where).toBe(want.status);
    expect(got?.stage, where).toEqual(want.stage);
    expect(got?.failing, where).toEqual(want.failing);
    expect(
      got?.criteria.map((c) => [c.id, c.verdict]),
      where,
    ).toEqual(want.criteria.map((c) => [c.id, c.verdict]));
    expect(got?.members, where).toEqual(want.members);
    if (want.status !== 'not_active' && want.status !== 'no_rules')
      covered.set(want.programme.key, (covered.get(want.programme.key) ?? 0) + 1);
    seen.set(want.programme.key, (seen.get(want.programme.key) ?? new Set()).add(want.status));
  }
  // And the whole report: explanations, near misses, missing facts, conflicts, byte for byte.
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));

  // The population fast path (codes, no explanations) against the same reference statuses.
  const context = { group, asOf, territories: catalogue.territories };
  const cache = new FactCache();
  for (const want of expected.results) {
    if (want.status === 'not_active' || want.status === 'no_rules') continue;
    const version = catalogue.versionAt(want.programme.id, asOf)?.version as ProgrammeVersion;
    const programme = compiled(version);
    const words = new Uint32Array(Math.ceil(programme.failureNames.length / 32));
    const exclusions = exclusionChecks(catalogue, version, group.enrolments);
    const decision = programme.status(
      context,
      cache,
      new Uint8Array(version.criteria.length),
      { status: 0, stage: -1 },
      { words, offset: 0 },
      exclusions,
    );
    const where = `${want.programme.key} on ${asOf} (codes)`;
    expect(STATUS_OF_CODE[decision.status], where).toBe(want.status);
    expect(decision.stage >= 0 ? version.stages[decision.stage]?.id : undefined, where).toBe(want.stage?.id);
    const failing = programme.failureNames.filter(
      (_, bit) => (words[bit >>> 5] as number) & (1 << (bit & 31)),
    );
    expect(failing.sort(), where).toEqual([...want.failing].sort());
    // Statuses only (no failing criteria asked): a failed base criterion settles it early.
    const quick = programme.status(
      context,
      cache,
      new Uint8Array(version.criteria.length),
      { status: 0, stage: -1 },
      undefined,
      exclusions,
    );
    expect([quick.status, quick.stage], `${where}, statuses only`).toEqual([decision.status, decision.stage]);
  }
}

describe('the compiled evaluator against the json-rules-engine reference', () => {
  it(`agrees on ${RUNS.toLocaleString('en-US')} generated groups, for every shipped programme`, async () => {
    await fc.assert(fc.asyncProperty(generated, agree), { numRuns: RUNS, seed: SEED });
    // Every matchable programme was evaluated in force, many times, and gave every status.
    for (const [key, n] of covered) expect(n, key).toBeGreaterThanOrEqual(Math.min(50, RUNS / 100));
    if (RUNS >= 5000)
      for (const p of matchable)
        expect([...(seen.get(p.key) ?? [])].filter((s) => s !== 'no_rules').sort(), p.key).toEqual([
          'eligible',
          'ineligible',
          'not_active',
          'undetermined',
        ]);
  }, 600_000);
});
