import type { z } from '@hono/zod-openapi';
import { MultiDirectedGraph } from 'graphology';
import Sigma from 'sigma';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import type { FlagsSchema, GraphSchema } from '../../api/graph-schemas';
import { byId, element, lang, number, percent, text, word } from './dom';
import type { LayoutInput, LayoutResult } from './layout';

/**
 * The graph on the page: sigma over graphology with the positions the layout worker computed, the
 * filters (level, country, agency, programmes not in force), the highlight of a flag (zoomed to its
 * nodes), and the same details as a click in a table a keyboard and a screen reader can use.
 */

export type GraphJson = z.infer<typeof GraphSchema>;
export type Flag = z.infer<typeof FlagsSchema>['flags'][number];
type NodeJson = GraphJson['nodes'][number]['attributes'];
type EdgeJson = GraphJson['edges'][number]['attributes'];

export interface DrawNode {
  node: NodeJson;
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
}
export interface DrawEdge {
  edge: EdgeJson;
  size: number;
  color: string;
}
export type Graph = MultiDirectedGraph<DrawNode, DrawEdge>;

const COLORS: Record<NodeJson['kind'], string> = {
  programme: '#0b5cad',
  agency: '#8250df',
  body: '#bf3989',
  fund: '#1a7f37',
  territory: '#9a6700',
};
const SIZES: Record<NodeJson['kind'], number> = { programme: 9, agency: 7, body: 6, fund: 6, territory: 4 };
const EDGE = '#b6bec8';
const FLAGGED = '#d1242f';
const FADED = '#e4e7eb';
const MUTED = '#aab2bd';
export const LABEL_SIZE = 12;

export interface ViewState {
  highlighted: Set<string>;
  highlightedEdges: Set<string>;
  activeFlag: string;
  /** Nodes left out by the filters. */
  hidden: Set<string>;
  /** Programmes not in force on the date (drawn grey, or hidden by the toggle). */
  inactive: Set<string>;
}

/** A programme that ran on the date without encoded rules for that year says so beside its name. */
export const nodeLabel = (a: NodeJson) =>
  `${a.shortName ?? a.label[lang]}${a.state === 'no_rules' ? ` (${text('noRules')})` : ''}`;

/** What the layout worker needs: keys, kinds, levels, labels and sizes, and the edges. */
export function layoutInput(data: GraphJson, width: number): LayoutInput {
  return {
    nodes: data.nodes.map(({ key, attributes: a }) => ({
      key,
      kind: a.kind,
      ...(a.level ? { level: a.level } : {}),
      label: nodeLabel(a),
      size: SIZES[a.kind],
    })),
    edges: data.edges.map(({ source, target }) => ({ source, target })),
    width,
    labelSize: LABEL_SIZE,
  };
}

/** The graph, every node at the origin until the layout arrives (place()). */
export function buildGraph(data: GraphJson): Graph {
  const graph: Graph = new MultiDirectedGraph();
  for (const { key, attributes } of data.nodes) {
    graph.addNode(key, {
      node: attributes,
      label: nodeLabel(attributes),
      x: 0,
      y: 0,
      size: SIZES[attributes.kind],
      color: COLORS[attributes.kind],
    });
  }
  for (const { key, source, target, attributes } of data.edges) {
    graph.addDirectedEdgeWithKey(key, source, target, {
      edge: attributes,
      size: attributes.flags.length ? 2 : 0.8,
      color: attributes.flags.length ? FLAGGED : EDGE,
    });
  }
  return graph;
}

/** Puts the nodes where the layout says; sigma's y axis points up, the layout's (like the page's) down. */
export function place(graph: Graph, layout: LayoutResult) {
  graph.updateEachNodeAttributes((key, a) => {
    const at = layout.positions[key] ?? { x: 0, y: 0 };
    return { ...a, x: at.x, y: -at.y };
  });
}

