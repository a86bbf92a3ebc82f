import type { z } from '@hono/zod-openapi';
import { MultiDirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { FlagsSchema, GraphSchema, OverlapsSchema } from '../../api/graph-schemas';
import type { CommitteeConfig } from '../committee-config';

/**
 * The committee page in the browser: fetches the graph, its flags and the overlap analysis from the
 * API (with the sign-in cookie), draws the graph with sigma, and fills the flags panel, the overlap
 * heatmap and the coverage chart. State the tests read is written to data- attributes of #graph.
 */

type GraphJson = z.infer<typeof GraphSchema>;
type FlagsJson = z.infer<typeof FlagsSchema>;
type Flag = FlagsJson['flags'][number];
type OverlapsJson = z.infer<typeof OverlapsSchema>;
type NodeJson = GraphJson['nodes'][number]['attributes'];

/** Beside a programme that ran on the date but whose rules for that year are not encoded. */
const NO_RULES = { es: 'sin reglas codificadas', en: 'rules not encoded' } as const;
type EdgeJson = GraphJson['edges'][number]['attributes'];

/** What sigma draws, with the API's attributes kept whole under `node`/`edge`. */
interface DrawNode {
  node: NodeJson;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
}
interface DrawEdge {
  edge: EdgeJson;
  label: string;
  size: number;
  color: string;
}

const COLORS: Record<NodeJson['kind'], string> = {
  programme: '#0b5cad',
  agency: '#8250df',
  body: '#bf3989',
  fund: '#1a7f37',
  territory: '#9a6700',
};
const SIZES: Record<NodeJson['kind'], number> = { programme: 11, agency: 8, body: 7, fund: 7, territory: 5 };
const EDGE = '#b6bec8';
const FLAGGED = '#d1242f';
const FADED = '#e4e7eb';

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; text?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const out = document.createElement(tag);
  if (props.class) out.className = props.class;
  if (props.text !== undefined) out.textContent = props.text;
  out.append(...children);
  return out;
}

const config = JSON.parse(byId('committee-config').textContent ?? '{}') as CommitteeConfig;
const lang = config.lang;
const text = (key: string, vars: Record<string, string | number> = {}) =>
  (config.text[key] ?? key).replace(/\{(\w+)\}/g, (all, name: string) =>
    vars[name] === undefined ? all : String(vars[name]),
  );
const number = (n: number, digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    try {
      const problem = (await response.json()) as { detail?: string; title?: string };
      detail = problem.detail ?? problem.title ?? detail;
    } catch {
      // Not a problem document: the status line says enough.
    }
    throw new Error(detail);
  }
  return (await response.json()) as T;
}

// ------------------------------------------------------------------------------------- graph

function buildGraph(data: GraphJson) {
  const graph = new MultiDirectedGraph<DrawNode, DrawEdge>();
  // A deterministic start (nodes on a circle in key order) makes ForceAtlas2's result the same every load.
  const keys = data.nodes.map((n) => n.key).sort();
  const angle = new Map(keys.map((k, i) => [k, (2 * Math.PI * i) / Math.max(keys.length, 1)]));
  for (const { key, attributes } of data.nodes) {
    const a = angle.get(key) ?? 0;
    graph.addNode(key, {
      node: attributes,
      // A programme that ran on the date without encoded rules says so beside its name.
      label: `${attributes.shortName ?? attributes.label[lang]}${attributes.state === 'no_rules' ? ` (${NO_RULES[lang]})` : ''}`,
      x: 100 * Math.cos(a),
      y: 100 * Math.sin(a),
      size: SIZES[attributes.kind],
      color: COLORS[attributes.kind],
    });
  }
  for (const { key, source, target, attributes } of data.edges) {
    graph.addDirectedEdgeWithKey(key, source, target, {
      edge: attributes,
      label: attributes.label ? attributes.label[lang] : attributes.kind,
      size: attributes.flags.length ? 2.5 : 1,
      color: attributes.flags.length ? FLAGGED : EDGE,
    });
  }
  forceAtlas2.assign(graph, {
    iterations: 400,
    settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: false },
  });
  return graph;
}

interface ViewState {
  /** Nodes of the active flag; the node reducer reads this same set. */
  highlighted: Set<string>;
  highlightedEdges: Set<string>;
  activeFlag: string;
  /** Nodes left out by the level, country and agency filters. */
  hidden: Set<string>;
}

