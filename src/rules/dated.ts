import { z } from 'zod';
import { didYouMean, type Problem } from './errors';
import { type Body, bodyParents, type ProgrammeFile, programmeFileSchema } from './programme';
import { describeIssue, type YamlDoc } from './yaml-doc';

/**
 * Dated rule files: one file per programme, its versions stating what changed by date, in the
 * spirit of OpenFisca's dated parameter values. The top level holds what the first version says;
 * each entry of `versions` (oldest first) gives its fiscal year and validity and only what changed
 * since the version before it:
 *
 * - a value (text, number, list of texts) replaces the one in force; `null` removes the field;
 * - an object (name, budget, parameters, coordination…) changes only the keys it gives, except a
 *   validity, a condition, a parameter's value, a member filter (where, params), a share and a call's
 *   targets, which are given whole;
 * - a list of items with ids (criteria, stages, support, calls, exclusions, cohortRules, budget
 *   lines) takes `{ remove: [ids], change: { id: {fields} }, add: [items] }`, applied in that order;
 *   a plain list instead replaces the whole list.
 *
 * `{year}` in the name stands for each version's fiscal year; a budget's fiscal year is the version's.
 * The loader expands the file into one programme version per entry (keys `id@fiscalYear`), validates
 * each as a rule file and reports a problem at the place in the file that set the value.
 */

type Path = (string | number)[];
type Json = Record<string, unknown>;

const CHANGE_KEYS = new Set(['add', 'change', 'remove']);
/** Objects that a version replaces whole rather than changing key by key. */
const WHOLE = new Set(['condition', 'validity', 'value', 'where', 'maxShare', 'targets', 'params']);

const isPlain = (x: unknown): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x);
const isChangeSet = (x: unknown): x is { add?: unknown; change?: unknown; remove?: unknown } =>
  isPlain(x) && Object.keys(x).length > 0 && Object.keys(x).every((k) => CHANGE_KEYS.has(k));
const itemId = (x: unknown) => (isPlain(x) && typeof x.id === 'string' ? x.id : undefined);

const validitySchema = programmeFileSchema.shape.validity;

/** One dated version: its date and what changed (any programme field, checked once expanded). */
export const datedVersionSchema = z
  .object({
    fiscalYear: z.number().int().min(1990).max(2100),
    validity: z.unknown().refine((v) => v !== undefined, { message: 'a version states its validity' }),
  })
  .catchall(z.unknown());

/** The shape the loader reads first; every field is checked again once each version is expanded. */
export const datedFileSchema = z
  .object({ versions: z.array(datedVersionSchema).min(1, 'a dated file lists at least one version') })
  .catchall(z.unknown());

/** The dated form, described for editors (schemas/programme.schema.json). */
export const datedProgrammeFileDescription = programmeFileSchema
  .omit({ fiscalYear: true, validity: true })
  .partial()
  .extend({
    versions: z
      .array(
        z
          .object({
            fiscalYear: z.number().int().min(1990).max(2100),
            validity: validitySchema,
            note: z.string().optional(),
          })
          .catchall(z.unknown()),
      )
      .min(1),
  })
  .strict();

export const isDated = (data: unknown) => isPlain(data) && 'versions' in data;

export interface ExpandedVersion {
  /** The version as a plain rule file (fiscalYear, validity and every field in force). */
  data: Json;
  /** Where in the dated file a path of the expanded version was set (for errors). */
  locate: (path: readonly (string | number)[]) => Path;
}

interface ExpansionProblem {
  path: Path;
  reason: string;
}

/** Applies one version's changes to the value in force; problems name the place in the patch. */
function apply(before: unknown, patch: unknown, at: Path, problems: ExpansionProblem[]): unknown {
  if (patch === null) return undefined;
  if (isChangeSet(patch) && (before === undefined || Array.isArray(before))) {
    const list = [...((before as unknown[] | undefined) ?? [])];
    const ids = () => list.map(itemId);
    const { remove = [], change = {}, add = [] } = patch;
    if (!Array.isArray(remove)) problems.push({ path: [...at, 'remove'], reason: 'remove lists ids' });
    else
      remove.forEach((id, j) => {
        const k = ids().indexOf(String(id));
        if (k < 0)
          problems.push({
            path: [...at, 'remove', j],
            reason: `no item '${String(id)}' to remove (in force: ${ids().join(', ') || 'none'})`,
          });
        else list.splice(k, 1);
      });
    if (!isPlain(change))
      problems.push({ path: [...at, 'change'], reason: 'change maps ids to the fields that change' });
    else
      for (const [id, fields] of Object.entries(change)) {
        const k = ids().indexOf(id);
        if (k < 0)
          problems.push({
            path: [...at, 'change', id],
            reason: `no item '${id}' to change (in force: ${ids().join(', ') || 'none'})`,
          });
        else if (!isPlain(fields))
          problems.push({ path: [...at, 'change', id], reason: 'gives the fields that change' });
        else list[k] = apply(list[k], fields, [...at, 'change', id], problems);
      }
    if (!Array.isArray(add)) problems.push({ path: [...at, 'add'], reason: 'add lists new items' });
    else
      add.forEach((item, j) => {
        const id = itemId(item);
        if (id !== undefined && ids().includes(id))
          problems.push({
            path: [...at, 'add', j, 'id'],
            reason: `'${id}' is already in force: change it instead of adding it again`,
          });
        else list.push(item);
      });
    return list;
  }
  if (isPlain(before) && isPlain(patch)) {
    const out: Json = { ...before };
    for (const [key, value] of Object.entries(patch)) {
      const merged = WHOLE.has(key)
        ? (value ?? undefined)
        : apply(before[key], value, [...at, key], problems);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    }
    return out;
  }
  return patch;
}

