import { MultiDirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

/**
 * The committee graph's layout, in screen pixels: one column per level of government (federal, city,
 * regional, then anything else), ForceAtlas2 inside each column so linked nodes sit near each other,
 * then a sweep that moves nodes down until no node and its label overlap another and no label runs
 * past the right edge. Pure (no DOM): it runs in a web worker (layout-worker.ts), off the page's thread.
 */

export const BANDS = ['federal', 'city', 'regional', 'other'] as const;
export type Band = (typeof BANDS)[number];

export interface LayoutNode {
  key: string;
  kind: string;
  level?: string;
  label: string;
  size: number;
}
export interface LayoutInput {
  nodes: LayoutNode[];
  edges: { source: string; target: string }[];
  /** Width of the drawing, in pixels. */
  width: number;
  /** The label's font size in pixels; widths are measured when the runtime can, else estimated. */
  labelSize: number;
}
export interface LayoutResult {
  positions: Record<string, { x: number; y: number }>;
  bands: { band: Band; x: number; width: number }[];
  /** Nodes per band (the key's column). */
  bandOf: Record<string, Band>;
  width: number;
  height: number;
}

const GAP = 4;
const PADDING = 8;
/** Sigma draws a label this far right of its node's edge. */
const LABEL_OFFSET = 3;

type Measure = (text: string) => number;

function measurer(size: number): Measure {
  // OffscreenCanvas exists in browsers' workers (not in Node): typed here, as no runtime's types have it all.
  type Context2d = { font: string; measureText: (text: string) => { width: number } };
  const Offscreen = (
    globalThis as {
      OffscreenCanvas?: new (w: number, h: number) => { getContext: (kind: '2d') => Context2d | null };
    }
  ).OffscreenCanvas;
  const context = Offscreen ? new Offscreen(1, 1).getContext('2d') : null;
  if (context) {
    context.font = `${size}px Arial`;
    return (text) => context.measureText(text).width;
  }
  return (text) => text.length * size * 0.62;
}

/** A node's column: its own level, else the levels of the programmes it touches (most common first). */
export function bandsOf(input: LayoutInput): Record<string, Band> {
  const known = (level?: string): Band | undefined =>
    BANDS.includes(level as Band) && level !== 'other' ? (level as Band) : undefined;
  const bandOf: Record<string, Band> = {};
  const neighbours = new Map<string, string[]>();
  for (const { source, target } of input.edges) {
    neighbours.set(source, [...(neighbours.get(source) ?? []), target]);
    neighbours.set(target, [...(neighbours.get(target) ?? []), source]);
  }
  for (const n of input.nodes) {
    const own = n.kind === 'programme' ? known(n.level) : undefined;
    if (own) bandOf[n.key] = own;
  }
  // Twice: a territory reached only through a body takes the body's column.
  for (let pass = 0; pass < 2; pass++) {
    for (const n of input.nodes) {
      if (bandOf[n.key]) continue;
      const counts = new Map<Band, number>();
      for (const m of neighbours.get(n.key) ?? []) {
        const b = bandOf[m];
        if (b) counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      const best = [...counts].sort((a, b) => b[1] - a[1] || BANDS.indexOf(a[0]) - BANDS.indexOf(b[0]))[0];
      if (best) bandOf[n.key] = best[0];
      else if (pass === 1) bandOf[n.key] = known(n.level) ?? 'other';
    }
  }
  return bandOf;
}

export function computeLayout(input: LayoutInput): LayoutResult {
  const measure = measurer(input.labelSize);
  const bandOf = bandsOf(input);
  const used = BANDS.filter((b) => input.nodes.some((n) => bandOf[n.key] === b));
  const bandWidth = input.width / Math.max(used.length, 1);
  const bands = used.map((band, i) => ({ band, x: i * bandWidth, width: bandWidth }));

  // ForceAtlas2 from a deterministic start (a circle per column, in key order): the same every load.
  const graph = new MultiDirectedGraph<{ x: number; y: number }>();
  const sorted = [...input.nodes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  sorted.forEach((n, i) => {
    const a = (2 * Math.PI * i) / Math.max(sorted.length, 1);
    const column = used.indexOf(bandOf[n.key] as Band);
    graph.addNode(n.key, { x: column * 200 + 20 * Math.cos(a), y: 100 * Math.sin(a) });
  });
  for (const { source, target } of input.edges)
    if (graph.hasNode(source) && graph.hasNode(target)) graph.addEdge(source, target);
  if (graph.order > 1) {
    forceAtlas2.assign(graph, {
      iterations: 300,
      settings: { ...forceAtlas2.inferSettings(graph), barnesHutOptimize: false, adjustSizes: false },
    });
  }

  // Into pixels: x spread over the node's column, leaving room for its label; y kept in order.
  const boxes = input.nodes.map((n) => {
    const band = bands[used.indexOf(bandOf[n.key] as Band)] as (typeof bands)[number];
    const labelWidth = measure(n.label) + LABEL_OFFSET;
    return {
      n,
      band,
      labelWidth,
      fx: graph.getNodeAttribute(n.key, 'x'),
      fy: graph.getNodeAttribute(n.key, 'y'),
    };
  });
  const extent = new Map<Band, { min: number; max: number }>();
  for (const b of boxes) {
    const e = extent.get(b.band.band) ?? { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
    e.min = Math.min(e.min, b.fx);
    e.max = Math.max(e.max, b.fx);
    extent.set(b.band.band, e);
  }
  const ys = boxes.map((b) => b.fy);
  const minY = Math.min(...ys);
  const spanY = Math.max(...ys) - minY || 1;
  const startHeight = Math.max(300, input.nodes.length * 9);
  const placed = boxes.map((b) => {
    const e = extent.get(b.band.band) as { min: number; max: number };
    const t = e.max > e.min ? (b.fx - e.min) / (e.max - e.min) : 0.5;
    const left = b.band.x + PADDING + b.n.size;
    // The label stays inside the drawing: never past the right edge.
    const right = Math.max(
      left,
      Math.min(b.band.x + b.band.width, input.width) - PADDING - b.labelWidth - b.n.size,
    );
    const x = left + t * Math.max(0, right - left);
    const half = Math.max(b.n.size, input.labelSize * 0.65);
    return {
      key: b.n.key,
      x,
      y: PADDING + ((b.fy - minY) / spanY) * startHeight,
      left: x - b.n.size,
      right: x + b.n.size + b.labelWidth,
      half,
    };
  });
  // Top to bottom, each node goes below anything already placed that it would overlap.
  placed.sort((a, b) => a.y - b.y || a.x - b.x);
  const done: typeof placed = [];
  for (const p of placed) {
    let y = Math.max(p.y, PADDING + p.half);
    let moved = true;
    while (moved) {
      moved = false;
      for (const q of done) {
        if (p.left >= q.right + GAP || q.left >= p.right + GAP) continue;
        // A hair under the distance: (q.y + d) - q.y can round to just below d.
        if (Math.abs(y - q.y) < p.half + q.half + GAP - 1e-6) {
          y = q.y + p.half + q.half + GAP;
          moved = true;
        }
      }
    }
    p.y = y;
    done.push(p);
  }
  const positions: LayoutResult['positions'] = {};
  let height = 0;
  for (const p of placed) {
    positions[p.key] = { x: p.x, y: p.y };
    height = Math.max(height, p.y + p.half + PADDING);
  }
  return { positions, bands, bandOf, width: input.width, height };
}