export function draw(graph: Graph, container: HTMLElement, state: ViewState) {
  return new Sigma<DrawNode, DrawEdge>(graph, container, {
    defaultEdgeType: 'arrow',
    renderEdgeLabels: false,
    labelSize: LABEL_SIZE,
    labelFont: 'Arial',
    stagePadding: 0,
    zIndex: true,
    nodeReducer: (node, data) => {
      const out: Partial<NodeDisplayData> = { ...data };
      if (state.hidden.has(node)) out.hidden = true;
      // The layout leaves room for every label: all are drawn (sigma's grid would drop some).
      out.forceLabel = true;
      if (state.inactive.has(node)) out.color = MUTED;
      if (state.highlighted.size) {
        if (state.highlighted.has(node)) {
          out.highlighted = true;
          out.zIndex = 2;
          out.size = data.size * 1.4;
        } else {
          out.color = FADED;
          out.label = null;
          out.forceLabel = false;
          out.zIndex = 0;
        }
      }
      return out;
    },
    edgeReducer: (edge, data) => {
      const out: Partial<EdgeDisplayData> = { ...data };
      const [s, t] = graph.extremities(edge);
      if (state.hidden.has(s) || state.hidden.has(t)) out.hidden = true;
      if (state.highlighted.size) {
        if (state.highlightedEdges.has(edge)) {
          out.color = FLAGGED;
          out.size = 3;
          out.zIndex = 2;
        } else if (!(state.highlighted.has(s) && state.highlighted.has(t))) {
          out.color = FADED;
          out.zIndex = 0;
        }
      }
      return out;
    },
  });
}

/** Moves the camera onto the nodes (the whole graph when none), with a margin. */
export function zoomTo(renderer: Sigma<DrawNode, DrawEdge>, nodes: string[]) {
  const camera = renderer.getCamera();
  const points = nodes.map((n) => renderer.getNodeDisplayData(n)).filter((d) => d !== undefined);
  if (!points.length) return camera.animatedReset({ duration: 300 });
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  return camera.animate(
    {
      x: (Math.max(...xs) + Math.min(...xs)) / 2,
      y: (Math.max(...ys) + Math.min(...ys)) / 2,
      ratio: Math.min(1, Math.max(0.2, span * 2.4)),
    },
    { duration: 300 },
  );
}

/** Writes what the page shows to #graph's data- attributes, from the renderer's own display data. */
export function publish(
  renderer: Sigma<DrawNode, DrawEdge>,
  graph: Graph,
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
  const labels = labelOverlaps(renderer, graph, visible);
  container.dataset.labelOverlaps = String(labels.overlaps);
  container.dataset.labelsOutside = String(labels.outside);
  return visible;
}

/**
 * Pairs of drawn nodes whose boxes (the node and its label, as sigma places it on screen) overlap, or
 * that run past the drawing's edges: what the layout promises is none, at the initial zoom.
 */
function labelOverlaps(renderer: Sigma<DrawNode, DrawEdge>, graph: Graph, nodes: string[]) {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return { overlaps: 0, outside: 0 };
  context.font = `${LABEL_SIZE}px Arial`;
  const { width, height } = renderer.getDimensions();
  const boxes = nodes.map((n) => {
    const d = renderer.getNodeDisplayData(n) as NodeDisplayData;
    // graphToViewport takes the graph's own coordinates (the display data's are normalised).
    const at = renderer.graphToViewport(graph.getNodeAttributes(n));
    const size = renderer.scaleSize(d.size);
    const labelWidth = d.label ? context.measureText(d.label).width + 3 : 0;
    const half = Math.max(size, LABEL_SIZE / 2);
    return { left: at.x - size, right: at.x + size + labelWidth, top: at.y - half, bottom: at.y + half };
  });
  let count = 0;
  let outside = 0;
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i] as (typeof boxes)[number];
    if (a.left < 0 || a.right > width + 1 || a.top < 0 || a.bottom > height + 1) outside++;
    for (let j = i + 1; j < boxes.length; j++) {
      const b = boxes[j] as (typeof boxes)[number];
      if (
        a.left < b.right - 0.5 &&
        b.left < a.right - 0.5 &&
        a.top < b.bottom - 0.5 &&
        b.top < a.bottom - 0.5
      )
        count++;
    }
  }
  return { overlaps: count, outside };
}

/** The details of a node, as a definition list: what a click on the canvas and the table show. */
export function nodeDetails(graph: Graph, node: string, flags: Map<string, Flag>, asOf: string) {
  const a = graph.getNodeAttributes(node).node;
  const list = element('dl');
  const row = (term: string, value: unknown) => {
    if (value !== undefined && value !== '')
      list.append(element('dt', { text: term }), element('dd', { text: String(value) }));
  };
  row(text(`kind_${a.kind}`), a.label[lang]);
  row(text('detailLevel'), word(a.level));
  row(text('detailCountry'), word(a.country));
  if (a.agency) {
    const agency = graph.hasNode(`agency:${a.agency}`) ? `agency:${a.agency}` : undefined;
    row(text('detailAgency'), agency ? graph.getNodeAttribute(agency, 'label') : '');
  }
  if (a.validFrom) {
    const inForce = a.validFrom <= asOf && (!a.validTo || asOf <= a.validTo);
    row(
      text('detailValidity'),
      `${a.validFrom} – ${a.validTo ?? ''} (${text(a.state === 'no_rules' ? 'noRules' : inForce ? 'inForceYes' : 'inForceNo')})`,
    );
  }
  if (a.eligible !== undefined)
    row(text('coverageEligible'), `${number(a.eligible)} (${percent(a.coverage ?? 0)})`);
  row(text('sources'), a.sources.join('; '));
  row(text('detailFlags'), a.flags.map((id) => flags.get(id)?.title[lang] ?? '').join(' · '));
  return [element('h4', { text: a.label[lang] }), list];
}

