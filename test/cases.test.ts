import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCases } from '../src/rules/cases';
import { InputError } from '../src/rules/errors';
import { isCaseFile, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { EVALUATOR_NAMES, Matcher } from '../src/rules/match';
import { catalogueOf, members, programme } from './helpers';

const catalogue = loadCatalogue();
const caseFiles = readRuleFiles('programmes', isCaseFile);
const outcomes = await runCases(caseFiles, new Matcher(catalogue));

describe.each(EVALUATOR_NAMES)('programme cases with the %s evaluator', async (evaluator) => {
  const results = await runCases(caseFiles, new Matcher(catalogue, evaluator));
  for (const outcome of results) {
    it(`${outcome.name} (${outcome.file})`, () => {
      expect(outcome.differences).toEqual([]);
    });
  }
});

describe('programme cases (programmes/**/*.cases.yaml)', () => {
  it('finds the case files', () => {
    expect(caseFiles.length).toBeGreaterThanOrEqual(2);
    expect(outcomes.length).toBeGreaterThanOrEqual(20);
  });

  it('makes every criterion of every shipped programme fail in at least one case', () => {
    const failed = new Set<string>();
    for (const o of outcomes)
      for (const [id, list] of Object.entries(o.failing)) for (const c of list) failed.add(`${id}:${c}`);
    const never = catalogue.programmes
      .flatMap((p) => p.criteria.map((c) => `${p.id}:${c.id}`))
      .filter((k) => !failed.has(k));
    expect(never).toEqual([]);
  });

  it('gives each matchable programme an eligible, an ineligible, an undetermined and a not_active case', () => {
    for (const p of catalogue.programmes.filter((x) => x.matchable)) {
      // no_rules (a year of the lifetime without rules) is checked by the lifetime cases, not required here.
      const statuses = new Set(outcomes.map((o) => o.statuses[p.id]).filter((s) => s && s !== 'no_rules'));
      expect([...statuses].sort(), p.id).toEqual(['eligible', 'ineligible', 'not_active', 'undetermined']);
    }
  });
});

describe('case runner', () => {
  const cat = catalogueOf(programme());
  const run = (cases: unknown[]) =>
    runCases([{ path: 'x.cases.yaml', text: stringify({ kind: 'cases', cases }) }], new Matcher(cat));

  it('reports a wrong expected status, failing list and missing fact', async () => {
    const [outcome] = await run([
      {
        name: 'four members',
        asOf: '2018-06-01',
        group: { members: members(4) },
        expect: { 'prog-a': { status: 'eligible', failing: [], missing: ['members[0].age'] } },
      },
    ]);
    expect(outcome?.passed).toBe(false);
    expect(outcome?.differences).toEqual([
      expect.stringMatching(/^prog-a: expected eligible, got ineligible/),
      'prog-a: expected failing [], got [min-members]',
      "prog-a: expected 'members[0].age' among the facts to collect, got []",
    ]);
  });

  it('rejects a case with an invalid group or an unknown programme, with file, path and line', async () => {
    const error = await run([
      {
        name: 'bad',
        asOf: '2018-06-01',
        group: { members: [{ age: -3 }] },
        expect: { 'prog-z': { status: 'eligible' } },
      },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => [p.path, p.line !== undefined])).toEqual([
      ['cases[0].expect.prog-z', true],
      ['cases[0].group.members[0].age', true],
    ]);
  });
});