function draw(graph: MultiDirectedGraph<DrawNode, DrawEdge>, container: HTMLElement, state: ViewState) {
  const renderer = new Sigma<DrawNode, DrawEdge>(graph, container, {
    defaultEdgeType: 'arrow',
    renderEdgeLabels: false,
    labelRenderedSizeThreshold: 7,
    zIndex: true,
    nodeReducer: (node, data) => {
      const out: Partial<NodeDisplayData> = { ...data };
      if (state.hidden.has(node)) out.hidden = true;
      if (state.highlighted.size) {
        if (state.highlighted.has(node)) {
          out.highlighted = true;
          out.forceLabel = true;
          out.zIndex = 2;
          out.size = data.size * 1.4;
        } else {
          out.color = FADED;
          out.label = null;
          out.zIndex = 0;
        }
      }
      return out;
    },
    edgeReducer: (edge, data) => {
      const out: Partial<EdgeDisplayData> = { ...data };
      if (state.hidden.has(graph.source(edge)) || state.hidden.has(graph.target(edge))) out.hidden = true;
      if (state.highlighted.size) {
        if (state.highlightedEdges.has(edge)) {
          out.color = FLAGGED;
          out.size = 4;
          out.zIndex = 2;
        } else if (
          !(state.highlighted.has(graph.source(edge)) && state.highlighted.has(graph.target(edge)))
        ) {
          out.color = FADED;
          out.zIndex = 0;
        }
      }
      return out;
    },
  });
  return renderer;
}

/** Writes what the page shows to #graph's data- attributes, from the renderer's own display data. */
function publish(
  renderer: Sigma<DrawNode, DrawEdge>,
  graph: MultiDirectedGraph<DrawNode, DrawEdge>,
  container: HTMLElement,
  state: ViewState,
) {
  const visible = graph.filterNodes((n) => !renderer.getNodeDisplayData(n)?.hidden);
  container.dataset.nodeCount = String(graph.order);
  container.dataset.edgeCount = String(graph.size);
  container.dataset.visibleCount = String(visible.length);
  container.dataset.activeFlag = state.activeFlag;
  container.dataset.highlighted = [...state.highlighted].sort().join(' ');
  container.dataset.drawnHighlighted = graph
    .filterNodes((n) => renderer.getNodeDisplayData(n)?.highlighted === true)
    .sort()
    .join(' ');
}

function showNode(graph: MultiDirectedGraph<DrawNode, DrawEdge>, node: string, flags: Map<string, Flag>) {
  const a = graph.getNodeAttributes(node).node;
  const details = byId('node-details');
  const list = element('dl');
  const row = (term: string, value: unknown) => {
    if (value !== undefined && value !== '')
      list.append(element('dt', { text: term }), element('dd', { text: String(value) }));
  };
  row(text(`kind_${a.kind}`), a.label[lang]);
  row(text('detailKey'), a.key ?? node);
  row(text('detailLevel'), a.level);
  row(text('detailCountry'), a.country);
  row(text('detailAgency'), a.agency);
  if (a.validFrom) row(text('detailValidity'), `${a.validFrom} – ${a.validTo ?? ''}`);
  if (a.eligible !== undefined)
    row(text('coverageEligible'), `${number(a.eligible)} (${number((a.coverage ?? 0) * 100, 1)} %)`);
  row(text('sources'), a.sources.join('; '));
  row(text('detailFlags'), a.flags.map((id) => flags.get(id)?.title[lang] ?? id).join(' · '));
  details.replaceChildren(element('h4', { text: a.label[lang] }), list);
}

// ------------------------------------------------------------------------------------- filters

function applyFilters(graph: MultiDirectedGraph<DrawNode, DrawEdge>, state: ViewState) {
  const value = (name: string) =>
    document.querySelector<HTMLSelectElement>(`[data-filter="${name}"]`)?.value ?? '';
  const level = value('level');
  const country = value('country');
  const agency = value('agency');
  state.hidden.clear();
  if (!level && !country && !agency) return { level, country, agency };
  // The programmes that match, and whatever they connect to: "these programmes and their links".
  const kept = new Set<string>();
  graph.forEachNode((node, { node: a }) => {
    if (a.kind !== 'programme') return;
    if ((level && a.level !== level) || (country && a.country !== country) || (agency && a.agency !== agency))
      return;
    kept.add(node);
    for (const neighbour of graph.neighbors(node)) kept.add(neighbour);
  });
  graph.forEachNode((node) => {
    if (!kept.has(node)) state.hidden.add(node);
  });
  return { level, country, agency };
}

