import { type Localized, noun } from '../../rules/i18n';
import { CURRENCY_DIGITS, type Money } from '../../rules/money';
import { type GraphModel, programmeNode } from '../model';

/**
 * Flags a coordination committee should see (design.md, "Coordination graph"), each with a stable
 * id, a severity, the nodes and edges involved, the numbers behind it and its sources.
 */

export const FLAG_TYPES = [
  'coordination-without-budget',
  'expected-links-unmet',
  'ineffective-link',
  'missing-link',
  'low-overlap-link',
  'duplication-risk',
  'exclusion-conflict',
  'coverage-gap',
  'inactive-body-dependency',
  'demand-above-budget',
  'duplicate-enrolment',
] as const;
export type FlagType = (typeof FLAG_TYPES)[number];
export type Severity = 'high' | 'medium' | 'low';

export interface Flag {
  id: string;
  type: FlagType;
  severity: Severity;
  title: Localized;
  detail: Localized;
  nodes: string[];
  edges: string[];
  evidence: Record<string, number>;
  sources: string[];
  /** Stored group ids involved (duplicate enrolments only): what the committee follows up. */
  groups?: string[];
}

/** The thresholds behind the population flags; documented in the README. */
export const THRESHOLDS = {
  /** A declared link between programmes whose eligible populations have a Jaccard index below this. */
  lowOverlapJaccard: 0.05,
  /** Duplication risk: groups eligible for both, as a share of the smaller programme's eligible groups. */
  duplicationShare: 0.05,
  /**
   * A segment is a coverage gap when at least this share of its groups is eligible for nothing and
   * its coverage is at most half the population's (so a date when almost nobody is covered does not
   * make every segment a gap) ...
   */
  gapShare: 0.9,
  /** ... and it holds at least this many groups, and this share of the population. */
  gapMinGroups: 20,
  gapMinPopulationShare: 0.01,
};

export const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

export const COORDINATION_LINK = noun(
  'vínculo de coordinación',
  'vínculos de coordinación',
  'coordination link',
  'coordination links',
);
export const EFFECTIVE_PROGRAMME_LINK = noun(
  'vínculo con programas resultó efectivo',
  'vínculos con programas resultaron efectivos',
  'programme link became effective',
  'programme links became effective',
);
export const INEFFECTIVE_DECLARED_LINK = noun(
  'vínculo declarado no resultó efectivo',
  'vínculos declarados no resultaron efectivos',
  'declared link did not become effective',
  'declared links did not become effective',
);
export const num = (n: number, lang: 'es' | 'en', digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);
export const pct = (x: number, lang: 'es' | 'en') => `${num(x * 100, lang, 1)} %`;
export const both = (f: (lang: 'es' | 'en') => string): Localized => ({ es: f('es'), en: f('en') });
export const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
export const major = (m: Money) => m.minor / 10 ** CURRENCY_DIGITS[m.currency];
export const uniq = <T>(xs: Iterable<T>) => [...new Set(xs)];
export const nameOf = (model: GraphModel, node: string, lang: 'es' | 'en') => {
  if (!model.graph.hasNode(node)) return node.split(':').slice(1).join(':');
  const a = model.graph.getNodeAttributes(node);
  return a.shortName && a.kind !== 'programme' ? a.shortName : a.label[lang];
};
export const programmeName = (model: GraphModel, id: string, lang: 'es' | 'en') =>
  nameOf(model, programmeNode(id), lang);
export const list = (items: string[], lang: 'es' | 'en') =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} ${lang === 'es' ? 'y' : 'and'} ${items.at(-1)}`;