/** The place inside one patch that set `path` of the expanded value, if this patch set it. */
function within(
  patch: unknown,
  expanded: unknown,
  path: readonly (string | number)[],
  prefix: Path,
): Path | undefined {
  if (path.length === 0) return prefix;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(patch) && typeof head === 'number' && Array.isArray(expanded)) {
    // A list replaced whole: find the item by its id, as later versions may have moved it.
    const id = itemId(expanded[head]);
    const index = id === undefined ? head : patch.findIndex((x) => itemId(x) === id);
    return index < 0 ? undefined : [...prefix, index, ...rest];
  }
  if (!isPlain(patch)) return [...prefix, ...path];
  if (isChangeSet(patch) && typeof head === 'number' && Array.isArray(expanded)) {
    const item = expanded[head];
    const id = itemId(item);
    const added = Array.isArray(patch.add) ? patch.add.findIndex((x) => itemId(x) === id) : -1;
    if (id !== undefined && added >= 0) return [...prefix, 'add', added, ...rest];
    const change = isPlain(patch.change) && id !== undefined ? patch.change[id] : undefined;
    return change === undefined ? undefined : within(change, item, rest, [...prefix, 'change', id as string]);
  }
  if (typeof head === 'string' && head in patch)
    return within((patch as Json)[head], isPlain(expanded) ? expanded[head] : undefined, rest, [
      ...prefix,
      head,
    ]);
  return undefined;
}

/**
 * Expands a dated rule file (already known to have `versions`) into one plain rule file per version.
 * Problems in the changes themselves (removing an id that is not in force…) come back with their path.
 */
export function expandDated(data: Json): { versions: ExpandedVersion[]; problems: ExpansionProblem[] } {
  const problems: ExpansionProblem[] = [];
  const { versions: rawVersions, ...base } = data;
  const versions = rawVersions as Json[];
  const out: ExpandedVersion[] = [];
  let inForce: Json = base;
  versions.forEach((version, v) => {
    const at: Path = ['versions', v];
    // A version's note says why it changed; it is for readers, not part of the programme.
    const { note: _why, ...changes } = version;
    const merged = apply(inForce, changes, at, problems) as Json;
    inForce = merged;
    const expanded: Json = { ...merged };
    const year = expanded.fiscalYear;
    if (isPlain(expanded.name))
      expanded.name = Object.fromEntries(
        Object.entries(expanded.name).map(([lang, text]) => [
          lang,
          typeof text === 'string' ? text.replaceAll('{year}', String(year)) : text,
        ]),
      );
    if (isPlain(expanded.budget) && expanded.budget.fiscalYear === undefined)
      expanded.budget = { ...expanded.budget, fiscalYear: year };
    const locate = (path: readonly (string | number)[]): Path => {
      for (let w = v; w >= 0; w--) {
        const found = within(versions[w], expanded, path, ['versions', w]);
        if (found) return found;
      }
      return within(base, expanded, path, []) ?? [...at, ...path];
    };
    out.push({ data: expanded, locate });
  });
  return { versions: out, problems };
}

/** A programme version read from a file, with where to report a problem in it. */
export interface Parsed {
  doc: YamlDoc;
  programme: ProgrammeFile;
  /** A problem at a path of the version, placed where the file sets it (a dated file's version or top level). */
  problem: (path: Path, reason: string) => Problem;
}

/** The versions of a dated file (see dated.ts), each validated as a rule file of its own. */
export function parseDated(doc: YamlDoc): Parsed[] {
  if (!doc.parse(datedFileSchema)) return [];
  const expansion = expandDated(doc.data as Record<string, unknown>);
  for (const p of expansion.problems) doc.problems.push(doc.problem(p.path, p.reason));
  if (expansion.problems.length) return [];
  const out: Parsed[] = [];
  for (const version of expansion.versions) {
    const problem = (path: Path, reason: string) => doc.problem(version.locate(path), reason);
    const result = programmeFileSchema.safeParse(version.data);
    if (result.success) out.push({ doc, programme: result.data, problem });
    else
      for (const issue of result.error.issues)
        doc.problems.push(problem(issue.path as Path, describeIssue(issue)));
  }
  return out;
}

/** A body's parents name known bodies, not itself, and do not overlap in time. */
export function checkBodyParents(
  { doc, index, body }: { doc: YamlDoc; index: number; body: Body },
  bodies: Map<string, Body>,
) {
  const out: Problem[] = [];
  const dated = Array.isArray(body.parent);
  const parents = bodyParents(body);
  parents.forEach((p, j) => {
    const at = (field: string) => ['bodies', index, 'parent', ...(dated ? [j, field] : [])];
    if (!bodies.has(p.id))
      out.push(doc.problem(at('id'), `unknown body '${p.id}'${didYouMean(p.id, bodies.keys())}`));
    else if (p.id === body.id) out.push(doc.problem(at('id'), 'a body cannot be its own parent'));
    const before = parents
      .slice(0, j)
      .find(
        (q) =>
          (q.to ?? '9999-12-31') >= (p.from ?? '0000-01-01') &&
          (p.to ?? '9999-12-31') >= (q.from ?? '0000-01-01'),
      );
    if (before)
      out.push(
        doc.problem(at('from'), `overlaps the period under '${before.id}': a body has one parent at a time`),
      );
  });
  return out;
}
