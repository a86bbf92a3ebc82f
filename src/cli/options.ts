import { Option } from 'commander';
import { DEFAULT_EVALUATOR, EVALUATOR_NAMES } from '../rules/match';

/** compiled (the default) or reference (json-rules-engine): the same answers, the second for audits. */
export const evaluatorOption = () =>
  new Option(
    '--evaluator <name>',
    'compiled (fast, the default) or reference (json-rules-engine, for audits)',
  )
    .choices(EVALUATOR_NAMES)
    .default(DEFAULT_EVALUATOR);
