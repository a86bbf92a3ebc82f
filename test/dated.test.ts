import { describe, expect, it } from 'vitest';
import { RuleFileError } from '../src/rules/errors';
import { loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { parseCatalogue, type RuleFileText } from '../src/rules/loader';
import { BODIES_FILE, file, programme, TERRITORIES_FILE } from './helpers';

/** A dated file: prog-a with the helper's 2018 content as its first version, then what changed. */
function dated(versions: Record<string, unknown>[], top: Record<string, unknown> = {}) {
  const { fiscalYear: _y, validity: _v, ...base } = programme({ name: { es: 'A {year}', en: 'A {year}' } });
  return { ...base, ...top, versions };
}
const v2018 = { fiscalYear: 2018, validity: { from: '2018-01-01', to: '2018-12-31', source: 'test' } };
const v2019 = { fiscalYear: 2019, validity: { from: '2019-01-01', to: '2019-12-31', source: 'test' } };
const load = (...files: RuleFileText[]) => parseCatalogue([BODIES_FILE, TERRITORIES_FILE, ...files]);

function problemsOf(...files: RuleFileText[]) {
  try {
    load(...files);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleFileError);
    return (error as RuleFileError).problems;
  }
  throw new Error('expected the catalogue to be rejected');
}

const extra = {
  id: 'c2',
  label: { es: 'Mujeres', en: 'Women' },
  source: 'TEST-02',
  condition: { fact: 'memberCount', operator: 'lessThan', value: 30 },
};

