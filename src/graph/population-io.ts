import type { Catalogue } from '../rules/catalogue';
import { InputError } from '../rules/errors';
import type { Group } from '../rules/group';
import { parseGroup } from '../rules/match';
import { type Money, moneyJson } from '../rules/money';

/**
 * Populations as NDJSON, one group per line, in the same form a case worker's group file has (money
 * as {amount, currency}), so `vincula simulate --out` writes what `vincula graph --population`,
 * `vincula match -` and POST /v1/match/batch read.
 */

const isMoney = (v: unknown): v is Money =>
  typeof v === 'object' && v !== null && 'minor' in v && 'currency' in v;

/** A validated group back to its input form. */
export function groupInput(group: Group): Record<string, unknown> {
  const money = (v: unknown) => (isMoney(v) ? moneyJson(v) : v);
  const { householdIncomePerCapitaMonthly, members, ...rest } = group;
  return {
    ...rest,
    ...(householdIncomePerCapitaMonthly
      ? { householdIncomePerCapitaMonthly: money(householdIncomePerCapitaMonthly) }
      : {}),
    ...(members
      ? {
          members: members.map((m) => {
            const { householdIncomePerCapitaMonthly: income, ...person } = m;
            return income ? { ...person, householdIncomePerCapitaMonthly: money(income) } : person;
          }),
        }
      : {}),
  };
}

export const groupLine = (group: Group) => `${JSON.stringify(groupInput(group))}\n`;

/** Parses NDJSON lines into groups; a bad line stops the run with its line number and reasons. */
export async function* groupsFromLines(
  lines: AsyncIterable<string> | Iterable<string>,
  catalogue: Catalogue,
  name = 'population',
): AsyncGenerator<Group> {
  let n = 0;
  for await (const line of lines as AsyncIterable<string>) {
    n++;
    if (!line.trim()) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new InputError([
        { file: name, line: n, path: '(line)', reason: `not valid JSON: ${(error as Error).message}` },
      ]);
    }
    try {
      yield parseGroup(data, catalogue);
    } catch (error) {
      if (error instanceof InputError)
        throw new InputError(error.problems.map((p) => ({ ...p, file: name, line: n })));
      throw error;
    }
  }
}
