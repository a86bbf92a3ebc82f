import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Catalogue, CatalogueSnapshot } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import type { EvaluatorName } from '../rules/match';
import type { Distributions } from './distributions';
import { EVALUATORS } from './evaluator';
import { mergeAnalyses, type OverlapAnalysis } from './overlaps';
import { analysePopulation } from './report';
import { syntheticGroups } from './synthetic';

/**
 * The overlap analysis of a synthetic population on several cores (Node only: the CLI and the
 * benchmarks). Group i is drawn from its own random stream, so the run splits into consecutive
 * ranges, one per worker thread; each worker draws and analyses its range, and the counters merge
 * (mergeAnalyses) into exactly what one thread would have counted.
 */

export interface SyntheticAnalysisOptions {
  catalogue: Catalogue;
  distributions: Distributions;
  /** Where the distributions came from, reported with the population. */
  source: string;
  asOf: IsoDate;
  count: number;
  seed: number;
  /** Index of the first group (default 0): one shard of a longer run. */
  start?: number;
  evaluator: EvaluatorName;
  /** Worker threads (default: the cores available); 1 runs in this thread. */
  workers?: number;
  /** Fewest groups worth a thread of their own (default MIN_GROUPS_PER_WORKER). */
  minGroupsPerWorker?: number;
  onProgress?: (done: number, expected: number | undefined) => void;
  progressEvery?: number;
}

/** Below this many groups per worker, starting threads (each loads the catalogue) costs more than it saves. */
export const MIN_GROUPS_PER_WORKER = 20_000;

export interface WorkerInput {
  /** The main thread's catalogue, cloned: workers do not parse the rule files again. */
  catalogue: CatalogueSnapshot;
  distributions: Distributions;
  source: string;
  asOf: IsoDate;
  start: number;
  count: number;
  seed: number;
  evaluator: EvaluatorName;
  progressEvery: number;
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; analysis: Omit<OverlapAnalysis, 'programmes'> }
  | { type: 'error'; message: string; stack?: string };

const WORKER_ENTRY = join(dirname(fileURLToPath(import.meta.url)), 'population-worker.ts');
let bundled: Promise<string> | undefined;

/**
 * The worker as one plain JavaScript module, bundled by esbuild once per process: a worker thread
 * does not inherit the TypeScript loader of the CLI, and a bundle starts in a fraction of the time
 * and runs faster than transpiling on load. A failed build is tried again on the next run.
 */
function workerCode(): Promise<string> {
  bundled ??= (async () => {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [WORKER_ENTRY],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // CommonJS packages in an ES module bundle need a require of their own.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
    });
    const text = result.outputFiles[0]?.text;
    if (!text) throw new Error('esbuild produced no population worker');
    return text;
  })();
  bundled.catch(() => {
    bundled = undefined;
  });
  return bundled;
}

/**
 * Runs `use` with the worker written to a file of its own: a fresh private folder (mode 0700),
 * removed afterwards, so no other user can plant or truncate the code the threads run.
 */
async function withWorkerFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const code = await workerCode();
  const dir = mkdtempSync(join(tmpdir(), 'vincula-population-'));
  try {
    const file = join(dir, 'population-worker.mjs');
    writeFileSync(file, code, { mode: 0o600 });
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function workerCount(count: number, requested?: number, minPerWorker = MIN_GROUPS_PER_WORKER): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(count / Math.max(1, minPerWorker))));
}

export async function analyseSynthetic(options: SyntheticAnalysisOptions): Promise<OverlapAnalysis> {
  const { catalogue, count, seed } = options;
  const first = options.start ?? 0;
  const workers = workerCount(count, options.workers, options.minGroupsPerWorker);
  const info = { kind: 'synthetic' as const, seed, source: options.source };
  if (workers === 1) {
    return analysePopulation({
      catalogue,
      asOf: options.asOf,
      evaluator: EVALUATORS[options.evaluator],
      population: {
        info,
        expected: count,
        groups: syntheticGroups(options.distributions, {
          count,
          seed,
          start: first,
          territories: catalogue.territories,
        }),
      },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
    });
  }
  // The programmes come from a dry run on no groups: the same list, order and tracked criteria.
  const empty = await analysePopulation({
    catalogue,
    asOf: options.asOf,
    evaluator: EVALUATORS[options.evaluator],
    population: { info, groups: [] },
  });
  const snapshot = catalogue.snapshot();
  const every = Math.max(1, options.progressEvery ?? 1000);
  const done = new Array<number>(workers).fill(0);
  let reported = 0;
  const ranges = Array.from({ length: workers }, (_, w) => {
    const start = Math.floor((count * w) / workers);
    return { start: first + start, count: Math.floor((count * (w + 1)) / workers) - start };
  });
  return withWorkerFile(async (script) => {
    const threads: Worker[] = [];
    try {
      const parts = await Promise.all(
        ranges.map(
          (range, w) =>
            new Promise<OverlapAnalysis>((resolve, reject) => {
              const input: WorkerInput = {
                catalogue: snapshot,
                distributions: options.distributions,
                source: options.source,
                asOf: options.asOf,
                start: range.start,
                count: range.count,
                seed,
                evaluator: options.evaluator,
                progressEvery: every,
              };
              const worker = new Worker(script, { workerData: input });
              threads.push(worker);
              worker.on('message', (message: WorkerMessage) => {
                if (message.type === 'progress') {
                  done[w] = message.done;
                  const total = done.reduce((a, b) => a + b, 0);
                  if (total - reported >= every) {
                    reported = total - (total % every);
                    options.onProgress?.(reported, undefined);
                  }
                } else if (message.type === 'done')
                  resolve({ ...message.analysis, programmes: empty.programmes });
                else {
                  const error = new Error(`population worker ${w + 1}: ${message.message}`);
                  if (message.stack) error.cause = message.stack;
                  reject(error);
                }
              });
              worker.on('error', reject);
              worker.on('exit', (code) => {
                if (code !== 0) reject(new Error(`population worker ${w + 1} stopped with code ${code}`));
              });
            }),
        ),
      );
      options.onProgress?.(count, count);
      return mergeAnalyses(parts);
    } finally {
      await Promise.all(threads.map((t) => t.terminate()));
    }
  });
}
