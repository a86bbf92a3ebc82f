import { describe, expect, it } from 'vitest';
import { and, codeOf, not, notCode, or, type Verdict, type VerdictCode, verdictOf } from './verdict';

const V: Verdict[] = ['passed', 'failed', 'unknown'];

describe('three-valued logic', () => {
  it('all: any failed decides, else any unknown, else passed', () => {
    expect(and(['passed', 'unknown'])).toBe('unknown');
    expect(and(['unknown', 'failed'])).toBe('failed');
    expect(and(['passed', 'passed'])).toBe('passed');
    expect(and([])).toBe('passed');
  });

  it('any: any passed decides, else any unknown, else failed', () => {
    expect(or(['failed', 'unknown'])).toBe('unknown');
    expect(or(['unknown', 'passed'])).toBe('passed');
    expect(or(['failed', 'failed'])).toBe('failed');
    expect(or([])).toBe('failed');
  });

  it('not keeps unknown unknown', () => {
    expect(not('unknown')).toBe('unknown');
    expect(not('passed')).toBe('failed');
    expect(not('failed')).toBe('passed');
  });

  it('follows De Morgan on every combination', () => {
    for (const a of V) for (const b of V) expect(not(and([a, b]))).toBe(or([not(a), not(b)]));
  });

  it('has one compact form: codes ordered failed < unknown < passed, AND the minimum, OR the maximum', () => {
    for (const a of V) {
      expect(verdictOf(codeOf(a))).toBe(a);
      expect(verdictOf(notCode(codeOf(a)))).toBe(not(a));
      for (const b of V) {
        expect(verdictOf(Math.min(codeOf(a), codeOf(b)) as VerdictCode)).toBe(and([a, b]));
        expect(verdictOf(Math.max(codeOf(a), codeOf(b)) as VerdictCode)).toBe(or([a, b]));
      }
    }
  });
});
