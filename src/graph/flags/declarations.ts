import type { ProgrammeVersion } from '../../rules/catalogue';
import { countNoun, NOUNS } from '../../rules/i18n';
import type { Body } from '../../rules/programme';
import { sourceList } from '../../rules/source';
import { blocsOf, bodyNode, type GraphModel, programmeNode, territoryNode } from '../model';
import { trackedKey } from '../overlaps';
import {
  both,
  COORDINATION_LINK,
  EFFECTIVE_PROGRAMME_LINK,
  type Flag,
  INEFFECTIVE_DECLARED_LINK,
  list,
  nameOf,
  num,
  programmeName,
  uniq,
} from './shared';

// Declarations

/** The STEIA pattern: coordination declared through a body with no budget or operating rules of its own. */
export function coordinationWithoutBudget(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  for (const body of model.catalogue.bodies.values()) {
    if (body.hasBudget !== false && body.hasOperatingRules !== false) continue;
    const links = model.links.filter(
      (l) => (l.link.with === body.id || l.link.via === body.id) && !l.link.budgetBacked,
    );
    if (!links.length) continue;
    const node = bodyNode(body);
    const programmes = uniq(links.map((l) => l.programme.id));
    const effective = links.filter((l) => l.link.effective).length;
    const lacks = (lang: 'es' | 'en') =>
      [
        body.hasBudget === false ? (lang === 'es' ? 'presupuesto' : 'budget') : '',
        body.hasOperatingRules === false ? (lang === 'es' ? 'reglas de operación' : 'operating rules') : '',
      ]
        .filter(Boolean)
        .join(lang === 'es' ? ' ni ' : ' or ');
    const name = body.shortName ?? body.name.en;
    out.push({
      id: `coordination-without-budget:${body.id}`,
      type: 'coordination-without-budget',
      severity: programmes.length >= 2 || effective === 0 ? 'high' : 'medium',
      title: both((lang) =>
        lang === 'es'
          ? `Coordinación declarada sin presupuesto ni reglas vinculantes: ${name}`
          : `Declared coordination without a binding budget or rules: ${name}`,
      ),
      detail: both((lang) => {
        const names = list(
          programmes.map((p) => programmeName(model, p, lang)),
          lang,
        );
        const one = programmes.length === 1;
        const declared = countNoun(links.length, COORDINATION_LINK, lang);
        return lang === 'es'
          ? `${countNoun(programmes.length, NOUNS.programme, lang)} (${names}) ${one ? 'declara' : 'declaran'} ${declared} a través de ${name}, que no tiene ${lacks(lang)}; ninguno está respaldado por presupuesto. Vínculos efectivos: ${num(effective, lang)}.`
          : `${countNoun(programmes.length, NOUNS.programme, lang)} (${names}) ${one ? 'declares' : 'declare'} ${declared} through ${name}, which has no ${lacks(lang)}; none is backed by a budget. Effective links: ${num(effective, lang)}.`;
      }),
      nodes: [node, ...programmes.map(programmeNode)],
      edges: links.flatMap((l) => [l.edge, l.viaEdge].filter((e): e is string => e !== undefined)),
      evidence: {
        programmes: programmes.length,
        links: links.length,
        budgetBackedLinks: 0,
        effectiveLinks: effective,
        bodyHasBudget: body.hasBudget === false ? 0 : 1,
        bodyHasOperatingRules: body.hasOperatingRules === false ? 0 : 1,
      },
      sources: uniq([...sourceList(body.source), ...links.flatMap((l) => sourceList(l.link.source))]),
    });
  }
  return out;
}

