import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Catalogue } from '../rules/catalogue';
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
  /** Where the catalogue was loaded from: each worker loads the same files. */
  programmesDir: string;
  distributions: Distributions;
  /** Where the distributions came from, reported with the population. */
  source: string;
  asOf: IsoDate;
  count: number;
  seed: number;
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
  programmesDir: string;
  distributions: Distributions;
  source: string;
  asOf: IsoDate;
  start: number;
  count: number;
  seed: number;
  evaluator: EvaluatorName;
  progressEvery: number;
  /** The catalogue's programme keys in force, to check the worker loaded the same rules. */
  programmes: string[];
}

export type WorkerMessage =
  | { type: 'progress'; done: number }
  | { type: 'done'; analysis: Omit<OverlapAnalysis, 'programmes'> }
  | { type: 'error'; message: string };

export function workerCount(count: number, requested?: number, minPerWorker = MIN_GROUPS_PER_WORKER): number {
  const wanted = requested ?? availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(count / Math.max(1, minPerWorker))));
}

export async function analyseSynthetic(options: SyntheticAnalysisOptions): Promise<OverlapAnalysis> {
  const { catalogue, count, seed } = options;
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
        groups: syntheticGroups(options.distributions, { count, seed, territories: catalogue.territories }),
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
  const programmes = empty.programmes.map((p) => p.key);
  const every = Math.max(1, options.progressEvery ?? 1000);
  const done = new Array<number>(workers).fill(0);
  let reported = 0;
  const ranges = Array.from({ length: workers }, (_, w) => {
    const start = Math.floor((count * w) / workers);
    return { start, count: Math.floor((count * (w + 1)) / workers) - start };
  });
  const threads: Worker[] = [];
  try {
    const parts = await Promise.all(
      ranges.map(
        (range, w) =>
          new Promise<OverlapAnalysis>((resolve, reject) => {
            const input: WorkerInput = {
              programmesDir: options.programmesDir,
              distributions: options.distributions,
              source: options.source,
              asOf: options.asOf,
              start: range.start,
              count: range.count,
              seed,
              evaluator: options.evaluator,
              progressEvery: every,
              programmes,
            };
            const worker = new Worker(new URL('./population-worker.mjs', import.meta.url), {
              workerData: input,
            });
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
              else reject(new Error(`population worker ${w + 1}: ${message.message}`));
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
}
