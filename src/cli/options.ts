import { Option } from 'commander';
import { LANGS, type Lang } from '../rules/i18n';
import { DEFAULT_EVALUATOR, EVALUATOR_NAMES } from '../rules/match';

/** compiled (the default) or reference (json-rules-engine): the same answers, the second for audits. */
export const evaluatorOption = () =>
  new Option(
    '--evaluator <name>',
    'compiled (fast, the default) or reference (json-rules-engine, for audits)',
  )
    .choices(EVALUATOR_NAMES)
    .default(DEFAULT_EVALUATOR);

/** The language of what a command prints: Spanish by default, as the pages. */
export const langOption = () =>
  new Option('--lang <lang>', 'language of the output (es or en)').choices(LANGS).default('es');

/** The --lang of a command line, for what is printed before or after the command runs (its errors). */
export function argvLang(argv: readonly string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
  return value === 'en' ? 'en' : 'es';
}
