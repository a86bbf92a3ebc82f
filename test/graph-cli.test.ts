import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTRIBUTIONS } from '../src/graph/distributions';
import { runCli } from './cli-run';

/** These tests read the English output (`--lang en`); the Spanish default is tested in test/language.test.ts. */
function run(args: string[]) {
  const lang =
    ['simulate', 'graph'].includes(args[0] ?? '') && !args.includes('--lang') ? ['--lang', 'en'] : [];
  return runCli([...args, ...lang]);
}

const dir = () => mkdtempSync(join(tmpdir(), 'vincula-graph-'));

describe('vincula simulate', () => {
  it('draws the same population for the same seed, writes it as NDJSON and reports progress on stderr', async () => {
    const folder = dir();
    const first = await run([
      'simulate',
      '--groups',
      '120',
      '--seed',
      '4',
      '--as-of',
      '2018-06-01',
      '--out',
      join(folder, 'a.ndjson'),
    ]);
    expect(first.code).toBe(0);
    const second = await run([
      'simulate',
      '--groups',
      '120',
      '--seed',
      '4',
      '--as-of',
      '2018-06-01',
      '--out',
      join(folder, 'b.ndjson'),
    ]);
    const a = readFileSync(join(folder, 'a.ndjson'), 'utf8');
    expect(a.trim().split('\n')).toHaveLength(120);
    expect(readFileSync(join(folder, 'b.ndjson'), 'utf8')).toBe(a);
    expect(first.err.trim().split('\n')).toHaveLength(10);
    expect(first.err).toMatch(/simulate: 120 \/ 120 groups \(100 %\)/);
    expect(first.out).toMatch(/Synthetic population: 120 groups, seed 4/);
    expect(first.out).toMatch(/\d+\s+\d+\s+[\d.]+% {2}CDMX Cooperatives 2018 - Promotion Subprogramme/);
    expect(first.out).not.toMatch(/cdmx-coop-spi@2018/);
    // the same numbers for the same seed (the timing line aside)
    const numbers = (text: string) => text.replace(/, [\d.]+ s\n/, '\n');
    expect(numbers(second.out)).toBe(numbers(first.out.replace('a.ndjson', 'b.ndjson')));
    const other = await run([
      'simulate',
      '--groups',
      '120',
      '--seed',
      '5',
      '--no-analysis',
      '--out',
      join(folder, 'c.ndjson'),
    ]);
    expect(other.code).toBe(0);
    expect(readFileSync(join(folder, 'c.ndjson'), 'utf8')).not.toBe(a);
  });

  it('--out - writes the groups to standard output, and the summary to standard error', async () => {
    const folder = dir();
    const args = ['simulate', '--groups', '30', '--seed', '3', '--as-of', '2018-06-01'];
    const piped = await run([...args, '--out', '-']);
    expect(piped.code).toBe(0);
    await run([...args, '--out', join(folder, 'p.ndjson')]);
    expect(piped.out).toBe(readFileSync(join(folder, 'p.ndjson'), 'utf8'));
    expect(piped.err).toMatch(/Synthetic population: 30 groups, seed 3 .*, written to standard output/);
    expect(piped.err).toMatch(/\d+\s+\d+\s+[\d.]+% {2}CDMX Cooperatives 2018/);
    const drawn = await run([...args, '--no-analysis', '--out', '-']);
    expect(drawn.out).toBe(piped.out);
    expect(drawn.err).toMatch(/Drew 30 groups .* to standard output/);
    const mixed = await run([...args, '--json', '--out', '-']);
    expect(mixed).toMatchObject({ code: 1, out: '' });
    expect(mixed.err).toMatch(/--out - writes the groups to standard output, where --json would mix/);
    expect(existsSync('-')).toBe(false);
  });

  it('counts one group and one programme in the singular', async () => {
    const one = await run(['simulate', '--groups', '1', '--as-of', '2021-06-01']);
    expect(one.code).toBe(0);
    expect(one.err).toMatch(/^simulate: 1 \/ 1 group \(100 %\)/);
    expect(one.out).toMatch(/^Synthetic population: 1 group, seed 1 /);
    expect(one.out).toMatch(
      /Overlap analysis on 2021-06-01: 1 group, 1 programme in force, compiled evaluator/,
    );
    const drawn = await run(['simulate', '--groups', '1', '--no-analysis']);
    expect(drawn.out).toMatch(/^Drew 1 group /);
    const graph = await run(['graph', '--groups', '1', '--as-of', '2021-06-01', '--format', 'flags-csv']);
    expect(graph.err).toMatch(/; 1 programme in force, 1 group analysed\n/);
    expect(graph.err).not.toMatch(/\(s\)/);
  });

  it('prints the overlap analysis as JSON, and says when no programme is in force', async () => {
    const json = await run(['simulate', '--groups', '60', '--seed', '1', '--as-of', '2019-06-01', '--json']);
    const overlaps = JSON.parse(json.out);
    expect(overlaps.population).toMatchObject({ kind: 'synthetic', size: 60, seed: 1 });
    expect(overlaps.programmes.map((p: { key: string }) => p.key)).toEqual([
      'cdmx-focofess-spf@2019',
      'cdmx-focofess-spi@2019',
    ]);
    const none = await run(['simulate', '--groups', '10', '--as-of', '2030-01-01']);
    expect(none.out).toMatch(
      /No matchable programme is in force on 2030-01-01; the latest \(Rodando Juntas - Bike-delivery cooperatives pilot \(2021\)\) ends on 2021-12-31/,
    );
  });

  it('uses an edited distributions file, and refuses a broken one saying where', async () => {
    const folder = dir();
    const edited = structuredClone(DEFAULT_DISTRIBUTIONS);
    edited.regions = edited.regions.filter((r) => r.id === 'proinpro-states');
    writeFileSync(join(folder, 'd.json'), JSON.stringify(edited));
    const out = join(folder, 'p.ndjson');
    expect(
      (
        await run([
          'simulate',
          '--groups',
          '30',
          '--no-analysis',
          '--distributions',
          join(folder, 'd.json'),
          '--out',
          out,
        ])
      ).code,
    ).toBe(0);
    const states = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).location.state);
    expect(new Set(states)).toEqual(new Set(['12', '13', '32']));
    (edited.regions[0] as { weight: number }).weight = -1;
    writeFileSync(join(folder, 'bad.json'), JSON.stringify(edited));
    const bad = await run(['simulate', '--groups', '5', '--distributions', join(folder, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/regions\[0\]\.weight: /);
    expect((await run(['simulate', '--groups', 'many'])).code).toBe(1);
  });
});

