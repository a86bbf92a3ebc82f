/**
 * Three-valued (Kleene) logic, the one definition both evaluators use. A criterion is passed, failed
 * or unknown (a fact it needs is missing); missing data is never a "no".
 *
 * The compiled evaluator works on small integer codes ordered failed < unknown < passed, so that AND
 * is the minimum, OR the maximum and NOT the mirror image (2 - x): the same truth tables as below.
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
