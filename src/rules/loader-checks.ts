import type { ProgrammeVersion } from './catalogue';
import type { Parsed } from './dated';
import type { Problem } from './errors';
import { formatMoney, sumMoney } from './money';
import type { ProgrammeFile } from './programme';

/** Checks across the versions a folder loads: overlapping validity, budget totals against their lines. */

export const versionKey = (p: ProgrammeFile) => `${p.id}@${p.fiscalYear}`;

/** Two versions of one programme may not both be in force on the same day. */
export function checkOverlaps(versions: ProgrammeVersion[], parsed: Parsed[], problems: Problem[]) {
  const byId = new Map<string, ProgrammeVersion[]>();
  for (const v of versions) byId.set(v.id, [...(byId.get(v.id) ?? []), v]);
  for (const list of byId.values()) {
    const sorted = [...list].sort((a, b) => a.validity.from.localeCompare(b.validity.from));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1] as ProgrammeVersion, sorted[i] as ProgrammeVersion];
      if (b.validity.from <= a.validity.to) {
        const where = parsed.find((x) => versionKey(x.programme) === b.key);
        problems.push(
          where?.problem(
            ['validity', 'from'],
            `overlaps ${a.key} (${a.validity.from} – ${a.validity.to}, in ${a.file})`,
          ) ?? {
            path: 'validity.from',
            reason: 'overlap',
          },
        );
      }
    }
  }
}

/**
 * A stated budget total must equal its lines, including those of its subprogrammes for the same
 * year: this is how the 2016 Table 4 error (38 M stated, 36 M in lines) is caught, not copied.
 */
export function checkBudgetTotals(versions: ProgrammeVersion[], parsed: Parsed[], problems: Problem[]) {
  for (const v of versions) {
    const where = parsed.find((x) => versionKey(x.programme) === v.key);
    if (v.budget?.unallocated && !v.budget.total) {
      where &&
        problems.push(
          where.problem(['budget', 'unallocated'], 'an unallocated remainder needs the total it is part of'),
        );
      continue;
    }
    if (!v.budget?.total) continue;
    const children = versions.filter((c) => c.parent === v.id && c.fiscalYear === v.fiscalYear);
    const lines = [...v.budget.lines, ...children.flatMap((c) => c.budget?.lines ?? [])];
    const currency = v.budget.currency;
    const mismatched = lines.find((l) => l.amount.currency !== currency);
    if (mismatched) {
      if (where)
        problems.push(
          where.problem(
            ['budget'],
            `line '${mismatched.id}' is in ${mismatched.amount.currency}, not ${currency}`,
          ),
        );
      continue;
    }
    const { unallocated } = v.budget;
    if (!lines.length && !unallocated) continue;
    const sum = sumMoney([...lines.map((l) => l.amount), ...(unallocated ? [unallocated] : [])], currency);
    if (sum.minor !== v.budget.total.minor && where) {
      problems.push(
        where.problem(
          ['budget', 'total'],
          `total ${formatMoney(v.budget.total, 'en')} differs from the sum of its lines${children.length ? " and its subprogrammes' lines" : ''}${unallocated ? ' and the unallocated remainder' : ''} (${formatMoney(sum, 'en')})`,
        ),
      );
    }
  }
}
