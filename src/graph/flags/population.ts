import { budgetLineOf } from '../../rules/applications';
import type { BudgetLine, ProgrammeVersion } from '../../rules/catalogue';
import { VALUE_LABELS } from '../../rules/explain';
import type { Localized } from '../../rules/i18n';
import { formatMoney, type Money } from '../../rules/money';
import { sourceList } from '../../rules/source';
import { type GraphModel, programmeNode, territoryNode } from '../model';
import { DIMENSION_LABELS, UNKNOWN } from '../segments';
import { both, type Flag, major, num, pct, programmeName, round, THRESHOLDS, uniq } from './shared';

// Population

export function exclusionEdgesBetween(model: GraphModel, a: string, b: string): string[] {
  const { graph } = model;
  const na = programmeNode(a);
  const nb = programmeNode(b);
  if (!graph.hasNode(na) || !graph.hasNode(nb)) return [];
  return [...graph.edges(na, nb), ...graph.edges(nb, na)].filter(
    (e) => graph.getEdgeAttribute(e, 'kind') === 'exclusion',
  );
}

function overlapEdge(model: GraphModel, a: string, b: string): string[] {
  const { graph } = model;
  const na = programmeNode(a);
  const nb = programmeNode(b);
  if (!graph.hasNode(na) || !graph.hasNode(nb)) return [];
  return [...graph.edges(na, nb), ...graph.edges(nb, na)].filter(
    (e) => graph.getEdgeAttribute(e, 'kind') === 'overlap',
  );
}

