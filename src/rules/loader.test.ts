import { describe, expect, it } from 'vitest';
import { BODIES_FILE, catalogueOf, file, programme, TERRITORIES_FILE } from '../../test/helpers';
import { RuleFileError } from './errors';
import { parseCatalogue, type RuleFileText } from './loader';

function problemsOf(...files: RuleFileText[]) {
  try {
    parseCatalogue([BODIES_FILE, TERRITORIES_FILE, ...files]);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleFileError);
    return (error as RuleFileError).problems;
  }
  throw new Error('expected the catalogue to be rejected');
}

const criterion = (condition: unknown, extra: Record<string, unknown> = {}) => ({
  id: 'c1',
  label: { es: 'C', en: 'C' },
  source: 'TEST-01',
  condition,
  ...extra,
});

describe('rule file loader', () => {
  it('loads a valid file', () => {
    const catalogue = parseCatalogue([BODIES_FILE, TERRITORIES_FILE, file('a.yaml', programme())]);
    expect(catalogue.programmes.map((p) => p.key)).toEqual(['prog-a@2018']);
    // the parameter is resolved into the condition json-rules-engine runs
    expect(catalogue.programmes[0]?.criteria[0]?.resolved).toMatchObject({ value: 5 });
  });

  it('reports a schema error with file, path, line and reason', () => {
    const problems = problemsOf(file('a.yaml', programme({ level: 'galactic' })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'a.yaml', path: 'level' });
    expect(problems[0]?.line).toBeGreaterThan(1);
    expect(problems[0]?.reason).toMatch(/federal.*city/);
  });

  it('points at the exact line in the file', () => {
    const text = [
      'id: prog-a',
      'fiscalYear: 2018',
      'name: { es: A, en: A }',
      'level: city',
      'country: MX',
      'agency: agency-a',
      'validity: { from: 2018-01-01, to: 2018-12-31, source: test }',
      'targetUnit: group',
      'targetPopulation: { es: G, en: G, source: test }',
      'criteria:',
      '  - id: c1',
      '    label: { es: C, en: C }',
      '    source: TEST-01',
      '    condition: { fact: memberCount, operator: greaterThen, value: 5 }',
    ].join('\n');
    const problems = problemsOf({ path: 'lines.yaml', text });
    expect(problems).toEqual([
      {
        file: 'lines.yaml',
        path: 'criteria[0].condition.operator',
        line: 14,
        reason: "unknown operator 'greaterThen' (did you mean 'greaterThan'?)",
      },
    ]);
  });

  it('rejects an unknown operator', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({ criteria: [criterion({ fact: 'memberCount', operator: 'atLeast', value: 5 })] }),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'criteria[0].condition.operator' });
    expect(problems[0]?.reason).toMatch(/unknown operator 'atLeast'/);
  });

  it('rejects an unknown fact, with a suggestion', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          criteria: [criterion({ all: [{ fact: 'membersCount', operator: 'equal', value: 5 }] })],
        }),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'criteria[0].condition.all[0].fact' });
    expect(problems[0]?.reason).toMatch(/unknown fact 'membersCount' \(did you mean 'memberCount'\?\)/);
  });

  it('rejects a member fact in a group criterion, and bad fact params', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          criteria: [
            criterion({ fact: 'age', operator: 'greaterThan', value: 18 }),
            criterion(
              {
                fact: 'shareOfMembersMatching',
                params: { prosperaBeneficary: true },
                operator: 'greaterThan',
                value: 0.5,
              },
              { id: 'c2' },
            ),
          ],
        }),
      ),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'criteria[0].condition.fact',
      'criteria[1].condition.params',
    ]);
    expect(problems[0]?.reason).toMatch(/about one member/);
    expect(problems[1]?.reason).toMatch(/prosperaBeneficary/);
  });

  it('rejects a value the fact can never take', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          criteria: [criterion({ fact: 'legalForm', operator: 'in', value: ['cooperativ', 'ejido'] })],
        }),
      ),
    );
    expect(problems[0]?.reason).toMatch(
      /'cooperativ' is not a value of 'legalForm'.*did you mean 'cooperative'/,
    );
  });

  it("refuses json-rules-engine's {fact: …} values, which only one evaluator would read", () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          criteria: [
            criterion({ fact: 'memberCount', operator: 'greaterThan', value: { fact: 'priorSupportCount' } }),
          ],
        }),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'criteria[0].condition.value' });
    expect(problems[0]?.reason).toMatch(/a value is a number, text, true\/false or a list of them/);
  });

  it('refuses a stage on a member criterion', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          targetUnit: 'person',
          stages: [{ id: 's1', name: { es: 'E1', en: 'S1' }, source: 'TEST-02' }],
          criteria: [
            criterion(
              { fact: 'age', operator: 'greaterThanInclusive', value: 18 },
              { scope: 'member', stage: 's1' },
            ),
          ],
        }),
      ),
    );
    expect(problems.map((p) => [p.path, p.reason])).toEqual([
      ['criteria[0].stage', 'a member criterion applies at every stage; leave out its stage'],
    ]);
  });

  it('rejects a reference to an unknown parameter', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          criteria: [
            criterion({ fact: 'memberCount', operator: 'greaterThan', value: { param: 'minMember' } }),
          ],
        }),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'criteria[0].condition.value.param' });
    expect(problems[0]?.reason).toMatch(/unknown parameter 'minMember' \(did you mean 'minMembers'\?\)/);
  });

  it('rejects duplicate programme ids for the same fiscal year', () => {
    const problems = problemsOf(file('a.yaml', programme()), file('b.yaml', programme()));
    expect(
      problems.some(
        (p) =>
          p.file === 'b.yaml' &&
          p.path === 'id' &&
          /duplicate programme 'prog-a' for fiscal year 2018 \(also in a.yaml\)/.test(p.reason),
      ),
    ).toBe(true);
  });

  it('rejects two versions of a programme in force on the same day', () => {
    const problems = problemsOf(
      file('a.yaml', programme()),
      file(
        'b.yaml',
        programme({ fiscalYear: 2019, validity: { from: '2018-12-01', to: '2019-12-31', source: 'test' } }),
      ),
    );
    expect(problems[0]).toMatchObject({ file: 'b.yaml', path: 'validity.from' });
    expect(problems[0]?.reason).toMatch(/overlaps prog-a@2018/);
  });

  it('rejects duplicate criterion ids', () => {
    const c = criterion({ fact: 'memberCount', operator: 'greaterThan', value: 1 });
    const problems = problemsOf(file('a.yaml', programme({ criteria: [c, c] })));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'criteria[1].id', reason: "duplicate criterion id 'c1'" }),
    ]);
  });

  it('rejects references to unknown programmes and bodies', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          agency: 'agency-c',
          parent: 'prog-z',
          exclusions: [{ id: 'x', label: { es: 'X', en: 'X' }, programmes: ['prog-y'], source: 'test' }],
          coordination: {
            links: [{ with: 'steia', kind: 'formal', budgetBacked: false, effective: false, source: 'test' }],
          },
        }),
      ),
    );
    const byPath = Object.fromEntries(problems.map((p) => [p.path, p.reason]));
    expect(byPath.agency).toMatch(/unknown agency 'agency-c'.*did you mean 'agency-a'/);
    expect(byPath.parent).toMatch(/unknown parent programme 'prog-z'/);
    expect(byPath['exclusions[0].programmes[0]']).toMatch(/unknown programme 'prog-y'/);
    expect(byPath['coordination.links[0].with']).toMatch(/unknown programme or body 'steia'/);
  });

  it('rejects dates that do not exist and periods that end before they start', () => {
    const problems = problemsOf(
      file('a.yaml', programme({ validity: { from: '2018-02-30', to: '2018-12-31', source: 'test' } })),
      file(
        'b.yaml',
        programme({ id: 'prog-b', validity: { from: '2018-06-01', to: '2018-01-01', source: 'test' } }),
      ),
      file(
        'c.yaml',
        programme({
          id: 'prog-c',
          calls: [{ id: 'call', name: { es: 'C', en: 'C' }, opens: '2017-03-01', source: 'test' }],
        }),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'a.yaml',
        path: 'validity.from',
        reason: 'is not a real calendar date',
      }),
      expect.objectContaining({
        file: 'b.yaml',
        path: 'validity.to',
        reason: 'validity ends before it starts',
      }),
      expect.objectContaining({
        file: 'c.yaml',
        path: 'calls[0].opens',
        reason: expect.stringMatching(/outside the validity/),
      }),
    ]);
  });

  it('rejects a criterion without a source', () => {
    const { source: _, ...noSource } = criterion({ fact: 'memberCount', operator: 'greaterThan', value: 1 });
    const problems = problemsOf(file('a.yaml', programme({ criteria: [noSource] })));
    expect(problems).toEqual([
      expect.objectContaining({ path: 'criteria[0].source', reason: expect.stringMatching(/has no source/) }),
    ]);
  });

  it('rejects a stated budget total that is not the sum of its lines (the 2016 Table 4 error)', () => {
    const umbrella = programme({
      id: 'umbrella',
      matchable: false,
      criteria: [],
      budget: {
        fiscalYear: 2018,
        currency: 'MXN',
        total: 38000000,
        source: 'test',
        lines: [{ id: 'operational', label: { es: 'O', en: 'O' }, amount: 3000000, source: 'test' }],
      },
    });
    const child = programme({
      id: 'child',
      parent: 'umbrella',
      budget: {
        fiscalYear: 2018,
        currency: 'MXN',
        source: 'test',
        lines: [{ id: 'equipment', label: { es: 'E', en: 'E' }, amount: 33000000, source: 'test' }],
      },
    });
    const problems = problemsOf(file('u.yaml', umbrella), file('c.yaml', child));
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'u.yaml',
        path: 'budget.total',
        reason:
          "total 38,000,000 MXN differs from the sum of its lines and its subprogrammes' lines (36,000,000 MXN)",
      }),
    ]);
  });

  it('accepts a total with an unallocated remainder, and checks lines plus remainder against it (issue 12)', () => {
    const funded = (unallocated: number | undefined, total: number | undefined) =>
      programme({
        budget: {
          fiscalYear: 2018,
          currency: 'MXN',
          ...(total === undefined ? {} : { total }),
          ...(unallocated === undefined ? {} : { unallocated }),
          source: 'test',
          lines: [{ id: 'grants', label: { es: 'A', en: 'G' }, amount: 30000000, source: 'test' }],
        },
      });
    const catalogue = catalogueOf(funded(8000000, 38000000));
    expect(catalogue.programmes[0]?.budget?.unallocated?.minor).toBe(800000000);
    expect(problemsOf(file('a.yaml', funded(7000000, 38000000)))).toEqual([
      expect.objectContaining({
        path: 'budget.total',
        reason:
          'total 38,000,000 MXN differs from the sum of its lines and the unallocated remainder (37,000,000 MXN)',
      }),
    ]);
    expect(problemsOf(file('a.yaml', funded(8000000, undefined)))).toEqual([
      expect.objectContaining({
        path: 'budget.unallocated',
        reason: 'an unallocated remainder needs the total it is part of',
      }),
    ]);
  });

  it('refuses money written as a fraction of a number (floats lose cents)', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        programme({
          budget: {
            fiscalYear: 2018,
            currency: 'MXN',
            source: 'test',
            lines: [{ id: 'l', label: { es: 'L', en: 'L' }, amount: 10.5, source: 'test' }],
          },
        }),
      ),
    );
    expect(problems[0]).toMatchObject({ path: 'budget.lines[0].amount' });
    expect(problems[0]?.reason).toMatch(/decimal string/);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf({ path: 'broken.yaml', text: 'id: a\nname: { es: A, en: A\nlevel: city\n' });
    expect(problems[0]).toMatchObject({ file: 'broken.yaml', path: '(syntax)' });
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('collects every problem instead of stopping at the first', () => {
    const problems = problemsOf(
      file('a.yaml', programme({ level: 'x', country: 'mexico' })),
      file('b.yaml', programme({ id: 'B' })),
    );
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the registry of programmes (programmes/registry.yaml)', () => {
  const registry = (programmes: unknown[]) => file('registry.yaml', { kind: 'registry', programmes });

  it('loads lifetimes and programmes without rules, whose level and country are their agency’s', () => {
    const catalogue = parseCatalogue([
      BODIES_FILE,
      TERRITORIES_FILE,
      file('a.yaml', programme()),
      registry([
        { id: 'prog-a', lifetime: { from: 2016, to: 2019 }, source: 'TEST-01' },
        {
          id: 'other',
          name: { es: 'Otro', en: 'Other' },
          agency: 'agency-b',
          lifetime: { from: 2018, to: 2018 },
          source: 'TEST-02',
        },
      ]),
    ]);
    expect(catalogue.registry.ranIn('prog-a', 2019)).toBe(true);
    expect(catalogue.registry.ranIn('prog-a', 2020)).toBe(false);
    expect(catalogue.versionAt('prog-a', '2019-06-01')).toMatchObject({ active: false, reason: 'no_rules' });
    expect(catalogue.versionAt('prog-a', '2020-06-01')).toMatchObject({ active: false, reason: 'ended' });
    expect(catalogue.registry.withoutRules('other')).toMatchObject({
      agency: 'agency-b',
      name: { en: 'Other' },
    });
    expect(catalogue.registry.withoutRules('prog-a')).toBeUndefined();
  });

  it('refuses a programme with rules and no entry, a year outside the lifetime, repeated or missing names and agencies', () => {
    const reasons = (entries: unknown[]) =>
      problemsOf(file('a.yaml', programme()), registry(entries)).map((p) => `${p.path}: ${p.reason}`);
    expect(
      reasons([
        {
          id: 'x',
          name: { es: 'X', en: 'X' },
          agency: 'agency-a',
          lifetime: { from: 2018, to: 2018 },
          source: 'T-1',
        },
      ]),
    ).toEqual([expect.stringContaining("'prog-a' has rule files but no entry")]);
    expect(reasons([{ id: 'prog-a', lifetime: { from: 2019, to: 2020 }, source: 'T-1' }])).toEqual([
      expect.stringMatching(/^programmes\[0\]\.lifetime: .*for 2018, outside its lifetime 2019–2020/),
    ]);
    expect(
      reasons([
        { id: 'prog-a', agency: 'agency-a', lifetime: { from: 2018, to: 2018 }, source: 'T-1' },
        { id: 'y', agency: 'nowhere', lifetime: { from: 2018, to: 2018 }, source: 'T-1' },
      ]),
    ).toEqual([
      expect.stringContaining('its agency is theirs, not repeated here'),
      expect.stringContaining("'y' has no rule files: give its name"),
      expect.stringContaining("unknown body 'nowhere'"),
    ]);
  });
});
