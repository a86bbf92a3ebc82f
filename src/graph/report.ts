import type { Catalogue } from '../rules/catalogue';
import type { IsoDate } from '../rules/dates';
import { criterionDependencies } from './dependencies';
import { type DuplicateFinding, duplicateFindings, type StoredEnrolments } from './duplicates';
import {
  DEFAULT_EVALUATOR,
  EVALUATORS,
  type PopulationEvaluatorFactory,
  programmesInForce,
} from './evaluator';
import { computeFlags, type Flag } from './flags';
import { buildGraph, type GraphModel } from './model';
import {
  type AnalyseOptions,
  analyseOverlaps,
  type OverlapAnalysis,
  type OverlapsJson,
  overlapsJson,
  type Population,
  type PopulationInfo,
  type TrackedCriterion,
} from './overlaps';

/** Everything a committee looks at for one date: the graph, its flags and the overlap analysis. */
export interface CoordinationReport {
  asOf: IsoDate;
  model: GraphModel;
  flags: Flag[];
  overlaps?: OverlapsJson;
  population?: PopulationInfo;
}

export interface AnalysisOptions {
  catalogue: Catalogue;
  asOf: IsoDate;
  population: Population;
  evaluator?: PopulationEvaluatorFactory;
  onProgress?: AnalyseOptions['onProgress'];
  progressEvery?: number;
  yieldEvery?: number;
}

/** Runs the overlap analysis over a population, for the programmes in force on the date. */
export function analysePopulation(options: AnalysisOptions): Promise<OverlapAnalysis> {
  const { catalogue, asOf } = options;
  const programmes = programmesInForce(catalogue, asOf);
  const factory = options.evaluator ?? (EVALUATORS[DEFAULT_EVALUATOR] as PopulationEvaluatorFactory);
  const evaluator = factory(catalogue, programmes, asOf);
  const tracked: TrackedCriterion[] = [];
  evaluator.programmes.forEach((p, i) => {
    for (const d of criterionDependencies(catalogue, p))
      tracked.push({ programme: i, criterion: d.criterion });
  });
  return analyseOverlaps(evaluator, options.population, {
    asOf,
    tracked,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.progressEvery ? { progressEvery: options.progressEvery } : {}),
    ...(options.yieldEvery ? { yieldEvery: options.yieldEvery } : {}),
  });
}

export interface ReportOptions {
  catalogue: Catalogue;
  asOf: IsoDate;
  /** The overlap analysis (analysePopulation); without one, only the declaration flags are raised. */
  analysis?: OverlapAnalysis;
  /** Enrolments read from the database, for the duplicate-enrolment flags. */
  stored?: StoredEnrolments;
}

/** Builds the graph as of the date and raises its flags. Cheap: the analysis is the costly part. */
export function coordinationReport(options: ReportOptions): CoordinationReport {
  const { catalogue, asOf, analysis } = options;
  if (analysis && analysis.asOf !== asOf)
    throw new Error(`the analysis is for ${analysis.asOf}, not ${asOf}`);
  const model = buildGraph(catalogue, asOf, analysis);
  const duplicates: DuplicateFinding[] | undefined = options.stored
    ? duplicateFindings(catalogue, options.stored)
    : undefined;
  const flags = computeFlags({ model, ...(duplicates ? { duplicates } : {}) });
  return {
    asOf,
    model,
    flags,
    ...(analysis ? { overlaps: overlapsJson(analysis), population: analysis.population } : {}),
  };
}

/** The flags document of the API and the CLI. */
export function flagsJson(report: CoordinationReport) {
  return {
    asOf: report.asOf,
    population: report.population ?? { kind: 'none' as const, size: 0 },
    flags: report.flags,
  };
}
