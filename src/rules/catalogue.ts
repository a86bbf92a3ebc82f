import type { Bibliography } from './bibliography';
import type { Condition } from './condition';
import { fiscalYearOf, type IsoDate, isWithin } from './dates';
import type { Money } from './money';
import type { Body, Criterion, ProgrammeFile } from './programme';
import { ProgrammeRegistry, type RegistryEntry } from './registry';
import { type Territory, TerritoryIndex } from './territory';

export interface BudgetLine {
  id: string;
  label: ProgrammeFile['name'];
  amount: Money;
  category?: string;
  source: ProgrammeFile['validity']['source'];
}

/** A loaded, validated programme version, with its conditions' parameters resolved. */
export interface ProgrammeVersion extends Omit<ProgrammeFile, 'budget'> {
  /** "id@fiscalYear": unique across the catalogue. */
  key: string;
  /** The rule file it came from, relative to the programmes folder. */
  file: string;
  /** `waivedIn`: territories where a what-if scenario (scenario.ts) drops the criterion. */
  criteria: (Criterion & { resolved: Condition; waivedIn?: string[] })[];
  budget?: {
    fiscalYear: number;
    currency: Money['currency'];
    total?: Money;
    /** The part of the total no line holds. */
    unallocated?: Money;
    lines: BudgetLine[];
    note?: string;
    source: ProgrammeFile['validity']['source'];
  };
}

export type VersionLookup =
  | { active: true; version: ProgrammeVersion }
  | { active: false; version: ProgrammeVersion; reason: 'not_started' | 'ended' | 'no_rules' };

/** Every programme version, body and territory, as loaded from a programmes folder. */
export class Catalogue {
  private readonly versionsById = new Map<string, ProgrammeVersion[]>();
  /** Resolves citations to documents; set by the loader when the folder has a sources file. */
  bibliography?: Bibliography;

  constructor(
    readonly programmes: readonly ProgrammeVersion[],
    readonly bodies: ReadonlyMap<string, Body>,
    readonly territories: TerritoryIndex,
    /** Lifetimes, and the programmes known without rule files (programmes/registry.yaml). */
    readonly registry: ProgrammeRegistry = new ProgrammeRegistry(),
  ) {
    for (const version of programmes) {
      const list = this.versionsById.get(version.id) ?? [];
      list.push(version);
      this.versionsById.set(version.id, list);
    }
    for (const list of this.versionsById.values())
      list.sort((a, b) => a.validity.from.localeCompare(b.validity.from));
  }

  programmeIds(): string[] {
    return [...this.versionsById.keys()];
  }

  versions(id: string): readonly ProgrammeVersion[] {
    return this.versionsById.get(id) ?? [];
  }

  hasProgramme(id: string): boolean {
    return this.versionsById.has(id);
  }

  /**
   * The version in force at asOf; otherwise the nearest one (the latest ended, or the next to start),
   * with why none is in force: the date's fiscal year is inside the programme's lifetime but no rule
   * file has that year (`no_rules`), or the version had not started or had ended.
   */
  versionAt(id: string, asOf: IsoDate): VersionLookup | undefined {
    const list = this.versionsById.get(id);
    if (!list?.length) return undefined;
    const active = list.find((v) => isWithin(asOf, v.validity.from, v.validity.to));
    if (active) return { active: true, version: active };
    // The programme ran that year (registry) and no rule file has that fiscal year: its rules are not
    // encoded. A year with a rule file whose validity leaves the date out is not started or ended.
    const year = fiscalYearOf(asOf);
    if (this.registry.ranIn(id, year) && !list.some((v) => v.fiscalYear === year))
      return {
        active: false,
        version: list.filter((v) => v.validity.to < asOf).at(-1) ?? (list[0] as ProgrammeVersion),
        reason: 'no_rules',
      };
    const ended = list.filter((v) => v.validity.to < asOf).at(-1);
    if (ended) return { active: false, version: ended, reason: 'ended' };
    return { active: false, version: list[0] as ProgrammeVersion, reason: 'not_started' };
  }

  /** Subprogrammes of a programme that are in force in the same fiscal year. */
  children(id: string, fiscalYear: number): ProgrammeVersion[] {
    return this.programmes.filter((p) => p.parent === id && p.fiscalYear === fiscalYear);
  }

  /** The catalogue as plain data (structured-cloneable), for worker threads: see `fromSnapshot`. */
  snapshot(): CatalogueSnapshot {
    return {
      programmes: this.programmes,
      bodies: this.bodies,
      territories: this.territories.all(),
      registry: this.registry.all(),
    };
  }

  /** A catalogue from its snapshot: the same programmes, bodies and territories, without parsing files again. */
  static fromSnapshot(snapshot: CatalogueSnapshot): Catalogue {
    const territories = new TerritoryIndex();
    for (const t of snapshot.territories) territories.add(t);
    return new Catalogue(
      snapshot.programmes,
      snapshot.bodies,
      territories,
      new ProgrammeRegistry(snapshot.registry, snapshot.bodies),
    );
  }
}

export interface CatalogueSnapshot {
  programmes: readonly ProgrammeVersion[];
  bodies: ReadonlyMap<string, Body>;
  territories: Territory[];
  registry: RegistryEntry[];
}
