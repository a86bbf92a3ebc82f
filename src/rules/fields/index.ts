import type { Lang, Localized } from '../i18n';
import { type Control, type FieldDef, hasControl } from './field';
import { GROUP_FIELDS } from './group';

export * from './attributes';
export * from './field';
export * from './group';
export * from './lists';
export * from './member';
export * from './place';
export * from './values';

/** A registry entry with its full path ("members[].residence.state"; list items as "[]"). */
export interface InputField {
  path: string;
  def: FieldDef;
  /** The entries above it, outermost first (a list, an object, a place). */
  parents: { path: string; def: FieldDef }[];
}

function flatten(
  fields: Record<string, FieldDef>,
  prefix: string,
  parents: InputField['parents'],
): InputField[] {
  const out: InputField[] = [];
  for (const [key, def] of Object.entries(fields)) {
    const path = `${prefix}${key}`;
    out.push({ path, def, parents });
    if (def.fields) {
      const inner = def.item ? `${path}[].` : `${path}.`;
      out.push(...flatten(def.fields, inner, [...parents, { path, def }]));
    }
  }
  return out;
}

/** Every input field of a group, in the order of the schema, nested fields after their parent. */
export const INPUT_FIELDS: readonly InputField[] = flatten(GROUP_FIELDS, '', []);
const BY_PATH = new Map(INPUT_FIELDS.map((f) => [f.path, f]));

/** "members[2].residence.state" → "members[].residence.state". */
export function inputKey(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/** The registry entry of an input path (list indices allowed), if there is one. */
export const inputField = (path: string): InputField | undefined => BY_PATH.get(inputKey(path));

/** The fields a form shows in a place: those with a control, with their paths below `prefix`. */
export function controlled(prefix = ''): (InputField & { def: FieldDef & { control: Control } })[] {
  return INPUT_FIELDS.filter(
    (f): f is InputField & { def: FieldDef & { control: Control } } =>
      hasControl(f.def) && f.path.startsWith(prefix) && !f.path.slice(prefix.length).includes('[]'),
  );
}

/**
 * A field named to a person: "members[0].age" → "Integrante 1 · Edad" ("Member 1 · Age"); the
 * nearest named field for a path below one ("householdIncomePerCapitaMonthly.amount"). A path
 * outside the group's fields is returned as it is.
 */
export function fieldLabel(path: string, lang: Lang): string {
  const parts: string[] = [];
  let registry: Record<string, FieldDef> | undefined = GROUP_FIELDS;
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let last: FieldDef | undefined;
  for (const step of steps) {
    const index = /^\[(\d+)\]$/.exec(step);
    if (index) {
      if (!last?.item) break;
      parts.pop();
      parts.push(`${last.item[lang]} ${Number(index[1]) + 1}`);
      continue;
    }
    const def: FieldDef | undefined = registry?.[step];
    if (!def) break;
    parts.push(def.label[lang]);
    last = def;
    registry = def.fields;
  }
  return parts.length ? parts.join(' · ') : path;
}

/** The question per input key, for every registry field. */
const QUESTION_BY_KEY: ReadonlyMap<string, Localized> = new Map(
  INPUT_FIELDS.map((f) => [f.path, f.def.question]),
);

/** Questions already worded, per language: paths repeat from group to group. Bounded, then reset. */
const QUESTIONS: Record<Lang, Map<string, string>> = { es: new Map(), en: new Map() };

/**
 * What a case worker is asked to collect for an input path, with the member number when the path
 * is about a member: "Integrante 2: edad o fecha de nacimiento".
 */
export function describeInput(path: string, lang: Lang): string {
  const known = QUESTIONS[lang];
  let text = known.get(path);
  if (text === undefined) {
    if (known.size >= 10_000) known.clear();
    text = wordInput(path, lang);
    known.set(path, text);
  }
  return text;
}

function wordInput(path: string, lang: Lang): string {
  const key = inputKey(path);
  const label = QUESTION_BY_KEY.get(key) ?? QUESTION_BY_KEY.get(key.replace(/\.[^.]+$/, ''));
  const text = label ? label[lang] : path;
  const member = /^members\[(\d+)\]/.exec(path);
  if (member) {
    const n = Number(member[1]) + 1;
    return lang === 'es' ? `Integrante ${n}: ${text}` : `Member ${n}: ${text}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}