// ------------------------------------------------------------------------------------- flags

function renderFlags(
  flags: Flag[],
  graph: MultiDirectedGraph<DrawNode, DrawEdge>,
  onToggle: (flag: Flag, button: HTMLButtonElement) => void,
) {
  const list = byId('flags');
  if (!flags.length) {
    list.replaceChildren(element('li', { text: text('noFlags') }));
    return;
  }
  list.replaceChildren(
    ...flags.map((flag) => {
      const item = element('li', { class: flag.severity });
      item.dataset.flag = flag.id;
      const evidence = element('dl');
      for (const [key, value] of Object.entries(flag.evidence))
        evidence.append(element('dt', { text: key }), element('dd', { text: number(value, 4) }));
      const button = element('button', { text: text('highlight') });
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.dataset.flag = flag.id;
      const nodes = flag.nodes.filter((n) => graph.hasNode(n));
      button.disabled = nodes.length === 0;
      button.addEventListener('click', () => onToggle(flag, button));
      item.append(
        element(
          'h3',
          {},
          element('span', { class: 'severity', text: `${text(`severity_${flag.severity}`)} · ` }),
          flag.title[lang],
        ),
        element('p', { text: flag.detail[lang] }),
        element('p', { class: 'hint', text: `${text('evidence')}:` }),
        evidence,
        element('p', { class: 'source', text: `${text('sources')}: ${flag.sources.join('; ')}` }),
        button,
      );
      return item;
    }),
  );
}

// -------------------------------------------------------------------------------- heatmap, chart

function shade(value: number, max: number): string {
  const t = max > 0 ? Math.min(1, value / max) : 0;
  // Light to dark blue; text turns white on the darker half for contrast.
  return `hsl(211, 80%, ${Math.round(96 - t * 58)}%)`;
}

function renderOverlap(overlaps: OverlapsJson, metric: 'both' | 'jaccard') {
  const box = byId('overlap');
  const programmes = overlaps.programmes;
  const pair = new Map(
    overlaps.pairs.flatMap((p) => [[`${p.a}|${p.b}`, p] as const, [`${p.b}|${p.a}`, p] as const]),
  );
  const values: number[] = [];
  for (const a of programmes)
    for (const b of programmes) {
      if (a.key === b.key) continue;
      const p = pair.get(`${a.key}|${b.key}`);
      values.push(p ? (metric === 'both' ? p.both : p.jaccard) : 0);
    }
  const max = Math.max(...values, metric === 'jaccard' ? 0 : 1);
  const table = element('table', { class: 'heatmap' });
  table.append(
    element('caption', {
      text: `${metric === 'both' ? text('metricBoth') : text('metricJaccard')} — ${number(overlaps.population.size)} · ${overlaps.population.kind === 'stored' ? text('populationStored') : text('populationSynthetic')}`,
    }),
  );
  const head = element('tr', {}, element('td'));
  for (const p of programmes) {
    const th = element('th', { text: p.label[lang] });
    th.scope = 'col';
    head.append(th);
  }
  table.append(element('thead', {}, head));
  const body = element('tbody');
  for (const a of programmes) {
    const th = element('th', { text: a.label[lang] });
    th.scope = 'row';
    const row = element('tr', {}, th);
    for (const b of programmes) {
      const cell = element('td');
      if (a.key === b.key) {
        cell.className = 'diagonal';
        cell.textContent = number(a.eligible);
      } else {
        const p = pair.get(`${a.key}|${b.key}`);
        const value = p ? (metric === 'both' ? p.both : p.jaccard) : 0;
        cell.textContent = metric === 'both' ? number(value) : number(value, 3);
        cell.style.backgroundColor = shade(value, max);
        if (max > 0 && value / max > 0.6) cell.style.color = '#fff';
        cell.dataset.value = String(value);
      }
      row.append(cell);
    }
    body.append(row);
  }
  table.append(body);
  box.replaceChildren(table);
}

const SVG = 'http://www.w3.org/2000/svg';
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>) {
  const out = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attributes)) out.setAttribute(k, String(v));
  return out;
}

