/**
 * Three-valued (Kleene) logic, the one definition every evaluator uses. A criterion, a member filter
 * or a stage is passed, failed or unknown (a fact it needs is missing); missing data is never a "no".
 *
 * Two forms of the same three values, and no other anywhere: `Verdict` (words, for reports and
 * explanations) and `VerdictCode` (small integers, for hot paths: the compiled evaluator, member
 * filters, population analysis, the bench ceiling). Codes are ordered failed < unknown < passed, so
 * that AND is the minimum, OR the maximum and NOT the mirror image (2 - x): the same truth tables as
 * `and`, `or` and `not` below (verdict.test.ts holds the two forms to that). A programme status is
 * the code of its verdict: ineligible 0, undetermined 1, eligible 2 (status.ts).
 */

export type Verdict = 'passed' | 'failed' | 'unknown';

export const FAILED = 0;
export const UNKNOWN = 1;
export const PASSED = 2;
export type VerdictCode = typeof FAILED | typeof UNKNOWN | typeof PASSED;

export const VERDICTS: readonly Verdict[] = ['failed', 'unknown', 'passed'];
export const verdictOf = (code: VerdictCode): Verdict => VERDICTS[code] as Verdict;
export const codeOf = (verdict: Verdict): VerdictCode =>
  verdict === 'passed' ? PASSED : verdict === 'failed' ? FAILED : UNKNOWN;

/** Kleene NOT of a code (the mirror image); AND and OR of codes are Math.min and Math.max, or loops. */
export const notCode = (code: VerdictCode): VerdictCode => (PASSED - code) as VerdictCode;

/** Kleene AND: any failed decides; otherwise any unknown; otherwise passed. */
export function and(verdicts: Iterable<Verdict>): Verdict {
  let unknown = false;
  for (const v of verdicts) {
    if (v === 'failed') return 'failed';
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'passed';
}

/** Kleene OR: any passed decides; otherwise any unknown; otherwise failed. */
export function or(verdicts: Iterable<Verdict>): Verdict {
  let unknown = false;
  for (const v of verdicts) {
    if (v === 'passed') return 'passed';
    if (v === 'unknown') unknown = true;
  }
  return unknown ? 'unknown' : 'failed';
}

export function not(verdict: Verdict): Verdict {
  return verdict === 'passed' ? 'failed' : verdict === 'failed' ? 'passed' : 'unknown';
}
