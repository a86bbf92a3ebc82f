import { z } from 'zod';
import { editDistance } from './errors';

/**
 * "Did you mean …" for names people type: programme ids on the command line, and the fields of a
 * group, a request, a distributions file or a rule file. (Facts, operators and parameters in rule
 * files use `didYouMean` in errors.ts.)
 */

/** The known names nearest to `name` (case aside), nearest first: at most `maxDistance` edits away, or, with `contains`, containing it. */
export function nearestNames(
  name: string,
  known: Iterable<string>,
  {
    maxDistance = 2,
    limit = 3,
    contains = false,
  }: { maxDistance?: number; limit?: number; contains?: boolean } = {},
): string[] {
  const typed = name.toLowerCase();
  const near: { name: string; distance: number }[] = [];
  for (const candidate of new Set(known)) {
    const distance = editDistance(typed, candidate.toLowerCase());
    if (distance <= maxDistance || (contains && typed.length >= 3 && candidate.toLowerCase().includes(typed)))
      near.push({ name: candidate, distance });
  }
  near.sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name));
  return near.slice(0, limit).map((n) => n.name);
}

/** "'a'", "'a' or 'b'", "'a', 'b' or 'c'". */
export function orList(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}` : (quoted[0] ?? '');
}

/** " (did you mean 'a' or 'b'?)", or nothing when no name is near. */
export function didYouMeanOneOf(names: readonly string[]): string {
  return names.length ? ` (did you mean ${orList(names)}?)` : '';
}

/** "unknown field 'agee' (did you mean 'age'?)": each unknown field with the nearest known one (two edits at most). */
export function unknownFieldsMessage(keys: readonly string[], known: readonly string[]): string {
  const fields = keys.map((key) => `'${key}'${didYouMeanOneOf(nearestNames(key, known, { limit: 1 }))}`);
  return `unknown field${keys.length === 1 ? '' : 's'} ${fields.join(', ')}`;
}

/** The fields a zod object schema knows. */
function knownFields(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
  return shape ? Object.keys(shape) : [];
}

/**
 * Only while an issue is raised does zod hand over the schema that raised it, so unknown fields are
 * worded here, for every strict object parsed in the process (CLI, API, Workers); every other issue
 * keeps zod's own message.
 */
z.config({
  customError: (issue) =>
    issue.code === 'unrecognized_keys'
      ? unknownFieldsMessage(issue.keys, knownFields(issue.inst))
      : undefined,
});

/**
 * The message of a validation issue, as the CLI, the API and the loaders show it. Unknown fields
 * (`unrecognized_keys`) were worded by the error map above, with the nearest known field.
 */
export function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.message;
}