/** Exclusion conflicts, duplication risks and declared links over populations that barely meet. */
export function pairFlags(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis) return [];
  const out: Flag[] = [];
  const P = analysis.programmes.length;
  const population = analysis.population.size;
  for (let i = 0; i < P; i++) {
    for (let j = i + 1; j < P; j++) {
      const a = analysis.programmes[i] as ProgrammeVersion;
      const b = analysis.programmes[j] as ProgrammeVersion;
      const ea = analysis.eligible[i] as number;
      const eb = analysis.eligible[j] as number;
      const n = analysis.both[i * P + j] as number;
      const jac = ea + eb - n ? n / (ea + eb - n) : 0;
      const smaller = Math.min(ea, eb);
      const shareOfSmaller = smaller ? n / smaller : 0;
      const [x, y] = [a.id, b.id].sort() as [string, string];
      const exclusions = exclusionEdgesBetween(model, a.id, b.id);
      const overlap = overlapEdge(model, a.id, b.id);
      const evidence = {
        both: n,
        eligibleA: ea,
        eligibleB: eb,
        jaccard: round(jac),
        shareOfSmaller: round(shareOfSmaller),
        population,
      };
      const names = (lang: 'es' | 'en') =>
        `${programmeName(model, a.id, lang)} – ${programmeName(model, b.id, lang)}`;
      const nodes = [programmeNode(a.id), programmeNode(b.id)];

      if (exclusions.length && n > 0) {
        const declared = [...a.exclusions, ...b.exclusions].filter((e) =>
          exclusions.some((k) => model.graph.getEdgeAttribute(k, 'exclusion') === e.id),
        );
        out.push({
          id: `exclusion-conflict:${x}+${y}`,
          type: 'exclusion-conflict',
          severity: shareOfSmaller >= 0.1 ? 'high' : 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Conflicto de exclusión: elegibles para ambos, pero solo pueden tomar uno (${names(lang)})`
              : `Exclusion conflict: eligible for both but may take only one (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `${num(n, lang)} de ${num(population, lang)} grupos (${pct(shareOfSmaller, lang)} de los elegibles del menor) cumplen los criterios de ambos programas, que las reglas de operación declaran excluyentes en el mismo ejercicio (${uniq(declared.map((e) => e.id)).join(', ')}).`
              : `${num(n, lang)} of ${num(population, lang)} groups (${pct(shareOfSmaller, lang)} of the smaller programme's eligible groups) meet the criteria of both programmes, which the operating rules declare mutually exclusive in the same fiscal year (${uniq(declared.map((e) => e.id)).join(', ')}).`,
          ),
          nodes,
          edges: [...exclusions, ...overlap],
          evidence,
          sources: uniq(declared.flatMap((e) => sourceList(e.source))),
        });
        continue;
      }

      const related = a.parent === b.id || b.parent === a.id;
      const shared = uniq(a.support.map((s) => s.type)).filter((t) => b.support.some((s) => s.type === t));
      if (
        !exclusions.length &&
        !related &&
        shared.length &&
        n > 0 &&
        shareOfSmaller >= THRESHOLDS.duplicationShare
      ) {
        out.push({
          id: `duplication-risk:${x}+${y}`,
          type: 'duplication-risk',
          severity: shareOfSmaller >= 0.25 ? 'high' : 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Riesgo de duplicidad: mismo tipo de apoyo sin regla de exclusión (${names(lang)})`
              : `Duplication risk: the same kind of support and no exclusion rule (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `${num(n, lang)} de ${num(population, lang)} grupos son elegibles para ambos programas (índice de Jaccard ${num(jac, lang, 3)}), que otorgan el mismo tipo de apoyo (${shared.join(', ')}) y ninguno excluye al otro.`
              : `${num(n, lang)} of ${num(population, lang)} groups are eligible for both programmes (Jaccard index ${num(jac, lang, 3)}), which give the same kind of support (${shared.join(', ')}) and neither excludes the other.`,
          ),
          nodes,
          edges: overlap,
          evidence: { ...evidence, sharedSupportTypes: shared.length },
          sources: uniq(
            [...a.support, ...b.support]
              .filter((s) => shared.includes(s.type))
              .flatMap((s) => sourceList(s.source)),
          ),
        });
      }

      const declared = model.links.filter(
        (l) =>
          (l.programme.key === a.key && l.link.with === b.id) ||
          (l.programme.key === b.key && l.link.with === a.id),
      );
      if (declared.length && jac < THRESHOLDS.lowOverlapJaccard) {
        out.push({
          id: `low-overlap-link:${x}+${y}`,
          type: 'low-overlap-link',
          severity: 'medium',
          title: both((lang) =>
            lang === 'es'
              ? `Vínculo declarado entre poblaciones que apenas se cruzan (${names(lang)})`
              : `Declared link between populations that barely intersect (${names(lang)})`,
          ),
          detail: both((lang) =>
            lang === 'es'
              ? `Los programas declaran un vínculo, pero de ${num(population, lang)} grupos solo ${num(n, lang)} son elegibles para ambos (${num(ea, lang)} y ${num(eb, lang)} elegibles; Jaccard ${num(jac, lang, 3)}): sus criterios separan a las poblaciones que el vínculo debía unir.`
              : `The programmes declare a link, but of ${num(population, lang)} groups only ${num(n, lang)} are eligible for both (${num(ea, lang)} and ${num(eb, lang)} eligible; Jaccard ${num(jac, lang, 3)}): their criteria keep apart the populations the link was meant to join.`,
          ),
          nodes,
          edges: [...declared.map((l) => l.edge).filter((e): e is string => e !== undefined), ...overlap],
          evidence,
          sources: uniq(declared.flatMap((l) => sourceList(l.link.source))),
        });
      }
    }
  }
  return out;
}

/** A segment's value in words: the territory's name, the legal form's, "sí", "5 a 9". */
export function segmentValueName(model: GraphModel, dimension: string, value: string, lang: 'es' | 'en') {
  if (dimension === 'state' || dimension === 'municipality') return model.catalogue.territories.name(value);
  if (dimension === 'constituted' && (value === 'yes' || value === 'no'))
    return (VALUE_LABELS[String(value === 'yes')] as Localized)[lang];
  const band = /^(\d+)(?:-(\d+))?(%?|\+)$/.exec(value);
  if ((dimension === 'size' || dimension === 'prosperaShare') && band) {
    const unit = band[3] === '%' ? ' %' : '';
    if (band[3] === '+') return lang === 'es' ? `${band[1]} o más` : `${band[1]} or more`;
    return `${band[1]}${lang === 'es' ? ' a ' : ' to '}${band[2]}${unit}`;
  }
  return VALUE_LABELS[value]?.[lang] ?? value;
}

