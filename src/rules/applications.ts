import type { BudgetLine, Catalogue, ProgrammeVersion } from './catalogue';
import { excludedProgrammes, exclusionsBetween, heldProgramme } from './exclusions';
import { pick } from './i18n';
import { MAX_REQUEST_MINOR, moneyJson, parseAmount } from './money';
import type { SupportLine } from './programme';
import type { ProgrammeResult } from './results';

/**
 * The applications service's rules: which budget line pays a support line, what amount may be asked,
 * whether a group may submit and which programmes it may not hold at approval. No HTTP and no database
 * here: the route (src/api/routes/applications.ts) reads and writes, these decide.
 */

/** A rule broken by a request: the field and what is wrong with it. */
export interface RuleProblem {
  path: string;
  message: string;
}

/** The budget line a support line is paid from: in the programme's own budget, or its parent's for the same fiscal year. */
export function budgetLineOf(
  catalogue: Catalogue,
  version: ProgrammeVersion,
  lineId: string,
): BudgetLine | undefined {
  const own = version.budget?.lines.find((l) => l.id === lineId);
  if (own) return own;
  if (!version.parent) return undefined;
  const parent = catalogue.versions(version.parent).find((p) => p.fiscalYear === version.fiscalYear);
  return parent?.budget?.lines.find((l) => l.id === lineId);
}

/** The version an application was made for, by its key; undefined when its rule file was removed. */
export function applicationVersion(catalogue: Catalogue, programmeKey: string): ProgrammeVersion | undefined {
  return catalogue.programmes.find((p) => p.key === programmeKey);
}

/**
 * The amount a group asks for a support line, in minor units of the budget line's currency: the amount
 * given (in that currency, more than zero, at most MAX_REQUEST_MINOR and the maximum per group), or the
 * maximum per group when none is given.
 */
export function requestedAmount(
  support: SupportLine,
  line: BudgetLine,
  amount: { amount: string | number; currency: string } | undefined,
): { minor: number } | RuleProblem {
  const currency = line.amount.currency;
  const max = support.maxPerGroup;
  if (!amount) {
    if (max) return { minor: max.minor };
    return {
      path: 'amount',
      message: `support line '${support.id}' has no maximum in the rule files: give the amount requested`,
    };
  }
  if (amount.currency !== currency)
    return { path: 'amount.currency', message: `the budget line is in ${currency}` };
  let minor: number;
  try {
    minor = parseAmount(amount.amount, currency);
  } catch (error) {
    return { path: 'amount.amount', message: (error as Error).message };
  }
  if (minor <= 0) return { path: 'amount.amount', message: 'must be more than zero' };
  if (minor > MAX_REQUEST_MINOR) {
    const most = moneyJson({ minor: MAX_REQUEST_MINOR, currency });
    return {
      path: 'amount.amount',
      message: `above the largest amount accepted (${most.amount} ${most.currency})`,
    };
  }
  if (max && minor > max.minor)
    return {
      path: 'amount.amount',
      message: `above the maximum per group (${moneyJson(max).amount} ${max.currency})`,
    };
  return { minor };
}

/** Programme ids a group may not hold in the version's fiscal year to be approved for it (src/rules/exclusions.ts). */
export function excludedAtApproval(catalogue: Catalogue, version: ProgrammeVersion): string[] {
  return excludedProgrammes(catalogue, version);
}

/**
 * Why a group holding these programmes (in the version's fiscal year) may not take the version: one
 * sentence naming each held programme by name and the exclusion that forbids it; undefined when none does.
 */
export function exclusionRefusal(
  catalogue: Catalogue,
  version: ProgrammeVersion,
  held: readonly string[],
): string | undefined {
  const names: string[] = [];
  const reasons = new Set<string>();
  for (const id of held) {
    const other = heldProgramme(catalogue, id, version.fiscalYear);
    const hits = exclusionsBetween(version, other);
    if (!hits.length) continue;
    names.push('name' in other ? `${pick(other.name as ProgrammeVersion['name'], 'en')} (${id})` : id);
    for (const hit of hits)
      reasons.add(`${pick(hit.exclusion.label, 'en')} (exclusion ${hit.exclusion.id} of ${hit.declaredBy})`);
  }
  if (!names.length) return undefined;
  return `the group already holds ${names.join(', ')} in ${version.fiscalYear}, which ${pick(version.name, 'en')} (${version.id}) may not be combined with: ${[...reasons].join('; ')}`;
}

/** The status of a match result where the application is (its stage, or the programme), with what fails. */
export function submitVerdict(result: ProgrammeResult | undefined, stage: string | undefined) {
  const stageResult = stage ? result?.stages.find((s) => s.id === stage) : undefined;
  const status = stage ? stageResult?.status : result?.status;
  const failing = stage ? (stageResult?.failing ?? []) : (result?.failing ?? []);
  const problems: RuleProblem[] = [
    ...failing.map((f) => ({ path: `criteria.${f}`, message: 'fails' })),
    ...(result?.missingFacts ?? []).map((m) => ({ path: m.path, message: `unknown: ${m.question}` })),
  ];
  return { eligible: status === 'eligible', status, problems };
}
