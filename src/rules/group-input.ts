import type { Catalogue } from './catalogue';
import { InputError, type Problem } from './errors';
import { type Group, groupSchema } from './group';
import { issueDetail } from './messages';
import { issueMessage } from './suggest';

/** Validates a group; throws InputError with the path and reason of every problem. */
export function parseGroup(input: unknown, catalogue?: Catalogue): Group {
  const result = groupSchema.safeParse(withoutNulls(input));
  if (!result.success) {
    throw new InputError(
      result.error.issues.map((issue) => ({
        path: issue.path.length
          ? issue.path
              .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
              .join('')
              .replace(/^\./, '')
          : '(group)',
        reason: issueMessage(issue),
        detail: issueDetail(issue),
      })),
    );
  }
  if (catalogue) checkTerritories(result.data, catalogue);
  return result.data;
}

/** Every place in the group must name a territory the catalogue knows. */
export function checkTerritories(group: Group, catalogue: Catalogue, prefix = ''): void {
  const problems: Problem[] = [];
  const checkPlace = (place: Group['location'], path: string) => {
    for (const key of ['state', 'municipality', 'region'] as const) {
      const code = place?.[key];
      if (
        code &&
        !catalogue.territories.has(code) &&
        !(key === 'municipality' && catalogue.territories.has(code.slice(0, 2)))
      ) {
        problems.push({
          path: `${prefix}${path}.${key}`,
          reason: `unknown territory code '${code}'`,
          detail: { code: 'unknown_territory', value: code },
        });
      }
    }
  };
  checkPlace(group.location, 'location');
  checkPlace(group.registeredOffice, 'registeredOffice');
  for (const [i, m] of (group.members ?? []).entries()) checkPlace(m.residence, `members[${i}].residence`);
  if (problems.length) throw new InputError(problems);
}

/** In group input, null means "not known", the same as leaving the field out (list items stay). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}