function renderCoverage(overlaps: OverlapsJson) {
  const box = byId('coverage');
  const size = overlaps.population.size || 1;
  // Each programme's full name above its bar, so long names are never cut.
  const rowHeight = 44;
  const barWidth = 560;
  const width = barWidth + 150;
  const height = overlaps.programmes.length * rowHeight + 4;
  const chart = svg('svg', {
    class: 'coverage',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
    'aria-labelledby': 'coverage-title',
  });
  overlaps.programmes.forEach((p, i) => {
    const y = i * rowHeight;
    const eligible = p.eligible / size;
    const undetermined = p.undetermined / size;
    const name = svg('text', { x: 0, y: y + 13 });
    name.textContent = p.label[lang];
    const title = svg('title', {});
    title.textContent = `${p.label[lang]}: ${number(eligible * 100, 1)} % ${text('coverageEligible')}, ${number(undetermined * 100, 1)} % ${text('coverageUndetermined')}`;
    const bar = y + 18;
    const group = svg('g', { 'data-programme': p.key });
    group.append(
      title,
      name,
      svg('rect', { class: 'track', x: 0, y: bar, width: barWidth, height: 18 }),
      svg('rect', { class: 'eligible', x: 0, y: bar, width: eligible * barWidth, height: 18 }),
      svg('rect', {
        class: 'undetermined',
        x: eligible * barWidth,
        y: bar,
        width: undetermined * barWidth,
        height: 18,
      }),
    );
    const value = svg('text', { x: barWidth + 8, y: bar + 13 });
    value.textContent = `${number(eligible * 100, 1)} % (+${number(undetermined * 100, 1)} %)`;
    group.append(value);
    chart.append(group);
  });
  box.replaceChildren(chart);
}

// --------------------------------------------------------------------------------------- main

async function main() {
  const container = byId('graph');
  const status = byId('graph-status');
  try {
    const [graphJson, flagsJson, overlaps] = await Promise.all([
      getJson<GraphJson>(config.api.graph),
      getJson<FlagsJson>(config.api.flags),
      config.api.overlaps ? getJson<OverlapsJson>(config.api.overlaps) : Promise.resolve(undefined),
    ]);
    const graph = buildGraph(graphJson);
    const state: ViewState = {
      highlighted: new Set(),
      highlightedEdges: new Set(),
      activeFlag: '',
      hidden: new Set(),
    };
    applyFilters(graph, state);
    const renderer = draw(graph, container, state);
    const flags = new Map(flagsJson.flags.map((f) => [f.id, f]));
    const refresh = () => {
      renderer.refresh();
      publish(renderer, graph, container, state);
    };

    renderFlags(flagsJson.flags, graph, (flag, button) => {
      const on = state.activeFlag !== flag.id;
      state.activeFlag = on ? flag.id : '';
      state.highlighted = new Set(on ? flag.nodes.filter((n) => graph.hasNode(n)) : []);
      state.highlightedEdges = new Set(on ? flag.edges.filter((e) => graph.hasEdge(e)) : []);
      for (const other of document.querySelectorAll<HTMLButtonElement>('#flags button[data-flag]')) {
        other.setAttribute('aria-pressed', String(other === button && on));
        other.closest('li')?.classList.toggle('active', other === button && on);
      }
      refresh();
    });
    renderer.on('clickNode', ({ node }) => showNode(graph, node, flags));

    for (const select of document.querySelectorAll<HTMLSelectElement>('[data-filter]')) {
      select.addEventListener('change', () => {
        const chosen = applyFilters(graph, state);
        const url = new URL(window.location.href);
        for (const [k, v] of Object.entries(chosen)) {
          if (v) url.searchParams.set(k, v);
          else url.searchParams.delete(k);
        }
        window.history.replaceState(null, '', url);
        refresh();
      });
    }

    if (overlaps?.programmes.length) {
      renderOverlap(overlaps, 'both');
      renderCoverage(overlaps);
      for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="metric"]')) {
        radio.addEventListener('change', () =>
          renderOverlap(overlaps, radio.value === 'jaccard' ? 'jaccard' : 'both'),
        );
      }
    } else {
      const reason = text(overlaps ? 'noProgrammes' : 'noOverlap');
      byId('overlap').replaceChildren(element('p', { text: reason }));
      byId('coverage').replaceChildren(element('p', { text: reason }));
    }

    const population = (graphJson.attributes.population as { size?: number } | undefined)?.size ?? 0;
    status.textContent = text('loaded', {
      nodes: number(graph.order),
      edges: number(graph.size),
      asOf: config.asOf,
      groups: number(population),
    });
    refresh();
    container.dataset.state = 'ready';
  } catch (error) {
    status.textContent = text('loadFailed', { detail: (error as Error).message });
    container.dataset.state = 'error';
  }
}

void main();
