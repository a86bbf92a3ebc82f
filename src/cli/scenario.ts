import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { Distributions } from '../graph/distributions';
import { EVALUATORS } from '../graph/evaluator';
import { compareScenario, type ScenarioComparison, syntheticPopulation } from '../graph/scenario';
import type { Catalogue } from '../rules/catalogue';
import type { Lang } from '../rules/i18n';
import type { EvaluatorName } from '../rules/match';
import { CURRENCY_DIGITS, type Currency, formatMoney } from '../rules/money';
import { type AppliedScenario, scenarioFromYaml } from '../rules/scenario';

/** `--scenario` of `vincula simulate` and `vincula graph`: a what-if scenario against the baseline. */

export const scenarioOption = () =>
  new Option(
    '--scenario <file>',
    'a what-if scenario (YAML, see examples/scenarios/): changes to programme versions applied in memory',
  );

class ScenarioFileError extends Error {
  override name = 'ConfigError';
}

/** The scenario file, parsed and applied to the catalogue (InputError with file, line and path on a mistake). */
export function readScenario(catalogue: Catalogue, file: string): AppliedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioFileError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return scenarioFromYaml(catalogue, text, file);
}

/** `simulate --scenario`: baseline and scenario over the same synthetic population. */
export async function simulateScenario(
  io: { out: (text: string) => void; err: (text: string) => void },
  catalogue: Catalogue,
  distributions: Distributions,
  options: {
    scenario: string;
    groups: number;
    seed: number;
    asOf: string;
    evaluator: EvaluatorName;
    distributions?: string;
    json?: boolean;
    out?: string;
    lang: Lang;
  },
) {
  if (options.out)
    throw new ScenarioFileError(
      '--scenario compares the baseline with the scenario over the drawn groups; draw them with --out in a separate run',
    );
  const applied = readScenario(catalogue, options.scenario);
  const comparison = await compareScenario({
    baseline: catalogue,
    scenario: applied,
    asOf: options.asOf,
    evaluator: EVALUATORS[options.evaluator],
    population: syntheticPopulation(catalogue, {
      groups: options.groups,
      seed: options.seed,
      distributions,
      ...(options.distributions ? { source: options.distributions } : {}),
    }),
  });
  io.out(
    options.json ? `${JSON.stringify(comparison, null, 2)}\n` : comparisonText(comparison, options.lang),
  );
}

const num = (n: number, lang: Lang, digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);
const pct = (x: number, lang: Lang) => `${num(x * 100, lang, 1)} %`;
const money = (amount: number, currency: Currency, lang: Lang) =>
  formatMoney({ minor: Math.round(amount * 10 ** CURRENCY_DIGITS[currency]), currency }, lang);

const WORDS = {
  es: {
    title: 'Escenario',
    population: (size: number, seed: number | undefined, asOf: string) =>
      `Misma población para ambos: ${num(size, 'es')} grupos${seed !== undefined ? ` (semilla ${seed})` : ''}, al ${asOf}.`,
    noPopulation: 'Sin población: solo se comparan las alertas de las declaraciones.',
    changes: 'Cambios',
    coverage: 'Cobertura por programa (base → escenario)',
    gained: 'ganan elegibilidad',
    lost: 'pierden elegibilidad',
    because: 'antes no cumplían',
    nowFail: 'ahora no cumplen',
    eligible: 'elegibles',
    overlaps: 'Grupos elegibles para ambos programas (base → escenario)',
    segments: 'Segmentos: grupos sin ningún programa (base → escenario)',
    raised: 'Alertas nuevas',
    cleared: 'Alertas que desaparecen',
    flagsCount: (a: number, b: number) => `Alertas: ${a} en la base, ${b} en el escenario.`,
    budget: 'Demanda elegible frente a la partida (base → escenario)',
    over: 'demanda mayor que la partida',
    within: 'dentro de la partida',
    none: 'ninguno',
  },
  en: {
    title: 'Scenario',
    population: (size: number, seed: number | undefined, asOf: string) =>
      `Same population for both: ${num(size, 'en')} groups${seed !== undefined ? ` (seed ${seed})` : ''}, as of ${asOf}.`,
    noPopulation: 'No population: only the declaration flags are compared.',
    changes: 'Changes',
    coverage: 'Coverage per programme (baseline → scenario)',
    gained: 'gain eligibility',
    lost: 'lose eligibility',
    because: 'had failed',
    nowFail: 'now fail',
    eligible: 'eligible',
    overlaps: 'Groups eligible for both programmes (baseline → scenario)',
    segments: 'Segments: groups eligible for nothing (baseline → scenario)',
    raised: 'Flags raised',
    cleared: 'Flags cleared',
    flagsCount: (a: number, b: number) => `Flags: ${a} in the baseline, ${b} in the scenario.`,
    budget: 'Eligible demand against the budget line (baseline → scenario)',
    over: 'demand above the line',
    within: 'within the line',
    none: 'none',
  },
};