export function showNode(graph: Graph, node: string, flags: Map<string, Flag>, asOf: string) {
  byId('node-details').replaceChildren(...nodeDetails(graph, node, flags, asOf));
}

/**
 * The graph as tables: every node (a button opens the same details as a click on the canvas) and
 * every link, with its kind and flags. Rows of nodes the filters leave out are hidden too.
 */
export function renderTables(graph: Graph, flags: Map<string, Flag>, asOf: string) {
  const head = (...names: string[]) =>
    element(
      'thead',
      {},
      element('tr', {}, ...names.map((n) => Object.assign(element('th', { text: n }), { scope: 'col' }))),
    );
  const nodes = element('table', { class: 'graph-table' });
  nodes.id = 'graph-nodes';
  nodes.append(
    element('caption', { text: text('nodesTable') }),
    head(text('nodeName'), text('nodeKind'), text('detailLevel'), text('detailFlags')),
  );
  const body = element('tbody');
  const sorted = graph
    .nodes()
    .sort((a, b) => graph.getNodeAttribute(a, 'label').localeCompare(graph.getNodeAttribute(b, 'label')));
  for (const key of sorted) {
    const a = graph.getNodeAttributes(key).node;
    const button = element('button', { class: 'link', text: graph.getNodeAttribute(key, 'label') });
    button.type = 'button';
    button.dataset.node = key;
    button.addEventListener('click', () => showNode(graph, key, flags, asOf));
    const tr = element(
      'tr',
      {},
      element('td', {}, button),
      element('td', { text: text(`kind_${a.kind}`) }),
      element('td', { text: word(a.level) }),
      element('td', { text: a.flags.length ? number(a.flags.length) : '' }),
    );
    tr.dataset.node = key;
    body.append(tr);
  }
  nodes.append(body);

  const edges = element('table', { class: 'graph-table' });
  edges.id = 'graph-edges';
  edges.append(
    element('caption', { text: text('edgesTable') }),
    head(text('edgeFrom'), text('edgeKind'), text('edgeTo'), text('detailFlags')),
  );
  const edgeBody = element('tbody');
  graph.forEachEdge((key, e, source, target) => {
    const tr = element(
      'tr',
      {},
      element('td', { text: graph.getNodeAttribute(source, 'label') }),
      element('td', { text: e.edge.label?.[lang] ?? text(`edge_${e.edge.kind}`) }),
      element('td', { text: graph.getNodeAttribute(target, 'label') }),
      element('td', { text: e.edge.flags.map((id) => flags.get(id)?.title[lang] ?? '').join(' · ') }),
    );
    tr.dataset.edge = key;
    tr.dataset.source = source;
    tr.dataset.target = target;
    edgeBody.append(tr);
  });
  edges.append(edgeBody);
  byId('graph-tables').replaceChildren(nodes, edges);
}

/** Hides the rows of the nodes (and their links) that the filters leave out. */
export function filterTables(state: ViewState) {
  for (const row of document.querySelectorAll<HTMLTableRowElement>('#graph-nodes tbody tr'))
    row.hidden = state.hidden.has(row.dataset.node ?? '');
  for (const row of document.querySelectorAll<HTMLTableRowElement>('#graph-edges tbody tr'))
    row.hidden = state.hidden.has(row.dataset.source ?? '') || state.hidden.has(row.dataset.target ?? '');
}

/** The level, country and agency filters and the toggle for programmes not in force. */
export function applyFilters(graph: Graph, state: ViewState, showInactive: boolean) {
  const value = (name: string) =>
    document.querySelector<HTMLSelectElement>(`[data-filter="${name}"]`)?.value ?? '';
  const level = value('level');
  const country = value('country');
  const agency = value('agency');
  state.hidden.clear();
  if (!showInactive) for (const n of state.inactive) state.hidden.add(n);
  if (!level && !country && !agency) return { level, country, agency };
  // The programmes that match, and whatever they connect to: "these programmes and their links".
  const kept = new Set<string>();
  graph.forEachNode((node, { node: a }) => {
    if (a.kind !== 'programme' || state.hidden.has(node)) return;
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
