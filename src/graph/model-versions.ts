import type { Catalogue, ProgrammeVersion } from '../rules/catalogue';
import { type Condition, forEachLeaf } from '../rules/condition';
import type { IsoDate } from '../rules/dates';
import { moneyJson, sumMoney } from '../rules/money';

/**
 * Programme versions shown as of a date: the one in force, else the latest ended, else (a year the
 * programme ran without encoded rules) the nearest; none not yet started. `state` says which.
 */
export function programmesAsOf(catalogue: Catalogue, asOf: IsoDate) {
  const out = new Map<string, { version: ProgrammeVersion; active: boolean; state: ProgrammeState }>();
  for (const id of catalogue.programmeIds()) {
    const lookup = catalogue.versionAt(id, asOf);
    if (!lookup || (!lookup.active && lookup.reason === 'not_started')) continue;
    const state: ProgrammeState = lookup.active
      ? 'in_force'
      : lookup.reason === 'no_rules'
        ? 'no_rules'
        : 'ended';
    out.set(id, { version: lookup.version, active: lookup.active, state });
  }
  return out;
}

/** A programme node's state as of the graph's date: in force, ran then without encoded rules, or ended. */
export type ProgrammeState = 'in_force' | 'no_rules' | 'ended';

/** The blocs (MERCOSUR, UNASUR) a programme belongs to: its own, its agency's, its linked bodies'. */
export function blocsOf(catalogue: Catalogue, version: ProgrammeVersion): Set<string> {
  const blocs = new Set<string>();
  const add = (country: string | undefined) => {
    if (country === 'MERCOSUR' || country === 'UNASUR') blocs.add(country);
  };
  add(version.country);
  add(catalogue.bodies.get(version.agency)?.country);
  for (const link of version.coordination.links) {
    add(catalogue.bodies.get(link.with)?.country);
    if (link.via) add(catalogue.bodies.get(link.via)?.country);
  }
  return blocs;
}

export function budgetOf(version: ProgrammeVersion) {
  const budget = version.budget;
  if (!budget) return {};
  const total =
    budget.total ??
    (budget.lines.length && budget.lines.every((l) => l.amount.currency === budget.currency)
      ? sumMoney(
          budget.lines.map((l) => l.amount),
          budget.currency,
        )
      : undefined);
  return {
    budgetCurrency: budget.currency,
    ...(total ? { budgetTotal: moneyJson(total).amount } : {}),
    budgetLines: budget.lines.length,
  };
}

/** Territory codes a condition names (states, municipalities, regions), for "targets" edges. */
export function territoriesNamed(condition: Condition): { fact: string; codes: string[] }[] {
  const out: { fact: string; codes: string[] }[] = [];
  const asList = (v: unknown) =>
    (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  forEachLeaf(condition, (leaf) => {
    if (
      ['locationState', 'registeredOfficeState', 'locationMunicipality', 'locationRegion'].includes(
        leaf.fact,
      ) &&
      ['equal', 'in'].includes(leaf.operator)
    ) {
      out.push({ fact: leaf.fact, codes: asList(leaf.value) });
    }
    const params = (leaf.params ?? {}) as Record<string, unknown>;
    for (const key of ['residenceState', 'residenceMunicipalities']) {
      if (params[key] !== undefined) out.push({ fact: `${leaf.fact}.${key}`, codes: asList(params[key]) });
    }
  });
  return out;
}

export const constitutionTest = (version: ProgrammeVersion, value: boolean, base: boolean) =>
  version.criteria.some((c) => {
    if (base && c.stage) return false;
    let found = false;
    forEachLeaf(c.resolved, (leaf) => {
      if (leaf.fact === 'legallyConstituted' && leaf.operator === 'equal' && leaf.value === value)
        found = true;
    });
    return found;
  });