/** The comparison as text for people: programme names, not ids; es (default) or en. */
export function comparisonText(c: ScenarioComparison, lang: Lang): string {
  const w = WORDS[lang];
  const lines: string[] = [`${w.title}: ${c.name[lang]}`];
  if (c.description) lines.push(c.description[lang]);
  lines.push(
    c.population.size
      ? w.population(c.population.size, 'seed' in c.population ? c.population.seed : undefined, c.asOf)
      : w.noPopulation,
    '',
    `${w.changes}:`,
    ...c.changes.map((ch) => `  - ${ch.text[lang]}`),
  );
  if (c.programmes.length) {
    lines.push('', `${w.coverage}:`);
    for (const p of c.programmes) {
      lines.push(
        `  ${p.name[lang]}: ${num(p.baseline.eligible, lang)} → ${num(p.scenario.eligible, lang)} ${w.eligible} (${pct(p.baseline.coverage, lang)} → ${pct(p.scenario.coverage, lang)})`,
      );
      if (p.gained) {
        const why = p.gainedBecause.map((b) => `«${b.label[lang]}» (${num(b.groups, lang)})`).join('; ');
        lines.push(`    ${num(p.gained, lang)} ${w.gained}${why ? `; ${w.because}: ${why}` : ''}`);
      }
      if (p.lost) {
        const why = p.lostBecause.map((b) => `«${b.label[lang]}» (${num(b.groups, lang)})`).join('; ');
        lines.push(`    ${num(p.lost, lang)} ${w.lost}${why ? `; ${w.nowFail}: ${why}` : ''}`);
      }
    }
  }
  const pairs = c.pairs.filter((p) => p.baseline.both !== p.scenario.both);
  if (pairs.length) {
    lines.push('', `${w.overlaps}:`);
    for (const p of pairs)
      lines.push(
        `  ${p.a.name[lang]} – ${p.b.name[lang]}: ${num(p.baseline.both, lang)} → ${num(p.scenario.both, lang)}`,
      );
  }
  if (c.segments.length) {
    lines.push('', `${w.segments}:`);
    for (const s of c.segments.slice(0, 15))
      lines.push(
        `  ${s.dimensionLabel[lang]}: ${s.label[lang]}: ${num(s.baseline.eligibleForNothing, lang)} → ${num(s.scenario.eligibleForNothing, lang)} / ${num(s.groups, lang)} (${pct(s.baseline.share, lang)} → ${pct(s.scenario.share, lang)})`,
      );
  }
  lines.push('', w.flagsCount(c.flags.baseline, c.flags.scenario));
  for (const [title, flags] of [
    [w.raised, c.flags.raised],
    [w.cleared, c.flags.cleared],
  ] as const) {
    lines.push(`${title}:`);
    if (!flags.length) lines.push(`  ${w.none}`);
    for (const f of flags) lines.push(`  - ${f.title[lang]}`);
  }
  const budget = c.budget.filter(
    (b) => b.baseline.budget !== b.scenario.budget || b.baseline.demand !== b.scenario.demand,
  );
  if (budget.length) {
    lines.push('', `${w.budget}:`);
    for (const b of budget) {
      const state = (s: { budget: number; demand: number }) => (s.demand > s.budget ? w.over : w.within);
      lines.push(
        `  ${b.name[lang]}, ${b.lineLabel[lang]}: ${money(b.baseline.demand, b.currency, lang)} / ${money(b.baseline.budget, b.currency, lang)} (${state(b.baseline)}) → ${money(b.scenario.demand, b.currency, lang)} / ${money(b.scenario.budget, b.currency, lang)} (${state(b.scenario)})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