/** PROINPRO: a programme expected to link with N programmes, and the effective links it got. */
export function expectedLinksUnmet(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  for (const [id, { version: shown }] of model.programmes) {
    const versions = model.catalogue
      .versions(id)
      .filter((v) => v.validity.from <= model.asOf && v.coordination.expectedLinks);
    if (!versions.length) continue;
    const effectiveOf = (v: ProgrammeVersion) =>
      v.coordination.links.filter((l) => l.effective && model.catalogue.hasProgramme(l.with));
    const unmet = versions.filter(
      (v) => effectiveOf(v).length < (v.coordination.expectedLinks?.count as number),
    );
    if (!unmet.length) continue;
    const evidence: Record<string, number> = {};
    for (const v of versions) {
      evidence[`expected${v.fiscalYear}`] = v.coordination.expectedLinks?.count as number;
      evidence[`effective${v.fiscalYear}`] = effectiveOf(v).length;
    }
    const latest = versions.at(-1) as ProgrammeVersion;
    const expected = latest.coordination.expectedLinks?.count as number;
    const effective = effectiveOf(latest);
    evidence.expected = expected;
    evidence.effective = effective.length;
    evidence.declared = latest.coordination.links.length;
    const years = (lang: 'es' | 'en') =>
      list(
        versions.map((v) =>
          lang === 'es'
            ? `${num(v.coordination.expectedLinks?.count as number, lang)} esperados en ${v.fiscalYear}`
            : `${num(v.coordination.expectedLinks?.count as number, lang)} expected in ${v.fiscalYear}`,
        ),
        lang,
      );
    const shownLinks = model.links.filter((l) => l.programme === shown);
    out.push({
      id: `expected-links-unmet:${id}`,
      type: 'expected-links-unmet',
      severity: effective.length / Math.max(1, expected) <= 0.25 ? 'high' : 'medium',
      title: both((lang) =>
        lang === 'es'
          ? `Vínculos esperados que no se concretaron: ${programmeName(model, id, lang)}`
          : `Expected links that never became effective: ${programmeName(model, id, lang)}`,
      ),
      detail: both((lang) => {
        const names = list(
          effective.map((l) => programmeName(model, l.with, lang)),
          lang,
        );
        return lang === 'es'
          ? `Se esperaba que ${programmeName(model, id, lang)} se vinculara con otros programas (${years(lang)}); solo ${countNoun(effective.length, EFFECTIVE_PROGRAMME_LINK, lang)}${names ? ` (${names})` : ''}.`
          : `${programmeName(model, id, lang)} was expected to link with other programmes (${years(lang)}); only ${countNoun(effective.length, EFFECTIVE_PROGRAMME_LINK, lang)}${names ? ` (${names})` : ''}.`;
      }),
      nodes: uniq([programmeNode(id), ...shownLinks.map((l) => l.target).filter((t): t is string => !!t)]),
      edges: shownLinks.map((l) => l.edge).filter((e): e is string => e !== undefined),
      evidence,
      sources: uniq(versions.flatMap((v) => sourceList(v.coordination.expectedLinks?.source))),
    });
  }
  return out;
}

/** A declared link that never became effective (links already explained by another flag are left to it). */
export function ineffectiveLinks(model: GraphModel, covered: Set<string>): Flag[] {
  const out: Flag[] = [];
  for (const l of model.links) {
    if (l.link.effective || !l.edge || covered.has(l.edge)) continue;
    const id = `ineffective-link:${l.programme.id}->${l.link.with}`;
    if (out.some((f) => f.id === id)) continue;
    const target = l.target as string;
    out.push({
      id,
      type: 'ineffective-link',
      severity: l.link.kind === 'formal' ? 'medium' : 'low',
      title: both((lang) =>
        lang === 'es'
          ? `Vínculo declarado que no se hizo efectivo: ${programmeName(model, l.programme.id, lang)} – ${nameOf(model, target, lang)}`
          : `Declared link that never became effective: ${programmeName(model, l.programme.id, lang)} – ${nameOf(model, target, lang)}`,
      ),
      detail: both((lang) => {
        const name = programmeName(model, l.programme.id, lang);
        const who = name.includes(String(l.programme.fiscalYear))
          ? name
          : `${name} (${l.programme.fiscalYear})`;
        const label = l.link.label ? (lang === 'es' ? ` «${l.link.label.es}»` : ` "${l.link.label.en}"`) : '';
        return lang === 'es'
          ? `${who} declara un vínculo ${l.link.kind === 'formal' ? 'formal' : 'informal'}${label} con ${nameOf(model, target, lang)}, ${l.link.budgetBacked ? 'con' : 'sin'} presupuesto, que según las fuentes no resultó efectivo.`
          : `${who} declares ${l.link.kind === 'formal' ? 'a formal' : 'an informal'} link${label} with ${nameOf(model, target, lang)}, ${l.link.budgetBacked ? 'with' : 'without'} a budget, which the sources show did not become effective.`;
      }),
      nodes: [programmeNode(l.programme.id), target],
      edges: [l.edge, l.viaEdge].filter((e): e is string => e !== undefined),
      evidence: { formal: l.link.kind === 'formal' ? 1 : 0, budgetBacked: l.link.budgetBacked ? 1 : 0 },
      sources: sourceList(l.link.source),
    });
  }
  return out;
}

/**
 * A regional bloc's coordination body that none of the bloc's schemes works with (MERCOSUR's GIP,
 * UNASUR's COSIPLAN): bodies that administer a scheme are not counted.
 */
