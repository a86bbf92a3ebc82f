import { closeSync, openSync, writeSync } from 'node:fs';
import { type Command, Option } from 'commander';
import type { Distributions } from '../graph/distributions';
import { EVALUATORS, programmesInForce } from '../graph/evaluator';
import { EXPORT_FORMATS, type ExportFormat, flagsCsv, toGexf, toGraphml } from '../graph/export';
import type { Population } from '../graph/overlaps';
import { groupLine, groupsFromLines } from '../graph/population-io';
import { analysePopulation, coordinationReport } from '../graph/report';
import { countersJson, runFingerprint, type Shard, shardRange } from '../graph/shards';
import { syntheticGroups } from '../graph/synthetic';
import { fiscalYearOf, today } from '../rules/dates';
import type { Group } from '../rules/group';
import { countNoun, type Lang, NOUNS, pick } from '../rules/i18n';
import { loadCatalogue, programmesDir } from '../rules/load-dir';
import type { EvaluatorName } from '../rules/match';
import { messages } from '../rules/messages';
import {
  CliError,
  DEFAULT_SOURCE,
  date,
  fileLines,
  fmt,
  type Io,
  isStdout,
  MAX_GROUPS,
  progress,
  readDistributions,
  shardArgument,
  summary,
  synthetic,
  wholeNumber,
  workersOption,
  writeCounters,
  writeOutput,
} from './graph-support';
import { evaluatorOption, langOption } from './options';
import { readScenario, scenarioOption, simulateScenario } from './scenario';

/** `vincula simulate` and `vincula graph`: the coordination graph from the command line. */

