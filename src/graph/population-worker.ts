import { parentPort, workerData } from 'node:worker_threads';
import { Catalogue } from '../rules/catalogue';
import { EVALUATORS } from './evaluator';
import type { WorkerInput, WorkerMessage } from './parallel';
import { analysePopulation } from './report';
import { syntheticGroups } from './synthetic';

/** One worker thread of analyseSynthetic: draws groups [start, start + count) and analyses them. */

const input = workerData as WorkerInput;
const post = (message: WorkerMessage) => parentPort?.postMessage(message);

try {
  const catalogue = Catalogue.fromSnapshot(input.catalogue);
  const analysis = await analysePopulation({
    catalogue,
    asOf: input.asOf,
    evaluator: EVALUATORS[input.evaluator],
    population: {
      info: { kind: 'synthetic', seed: input.seed, source: input.source },
      expected: input.count,
      groups: syntheticGroups(input.distributions, {
        start: input.start,
        count: input.count,
        seed: input.seed,
        territories: catalogue.territories,
      }),
    },
    progressEvery: input.progressEvery,
    onProgress: (done) => post({ type: 'progress', done }),
  });
  const { programmes: _, ...rest } = analysis;
  post({ type: 'done', analysis: rest });
} catch (error) {
  post({
    type: 'error',
    message: error instanceof Error ? error.message : String(error),
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
}