export function missingLinks(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  const agencies = new Set([...model.programmes.values()].map((p) => p.version.agency));
  for (const body of model.catalogue.bodies.values()) {
    if (body.kind !== 'coordination_body' || body.level !== 'regional' || agencies.has(body.id)) continue;
    const node = bodyNode(body);
    if (!model.graph.hasNode(node)) continue;
    const bloc = [...model.programmes.entries()].filter(([, p]) =>
      blocsOf(model.catalogue, p.version).has(body.country),
    );
    if (!bloc.length) continue;
    const declared = model.links.filter((l) => l.link.with === body.id || l.link.via === body.id);
    if (declared.some((l) => l.link.effective)) continue;
    const name = body.shortName ?? body.name.en;
    out.push({
      id: `missing-link:${body.id}`,
      type: 'missing-link',
      severity: declared.length ? 'medium' : 'high',
      title: both((lang) =>
        lang === 'es'
          ? `Esquemas de ESS de ${body.country} sin vínculo efectivo con ${name}`
          : `${body.country} SSE schemes with no effective link to ${name}`,
      ),
      detail: both((lang) => {
        const names = list(
          bloc.map(([id]) => programmeName(model, id, lang)),
          lang,
        );
        const full = body.shortName ? `${body.shortName} (${body.name[lang]})` : body.name[lang];
        const links = declared.length
          ? countNoun(declared.length, INEFFECTIVE_DECLARED_LINK, lang)
          : lang === 'es'
            ? 'no se declara ningún vínculo'
            : 'no link is declared';
        if (bloc.length === 1)
          return lang === 'es'
            ? `El único esquema de ${body.country} en el grafo (${names}) no trabaja efectivamente con ${full}; ${links}.`
            : `The only ${body.country} scheme in the graph (${names}) does not work effectively with ${full}; ${links}.`;
        return lang === 'es'
          ? `Ninguno de los ${num(bloc.length, lang)} esquemas de ${body.country} en el grafo (${names}) trabaja efectivamente con ${full}; ${links}.`
          : `None of the ${num(bloc.length, lang)} ${body.country} schemes in the graph (${names}) works effectively with ${full}; ${links}.`;
      }),
      nodes: [node, ...bloc.map(([id]) => programmeNode(id))],
      edges: declared.flatMap((l) => [l.edge, l.viaEdge].filter((e): e is string => e !== undefined)),
      evidence: { programmes: bloc.length, declaredLinks: declared.length, effectiveLinks: 0 },
      sources: uniq([...sourceList(body.source), ...declared.flatMap((l) => sourceList(l.link.source))]),
    });
  }
  return out;
}

/** A criterion that needs a body (an advisory council that meets) in territories where it does not work. */
export function inactiveBodyDependencies(model: GraphModel): Flag[] {
  const out: Flag[] = [];
  const analysis = model.analysis;
  for (const d of model.dependencies) {
    if (!d.inactiveTerritories.length) continue;
    const evaluated = analysis?.programmes.some((p) => p.key === d.programme.key);
    const places = analysis?.tracked.get(trackedKey(d.programme, d.criterion));
    let groups = 0;
    let failing = 0;
    let eligible = 0;
    for (const code of d.inactiveTerritories) {
      const t = places?.get(code);
      if (!t) continue;
      groups += t.groups;
      failing += t.failing;
      eligible += t.eligible;
    }
    const territoryNames = (lang: 'es' | 'en') =>
      list(
        d.inactiveTerritories.map((c) => model.catalogue.territories.name(c)),
        lang,
      );
    const bodies = d.bodies.map((b: Body) => b.shortName ?? b.name.en).join(', ');
    const criterion = d.programme.criteria.find((c) => c.id === d.criterion);
    out.push({
      id: `inactive-body-dependency:${d.programme.id}/${d.criterion}`,
      type: 'inactive-body-dependency',
      severity: 'high',
      title: both((lang) =>
        lang === 'es'
          ? `Criterio que depende de un órgano inactivo: ${programmeName(model, d.programme.id, lang)}, «${criterion?.label.es ?? d.criterion}»`
          : `Criterion depending on an inactive body: ${programmeName(model, d.programme.id, lang)}, "${criterion?.label.en ?? d.criterion}"`,
      ),
      detail: both((lang) => {
        const population =
          evaluated && analysis
            ? lang === 'es'
              ? ` En la población analizada (${num(analysis.population.size, lang)} grupos), ${num(groups, lang)} grupos operan ahí: no elegibles por este criterio, ${num(failing, lang)}; elegibles, ${num(eligible, lang)}.`
              : ` In the population analysed (${num(analysis.population.size, lang)} groups), ${num(groups, lang)} groups operate there: ineligible on this criterion, ${num(failing, lang)}; eligible, ${num(eligible, lang)}.`
            : '';
        return lang === 'es'
          ? `El criterio ${d.criterion} depende de un órgano (${d.dependency.label.es.charAt(0).toLowerCase()}${d.dependency.label.es.slice(1)}); ${bodies} tuvo poca o ninguna actividad en ${countNoun(d.inactiveTerritories.length, NOUNS.territory, lang)} (${territoryNames(lang)}), donde los grupos no pueden cumplirlo.${population}`
          : `Criterion ${d.criterion} reads a fact that depends on a body (${d.dependency.label.en.charAt(0).toLowerCase()}${d.dependency.label.en.slice(1)}); ${bodies} had little or no activity in ${countNoun(d.inactiveTerritories.length, NOUNS.territory, lang)} (${territoryNames(lang)}), where groups cannot meet it.${population}`;
      }),
      nodes: uniq([
        programmeNode(d.programme.id),
        ...d.bodies.map(bodyNode),
        ...d.inactiveTerritories.map(territoryNode),
      ]),
      edges: d.edges,
      evidence: {
        inactiveTerritories: d.inactiveTerritories.length,
        ...(evaluated ? { groupsInInactiveTerritories: groups, failing, eligible } : {}),
      },
      sources: uniq([...sourceList(criterion?.source), ...d.dependency.source]),
    });
  }
  return out;
}