describe('dated rule files (one file per programme, versions state what changed)', () => {
  it('expands every version into the same id@year versions a file per year gives', () => {
    const catalogue = load(
      file(
        'a.yaml',
        dated(
          [
            v2018,
            {
              ...v2019,
              parameters: { minMembers: { value: 7 } },
              criteria: { add: [extra] },
              budget: { lines: { change: { ops: { amount: 200 } } } },
            },
            {
              fiscalYear: 2020,
              validity: { from: '2020-01-01', to: '2020-12-31', source: 'test' },
              criteria: { remove: ['min-members'], change: { c2: { source: 'TEST-03' } } },
              budget: null,
            },
          ],
          {
            budget: {
              currency: 'MXN',
              lines: [{ id: 'ops', label: { es: 'O', en: 'O' }, amount: 100, source: 'TEST-01' }],
              source: 'TEST-01',
            },
          },
        ),
      ),
    );
    const byKey = new Map(catalogue.programmes.map((p) => [p.key, p]));
    expect([...byKey.keys()]).toEqual(['prog-a@2018', 'prog-a@2019', 'prog-a@2020']);
    const [a, b, c] = ['prog-a@2018', 'prog-a@2019', 'prog-a@2020'].map((k) => byKey.get(k));
    expect([a?.name.es, b?.name.en, c?.name.es]).toEqual(['A 2018', 'A 2019', 'A 2020']);
    expect(a?.file).toBe('a.yaml');
    // a parameter's changed value, its source kept; the criterion that uses it resolves the new value
    expect(b?.parameters.minMembers).toEqual({ value: 7, source: 'test' });
    expect(a?.criteria[0]?.resolved).toMatchObject({ value: 5 });
    expect(b?.criteria[0]?.resolved).toMatchObject({ value: 7 });
    expect(b?.criteria.map((x) => x.id)).toEqual(['min-members', 'c2']);
    expect(c?.criteria.map((x) => [x.id, x.source])).toEqual([['c2', 'TEST-03']]);
    // the budget's fiscal year is the version's; a changed line keeps its other fields; null removes
    expect(a?.budget).toMatchObject({ fiscalYear: 2018, lines: [{ id: 'ops', amount: { minor: 10000 } }] });
    expect(b?.budget).toMatchObject({ fiscalYear: 2019, lines: [{ id: 'ops', amount: { minor: 20000 } }] });
    expect(b?.budget?.lines[0]?.label).toEqual({ es: 'O', en: 'O' });
    expect(c?.budget).toBeUndefined();
  });

  it('a plain list replaces the whole list, and a validity is given whole', () => {
    const catalogue = load(
      file(
        'a.yaml',
        dated([
          { ...v2018, validity: { ...v2018.validity, note: 'only 2018' } },
          { ...v2019, note: 'the 2019 rules replace the criteria', criteria: [extra] },
        ]),
      ),
    );
    const b = catalogue.programmes.find((p) => p.key === 'prog-a@2019');
    expect(b?.criteria.map((x) => x.id)).toEqual(['c2']);
    expect(b?.validity.note).toBeUndefined();
  });

  it('places an error in a version where the file sets it: file, path, line and reason', () => {
    const text = [
      'id: prog-a',
      'name: { es: A, en: A }',
      'level: city',
      'country: MX',
      'agency: agency-a',
      'targetUnit: group',
      'targetPopulation: { es: G, en: G, source: test }',
      'criteria:',
      '  - id: c1',
      '    label: { es: C, en: C }',
      '    source: TEST-01',
      '    condition: { fact: memberCount, operator: greaterThan, value: 5 }',
      'versions:',
      '  - fiscalYear: 2018',
      '    validity: { from: 2018-01-01, to: 2018-12-31, source: test }',
      '  - fiscalYear: 2019',
      '    validity: { from: 2019-01-01, to: 2019-12-31, source: test }',
      '    criteria:',
      '      change:',
      '        c1:',
      '          condition: { fact: memberCount, operator: greaterThen, value: 6 }',
    ].join('\n');
    expect(problemsOf({ path: 'dated.yaml', text })).toEqual([
      {
        file: 'dated.yaml',
        path: 'versions[1].criteria.change.c1.condition.operator',
        line: 21,
        reason: "unknown operator 'greaterThen' (did you mean 'greaterThan'?)",
      },
    ]);
  });

  it('reports an error in what the versions share once, at the top level', () => {
    const bad = programme().criteria as Record<string, unknown>[];
    const problems = problemsOf(
      file(
        'a.yaml',
        dated([v2018, v2019], {
          criteria: [{ ...bad[0], condition: { fact: 'memberCont', operator: 'equal', value: 1 } }],
        }),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'a.yaml', path: 'criteria[0].condition.fact' });
    expect(problems[0]?.reason).toMatch(/unknown fact 'memberCont'/);
  });

  it('rejects a change to, or removal of, an item that is not in force, and a version without validity', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        dated([v2018, { ...v2019, criteria: { remove: ['nope'], change: { gone: { source: 'x' } } } }]),
      ),
      file('b.yaml', dated([v2018, { fiscalYear: 2020 }], { id: 'prog-b' })),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'a.yaml',
          path: 'versions[1].criteria.remove[0]',
          reason: "no item 'nope' to remove (in force: min-members)",
        }),
        expect.objectContaining({ path: 'versions[1].criteria.change.gone' }),
        expect.objectContaining({
          file: 'b.yaml',
          path: 'versions[1].validity',
          reason: 'a version states its validity',
        }),
      ]),
    );
    for (const p of problems) expect(p.line).toBeGreaterThan(1);
  });

  it('rejects overlapping versions and a repeated year, pointing at the later version', () => {
    const problems = problemsOf(
      file(
        'a.yaml',
        dated([v2018, { ...v2019, validity: { from: '2018-06-01', to: '2019-12-31', source: 'test' } }]),
      ),
      file('b.yaml', dated([v2018, { ...v2018, validity: { ...v2018.validity } }], { id: 'prog-b' })),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          file: 'a.yaml',
          path: 'versions[1].validity.from',
          reason: expect.stringMatching(/overlaps prog-a@2018/),
        }),
        expect.objectContaining({
          file: 'b.yaml',
          reason: expect.stringMatching(/duplicate programme 'prog-b' for fiscal year 2018/),
        }),
      ]),
    );
  });

  it('ships one file per programme: every programme with several years is a dated file', () => {
    const catalogue = loadCatalogue();
    const files = new Map<string, Set<string>>();
    for (const v of catalogue.programmes) files.set(v.id, (files.get(v.id) ?? new Set()).add(v.file));
    for (const [id, set] of files) expect([id, set.size]).toEqual([id, 1]);
    const keysOf = (id: string) => catalogue.versions(id).map((v) => v.key);
    expect(keysOf('cdmx-coop-spi')).toEqual([
      'cdmx-coop-spi@2016',
      'cdmx-coop-spi@2017',
      'cdmx-coop-spi@2018',
    ]);
    expect(keysOf('ppfic')).toEqual(['ppfic@2012', 'ppfic@2013', 'ppfic@2014']);
    expect(keysOf('proinpro')).toEqual(['proinpro@2016', 'proinpro@2017']);
    expect(catalogue.versions('cdmx-coop-spi')[0]?.file).toBe('mx-cdmx/cdmx-coop-spi.yaml');
    // the case files are merged per programme too
    const caseFiles = readRuleFiles(loadCatalogueDir(), (n) => n.endsWith('.cases.yaml')).map((f) => f.path);
    expect(
      caseFiles.filter((p) => /\d{4}\.cases\.yaml$/.test(p) && /cdmx-coop|proinpro|pfes/.test(p)),
    ).toEqual([]);
  });
});

function loadCatalogueDir() {
  return new URL('../programmes', import.meta.url).pathname;
}
