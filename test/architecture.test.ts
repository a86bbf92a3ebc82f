import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The shape of src/: no module imports itself back through others (type-only imports count: a cycle
 * of types is still two modules that cannot be read apart).
 */

const SRC = resolve('src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return undefined;
}

/** Each module's imports inside src/ (static, dynamic and type-only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => resolveImport(file, f.fileName))
      .filter((t): t is string => t?.startsWith(SRC) === true);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components of more than one module (Tarjan), or a module importing itself. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indices.set(v, index);
    low.set(v, index);
    index += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, indices.get(w) as number));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

/** The most lines a module of src/ may have: one that reads in one sitting (issue 17). */
const MAX_LINES = 500;

/** Modules allowed over MAX_LINES: the generated ones only. */
const OVER_MAX_LINES = new Set(['api/openapi-types.ts', 'rules/rule-files.generated.ts']);

/** The modules over `max` lines that `allowed` does not list, with their line counts. */
function tooLong(files: string[], max: number, allowed: ReadonlySet<string>): string[] {
  return files
    .map((file) => ({
      module: relative(SRC, file),
      lines: readFileSync(file, 'utf8').split('\n').length - 1,
    }))
    .filter(({ module, lines }) => lines > max && !allowed.has(module))
    .map(({ module, lines }) => `${module} (${lines} lines)`);
}

describe('the modules of src/', () => {
  it('import no module back through others', () => {
    const found = cycles(importGraph()).map((c) => c.map((f) => relative(SRC, f)).join(' ↔ '));
    expect(found).toEqual([]);
  });

  it('the cycle check finds a cycle when there is one', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
  });

  it(`are at most ${MAX_LINES} lines long, except the generated ones`, () => {
    expect(tooLong(sourceFiles(SRC), MAX_LINES, OVER_MAX_LINES)).toEqual([]);
  });

  it('the length check finds a module over the limit that is not an exception', () => {
    const files = [join(SRC, 'rules/match.ts'), join(SRC, 'rules/rule-files.generated.ts')];
    expect(tooLong(files, 10, OVER_MAX_LINES)).toEqual([
      expect.stringMatching(/^rules\/match\.ts \(\d+ lines\)$/),
    ]);
  });
});
