import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShard, shardRange } from '../src/graph/shards';
import { runCli } from './cli-run';

/**
 * A national-scale run split across machines: `simulate --shard i/n --counters` on each, then
 * `vincula merge`. The merged analysis must be exactly the single run's.
 */

const run = (args: string[]) => runCli(args);

const RUN = ['simulate', '--groups', '3001', '--seed', '11', '--as-of', '2018-06-01', '--workers', '1'];

describe('sharded synthetic runs', () => {
  it('splits a run into consecutive ranges that cover every group once', () => {
    const ranges = [1, 2, 3, 4, 5, 6, 7].map((index) => shardRange(3001, { index, of: 7 }));
    expect(ranges[0]?.start).toBe(0);
    for (let i = 1; i < ranges.length; i++) {
      const before = ranges[i - 1] as { start: number; count: number };
      expect(ranges[i]?.start).toBe(before.start + before.count);
    }
    expect(ranges.reduce((n, r) => n + r.count, 0)).toBe(3001);
    expect(() => parseShard('0/3')).toThrow(/not a shard/);
    expect(() => parseShard('4/3')).toThrow(/not a shard/);
    expect(() => parseShard('two')).toThrow(/not a shard/);
  });

  it('merges the counters of three shards, in any order, into exactly the single run’s analysis', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vincula-shards-'));
    const single = await run([...RUN, '--json']);
    expect(single.code).toBe(0);
    const files: string[] = [];
    for (const i of [1, 2, 3]) {
      const file = join(folder, `part-${i}.json`);
      const part = await run([...RUN, '--shard', `${i}/3`, '--counters', file]);
      expect(part.code, part.err).toBe(0);
      expect(part.out).toMatch(new RegExp(`parte ${i} de 3 de una corrida de 3,001`));
      files.push(file);
    }
    const merged = await run(['merge', files[2] as string, files[0] as string, files[1] as string, '--json']);
    expect(merged.code, merged.err).toBe(0);
    expect(merged.out).toBe(single.out);
    expect(JSON.parse(merged.out).population.size).toBe(3001);
  });

  it('refuses parts that do not make one whole run, saying which and why', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vincula-shards-'));
    const part = (i: number, extra: string[] = []) => join(folder, `p${i}${extra.join('')}.json`);
    for (const i of [1, 2]) await run([...RUN, '--shard', `${i}/2`, '--counters', part(i)]);
    await run([
      ...RUN.map((a) => (a === '11' ? '12' : a)),
      '--shard',
      '2/2',
      '--counters',
      part(2, ['seed']),
    ]);

    const missing = await run(['merge', part(1)]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('shard 2/2 missing');

    const twice = await run(['merge', part(1), part(1), part(2)]);
    expect(twice.err).toMatch(/are both shard 1\/2/);

    const otherRun = await run(['merge', part(1), part(2, ['seed'])]);
    expect(otherRun.err).toMatch(/is a part of another run .*seed 12/);

    const other = join(folder, 'not-counters.json');
    writeFileSync(other, '{"hello": 1}');
    expect((await run(['merge', other])).err).toContain('not a counters file');

    // The programmes changed since the shards ran: merging would mix two rule sets.
    const file = JSON.parse(readFileSync(part(1), 'utf8'));
    file.run.fingerprint = 'f'.repeat(64);
    const stale1 = join(folder, 'stale-1.json');
    writeFileSync(stale1, JSON.stringify(file));
    const file2 = JSON.parse(readFileSync(part(2), 'utf8'));
    file2.run.fingerprint = 'f'.repeat(64);
    const stale2 = join(folder, 'stale-2.json');
    writeFileSync(stale2, JSON.stringify(file2));
    expect((await run(['merge', stale1, stale2])).err).toMatch(/other programmes than those loaded now/);
  });
});
