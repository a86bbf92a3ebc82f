import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { DEFAULT_PROGRAMMES_DIR } from '../src/rules/load-dir';
import { runCli } from './cli-run';
import { BODIES_FILE, programme, TERRITORIES_FILE } from './helpers';

const run = runCli;

/** Runs bin/vincula.js with its standard output closed before it writes, as `vincula … | head` can leave it. */
function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/vincula.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vincula-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('vincula CLI', () => {
  it('validate lists every shipped programme with its validity period and exits 0', async () => {
    const { code, out } = await run(['validate', '--lang', 'en']);
    expect(code).toBe(0);
    expect(out).toMatch(/cdmx-coop-spi@2018\s+2018-01-31 – 2018-12-31/);
    expect(out).toMatch(/cdmx-coop-spf@2018\s+2018-01-31 – 2018-12-31/);
    expect(out).toMatch(/proinpro@2016\s+2016-01-01 – 2016-12-31 {2}5 criteria {2}/);
    expect(out).toMatch(/prospera@2018\s+2018-01-01 – 2018-12-31 {2}1 criterion {2}/);
    expect(out).toMatch(/\d+ programme versions, \d+ bodies, [\d,]+ territories: all valid/);
    expect(out).toMatch(/all valid/);
    // Spanish by default, as match and the pages.
    const es = await run(['validate']);
    expect(es.out).toMatch(/prospera@2018\s+2018-01-01 – 2018-12-31 {2}1 criterio {2}/);
    expect(es.out).toMatch(/\d+ versiones de programas, \d+ órganos, [\d,]+ territorios: todo es válido/);
  });

  it('validate exits 1 and shows file:line, path and reason for a broken folder', async () => {
    const broken = programme({
      criteria: [
        {
          id: 'c',
          label: { es: 'C', en: 'C' },
          source: 'TEST-01',
          condition: { fact: 'memberCount', operator: 'greaterThen', value: 5 },
        },
      ],
    });
    const dir = tempDir({
      'bodies.yaml': BODIES_FILE.text,
      'territories.yaml': TERRITORIES_FILE.text,
      'a.yaml': stringify(broken),
    });
    const { code, err } = await run(['validate', dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/a\.yaml:\d+: criteria\[0\]\.condition\.operator: unknown operator 'greaterThen'/);
  });

  it('match, validate and graph read the programmes of VINCULA_PROGRAMMES_DIR, as the server does', async () => {
    const dir = tempDir({
      'bodies.yaml': BODIES_FILE.text,
      'territories.yaml': TERRITORIES_FILE.text,
      'a.yaml': stringify(programme()),
      'group.json': JSON.stringify({ members: Array.from({ length: 6 }, () => ({})) }),
    });
    const before = process.env.VINCULA_PROGRAMMES_DIR;
    process.env.VINCULA_PROGRAMMES_DIR = dir;
    try {
      const validate = await run(['validate']);
      expect(validate.out).toMatch(/prog-a@2018/);
      expect(validate.out).not.toMatch(/cdmx-coop-spi/);
      const match = await run(['match', join(dir, 'group.json'), '--as-of', '2018-06-01', '--json']);
      expect(match.code).toBe(0);
      const report = JSON.parse(match.out) as { results: { programme: { id: string }; status: string }[] };
      expect(report.results.map((r) => [r.programme.id, r.status])).toEqual([['prog-a', 'eligible']]);
      const graph = await run(['graph', '--as-of', '2018-06-01', '--population', 'none']);
      expect(graph.code).toBe(0);
      expect(graph.out).toContain('prog-a');
      expect(graph.out).not.toContain('cdmx-coop-spi');
      // A folder named on the command line still wins.
      expect((await run(['validate', DEFAULT_PROGRAMMES_DIR])).out).toMatch(/cdmx-coop-spi@2018/);
    } finally {
      if (before === undefined) delete process.env.VINCULA_PROGRAMMES_DIR;
      else process.env.VINCULA_PROGRAMMES_DIR = before;
    }
  });

  it('test runs every case and closes with the counts', async () => {
    const { code, out } = await run(['test']);
    expect(code).toBe(0);
    expect(out).toMatch(/cases: \d+ passed, 0 failed/);
  });

  it('test exits 1 when a case fails', async () => {
    const dir = tempDir({
      'bodies.yaml': BODIES_FILE.text,
      'territories.yaml': TERRITORIES_FILE.text,
      'a.yaml': stringify(programme()),
      'a.cases.yaml': stringify({
        kind: 'cases',
        cases: [
          {
            name: 'wrong',
            asOf: '2018-06-01',
            group: { members: [] },
            expect: { 'prog-a': { status: 'eligible' } },
          },
        ],
      }),
    });
    const { code, out } = await run(['test', dir]);
    expect(code).toBe(1);
    expect(out).toMatch(/✗ wrong/);
    expect(out).toMatch(/cases: 0 passed, 1 failed/);
  });

  it('match prints statuses and reasons in Spanish by default', async () => {
    const { code, out } = await run(['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2018-06-01']);
    expect(code).toBe(0);
    expect(out).toMatch(/\[ELEGIBLE\] Cooperativas CDMX 2018 - Subprograma de Impulso/);
    expect(out).toMatch(/\[NO ELEGIBLE\] Cooperativas CDMX 2018 - Subprograma de Fortalecimiento/);
    expect(out).toMatch(/Debe cumplirse primero: está legalmente constituido/);
    expect(out).toMatch(/Convocatoria 2018: 2018-03-26/);
  });

  it('match says a programme ran without encoded rules (no_rules) apart from one not active', async () => {
    const es = await run(['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2017-06-01']);
    expect(es.code).toBe(0);
    expect(es.out).toMatch(/SIN REGLAS CODIFICADAS [1-9]/);
    expect(es.out).toMatch(
      /\[SIN REGLAS CODIFICADAS\] PROSPERA[^\n]*\n {2}El programa operaba entonces \(2017\); sus reglas de ese año no están codificadas/,
    );
    const en = await run([
      'match',
      'examples/colectivo-iztapalapa.json',
      '--as-of',
      '2021-06-01',
      '--lang',
      'en',
    ]);
    expect(en.out).toMatch(/\[NOT ACTIVE\] PROSPERA/);
    const json = await run([
      'match',
      'examples/colectivo-iztapalapa.json',
      '--as-of',
      '2017-06-01',
      '--json',
    ]);
    const report = JSON.parse(json.out) as {
      counts: Record<string, number>;
      results: { programme: { id: string }; status: string }[];
    };
    expect(report.results.find((r) => r.programme.id === 'prospera')?.status).toBe('no_rules');
    expect(report.counts.no_rules).toBe(report.results.filter((r) => r.status === 'no_rules').length);
  });

  it('match counts one member as one, in Spanish and English', async () => {
    const group = JSON.stringify({ name: 'Sola', members: [{ age: 30 }] });
    const es = await run(['match', '-', '--as-of', '2018-06-01'], group);
    expect(es.out).toMatch(/^Resultados al 2018-06-01 — Grupo: Sola \(1 integrante\)\n/);
    const en = await run(['match', '-', '--as-of', '2018-06-01', '--lang', 'en'], group);
    expect(en.out).toMatch(/^Results as of 2018-06-01 — Group: Sola \(1 member\)\n/);
  });

  it('match prints English with --lang en', async () => {
    const { code, out } = await run([
      'match',
      'examples/grupo-tlapa-guerrero.json',
      '--as-of',
      '2016-06-01',
      '--lang',
      'en',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/\[INELIGIBLE\] Rural Productive Inclusion Project/);
    expect(out).toMatch(/Needs 1 more member meeting: PROSPERA beneficiaries \(now 3 of 6\)/);
  });

  it('match --json gives the full result, and reads standard input', async () => {
    const { code, out } = await run(
      ['match', '-', '--as-of', '2018-06-01', '--json', '--programme', 'cdmx-coop-spi'],
      '{"members": []}',
    );
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.results.map((r: { programme: { id: string } }) => r.programme.id)).toEqual([
      'cdmx-coop-spi',
    ]);
    expect(report.results[0].status).toBe('ineligible');
  });

  it('match reads YAML from standard input as from a .yaml file, and JSON as from a .json file', async () => {
    const args = ['--as-of', '2018-06-01', '--json'];
    const file = 'examples/colectivo-iztapalapa.json';
    const fromFile = await run(['match', file, ...args]);
    expect(fromFile.code).toBe(0);
    const yaml = stringify(JSON.parse(readFileSync(file, 'utf8')));
    const dir = tempDir({ 'group.yaml': yaml });
    const fromYamlFile = await run(['match', join(dir, 'group.yaml'), ...args]);
    const fromYamlStdin = await run(['match', '-', ...args], yaml);
    const fromJsonStdin = await run(['match', '-', ...args], readFileSync(file, 'utf8'));
    expect(fromYamlStdin).toEqual(fromFile);
    expect(fromYamlFile).toEqual(fromFile);
    expect(fromJsonStdin).toEqual(fromFile);
    // a YAML flow mapping starts like JSON
    const flow = await run(['match', '-', ...args, '--programme', 'cdmx-coop-spi'], '{members: []}');
    expect(flow.code).toBe(0);
    expect(JSON.parse(flow.out).results[0].status).toBe('ineligible');

    const badYaml = await run(['match', '-'], 'members:\n  - age: 30\n - age: 4');
    expect(badYaml.code).toBe(1);
    expect(badYaml.err).toMatch(/^standard input is not valid YAML: /);
    const empty = await run(['match', '-'], '\n');
    expect(empty).toMatchObject({
      code: 1,
      err: 'standard input is empty: expected a group, as JSON or YAML\n',
    });
  });

  it('match --programme takes the id@year keys the output shows, and says when the year is not in force', async () => {
    const args = ['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2018-06-01', '--json'];
    const byId = await run([...args, '--programme', 'cdmx-coop-spi']);
    const byKey = await run([...args, '--programme', 'cdmx-coop-spi@2018']);
    expect(byKey).toEqual(byId);
    expect(JSON.parse(byKey.out).results.map((r: { programme: { key: string } }) => r.programme.key)).toEqual(
      ['cdmx-coop-spi@2018'],
    );
    const otherYear = await run([...args, '--programme', 'cdmx-coop-spi@2017']);
    expect(otherYear).toMatchObject({ code: 1, out: '' });
    expect(otherYear.err).toBe(
      '--programme cdmx-coop-spi@2017: cdmx-coop-spi@2017 is in force from 2017-01-31 to 2017-12-31, not on 2018-06-01; use --as-of within it (e.g. --as-of 2017-01-31), or --programme cdmx-coop-spi for the version in force on 2018-06-01 (cdmx-coop-spi@2018)\n',
    );
    const noSuchYear = await run([...args, '--programme', 'cdmx-coop-spi@2030']);
    expect(noSuchYear.err).toMatch(
      /cdmx-coop-spi has no 2030 version \(it has cdmx-coop-spi@2016, .*@2018\)/,
    );
  });

  it('match --programme suggests the nearest ids for an unknown one', async () => {
    const args = ['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2018-06-01'];
    const typo = await run([...args, '--programme', 'cdmx-coop-sip@2018']);
    expect(typo).toMatchObject({ code: 1, out: '' });
    expect(typo.err).toMatch(
      /^--programme cdmx-coop-sip@2018: unknown programme 'cdmx-coop-sip' \(did you mean 'cdmx-coop-spf' or 'cdmx-coop-spi'\?\)/,
    );
    const part = await run([...args, '--programme', 'spi']);
    expect(part.err).toMatch(
      /unknown programme 'spi' \(did you mean 'cdmx-coop-spi' or 'cdmx-focofess-spi'\?\)/,
    );
  });

  it('match --programme with an umbrella programme matches its subprogrammes and says so', async () => {
    const args = ['match', 'examples/colectivo-iztapalapa.json', '--json'];
    for (const [umbrella, asOf, subprogrammes] of [
      ['cdmx-coop', '2018-06-01', ['cdmx-coop-spf@2018', 'cdmx-coop-spi@2018']],
      ['cdmx-focofess@2019', '2019-06-01', ['cdmx-focofess-spf@2019', 'cdmx-focofess-spi@2019']],
    ] as const) {
      const { code, out, err } = await run([...args, '--as-of', asOf, '--programme', umbrella]);
      expect(code).toBe(0);
      const keys = JSON.parse(out).results.map((r: { programme: { key: string } }) => r.programme.key);
      expect(keys.sort()).toEqual(subprogrammes);
      expect(err).toBe(
        `${umbrella} is an umbrella programme, not matched itself: matching its subprogrammes ${subprogrammes.map((k) => k.split('@')[0]).join(', ')}\n`,
      );
    }
    const history = await run([...args, '--as-of', '2018-06-01', '--programme', 'ppfic']);
    expect(history).toMatchObject({ code: 1, out: '' });
    expect(history.err).toMatch(
      /ppfic is recorded for its history and links only \(matchable: false in .*\), so it is never matched/,
    );
  });

  it('match and test take --evaluator reference, for audits, with the same answers', async () => {
    const args = ['match', 'examples/grupo-tlapa-guerrero.json', '--as-of', '2016-06-01', '--json'];
    const fast = await run(args);
    const reference = await run([...args, '--evaluator', 'reference']);
    expect(reference.code).toBe(0);
    expect(reference.out).toBe(fast.out);
    const cases = await run(['test', '--evaluator', 'reference']);
    expect(cases.code).toBe(0);
    expect(cases.out).toMatch(/cases: \d+ passed, 0 failed/);
    const unknown = await run([...args, '--evaluator', 'quick']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/Allowed choices are compiled, reference/);
  });

  it('bad input exits 1 with a clear message', async () => {
    const notJson = await run(['match', '-'], '{"members": [');
    expect(notJson.code).toBe(1);
    expect(notJson.err).toMatch(/standard input is not valid JSON/);

    const badField = await run(['match', '-', '--as-of', '2018-06-01'], '{"members": [{"age": "thirty"}]}');
    expect(badField.code).toBe(1);
    expect(badField.err).toMatch(/members\[0\]\.age: debe ser un número/);

    const typo = await run(['match', '-', '--as-of', '2018-06-01'], 'membres:\n  - agee: 30\n');
    expect(typo.code).toBe(1);
    expect(typo.err).toBe(
      "Datos no válidos:\n  (group): campo desconocido: 'membres' (¿quiso decir 'members'?)\n",
    );
    const typoEn = await run(
      ['match', '-', '--as-of', '2018-06-01', '--lang', 'en'],
      'membres:\n  - agee: 30\n',
    );
    expect(typoEn.err).toBe("Invalid input:\n  (group): unknown field 'membres' (did you mean 'members'?)\n");

    const missingFile = await run(['match', 'no-such-group.json']);
    expect(missingFile.code).toBe(1);
    expect(missingFile.err).toMatch(/cannot read no-such-group.json: ENOENT/);

    const badDate = await run(['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2018-02-30']);
    expect(badDate.code).toBe(1);
    expect(badDate.err).toMatch(/expected a real date/);

    const badLang = await run(['match', 'examples/colectivo-iztapalapa.json', '--lang', 'fr']);
    expect(badLang.code).toBe(1);
    expect(badLang.err).toMatch(/Allowed choices are es, en/);

    const unknownProgramme = await run([
      'match',
      'examples/colectivo-iztapalapa.json',
      '--programme',
      'nope',
    ]);
    expect(unknownProgramme.code).toBe(1);
    expect(unknownProgramme.err).toMatch(/unknown programme 'nope'/);
  });

  it('--help works for the program and each command', async () => {
    for (const args of [['--help'], ['match', '--help'], ['validate', '--help'], ['test', '--help']]) {
      const { code, out } = await run(args);
      expect(code).toBe(0);
      expect(out).toMatch(/Usage: vincula/);
    }
  });

  it('keys create --d1 says what is wrong with its options, and what wrangler said, creating nothing', async () => {
    const remote = await run(['keys', 'create', '--role', 'admin', '--remote']);
    expect(remote).toMatchObject({ code: 1, out: '' });
    expect(remote.err).toContain('--remote and --persist-to go with --d1 <database>');
    const both = await run([
      'keys',
      'create',
      '--role',
      'admin',
      '--d1',
      'vincula',
      '--remote',
      '--persist-to',
      'x',
    ]);
    expect(both.err).toContain('--persist-to is for the local database');
    const unknown = await run([
      'keys',
      'create',
      '--role',
      'admin',
      '--d1',
      'no-such-database',
      '--persist-to',
      tempDir({}),
    ]);
    expect(unknown).toMatchObject({ code: 1, out: '' });
    expect(unknown.err).toContain('wrangler d1 execute no-such-database failed, so no key was created');
    expect(unknown.err).toContain("Couldn't find a D1 DB with the name or binding 'no-such-database'");
  });

  it('a closed standard output ends every command quietly with status 0, without a stack trace', async () => {
    const commands = [
      ['validate'],
      ['match', 'examples/colectivo-iztapalapa.json', '--as-of', '2018-06-01'],
      ['graph', '--population', 'none', '--as-of', '2019-06-01'],
      ['simulate', '--groups', '50', '--as-of', '2018-06-01'],
    ];
    const runs = await Promise.all(commands.map(runWithClosedStdout));
    for (const [i, { code, stderr }] of runs.entries()) {
      expect({ command: commands[i], stderr }).toEqual({
        command: commands[i],
        stderr: expect.not.stringMatching(/EPIPE|Error|\n\s+at /),
      });
      expect(code).toBe(0);
    }
  }, 60_000);

  it('the installed bin runs (npx vincula --help)', () => {
    const out = execFileSync(process.execPath, ['bin/vincula.js', '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/Usage: vincula \[options\] \[command\]/);
    expect(out).toMatch(/validate/);
  });
});