export function registerGraphCommands(program: Command, io: Io) {
  program
    .command('simulate')
    .description(
      'Draw a synthetic population of groups from the documented distributions (src/graph/distributions.json) and run the overlap analysis over it; the same seed gives the same groups',
    )
    .addOption(
      new Option('--groups <n>', 'number of groups')
        .argParser(wholeNumber(1, MAX_GROUPS))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        '--shard <i/n>',
        'draw and analyse only the i-th of n consecutive parts of the run (write its --counters, then vincula merge the parts)',
      ).argParser(shardArgument),
    )
    .option('--counters <file>', "write the analysis's counters, for vincula merge")
    .addOption(
      new Option('--seed <s>', 'seed of the random draws').argParser(wholeNumber(0, 2 ** 32 - 1)).default(1),
    )
    .option(
      '--out <file>',
      'also write the groups as NDJSON (one group per line); - writes them to standard output, and the summary to standard error',
    )
    .addOption(
      new Option('--as-of <date>', 'date of the overlap analysis').default(today(), 'today').argParser(date),
    )
    .option('--distributions <file>', 'distributions JSON (default: src/graph/distributions.json)')
    .addOption(evaluatorOption())
    .addOption(langOption())
    .addOption(workersOption())
    .option('--no-analysis', 'only draw (and write) the population')
    .option('--json', 'print the overlap analysis as JSON')
    .option('--dir <dir>', 'programmes folder (default: the programmes shipped with Vincula)')
    .addOption(scenarioOption())
    .action(
      async (options: {
        scenario?: string;
        groups: number;
        seed: number;
        out?: string;
        asOf: string;
        distributions?: string;
        evaluator: EvaluatorName;
        lang: Lang;
        workers?: number;
        analysis: boolean;
        json?: boolean;
        dir?: string;
        shard?: Shard;
        counters?: string;
      }) => {
        const catalogue = loadCatalogue(programmesDir(options.dir));
        const distributions = readDistributions(options.distributions, catalogue);
        if (options.scenario) {
          if (options.shard || options.counters)
            throw new CliError('--scenario compares whole runs: leave out --shard and --counters');
          return simulateScenario(io, catalogue, distributions, { ...options, scenario: options.scenario });
        }
        const shard = options.shard ?? { index: 1, of: 1 };
        const range = shardRange(options.groups, shard);
        if (options.counters && !options.analysis)
          throw new CliError('--counters writes the analysis, which --no-analysis leaves out');
        const groups = syntheticGroups(distributions, {
          count: range.count,
          start: range.start,
          seed: options.seed,
          territories: catalogue.territories,
        });
        // `--out -`: the groups go to standard output, so the summary goes to standard error.
        const groupsToStdout = options.out === '-';
        if (groupsToStdout && options.json && options.analysis)
          throw new CliError(
            '--out - writes the groups to standard output, where --json would mix the analysis into them: write the groups to a file (--out population.ndjson) or leave out --json (the summary then goes to standard error)',
          );
        const print = groupsToStdout ? io.err : io.out;
        let fd: number | undefined;
        if (options.out && !groupsToStdout) {
          try {
            fd = openSync(options.out, 'w');
          } catch (error) {
            throw new CliError(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code}`);
          }
        }
        const out = fd;
        const write = groupsToStdout
          ? io.out
          : out !== undefined
            ? (line: string) => writeSync(out, line)
            : undefined;
        function* written(): Generator<Group> {
          for (const group of groups) {
            write?.(groupLine(group));
            yield group;
          }
        }
        const into = options.out && !groupsToStdout ? options.out : undefined;
        const source = options.distributions ?? DEFAULT_SOURCE;
        const start = Date.now();
        const bar = progress(io, 'simulate', range.count, options.lang);
        try {
          if (!options.analysis) {
            let n = 0;
            for (const _ of written()) {
              n++;
              if (n % bar.every === 0) bar.report(n);
            }
            bar.report(n);
            print(
              `${messages(options.lang).cli.drew(countNoun(n, NOUNS.group, options.lang), options.seed, source, into, groupsToStdout)}\n`,
            );
            return;
          }
          // Written groups are drawn here, in order; otherwise the draw and analysis spread over threads.
          const analysis = options.out
            ? await analysePopulation({
                catalogue,
                asOf: options.asOf,
                population: {
                  info: { kind: 'synthetic', seed: options.seed, source },
                  expected: range.count,
                  groups: written(),
                },
                evaluator: EVALUATORS[options.evaluator],
                onProgress: bar.report,
                progressEvery: bar.every,
              })
            : await synthetic(
                catalogue,
                distributions,
                source,
                options.asOf,
                { ...options, groups: range.count, start: range.start },
                bar,
              );
          if (options.counters) {
            const run = {
              groups: options.groups,
              seed: options.seed,
              asOf: options.asOf,
              evaluator: options.evaluator,
              source,
              fingerprint: runFingerprint(catalogue, distributions),
            };
            writeCounters(options.counters, countersJson(analysis, run, shard));
          }
          const report = coordinationReport({ catalogue, asOf: options.asOf, analysis });
          if (options.json) io.out(`${JSON.stringify(report.overlaps, null, 2)}\n`);
          else {
            print(
              `${messages(options.lang).cli.population(
                `${countNoun(range.count, NOUNS.group, options.lang)}${options.shard ? messages(options.lang).cli.shard(shard.index, shard.of, fmt(options.groups, 0, options.lang), fmt(range.start + 1, 0, options.lang)) : ''}`,
                options.seed,
                source,
                into,
                groupsToStdout,
              )}\n`,
            );
            print(summary(report, catalogue, (Date.now() - start) / 1000, options.evaluator, options.lang));
          }
        } finally {
          if (fd !== undefined) closeSync(fd);
        }
      },
    );

  program
    .command('graph')
    .description(
      'The coordination graph as of a date, with its flags: graphology JSON, GEXF (Gephi), GraphML, or the flags as CSV',
    )
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default('json'))
    .addOption(new Option('--as-of <date>', 'date of the graph').default(today(), 'today').argParser(date))
    .option(
      '--population <source>',
      "groups for the overlap analysis: 'synthetic' (--groups, --seed), 'stored' (the database: DATABASE_URL), 'none', or an NDJSON file",
      'synthetic',
    )
    .addOption(
      new Option('--groups <n>', 'size of the synthetic population')
        .argParser(wholeNumber(1, MAX_GROUPS))
        .default(1000),
    )
    .addOption(
      new Option('--seed <s>', 'seed of the synthetic population')
        .argParser(wholeNumber(0, 2 ** 32 - 1))
        .default(1),
    )
    .option('--distributions <file>', 'distributions JSON for the synthetic population')
    .addOption(evaluatorOption())
    .addOption(langOption())
    .addOption(workersOption())
    .option('--out <file>', 'write to a file instead of standard output (- is standard output)')
    .option('--dir <dir>', 'programmes folder (default: the programmes shipped with Vincula)')
    .addOption(scenarioOption())
    .action(
      async (options: {
        scenario?: string;
        format: ExportFormat;
        asOf: string;
        population: string;
        groups: number;
        seed: number;
        distributions?: string;
        evaluator: EvaluatorName;
        lang: Lang;
        workers?: number;
        out?: string;
        dir?: string;
      }) => {
        const base = loadCatalogue(programmesDir(options.dir));
        // With a scenario, the graph and its flags are the scenario's (`simulate --scenario` compares).
        const applied = options.scenario ? readScenario(base, options.scenario) : undefined;
        const catalogue = applied?.catalogue ?? base;
        const asOf = options.asOf;
        const lang = options.lang;
        let population: Population | undefined;
        let drawn: Distributions | undefined;
        let close: (() => void) | undefined;
        let stored: Awaited<ReturnType<typeof import('../db/graph-queries').storedEnrolments>> | undefined;
        try {
          if (options.population === 'synthetic') {
            drawn = readDistributions(options.distributions, catalogue);
          } else if (options.population === 'stored') {
            const { configFromEnv, openConfiguredDatabase } = await import('../server');
            const { client, db } = await openConfiguredDatabase(configFromEnv());
            close = () => client.close();
            const queries = await import('../db/graph-queries');
            population = {
              info: { kind: 'stored', source: 'database' },
              expected: await queries.storedGroupCount(db),
              groups: queries.storedGroups(db),
            };
            stored = await queries.storedEnrolments(db, fiscalYearOf(asOf));
          } else if (options.population !== 'none') {
            population = {
              info: { kind: 'file', source: options.population },
              groups: groupsFromLines(fileLines(options.population), catalogue, options.population),
            };
          }
          const bar = progress(io, 'graph', drawn ? options.groups : population?.expected, options.lang);
          const analysis = drawn
            ? await synthetic(catalogue, drawn, options.distributions ?? DEFAULT_SOURCE, asOf, options, bar)
            : population
              ? await analysePopulation({
                  catalogue,
                  asOf,
                  population,
                  evaluator: EVALUATORS[options.evaluator],
                  onProgress: bar.report,
                  progressEvery: bar.every,
                })
              : undefined;
          const report = coordinationReport({
            catalogue,
            asOf,
            ...(analysis ? { analysis } : {}),
            ...(stored ? { stored } : {}),
          });
          const graph = report.model.graph;
          const text =
            options.format === 'json'
              ? `${JSON.stringify(graph.export(), null, 2)}\n`
              : options.format === 'gexf'
                ? toGexf(graph)
                : options.format === 'graphml'
                  ? toGraphml(graph)
                  : flagsCsv(report.flags);
          writeOutput(io, text, options.out);
          const inForce = programmesInForce(catalogue, asOf).length;
          io.err(
            `${messages(lang).cli.graphLine(
              asOf,
              `${countNoun(graph.order, NOUNS.node, lang)}, ${countNoun(graph.size, NOUNS.edge, lang)}, ${countNoun(report.flags.length, NOUNS.flag, lang)}; ${countNoun(inForce, NOUNS.programmeInForce, lang)}${analysis ? `, ${countNoun(analysis.population.size, NOUNS.groupAnalysed, lang)}` : ''}`,
              isStdout(options.out) ? undefined : options.out,
            )}\n`,
          );
          if (applied)
            io.err(
              `${messages(lang).cli.scenarioLine(pick(applied.scenario.name, lang), applied.changes.length)}\n`,
            );
          const names = report.flags.slice(0, 3).map((f) => pick(f.title, lang));
          if (names.length) io.err(`${messages(lang).cli.topFlags(names.join(' · '))}\n`);
        } finally {
          close?.();
        }
      },
    );
}
