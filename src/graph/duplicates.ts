import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { exclusionsBetween } from '../rules/exclusions';

/**
 * Duplicate enrolments in stored data: the same person (by the keyed hash of their identifier,
 * never the identifier) enrolled in one programme through two groups in a fiscal year, and the same
 * person or group enrolled in two programmes that exclude each other. The database layer hands in
 * aggregated rows (src/db/graph-queries.ts); no hash leaves this module.
 */

/** A person enrolled, through several groups, in the same programme and fiscal year. */
export interface SamePersonRow {
  programme: string;
  fiscalYear: number;
  personHash: string;
  groupIds: string[];
}

/** The programmes a person (through any of their groups) or a group holds in a fiscal year. */
export interface HolderRow {
  holder: { kind: 'person'; hash: string } | { kind: 'group'; id: string };
  fiscalYear: number;
  programmes: { programme: string; groupId: string }[];
}

export interface StoredEnrolments {
  fiscalYear: number;
  samePerson: SamePersonRow[];
  holders: HolderRow[];
}

export interface DuplicateFinding {
  kind: 'same_programme' | 'exclusive_programmes';
  programmes: string[];
  fiscalYear: number;
  persons: number;
  groups: string[];
  /** The exclusion ids that make the two programmes exclusive. */
  exclusions: string[];
  sources: string[];
}

function versionFor(catalogue: Catalogue, id: string, year: number): ProgrammeVersion | undefined {
  return catalogue.versions(id).find((v) => v.fiscalYear === year);
}

export function duplicateFindings(catalogue: Catalogue, stored: StoredEnrolments): DuplicateFinding[] {
  const findings = new Map<string, DuplicateFinding & { personSet: Set<string>; groupSet: Set<string> }>();
  const finding = (key: string, base: Omit<DuplicateFinding, 'persons' | 'groups'>) => {
    let f = findings.get(key);
    if (!f) {
      f = { ...base, persons: 0, groups: [], personSet: new Set(), groupSet: new Set() };
      findings.set(key, f);
    }
    return f;
  };

  for (const row of stored.samePerson) {
    if (row.groupIds.length < 2) continue;
    const f = finding(`${row.programme}@${row.fiscalYear}`, {
      kind: 'same_programme',
      programmes: [row.programme],
      fiscalYear: row.fiscalYear,
      exclusions: [],
      sources: [],
    });
    f.personSet.add(row.personHash);
    for (const g of row.groupIds) f.groupSet.add(g);
  }

  for (const row of stored.holders) {
    const ids = [...new Set(row.programmes.map((p) => p.programme))].sort();
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = versionFor(catalogue, ids[i] as string, row.fiscalYear);
        const b = versionFor(catalogue, ids[j] as string, row.fiscalYear);
        if (!a || !b) continue;
        // Both held in one fiscal year: the scope of src/rules/exclusions.ts, either programme's rule.
        const covering = exclusionsBetween(a, b).map((hit) => hit.exclusion);
        if (!covering.length) continue;
        const f = finding(`${a.id}+${b.id}@${row.fiscalYear}`, {
          kind: 'exclusive_programmes',
          programmes: [a.id, b.id],
          fiscalYear: row.fiscalYear,
          exclusions: [...new Set(covering.map((e) => e.id))],
          sources: [...new Set(covering.flatMap((e) => (Array.isArray(e.source) ? e.source : [e.source])))],
        });
        if (row.holder.kind === 'person') f.personSet.add(row.holder.hash);
        for (const p of row.programmes)
          if (p.programme === a.id || p.programme === b.id) f.groupSet.add(p.groupId);
      }
    }
  }

  return [...findings.values()]
    .map(({ personSet, groupSet, ...f }) => ({ ...f, persons: personSet.size, groups: [...groupSet].sort() }))
    .sort((x, y) => x.programmes.join('+').localeCompare(y.programmes.join('+')));
}
