import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/api/session';
import { compareScenario, type ScenarioComparison, syntheticPopulation } from '../src/graph/scenario';
import { InputError } from '../src/rules/errors';
import { loadCatalogue } from '../src/rules/load-dir';
import { scenarioFromYaml } from '../src/rules/scenario';
import { testApp } from './api-helpers';
import { runCli } from './cli-run';

/** What-if scenarios (issue 14): the examples in examples/scenarios/, the CLI and POST /v1/scenarios/compare. */

const catalogue = loadCatalogue();
const COUNCIL = 'examples/scenarios/focofess-council-attendance.yaml';
const BUDGET = 'examples/scenarios/coop-spi-consulting-more.yaml';
const example = (file: string) => readFileSync(file, 'utf8');
const INACTIVE = catalogue.territories
  .all()
  .filter((t) => t.attributes.advisoryCouncilActivity === 'little_or_none')
  .map((t) => t.code);

async function compare(file: string, asOf: string, groups: number) {
  return compareScenario({
    baseline: catalogue,
    scenario: scenarioFromYaml(catalogue, example(file), file),
    asOf,
    population: syntheticPopulation(catalogue, { groups, seed: 1 }),
  });
}

const run = (args: string[]) => runCli(args);

const problemsOf = (yaml: string) => {
  try {
    scenarioFromYaml(catalogue, yaml, 's.yaml');
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  return [];
};

describe('FOCOFESS without council attendance where the council does not meet', () => {
  let c: ScenarioComparison;
  beforeAll(async () => {
    c = await compare(COUNCIL, '2019-06-01', 2000);
  });

  it('clears the inactive-body flags of both subprogrammes and raises none', () => {
    const cleared = c.flags.cleared.map((f) => f.id);
    expect(cleared).toContain('inactive-body-dependency:cdmx-focofess-spi/advisory-council-attendance');
    expect(cleared).toContain('inactive-body-dependency:cdmx-focofess-spf/advisory-council-attendance');
    expect(c.flags.raised).toEqual([]);
    expect(c.flags.scenario).toBeLessThan(c.flags.baseline);
  });

  it('raises coverage in the inactive boroughs, and says which criterion kept those groups out', () => {
    expect(INACTIVE.length).toBeGreaterThan(0);
    const boroughs = c.segments.filter((s) => s.dimension === 'municipality');
    for (const code of INACTIVE) {
      const row = boroughs.find((s) => s.value === code);
      expect(row, code).toBeDefined();
      expect(row?.scenario.eligibleForNothing).toBeLessThan(row?.baseline.eligibleForNothing as number);
    }
    // Boroughs whose council meets are untouched.
    for (const s of boroughs) expect(INACTIVE).toContain(s.value);
    for (const key of ['cdmx-focofess-spi@2019', 'cdmx-focofess-spf@2019']) {
      const p = c.programmes.find((x) => x.key === key);
      expect(p?.scenario.eligible).toBeGreaterThan(p?.baseline.eligible as number);
      expect(p?.gained).toBe((p?.scenario.eligible as number) - (p?.baseline.eligible as number));
      expect(p?.lost).toBe(0);
      expect(p?.gainedBecause[0]?.criterion).toBe('advisory-council-attendance');
      expect(p?.gainedBecause[0]?.label.es).toMatch(/Consejo Consultivo/);
    }
  });

  it('changes nothing on disk and nothing in the baseline catalogue', () => {
    const spi = catalogue.programmes.find((p) => p.key === 'cdmx-focofess-spi@2019');
    const criterion = spi?.criteria.find((x) => x.id === 'advisory-council-attendance');
    expect(criterion?.waivedIn).toBeUndefined();
    expect(JSON.stringify(criterion?.resolved)).not.toContain('locationMunicipality');
  });
});

describe('a budget line raised above the eligible demand', () => {
  it('clears its demand-above-budget flag', async () => {
    const c = await compare(BUDGET, '2017-06-01', 1000);
    const id = 'demand-above-budget:cdmx-coop-spi@2017/spi-consulting-training';
    expect(c.flags.cleared.map((f) => f.id)).toEqual([id]);
    const line = c.budget.find((b) => b.key === 'cdmx-coop-spi@2017' && b.line === 'spi-consulting-training');
    expect(line?.baseline.demand).toBeGreaterThan(line?.baseline.budget as number);
    expect(line?.scenario.budget).toBe((line?.baseline.budget as number) * 1.5);
    expect(line?.scenario.demand).toBeLessThanOrEqual(line?.scenario.budget as number);
    expect(c.changes[0]?.text.es).toContain('4,210,000 MXN a 6,315,000 MXN');
  });
});

describe('mistakes in a scenario', () => {
  const base = 'name: { es: Prueba, en: Test }\nprogrammes:\n';
  it('names an unknown programme, version, parameter, criterion, line, call and link with the nearest known name', () => {
    const cases: [string, string, RegExp][] = [
      [
        '  cdmx-focofes-spi@2019: {}\n',
        'programmes.cdmx-focofes-spi@2019',
        /did you mean 'cdmx-focofess-spi'/,
      ],
      ['  cdmx-focofess-spi@2031: {}\n', 'programmes.cdmx-focofess-spi@2031', /no version for 2031.*2019/],
      [
        '  cdmx-focofess-spi@2019:\n    parameters: { minAdvisoryCouncilMeeting: 0 }\n',
        'programmes.cdmx-focofess-spi@2019.parameters.minAdvisoryCouncilMeeting',
        /unknown parameter.*did you mean 'minAdvisoryCouncilMeetings'/,
      ],
      [
        '  cdmx-focofess-spi@2019:\n    criteria: { advisory-council-atendance: { remove: true } }\n',
        'programmes.cdmx-focofess-spi@2019.criteria.advisory-council-atendance',
        /unknown criterion.*did you mean 'advisory-council-attendance'/,
      ],
      [
        '  cdmx-focofess-spi@2019:\n    budget: { lines: { spi-consulting: { factor: 1.2 } } }\n',
        'programmes.cdmx-focofess-spi@2019.budget.lines.spi-consulting',
        /unknown budget line.*did you mean 'spi-consulting-training'/,
      ],
      [
        '  cdmx-focofess@2019:\n    calls: { call-5: { remove: true } }\n',
        'programmes.cdmx-focofess@2019.calls.call-5',
        /unknown call.*did you mean 'call-1'/,
      ],
      [
        '  cdmx-focofess@2019:\n    links: { pilare: { remove: true } }\n',
        'programmes.cdmx-focofess@2019.links.pilare',
        /no link with 'pilare'.*did you mean 'pilares'/,
      ],
    ];
    for (const [yaml, path, reason] of cases) {
      const problems = problemsOf(base + yaml);
      expect(problems, yaml).toHaveLength(1);
      expect(problems[0]?.path).toBe(path);
      expect(problems[0]?.reason).toMatch(reason);
      expect(problems[0]?.file).toBe('s.yaml');
      expect(problems[0]?.line).toBeGreaterThanOrEqual(3);
    }
  });

  it('reports every shape mistake with its path and line', () => {
    const problems = problemsOf(
      `${base}  cdmx-focofess-spi@2019:\n    criteria: { advisory-council-attendance: { remove: true, condition: { fact: memberCount, operator: equal, value: 1 } } }\n    budget: { lines: { spi-consulting-training: { factor: 1.2, amount: 5 } } }\n    colour: red\n`,
    );
    const paths = problems.map((p) => p.path);
    expect(paths).toContain('programmes.cdmx-focofess-spi@2019.criteria.advisory-council-attendance');
    expect(paths).toContain('programmes.cdmx-focofess-spi@2019.budget.lines.spi-consulting-training');
    expect(problems.find((p) => p.reason.includes("'colour'"))).toMatchObject({
      path: 'programmes.cdmx-focofess-spi@2019',
      line: 4,
    });
  });

  it('checks a rewritten condition like a rule file', () => {
    const problems = problemsOf(
      `${base}  cdmx-focofess-spi@2019:\n    criteria:\n      min-members:\n        condition: { fact: memberCont, operator: greaterThanInclusive, value: 3 }\n`,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('programmes.cdmx-focofess-spi@2019.criteria.min-members.condition.fact');
    expect(problems[0]?.reason).toMatch(/did you mean 'memberCount'/);
  });
});

describe('vincula simulate and graph --scenario', () => {
  it('prints baseline and scenario side by side in Spanish, with programme names', async () => {
    const { code, out } = await run([
      'simulate',
      '--groups',
      '1000',
      '--as-of',
      '2017-06-01',
      '--scenario',
      BUDGET,
      '--workers',
      '1',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Misma población para ambos: 1,000 grupos (semilla 1)');
    expect(out).toContain('Alertas que desaparecen:');
    expect(out).toContain('Demanda elegible mayor que la partida: Cooperativas CDMX 2017');
    expect(out).not.toContain('cdmx-coop-spi@2017');
    const en = await run([
      'simulate',
      '--groups',
      '1000',
      '--as-of',
      '2017-06-01',
      '--scenario',
      BUDGET,
      '--lang',
      'en',
    ]);
    expect(en.out).toContain('Flags cleared:');
    expect(en.out).toContain('CDMX Cooperatives 2017 - Promotion Subprogramme (SPI)');
  });

  it('draws the scenario graph without the flags the scenario clears', async () => {
    const args = ['graph', '--as-of', '2019-06-01', '--population', 'none', '--format', 'flags-csv'];
    const before = await run(args);
    const after = await run([...args, '--scenario', COUNCIL]);
    expect(after.code).toBe(0);
    expect(before.out).toContain('inactive-body-dependency:cdmx-focofess-spi/advisory-council-attendance');
    expect(after.out).not.toContain('inactive-body-dependency:cdmx-focofess-spi');
    expect(after.err).toContain('scenario:');
  });

  it('reports a mistake in the scenario file with its line, and exits 1', async () => {
    const { code, err } = await run(['simulate', '--groups', '10', '--scenario', 'test/fixtures/none.yaml']);
    expect(code).toBe(1);
    expect(err).toContain('cannot read test/fixtures/none.yaml');
  });
});

describe('POST /v1/scenarios/compare', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  const post = (body: unknown, role: 'committee' | 'admin' | 'case_worker' = 'committee') =>
    t.request('/v1/scenarios/compare', { method: 'POST', role, body: JSON.stringify(body) });

  it('compares the YAML scenario with the baseline on the same synthetic population', async () => {
    const response = await post({ scenarioYaml: example(COUNCIL), asOf: '2019-06-01', groups: 800, seed: 3 });
    expect(response.status).toBe(200);
    const c = await t.json<ScenarioComparison>(response);
    expect(c.population).toMatchObject({ kind: 'synthetic', seed: 3, size: 800 });
    expect(c.flags.cleared.map((f) => f.id)).toContain(
      'inactive-body-dependency:cdmx-focofess-spi/advisory-council-attendance',
    );
  });

  it('takes the scenario as data, for admins too; case workers may not call it', async () => {
    const scenario = {
      name: { es: 'Más presupuesto', en: 'More budget' },
      programmes: {
        'cdmx-coop-spi@2017': { budget: { lines: { 'spi-consulting-training': { amount: 9000000 } } } },
      },
    };
    const response = await post({ scenario, asOf: '2017-06-01', groups: 1000, seed: 1 }, 'admin');
    expect(response.status).toBe(200);
    const c = await t.json<ScenarioComparison>(response);
    expect(c.flags.cleared.map((f) => f.id)).toEqual([
      'demand-above-budget:cdmx-coop-spi@2017/spi-consulting-training',
    ]);
    expect((await post({ scenario, asOf: '2017-06-01' }, 'case_worker')).status).toBe(403);
  });

  it('answers a scenario naming an unknown programme or parameter with a 422 problem naming the path', async () => {
    const response = await post({
      scenario: {
        name: { es: 'x', en: 'x' },
        programmes: {
          'cdmx-focofes@2019': {},
          'cdmx-focofess-spi@2019': { parameters: { minMember: 3 } },
        },
      },
      population: 'none',
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await t.json<{ errors: { path: string; message: string }[] }>(response);
    expect(problem.errors).toEqual([
      {
        path: 'scenario.programmes.cdmx-focofes@2019',
        message: expect.stringMatching(/did you mean 'cdmx-focofess'/),
      },
      {
        path: 'scenario.programmes.cdmx-focofess-spi@2019.parameters.minMember',
        message: expect.stringMatching(/did you mean 'minMembers'/),
      },
    ]);
    const yaml = await post({ scenarioYaml: 'name: { es: x, en: x }\nprogrammes:\n  nada@2019: {}\n' });
    expect(yaml.status).toBe(422);
    const p2 = await t.json<{ errors: { path: string; message: string }[] }>(yaml);
    expect(p2.errors[0]).toMatchObject({
      path: 'scenarioYaml.programmes.nada@2019',
      message: /^line 3: unknown programme/,
    });
    const both = await post({});
    expect(both.status).toBe(422);
  });
});

describe('the committee page: what if', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  const ORIGIN = 'http://localhost';
  const page = (path: string, init: RequestInit = {}) =>
    t.app.request(`${ORIGIN}${path}`, {
      ...init,
      headers: {
        Cookie: `${SESSION_COOKIE}=${t.keys.committee}`,
        Origin: ORIGIN,
        ...(init.headers as object),
      },
    });
  const csrfOf = (html: string) => /name="csrf" value="([0-9a-f]{64})"/.exec(html)?.[1] ?? '';
  const submit = (fields: Record<string, string | Blob>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return page('/committee/scenario', { method: 'POST', body: form });
  };

  it('offers the scenario form on the committee page, and compares an example without JavaScript', async () => {
    const html = await (await page('/committee?asOf=2019-06-01&groups=800')).text();
    expect(html).toContain('action="/committee/scenario"');
    expect(html).toContain('FOCOFESS sin requisito de asistencia al consejo');
    const csrf = csrfOf(html);
    const loaded = await submit({
      csrf,
      action: 'load',
      example: 'focofess-council-attendance',
      asOf: '2019-06-01',
      groups: '800',
      seed: '1',
      population: 'synthetic',
    });
    expect(loaded.status).toBe(200);
    const form = await loaded.text();
    expect(form).toContain('advisory-council-attendance');
    const response = await submit({
      csrf,
      action: 'compare',
      scenario: example(COUNCIL),
      asOf: '2019-06-01',
      groups: '800',
      seed: '1',
      population: 'synthetic',
    });
    expect(response.status).toBe(200);
    const result = await response.text();
    const cleared = /<ul id="flags-cleared">([\s\S]*?)<\/ul>/.exec(result)?.[1] ?? '';
    expect(cleared).toContain('Criterio que depende de un órgano inactivo');
    // The comparison names programmes (the scenario's own text above it keeps its ids).
    const comparison = /<section[^>]*id="comparison">([\s\S]*?)<\/section>/.exec(result)?.[1] ?? '';
    expect(comparison).toContain('Cobertura por programa');
    expect(comparison).toContain('FOCOFESS 2019 - Subprograma de Impulso');
    expect(comparison).not.toContain('cdmx-focofess-spi');
  });

  it('loads a scenario file, answers mistakes with their line and path, and refuses a missing CSRF token', async () => {
    const csrf = csrfOf(await (await page('/committee')).text());
    const file = new File(['name: { es: x, en: x }\nprogrammes:\n  cdmx-focofes-spi@2019: {}\n'], 's.yaml');
    const response = await submit({ csrf, action: 'compare', file, lang: 'en', population: 'none' });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('line 3, programmes.cdmx-focofes-spi@2019: unknown programme');
    expect(html).toContain('did you mean &#39;cdmx-focofess-spi&#39;');
    expect((await submit({ action: 'compare', scenario: example(BUDGET) })).status).toBe(403);
  });
});
