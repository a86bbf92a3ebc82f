import { describe, expect, it } from 'vitest';
import { countNoun, NOUNS, noun } from './i18n';

describe('countNoun', () => {
  it('makes the noun agree with the count, in Spanish and English', () => {
    expect(countNoun(1, NOUNS.criterion, 'en')).toBe('1 criterion');
    expect(countNoun(2, NOUNS.criterion, 'en')).toBe('2 criteria');
    expect(countNoun(0, NOUNS.criterion, 'en')).toBe('0 criteria');
    expect(countNoun(1, NOUNS.criterion, 'es')).toBe('1 criterio');
    expect(countNoun(2, NOUNS.criterion, 'es')).toBe('2 criterios');
    expect(countNoun(1, NOUNS.groupAnalysed, 'es')).toBe('1 grupo analizado');
    expect(countNoun(1000, NOUNS.groupAnalysed, 'en')).toBe('1,000 groups analysed');
    expect(countNoun(1, NOUNS.member, 'es')).toBe('1 integrante');
    expect(
      countNoun(1, noun('vínculo resultó efectivo', 'vínculos resultaron efectivos', 'a', 'b'), 'es'),
    ).toBe('1 vínculo resultó efectivo');
  });
});
