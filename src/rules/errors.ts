import { countNoun, NOUNS } from './i18n';

/** One problem in a rule file, a case file or an input: where it is and why it is wrong. */
export interface Problem {
  file?: string;
  /** Path inside the document, e.g. "criteria[2].condition.all[0].fact". */
  path: string;
  line?: number;
  reason: string;
  /** What is wrong as data (a zod issue's code and bounds, or our own code), for the message catalogue to word. */
  detail?: ProblemDetail;
}

/** A problem as data: `code` (zod's issue codes, `unknown_territory`, `unknown_programme`) and its values. */
export interface ProblemDetail {
  code: string;
  [key: string]: unknown;
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out || '(top level)';
}

export function formatProblem(p: Problem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ''}` : '';
  return `${where ? `${where}: ` : ''}${p.path}: ${p.reason}`;
}

/** Thrown when rule files do not load; carries every problem found, not just the first. */
export class RuleFileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(
      `${countNoun(problems.length, NOUNS.problem, 'en')} in the rule files:\n${problems.map(formatProblem).join('\n')}`,
    );
    this.name = 'RuleFileError';
  }
}

/** Thrown when a group (or other input) does not validate. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`invalid input:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'InputError';
  }
}

/** Closest known name, for "did you mean" hints. */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(3, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

export const didYouMean = (name: string, known: Iterable<string>): string => {
  const hint = closest(name, known);
  return hint ? ` (did you mean '${hint}'?)` : '';
};
