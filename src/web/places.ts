import type { Catalogue } from '../rules/catalogue';
import type { Draft, FieldError } from './group-form';

/**
 * Places by name: the municipality and borough fields accept a name ("Coyoacán", "coyoacan",
 * "Tlapa de Comonfort, Guerrero"), a label from the list ("Coyoacán, Ciudad de México (09003)") or the
 * INEGI code. Names are searched without accents or case over every municipality the catalogue holds
 * (the 2,475 of programmes/territories/mx-federal-municipalities.csv: INEGI, Marco Geoestadístico 2022;
 * CONAPO, índice de marginación municipal 2015, see /work/shared/data/README.md), and the state is filled
 * from the code when it was left blank.
 */

export interface Place {
  code: string;
  name: string;
  state: string;
  stateName: string;
  /** What the list shows and the field keeps: "Coyoacán, Ciudad de México (09003)". */
  label: string;
  /** The name and state without accents or case, for searching. */
  key: string;
}

/** Lower case, no accents, single spaces: "Coyoacán " → "coyoacan". */
export const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export class Places {
  readonly all: readonly Place[];
  private readonly byCode: ReadonlyMap<string, Place>;

  constructor(catalogue: Catalogue) {
    const territories = catalogue.territories.all();
    const states = new Map(territories.filter((t) => t.level === 'state').map((t) => [t.code, t.name]));
    this.all = territories
      .filter((t) => t.level === 'municipality')
      .map((t) => {
        const state = t.code.slice(0, 2);
        const stateName = states.get(state) ?? state;
        return {
          code: t.code,
          name: t.name,
          state,
          stateName,
          label: `${t.name}, ${stateName} (${t.code})`,
          key: fold(`${t.name} ${stateName}`),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'es') || a.code.localeCompare(b.code));
    this.byCode = new Map(this.all.map((p) => [p.code, p]));
  }

  get(code: string): Place | undefined {
    return this.byCode.get(code);
  }

  /** Municipalities whose name (and state) hold every word of the query, names starting with it first. */
  search(query: string, state?: string, limit = 20): Place[] {
    const words = fold(query).split(' ').filter(Boolean);
    if (!words.length) return [];
    const start = words.join(' ');
    return this.all
      .filter((p) => (!state || p.state === state) && words.every((w) => p.key.includes(w)))
      .sort((a, b) => Number(!fold(a.name).startsWith(start)) - Number(!fold(b.name).startsWith(start)))
      .slice(0, limit);
  }

  /**
   * What a municipality field holds, as a code: the code itself, the code of a label, or the one
   * municipality of that name (in the state given, when one is). Several or none: a problem to show.
   */
  resolve(value: string, state?: string): { code: string } | { candidates: Place[] } | undefined {
    const raw = value.trim();
    if (!raw) return undefined;
    if (/^\d{5}$/.test(raw)) return { code: raw };
    const labelled = /\((\d{5})\)\s*$/.exec(raw)?.[1];
    if (labelled) return { code: labelled };
    const folded = fold(raw);
    const named = this.all.filter(
      (p) =>
        (!state || p.state === state) &&
        (fold(p.name) === folded || p.key === folded || fold(`${p.name}, ${p.stateName}`) === folded),
    );
    if (named.length === 1 && named[0]) return { code: named[0].code };
    return { candidates: named.length ? named : this.search(raw, state, 5) };
  }
}

/** The municipality fields of a draft: where they are, and the state field beside each. */
function municipalityFields(draft: Draft) {
  const fields: {
    get: () => string;
    set: (v: string) => void;
    state: () => string;
    setState: (v: string) => void;
    name: string;
  }[] = [];
  for (const prefix of ['location', 'registeredOffice']) {
    fields.push({
      name: `${prefix}.municipality`,
      get: () => draft.group[`${prefix}.municipality`] ?? '',
      set: (v) => {
        draft.group[`${prefix}.municipality`] = v;
      },
      state: () => draft.group[`${prefix}.state`] ?? '',
      setState: (v) => {
        draft.group[`${prefix}.state`] = v;
      },
    });
  }
  draft.members.forEach((member, i) => {
    fields.push({
      name: `members[${i}].residence.municipality`,
      get: () => member['residence.municipality'] ?? '',
      set: (v) => {
        member['residence.municipality'] = v;
      },
      state: () => member['residence.state'] ?? '',
      setState: (v) => {
        member['residence.state'] = v;
      },
    });
  });
  return fields;
}

const copy = (draft: Draft): Draft => ({
  ...draft,
  group: { ...draft.group },
  members: draft.members.map((m) => ({ ...m })),
});

/**
 * Reads the municipality fields of a draft: `shown` keeps each as its label (and fills a blank state
 * from the code), `parsed` holds the codes the engine reads, and `errors` names a field whose name
 * matched several municipalities or none (with the closest ones).
 */
export function resolvePlaces(
  draft: Draft,
  places: Places,
  messages: { ambiguous: (names: string) => string; unknown: (names: string) => string; none: string },
): { shown: Draft; parsed: Draft; errors: FieldError[] } {
  const shown = copy(draft);
  const parsed = copy(draft);
  const errors: FieldError[] = [];
  const shownFields = municipalityFields(shown);
  const parsedFields = municipalityFields(parsed);
  shownFields.forEach((field, i) => {
    const target = parsedFields[i];
    if (!target) return;
    const state = /^\d{2}$/.test(field.state()) ? field.state() : undefined;
    const found = places.resolve(field.get(), state);
    if (!found) return;
    if ('code' in found) {
      const place = places.get(found.code);
      target.set(found.code);
      if (!place) return;
      field.set(place.label);
      if (!field.state()) {
        field.setState(place.state);
        target.setState(place.state);
      }
      return;
    }
    const names = found.candidates.map((p) => p.label).join('; ');
    errors.push({
      path: field.name,
      message: found.candidates.length
        ? fold(field.get()) && found.candidates.every((p) => fold(p.name) === fold(field.get()))
          ? messages.ambiguous(names)
          : messages.unknown(names)
        : messages.none,
    });
  });
  return { shown, parsed, errors };
}

/** A stored group's codes as the form shows them (labels). */
export function labelPlaces(draft: Draft, places: Places): Draft {
  const shown = copy(draft);
  for (const field of municipalityFields(shown)) {
    const place = /^\d{5}$/.test(field.get().trim()) ? places.get(field.get().trim()) : undefined;
    if (place) field.set(place.label);
  }
  return shown;
}