describe('vincula graph', () => {
  it('writes graphology JSON, GEXF, GraphML and the flags as CSV', async () => {
    const json = await run(['graph', '--as-of', '2019-06-01', '--population', 'none']);
    expect(json.code).toBe(0);
    const exported = JSON.parse(json.out);
    expect(exported.nodes.find((n: { key: string }) => n.key === 'body:steia').attributes.flagged).toBe(true);
    expect(json.err).toMatch(/graph on 2019-06-01: \d+ nodes, \d+ edges, \d+ flags/);

    const folder = dir();
    const gexf = await run([
      'graph',
      '--format',
      'gexf',
      '--as-of',
      '2019-06-01',
      '--groups',
      '80',
      '--out',
      join(folder, 'g.gexf'),
    ]);
    expect(gexf.code).toBe(0);
    const fromGexf = parseGexf(MultiDirectedGraph, readFileSync(join(folder, 'g.gexf'), 'utf8'));
    expect(fromGexf.getNodeAttribute('programme:cdmx-focofess-spi', 'eligible')).toEqual(expect.any(Number));
    expect(fromGexf.getNodeAttribute('programme:cdmx-focofess-spi', 'label_en')).toBe(
      'FOCOFESS 2019 - Promotion Subprogramme (SPI)',
    );
    const graphml = await run(['graph', '--format', 'graphml', '--as-of', '2019-06-01', '--groups', '80']);
    const fromGraphml = parseGraphml(MultiDirectedGraph, graphml.out);
    expect(fromGraphml.order).toBe(fromGexf.order);
    expect(fromGraphml.size).toBe(fromGexf.size);
    const csv = await run([
      'graph',
      '--format',
      'flags-csv',
      '--as-of',
      '2019-06-01',
      '--population',
      'none',
    ]);
    // A byte-order mark first, for spreadsheet software.
    expect(csv.out.startsWith('\uFEFFid,type,severity,')).toBe(true);
    const dash = await run(['graph', '--as-of', '2019-06-01', '--population', 'none', '--out', '-']);
    expect(dash.out).toBe(json.out);
    expect(dash.err).not.toMatch(/wrote/);
    expect(existsSync('-')).toBe(false);
    const unwritable = await run(['graph', '--population', 'none', '--out', join(folder, 'no', 'g.json')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.err).toMatch(/cannot write .*g\.json: ENOENT/);
    expect(csv.out).toContain('coordination-without-budget:steia,coordination-without-budget,high');
  });

  it('reads a population from NDJSON, and stops at a bad line with the file and line number', async () => {
    const folder = dir();
    const file = join(folder, 'pop.ndjson');
    await run(['simulate', '--groups', '40', '--seed', '9', '--no-analysis', '--out', file]);
    const fromFile = await run([
      'graph',
      '--format',
      'flags-csv',
      '--as-of',
      '2018-06-01',
      '--population',
      file,
    ]);
    const synthetic = await run([
      'graph',
      '--format',
      'flags-csv',
      '--as-of',
      '2018-06-01',
      '--groups',
      '40',
      '--seed',
      '9',
    ]);
    expect(fromFile.code).toBe(0);
    expect(fromFile.out).toBe(synthetic.out);
    expect(fromFile.err).toMatch(/40 groups analysed/);

    writeFileSync(file, `${readFileSync(file, 'utf8')}{"members": "five"}\n`);
    const bad = await run(['graph', '--as-of', '2018-06-01', '--population', file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${file}:41: members:`);
    const missing = await run(['graph', '--population', join(folder, 'nope.ndjson')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/population file not found/);
    expect((await run(['graph', '--format', 'svg'])).code).toBe(1);
  });
});