/** Segments of the population eligible for nothing. */
export function coverageGaps(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis?.programmes.length) return [];
  const out: Flag[] = [];
  const population = analysis.population.size;
  const min = Math.max(THRESHOLDS.gapMinGroups, Math.ceil(population * THRESHOLDS.gapMinPopulationShare));
  let covered = 0;
  for (const t of analysis.segments.get('size')?.values() ?? []) covered += t.groups - t.eligibleForNothing;
  const populationCoverage = population ? covered / population : 0;
  for (const [dimension, values] of analysis.segments) {
    for (const [value, t] of values) {
      if (value === UNKNOWN || t.groups < min) continue;
      const share = t.eligibleForNothing / t.groups;
      if (share < THRESHOLDS.gapShare || 1 - share > populationCoverage / 2) continue;
      const nodes: string[] = [];
      if ((dimension === 'state' || dimension === 'municipality') && model.catalogue.territories.has(value)) {
        const key = territoryNode(value);
        if (!model.graph.hasNode(key)) {
          const territory = model.catalogue.territories.get(value);
          model.graph.addNode(key, {
            kind: 'territory',
            label: { es: territory?.name ?? value, en: territory?.name ?? value },
            code: value,
            territoryLevel: territory?.level ?? 'state',
            country: value.includes('-') ? value.slice(0, 2) : 'MX',
            flags: [],
            sources: sourceList(territory?.source),
          });
        }
        nodes.push(key);
      }
      const segment = (lang: 'es' | 'en') =>
        `${DIMENSION_LABELS[dimension][lang]} = ${segmentValueName(model, dimension, value, lang)}`;
      out.push({
        id: `coverage-gap:${dimension}=${value}`,
        type: 'coverage-gap',
        severity: share >= 0.99 && t.groups >= population * 0.05 ? 'high' : share >= 0.95 ? 'medium' : 'low',
        title: both((lang) =>
          lang === 'es'
            ? `Segmento sin cobertura: ${segment(lang)}`
            : `Segment eligible for nothing: ${segment(lang)}`,
        ),
        detail: both((lang) =>
          lang === 'es'
            ? `${num(t.eligibleForNothing, lang)} de ${num(t.groups, lang)} grupos (${pct(share, lang)}) de este segmento no son elegibles para ninguno de los ${num(analysis.programmes.length, lang)} programas vigentes el ${analysis.asOf}; para ${num(t.undeterminedOnly, lang)} de ellos faltan datos que podrían cambiarlo.`
            : `${num(t.eligibleForNothing, lang)} of ${num(t.groups, lang)} groups (${pct(share, lang)}) in this segment are eligible for none of the ${num(analysis.programmes.length, lang)} programmes in force on ${analysis.asOf}; for ${num(t.undeterminedOnly, lang)} of them missing data could change that.`,
        ),
        nodes,
        edges: [],
        evidence: {
          groups: t.groups,
          eligibleForNothing: t.eligibleForNothing,
          undeterminedOnly: t.undeterminedOnly,
          share: round(share),
          programmesInForce: analysis.programmes.length,
          population,
          populationCoverage: round(populationCoverage),
        },
        sources: [],
      });
    }
  }
  return out;
}

/** The eligible demand on one budget line of a programme version in force. */
export interface LineDemand {
  version: ProgrammeVersion;
  line: BudgetLine;
  /** Eligible groups × the maximum per group (or per member), in minor units of the line's currency. */
  demand: number;
  groups: number;
  supports: ProgrammeVersion['support'];
}

