import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { coordinationReport } from '../graph/report';
import { CountersError, mergeCounters } from '../graph/shards';
import { countNoun, type Lang, NOUNS } from '../rules/i18n';
import { loadCatalogue, programmesDir } from '../rules/load-dir';
import { messages } from '../rules/messages';
import { CliError, DEFAULT_SOURCE, type Io, readDistributions, summary } from './graph-support';
import { langOption } from './options';

/** `vincula merge`: the shards of a synthetic run (`simulate --shard i/n --counters`) as one run. */
export function registerShardCommands(program: Command, io: Io) {
  program
    .command('merge')
    .description(
      'Add up the counters of the shards of one synthetic run (vincula simulate --shard i/n --counters FILE) into the analysis a single run would have made, and print it as simulate does',
    )
    .argument('<files...>', 'the counters files, one per shard, in any order')
    .option('--json', 'print the overlap analysis as JSON')
    .addOption(langOption())
    .option(
      '--distributions <file>',
      'the distributions JSON the shards were drawn from (as given to simulate)',
    )
    .option(
      '--dir <dir>',
      'programmes folder the shards were analysed with (default: the programmes shipped with Vincula)',
    )
    .action(
      (files: string[], options: { json?: boolean; distributions?: string; dir?: string; lang: Lang }) => {
        const start = Date.now();
        const catalogue = loadCatalogue(programmesDir(options.dir));
        const distributions = readDistributions(options.distributions, catalogue);
        const texts = files.map((name) => {
          try {
            return { name, text: readFileSync(name, 'utf8') };
          } catch (error) {
            throw new CliError(
              `cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
            );
          }
        });
        let merged: ReturnType<typeof mergeCounters>;
        try {
          merged = mergeCounters(texts, catalogue, distributions);
        } catch (error) {
          if (error instanceof CountersError) throw new CliError(error.message);
          throw error;
        }
        const { run, analysis } = merged;
        const report = coordinationReport({ catalogue, asOf: run.asOf, analysis });
        if (options.json) {
          io.out(`${JSON.stringify(report.overlaps, null, 2)}\n`);
          return;
        }
        const { cli } = messages(options.lang);
        io.out(
          `${cli.population(`${countNoun(run.groups, NOUNS.group, options.lang)}${cli.merged(files.length)}`, run.seed, options.distributions ?? DEFAULT_SOURCE, undefined, false)}\n`,
        );
        io.out(summary(report, catalogue, (Date.now() - start) / 1000, run.evaluator, options.lang));
      },
    );
}
