import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_DISTRIBUTIONS, type Distributions, parseDistributions } from '../graph/distributions';
import { analyseSynthetic } from '../graph/parallel';
import type { CoordinationReport } from '../graph/report';
import { parseShard, type Shard } from '../graph/shards';
import type { Catalogue } from '../rules/catalogue';
import { isRealDate } from '../rules/dates';
import { countNoun, type Lang, NOUNS, pick } from '../rules/i18n';
import type { EvaluatorName } from '../rules/match';
import { formatShare, messages } from '../rules/messages';

/** What `vincula simulate`, `vincula graph` and `vincula merge` share: options, progress, output, the summary. */

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Something the user must fix; main() prints errors named ConfigError without a stack trace. */
export class CliError extends Error {
  override name = 'ConfigError';
}

export const wholeNumber = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
  return n;
};
export const date = (value: string) => {
  if (!isRealDate(value)) throw new InvalidArgumentError('expected a real date written YYYY-MM-DD');
  return value;
};
export const fmt = (n: number, digits = 0, lang: Lang = 'en') =>
  n.toLocaleString(messages(lang).locale, { maximumFractionDigits: digits });

export function readDistributions(file: string | undefined, catalogue: Catalogue): Distributions {
  if (!file) return DEFAULT_DISTRIBUTIONS;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseDistributions(data, (code) => catalogue.territories.has(code));
}

/** Progress on stderr: every tenth of the run (or every 1,000 groups when the size is not known). */
export function progress(io: Io, label: string, expected: number | undefined, lang: Lang) {
  const start = Date.now();
  const every = expected ? Math.max(1, Math.round(expected / 10)) : 1000;
  let last = -1;
  return {
    every,
    report: (done: number) => {
      if (done === last) return;
      last = done;
      const seconds = (Date.now() - start) / 1000;
      const share = expected ? ` (${Math.round((done / expected) * 100)} %)` : '';
      const left =
        expected && done && done < expected
          ? ` · ${messages(lang).cli.secondsLeft(fmt((seconds / done) * (expected - done), 0, lang))}`
          : '';
      const groups = expected
        ? `${fmt(done, 0, lang)} / ${countNoun(expected, NOUNS.group, lang)}`
        : countNoun(done, NOUNS.group, lang);
      io.err(`${label}: ${groups}${share} · ${fmt(seconds, 1, lang)} s${left}\n`);
    },
  };
}

/** Streams NDJSON lines of a file. */
export function fileLines(file: string): AsyncIterable<string> {
  if (!existsSync(file)) throw new CliError(`population file not found: ${file}`);
  return createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
}

/** An output path: a file, or `-` (as when left out) for standard output. */
export const isStdout = (out: string | undefined): out is undefined | '-' => out === undefined || out === '-';

export function writeOutput(io: Io, text: string, out: string | undefined) {
  if (isStdout(out)) {
    io.out(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (error) {
    throw new CliError(
      `cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

export function summary(
  report: CoordinationReport,
  catalogue: Catalogue,
  seconds: number,
  evaluator: string,
  lang: Lang,
): string {
  const o = report.overlaps;
  if (!o) return '';
  const said = messages(lang).cli;
  const n = (x: number, digits = 0) => fmt(x, digits, lang);
  const byKey = new Map(catalogue.programmes.map((p) => [p.key, p]));
  const name = (key: string) => {
    const version = byKey.get(key);
    return version ? pick(version.name, lang) : key;
  };
  /** "programme:criterion" → the criterion's label. */
  const criterion = (ref: string) => {
    const [key = '', id = ''] = ref.split(/:(?=[^:]*$)/);
    const version = byKey.get(key) ?? catalogue.programmes.find((p) => p.id === key);
    const found = version?.criteria.find((c) => c.id === id);
    return found ? pick(found.label, lang) : ref;
  };
  const lines: string[] = [];
  const inForce = o.programmes.length;
  lines.push(
    said.overlapHeader(
      o.asOf,
      countNoun(o.population.size, NOUNS.group, lang),
      countNoun(inForce, NOUNS.programmeInForce, lang),
      evaluator,
      n(seconds, 1),
    ),
  );
  if (!inForce) {
    const latest = catalogue.programmes
      .filter((p) => p.matchable)
      .reduce((a, b) => (a.validity.to > b.validity.to ? a : b));
    lines.push(said.noneInForce(o.asOf, pick(latest.name, lang), latest.validity.to));
    return `${lines.join('\n')}\n`;
  }
  const c = said.columns;
  lines.push(
    '',
    `  ${c.eligible.padStart(9)} ${c.undetermined.padStart(14)} ${c.coverage.padStart(9)}  ${c.programme}`,
  );
  for (const p of o.programmes)
    lines.push(
      `  ${n(p.eligible).padStart(9)} ${n(p.undetermined).padStart(14)} ${formatShare(p.coverage, lang).padStart(9)}  ${name(p.key)}`,
    );
  if (o.pairs.length) {
    lines.push('', `  ${said.pairs}`);
    for (const pair of o.pairs)
      lines.push(
        `  ${n(pair.both).padStart(7)} ${n(pair.jaccard, 3).padStart(6)}  ${name(pair.a)} × ${name(pair.b)}${pair.separating.length ? ` — ${pair.separating.slice(0, 3).map(criterion).join('; ')}` : ''}`,
      );
  }
  const gaps = report.flags.filter((f) => f.type === 'coverage-gap');
  if (gaps.length) {
    lines.push('', `  ${said.gaps(gaps.length)}`);
    for (const f of gaps.slice(0, 10)) lines.push(`  - ${pick(f.title, lang)}: ${pick(f.detail, lang)}`);
  }
  const others = report.flags.filter((f) => f.type !== 'coverage-gap');
  lines.push('', `  ${said.flags(report.flags.length)}`);
  for (const f of others.slice(0, 15))
    lines.push(`  [${said.severity[f.severity] ?? f.severity}] ${pick(f.title, lang)}`);
  return `${lines.join('\n')}\n`;
}

export const DEFAULT_SOURCE = 'src/graph/distributions.json';

/** The largest synthetic population: more than the households of Mexico (about 35 million). */
export const MAX_GROUPS = 100_000_000;

export function shardArgument(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

export function writeCounters(file: string, text: string) {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CliError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** A synthetic population's overlap analysis, on worker threads: what simulate and graph share. */
export function synthetic(
  catalogue: Catalogue,
  distributions: Distributions,
  source: string,
  asOf: string,
  options: { groups: number; seed: number; start?: number; evaluator: EvaluatorName; workers?: number },
  bar: ReturnType<typeof progress>,
) {
  return analyseSynthetic({
    catalogue,
    distributions,
    source,
    asOf,
    count: options.groups,
    seed: options.seed,
    ...(options.start ? { start: options.start } : {}),
    evaluator: options.evaluator,
    ...(options.workers ? { workers: options.workers } : {}),
    onProgress: bar.report,
    progressEvery: bar.every,
  });
}

export const workersOption = () =>
  new Option(
    '--workers <n>',
    'worker threads for a synthetic population (default: the cores available; runs under 20,000 groups a thread use fewer)',
  ).argParser(wholeNumber(1, 64));
