import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseDistributions } from '../graph/distributions';
import { InputError } from './errors';
import { localizedSchema } from './i18n';
import { parseGroup } from './match';
import { didYouMeanOneOf, nearestNames, orList, unknownFieldsMessage } from './suggest';
import { YamlDoc } from './yaml-doc';

const problemsOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.path}: ${p.reason}`);
    throw error;
  }
  throw new Error('it parsed');
};

describe('did you mean', () => {
  it('finds the nearest names, nearest first, case aside; with contains, the names that contain it', () => {
    const ids = ['cdmx-coop', 'cdmx-coop-spi', 'cdmx-coop-spf', 'cdmx-focofess-spi', 'prospera'];
    expect(nearestNames('cdmx-coop-sip', ids)).toEqual(['cdmx-coop-spf', 'cdmx-coop-spi']);
    expect(nearestNames('Prospera', ids)).toEqual(['prospera']);
    expect(nearestNames('spi', ids)).toEqual([]);
    expect(nearestNames('spi', ids, { contains: true })).toEqual(['cdmx-coop-spi', 'cdmx-focofess-spi']);
    expect(nearestNames('unrelated', ids, { contains: true })).toEqual([]);
    expect(orList(['a'])).toBe("'a'");
    expect(orList(['a', 'b', 'c'])).toBe("'a', 'b' or 'c'");
    expect(didYouMeanOneOf([])).toBe('');
  });

  it('words unknown fields with the nearest known field, two edits away at most', () => {
    expect(unknownFieldsMessage(['agee'], ['age', 'sex'])).toBe("unknown field 'agee' (did you mean 'age'?)");
    expect(unknownFieldsMessage(['membres', 'colour'], ['members', 'name'])).toBe(
      "unknown fields 'membres' (did you mean 'members'?), 'colour'",
    );
    expect(unknownFieldsMessage(['foo'], ['age'])).toBe("unknown field 'foo'");
  });

  it('a group, a distributions file and a rule file say which known field a typo is near', () => {
    expect(problemsOf(() => parseGroup({ membres: [], members: [{ agee: 30 }] }))).toEqual([
      "members[0]: unknown field 'agee' (did you mean 'age'?)",
      "(group): unknown field 'membres' (did you mean 'members'?)",
    ]);
    expect(problemsOf(() => parseGroup({ location: { stat: '09' } }))).toEqual([
      "location: unknown field 'stat' (did you mean 'state'?)",
    ]);
    expect(problemsOf(() => parseDistributions({ regionz: [] }))).toContain(
      "(top level): unknown field 'regionz' (did you mean 'regions'?)",
    );
    const doc = new YamlDoc('a.yaml', 'id: a\nlabel:\n  es: A\n  en: B\n  esp: C\n');
    doc.parse(z.object({ id: z.string(), label: localizedSchema }).strict());
    expect(doc.problems).toEqual([
      { file: 'a.yaml', path: 'label', line: 3, reason: "unknown field 'esp' (did you mean 'es'?)" },
    ]);
  });
});
