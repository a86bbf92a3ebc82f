import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_GROUP_LIMITS } from '../src/graph/evaluator';

/** The README against the code and the repository: what it tells a newcomer to run must hold. */

const README = readFileSync('README.md', 'utf8');
const shellBlocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const en = (n: number) => n.toLocaleString('en-US');

describe('README', () => {
  it('names every tool .ci/run installs before npm test, in its prerequisites', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    const installed = [...ci.matchAll(/missing\+=\((\w+)\)/g)].map((m) => m[1] as string);
    expect(installed).toContain('chromium');
    const prerequisites = README.slice(README.indexOf('## Two commands'), README.indexOf('```sh'));
    for (const tool of ['Node 20', 'npm', ...installed]) expect(prerequisites).toContain(tool);
  });

  it('defines every shell variable its commands use, in that block or an earlier one', () => {
    const environment = new Set(['PORT']); // read with a default: ${PORT:-8787}
    const defined = new Set<string>();
    const undefinedUses: string[] = [];
    for (const block of shellBlocks) {
      for (const line of block.split('\n')) {
        const code = line.replace(/(^|\s)#.*$/, '');
        for (const use of code.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)/g)) {
          const name = use[1] as string;
          if (!defined.has(name) && !environment.has(name)) undefinedUses.push(`${name} in: ${line.trim()}`);
        }
        for (const assignment of code.matchAll(/(?:^|[\s;(])(?:export\s+)?([A-Z_][A-Z0-9_]*)=/g))
          defined.add(assignment[1] as string);
      }
    }
    expect(undefinedUses).toEqual([]);
  });

  it('has git ignore what its commands write in the working folder', () => {
    // a file written with --out, or a folder (hence the slash) written by sqld with --db-path
    const written = shellBlocks.flatMap((block) =>
      [...block.matchAll(/--(out|db-path) ([^\s-][^\s]*)/g)].map((m) =>
        m[1] === 'db-path' ? `${m[2]}/` : (m[2] as string),
      ),
    );
    expect(written).toEqual(
      expect.arrayContaining(['population.ndjson', 'vincula-2019.gexf', 'vincula.sqld/']),
    );
    for (const path of written) {
      const ignored = (() => {
        try {
          execFileSync('git', ['check-ignore', '--no-index', '-q', path]);
          return true;
        } catch {
          return false;
        }
      })();
      expect({ path, ignored }).toEqual({ path, ignored: true });
    }
  });

  it('states the graph routes’ bound on Workers as the code enforces it', () => {
    const workers = README.slice(README.indexOf('### Cloudflare Workers and D1'));
    const bound =
      /graph routes analyse up to \*?\*?([\d,]+)\*?\*? groups per request with the compiled evaluator[^.]*?([\d,]+) with the reference/.exec(
        workers,
      );
    expect(bound?.slice(1)).toEqual([en(API_GROUP_LIMITS.compiled), en(API_GROUP_LIMITS.reference)]);
  });
});