/** Eligible groups × the maximum per group (or per member), per budget line (the flag and the scenarios read it). */
export function lineDemands(model: GraphModel): LineDemand[] {
  const analysis = model.analysis;
  if (!analysis) return [];
  const out: LineDemand[] = [];
  analysis.programmes.forEach((version, i) => {
    const byStage = analysis.eligibleByStage[i] as Map<string, number>;
    const stagesKnown = !(byStage.size === 1 && byStage.has('')) && byStage.size > 0;
    const lines = new Map<
      string,
      { line: BudgetLine; demand: number; groups: number; supports: typeof version.support }
    >();
    for (const support of version.support) {
      if (!support.budgetLine || (!support.maxPerGroup && !support.maxPerPerson)) continue;
      const line = budgetLineOf(model.catalogue, version, support.budgetLine);
      if (!line) continue;
      const stage = version.stages.find((s) => s.support.includes(support.id))?.id;
      const groups = stage && stagesKnown ? (byStage.get(stage) ?? 0) : (analysis.eligible[i] as number);
      const share = groups / Math.max(1, analysis.eligible[i] as number);
      let demand = 0;
      if (support.maxPerGroup && support.maxPerGroup.currency === line.amount.currency)
        demand += groups * support.maxPerGroup.minor;
      if (support.maxPerPerson && support.maxPerPerson.currency === line.amount.currency)
        demand += share * (analysis.eligibleMembers[i] as number) * support.maxPerPerson.minor;
      const entry = lines.get(line.id) ?? { line, demand: 0, groups: 0, supports: [] };
      entry.demand += demand;
      entry.groups = Math.max(entry.groups, groups);
      entry.supports.push(support);
      lines.set(line.id, entry);
    }
    for (const entry of lines.values()) out.push({ version, ...entry });
  });
  return out;
}

/** Eligible demand above the budget line it is paid from. */
export function demandAboveBudget(model: GraphModel): Flag[] {
  const analysis = model.analysis;
  if (!analysis) return [];
  const out: Flag[] = [];
  for (const { version, line, demand, groups, supports } of lineDemands(model)) {
    if (demand <= line.amount.minor) continue;
    const ratio = demand / Math.max(1, line.amount.minor);
    const demandMoney: Money = { minor: Math.round(demand), currency: line.amount.currency };
    const max = supports[0]?.maxPerGroup;
    out.push({
      id: `demand-above-budget:${version.key}/${line.id}`,
      type: 'demand-above-budget',
      severity: ratio >= 2 ? 'high' : 'medium',
      title: both((lang) =>
        lang === 'es'
          ? `Demanda elegible mayor que la partida: ${programmeName(model, version.id, lang)}, ${line.label.es}`
          : `Eligible demand above the budget line: ${programmeName(model, version.id, lang)}, ${line.label.en}`,
      ),
      detail: both((lang) =>
        lang === 'es'
          ? `${num(groups, lang)} grupos elegibles de ${num(analysis.population.size, lang)}${max ? ` × ${formatMoney(max, 'es')} máximo por grupo` : ''} = ${formatMoney(demandMoney, 'es')}, ${num(ratio, lang, 2)} veces la partida de ${formatMoney(line.amount, 'es')}.`
          : `${num(groups, lang)} eligible groups of ${num(analysis.population.size, lang)}${max ? ` × ${formatMoney(max, 'en')} maximum per group` : ''} = ${formatMoney(demandMoney, 'en')}, ${num(ratio, lang, 2)} times the budget line of ${formatMoney(line.amount, 'en')}.`,
      ),
      nodes: [programmeNode(version.id)],
      edges: [],
      evidence: {
        eligibleGroups: groups,
        ...(max ? { maxPerGroup: major(max) } : {}),
        demand: major(demandMoney),
        budget: major(line.amount),
        ratio: round(ratio, 3),
        population: analysis.population.size,
      },
      sources: uniq([...sourceList(line.source), ...supports.flatMap((s) => sourceList(s.source))]),
    });
  }
  return out;
}
