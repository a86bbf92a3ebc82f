import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { RATE_LIMIT_DEFAULTS, RATE_LIMIT_ENV } from '../api/rate-limit-settings';
import { ROLES, type Role } from '../db/schema';
import { runCases } from '../rules/cases';
import { isRealDate, today } from '../rules/dates';
import { formatProblem, InputError, RuleFileError } from '../rules/errors';
import { countNoun, type Lang, NOUNS, pick } from '../rules/i18n';
import { isCaseFile, loadCatalogue, programmesDir, readRuleFiles } from '../rules/load-dir';
import { type EvaluatorName, Matcher, parseGroup } from '../rules/match';
import { messages, problemText } from '../rules/messages';
import { formatReport } from './format';
import { registerGraphCommands } from './graph';
import { registerKeyCommands } from './keys';
import { argvLang, evaluatorOption, langOption } from './options';
import { selectProgrammes } from './programmes';
import { registerShardCommands } from './shards';

/** Something the user must fix; printed without a stack trace. */
class UserError extends Error {}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  stdin: () => string;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: () => readFileSync(0, 'utf8'),
};

function asOfDate(value: string): string {
  if (!isRealDate(value)) throw new InvalidArgumentError('expected a real date written YYYY-MM-DD');
  return value;
}

function readGroup(file: string, io: Io): unknown {
  let text: string;
  try {
    text = file === '-' ? io.stdin() : readFileSync(file, 'utf8');
  } catch (error) {
    throw new UserError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseGroupText(text, file === '-' ? 'standard input' : file, file);
}

/**
 * A group document, from a file or standard input alike: a .json file is JSON, a .yaml or .yml file
 * YAML, and anything else (standard input) JSON when it reads as JSON, otherwise YAML.
 */
function parseGroupText(text: string, name: string, file: string): unknown {
  if (!text.trim()) throw new UserError(`${name} is empty: expected a group, as JSON or YAML`);
  const yaml = /\.ya?ml$/i.test(file);
  const json = /\.json$/i.test(file);
  let jsonError: Error | undefined;
  if (json || (!yaml && /^\s*[{[]/.test(text))) {
    try {
      return JSON.parse(text);
    } catch (error) {
      jsonError = error as Error;
      if (json) throw new UserError(`${name} is not valid JSON: ${jsonError.message}`);
      // not JSON: a YAML flow mapping ({members: []}) starts the same way
    }
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UserError(
      jsonError
        ? `${name} is not valid JSON: ${jsonError.message} (nor valid YAML)`
        : `${name} is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
    );
  }
}

interface ServeOptions {
  workers?: string;
  port?: string;
  host?: string;
  rateLimitPerKey?: string;
  rateLimitPerAddress?: string;
  rateLimitFailedAuth?: string;
  trustProxy?: string | true;
}

/** serve's rate-limit options as the variables they override. */
function rateLimitEnv(options: ServeOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.rateLimitPerKey) env[RATE_LIMIT_ENV.perKey] = options.rateLimitPerKey;
  if (options.rateLimitPerAddress) env[RATE_LIMIT_ENV.perAddress] = options.rateLimitPerAddress;
  if (options.rateLimitFailedAuth) env[RATE_LIMIT_ENV.failedAuth] = options.rateLimitFailedAuth;
  if (options.trustProxy) env.VINCULA_TRUST_PROXY = options.trustProxy === true ? 'true' : options.trustProxy;
  return env;
}

export function buildProgram(io: Io = defaultIo, status = { code: 0 }): Command {
  const program = new Command('vincula')
    .description(
      'Vincula: cross-programme eligibility and coordination engine for social-protection and social and solidarity economy programmes.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command('validate')
    .description(
      'Validate every rule file in a programmes folder and list the programmes with their validity periods',
    )
    .argument('[dir]', 'programmes folder (default: the programmes shipped with Vincula)')
    .option('--json', 'print the list as JSON')
    .addOption(langOption())
    .action((dir: string | undefined, options: { json?: boolean; lang: Lang }) => {
      const lang = options.lang;
      const catalogue = loadCatalogue(programmesDir(dir));
      const rows = [...catalogue.programmes].sort((a, b) => a.key.localeCompare(b.key));
      if (options.json) {
        io.out(
          `${JSON.stringify(
            rows.map((p) => ({
              key: p.key,
              id: p.id,
              fiscalYear: p.fiscalYear,
              validity: { from: p.validity.from, to: p.validity.to },
              criteria: p.criteria.length,
              file: p.file,
            })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const p of rows) {
        const criteria = p.matchable
          ? countNoun(p.criteria.length, NOUNS.criterion, lang)
          : messages(lang).cli.notMatched;
        // The key stays: it is what a rule writer types in case files and in `match --programme`.
        io.out(
          `✓ ${p.key.padEnd(24)} ${p.validity.from} – ${p.validity.to}  ${criteria.padEnd(12)} ${pick(p.name, lang)}\n`,
        );
      }
      io.out(
        `${messages(lang).cli.allValid(
          `${countNoun(rows.length, NOUNS.programmeVersion, lang)}, ${countNoun(catalogue.bodies.size, NOUNS.body, lang)}, ${countNoun(catalogue.territories.all().length, NOUNS.territory, lang)}`,
        )}\n`,
      );
    });

  program
    .command('test')
    .description('Run every case file (*.cases.yaml) against the rule files')
    .argument('[dir]', 'programmes folder (default: the programmes shipped with Vincula)')
    .addOption(evaluatorOption())
    .action(async (dir: string | undefined, options: { evaluator: EvaluatorName }) => {
      const folder = programmesDir(dir);
      const matcher = new Matcher(loadCatalogue(folder), options.evaluator);
      const outcomes = await runCases(readRuleFiles(folder, isCaseFile), matcher);
      for (const o of outcomes) {
        io.out(`${o.passed ? '✓' : '✗'} ${o.name}  (${o.file})\n`);
        for (const d of o.differences) io.out(`    ${d}\n`);
      }
      const failed = outcomes.filter((o) => !o.passed).length;
      io.out(`\ncases: ${outcomes.length - failed} passed, ${failed} failed\n`);
      if (failed) status.code = 1;
    });

  program
    .command('match')
    .description('Match a group (JSON or YAML file, or - for standard input) against every programme')
    .argument('<group>', 'group file (.json, .yaml) or - to read JSON or YAML from standard input')
    .addOption(
      new Option('--as-of <date>', 'date to match at, YYYY-MM-DD')
        .default(today(), 'today')
        .argParser(asOfDate),
    )
    .addOption(langOption())
    .option(
      '--programme <id...>',
      'only these programmes: ids (cdmx-coop-spi), or id@year for the version in force on the date; an umbrella programme (cdmx-coop) stands for its subprogrammes',
    )
    .option('--json', 'print the full result as JSON')
    .addOption(evaluatorOption())
    .option('--dir <dir>', 'programmes folder (default: the programmes shipped with Vincula)')
    .action(
      async (
        file: string,
        options: {
          asOf: string;
          lang: Lang;
          programme?: string[];
          json?: boolean;
          evaluator: EvaluatorName;
          dir?: string;
        },
      ) => {
        const catalogue = loadCatalogue(programmesDir(options.dir));
        const selection = options.programme && selectProgrammes(catalogue, options.programme, options.asOf);
        for (const note of selection ? selection.notes : []) io.err(`${note}\n`);
        const group = parseGroup(readGroup(file, io), catalogue);
        const report = await new Matcher(catalogue, options.evaluator).match(group, {
          asOf: options.asOf,
          lang: options.lang,
          ...(selection ? { programmes: selection.ids } : {}),
        });
        io.out(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report, options.lang));
      },
    );

  program
    .command('serve')
    .description(
      'Start the HTTP API (default http://127.0.0.1:8787) with the embedded database, migrated on start; one server process per core unless --workers says otherwise. Environment: VINCULA_WORKERS, PORT, HOST, DATABASE_URL (file: or libsql://), DATABASE_AUTH_TOKEN, VINCULA_ID_SECRET (required when NODE_ENV=production), VINCULA_DATA_DIR, VINCULA_RATE_LIMIT_PER_KEY, VINCULA_RATE_LIMIT_PER_ADDRESS, VINCULA_RATE_LIMIT_FAILED_AUTH, VINCULA_TRUST_PROXY',
    )
    .option(
      '--workers <n>',
      'server processes sharing the port and the database: a count, or auto for one per core (overrides VINCULA_WORKERS; default auto)',
    )
    .option('--port <port>', 'port (overrides PORT)')
    .option('--host <host>', 'address to bind (overrides HOST; default 127.0.0.1)')
    .option(
      '--rate-limit-per-key <rate>',
      `requests per API key, as 600/minute, 10/second or off (overrides VINCULA_RATE_LIMIT_PER_KEY; default ${RATE_LIMIT_DEFAULTS.perKey})`,
    )
    .option(
      '--rate-limit-per-address <rate>',
      `requests per client address (overrides VINCULA_RATE_LIMIT_PER_ADDRESS; default ${RATE_LIMIT_DEFAULTS.perAddress})`,
    )
    .option(
      '--rate-limit-failed-auth <rate>',
      `failed authentications per client address (overrides VINCULA_RATE_LIMIT_FAILED_AUTH; default ${RATE_LIMIT_DEFAULTS.failedAuth})`,
    )
    .option(
      '--trust-proxy [proxies]',
      'take the client address from X-Forwarded-For, as appended by this many proxies in front (default 1; overrides VINCULA_TRUST_PROXY). Without it the header is ignored',
    )
    .action(async (options: ServeOptions) => {
      const { configFromEnv, startServer } = await import('../server');
      const cluster = await import('../cluster');
      const config = configFromEnv({
        ...process.env,
        ...(options.port ? { PORT: options.port } : {}),
        ...(options.host ? { HOST: options.host } : {}),
        ...rateLimitEnv(options),
      });
      const log = (line: string) => io.out(`${line}\n`);
      const workers = cluster.isClusterWorker()
        ? 0
        : cluster.workerCount(options.workers ?? process.env.VINCULA_WORKERS);
      const server = cluster.isClusterWorker()
        ? await cluster.startClusterWorker(config)
        : workers === 1
          ? await startServer(config, log)
          : await cluster.startCluster(config, workers, log);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });

  const keys = program.command('keys').description('Manage API keys');
  keys
    .command('create')
    .description('Create an API key and print it once (only its hash is stored)')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .option('--label <label>', 'who or what the key is for')
    .option('--quiet', 'print only the key (for scripts)')
    .option(
      '--d1 <database>',
      'create it in a Cloudflare D1 database (its name in wrangler.toml), through wrangler',
    )
    .option('--remote', "with --d1: the deployed database, not wrangler dev's local one")
    .option('--persist-to <dir>', "with --d1, local: wrangler's state folder (default .wrangler/state)")
    .action(
      async (options: {
        role: Role;
        label?: string;
        quiet?: boolean;
        d1?: string;
        remote?: boolean;
        persistTo?: string;
      }) => {
        if ((options.remote || options.persistTo) && !options.d1)
          throw new UserError('--remote and --persist-to go with --d1 <database>');
        if (options.remote && options.persistTo)
          throw new UserError('--persist-to is for the local database; leave it out with --remote');
        const created = options.d1 ? await createD1Key(options.d1, options) : await createLibsqlKey(options);
        if (options.quiet) io.out(`${created.key}\n`);
        else {
          io.out(
            `Created a ${created.role} key (id ${created.id}). It is shown only this once:\n\n  ${created.key}\n\n`,
          );
          io.out(
            `Use it as:  curl -H "Authorization: Bearer ${created.key}" http://127.0.0.1:8787/v1/programmes\n`,
          );
        }
      },
    );

  async function createLibsqlKey(options: { role: Role; label?: string }) {
    const { configFromEnv, openConfiguredDatabase } = await import('../server');
    const { client, db } = await openConfiguredDatabase(configFromEnv());
    try {
      const { createApiKey } = await import('../db/repositories');
      return await createApiKey(db, options.role, options.label);
    } finally {
      client.close();
    }
  }

  async function createD1Key(
    database: string,
    options: { role: Role; label?: string; remote?: boolean; persistTo?: string },
  ) {
    const { createD1ApiKey, D1KeyError } = await import('./d1-keys');
    try {
      return await createD1ApiKey(
        {
          database,
          remote: options.remote === true,
          ...(options.persistTo ? { persistTo: resolve(options.persistTo) } : {}),
        },
        options.role,
        options.label,
      );
    } catch (error) {
      throw error instanceof D1KeyError ? new UserError(error.message) : error;
    }
  }

  registerKeyCommands(keys, io);
  registerGraphCommands(program, io);
  registerShardCommands(program, io);

  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failures or bad input). */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const status = { code: 0 };
  const program = buildProgram(io, status);
  if (argv.length <= 2) {
    io.out(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(argv);
    return status.code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof RuleFileError) {
      io.err(
        `The rule files have ${countNoun(error.problems.length, NOUNS.problem, 'en')}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`,
      );
      return 1;
    }
    if (error instanceof InputError) {
      const lang = argvLang(argv);
      io.err(
        `${messages(lang).cli.invalidInput}\n${error.problems.map((p) => `  ${formatProblem({ ...p, reason: problemText(p, lang) })}`).join('\n')}\n`,
      );
      return 1;
    }
    if (
      error instanceof UserError ||
      (error instanceof Error && error.name === 'ConfigError') ||
      (error instanceof Error && error.message.startsWith('programmes folder not found'))
    ) {
      io.err(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
