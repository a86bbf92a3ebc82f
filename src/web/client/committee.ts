import { byId, config, element, getJson, number, text } from './dom';
import { type FlagFilter, matches, renderFlagFilters, renderFlags } from './flags-panel';
import {
  applyFilters,
  buildGraph,
  draw,
  type Flag,
  filterTables,
  type GraphJson,
  layoutInput,
  place,
  publish,
  renderTables,
  showNode,
  type ViewState,
  zoomTo,
} from './graph-view';
import type { LayoutResult } from './layout';
import { markState, renderMap } from './map';
import { type OverlapsJson, renderCoverage, renderOverlap } from './overlap';

/**
 * The committee page in the browser: fetches the graph, its flags and the overlap analysis from the
 * API (with the sign-in cookie), has the layout computed in a web worker, draws the graph with sigma,
 * and fills the flags (with their filters), the map, the overlap heatmap and the coverage chart.
 * State the tests read is written to data- attributes of #graph; performance marks time each step.
 */

type FlagsJson = { flags: Flag[] };

/** The layout, computed off the page's thread by the layout worker. */
function layoutInWorker(data: GraphJson, width: number): Promise<LayoutResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(config.layoutWorker);
    worker.onmessage = (event: MessageEvent<{ ok: boolean; layout?: LayoutResult; error?: string }>) => {
      worker.terminate();
      if (event.data.ok && event.data.layout) resolve(event.data.layout);
      else reject(new Error(event.data.error ?? 'layout failed'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(layoutInput(data, width));
  });
}

/** Lets the browser paint and handle input between steps: no step blocks the page for long. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Column headings over the graph: which level each column holds. */
function renderBands(layout: LayoutResult) {
  byId('graph-bands').replaceChildren(
    ...layout.bands.map((b) => {
      const cell = element('li', { text: text(`band_${b.band}`) });
      cell.dataset.band = b.band;
      return cell;
    }),
  );
}

async function main() {
  const container = byId('graph');
  const status = byId('graph-status');
  try {
    performance.mark('committee:start');
    const [graphJson, flagsJson, overlaps] = await Promise.all([
      getJson<GraphJson>(config.api.graph),
      getJson<FlagsJson>(config.api.flags),
      config.api.overlaps ? getJson<OverlapsJson>(config.api.overlaps) : Promise.resolve(undefined),
    ]);
    performance.mark('committee:data');
    // The layout runs in its worker while this thread fills the flags, the tables and the map.
    const layoutDone = layoutInWorker(graphJson, container.clientWidth || 800);
    const graph = buildGraph(graphJson);
    const state: ViewState = {
      highlighted: new Set(),
      highlightedEdges: new Set(),
      activeFlag: '',
      hidden: new Set(),
      inactive: new Set(graph.filterNodes((_n, a) => a.node.kind === 'programme' && a.node.active === false)),
    };
    const toggle = byId<HTMLInputElement>('show-inactive');
    applyFilters(graph, state, toggle.checked);
    const flags = new Map(flagsJson.flags.map((f) => [f.id, f]));
    const population = (graphJson.attributes.population as { size?: number } | undefined)?.size ?? 0;
    const empty = byId('graph-empty');
    let renderer: ReturnType<typeof draw> | undefined;
    const refresh = () => {
      filterTables(state);
      if (!renderer) return;
      renderer.refresh();
      const visible = publish(renderer, graph, container, state);
      empty.hidden = visible.length > 0;
      status.textContent = visible.length
        ? text('loaded', {
            nodes: number(visible.length),
            edges: number(graph.filterEdges((e) => !renderer?.getEdgeDisplayData(e)?.hidden).length),
            asOf: config.asOf,
            groups: number(population),
          })
        : text('filterEmpty');
    };

    const filter: FlagFilter = { severity: '', type: '', programme: '', time: '', place: new Set() };
    const onToggle = (flag: Flag, button: HTMLButtonElement) => {
      const on = state.activeFlag !== flag.id;
      state.activeFlag = on ? flag.id : '';
      state.highlighted = new Set(on ? flag.nodes.filter((n) => graph.hasNode(n)) : []);
      state.highlightedEdges = new Set(on ? flag.edges.filter((e) => graph.hasEdge(e)) : []);
      for (const other of document.querySelectorAll<HTMLButtonElement>('#flags button[data-flag]')) {
        other.setAttribute('aria-pressed', String(other === button && on));
        other.closest('li')?.classList.toggle('active', other === button && on);
      }
      refresh();
      if (renderer) {
        const r = renderer;
        void zoomTo(r, [...state.highlighted]).then(() => {
          container.dataset.cameraRatio = String(r.getCamera().ratio);
        });
      }
    };
    const showFlags = () =>
      renderFlags(flagsJson.flags, graph, (f) => matches(f, filter, state, graph), onToggle);
    renderFlagFilters(flagsJson.flags, graph, filter, showFlags);
    showFlags();
    renderTables(graph, flags, config.asOf);
    await nextTask();

    const refilter = () => {
      const chosen = applyFilters(graph, state, toggle.checked);
      const url = new URL(window.location.href);
      for (const [k, v] of Object.entries(chosen)) {
        if (v) url.searchParams.set(k, v);
        else url.searchParams.delete(k);
      }
      window.history.replaceState(null, '', url);
      refresh();
    };
    for (const select of document.querySelectorAll<HTMLSelectElement>('[data-filter]'))
      select.addEventListener('change', refilter);
    toggle.addEventListener('change', refilter);

    if (overlaps?.programmes.length) {
      let metric: 'both' | 'jaccard' = 'both';
      let only: Set<string> | undefined;
      renderOverlap(overlaps, metric);
      renderCoverage(overlaps);
      await nextTask();
      for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="metric"]')) {
        radio.addEventListener('change', () => {
          metric = radio.value === 'jaccard' ? 'jaccard' : 'both';
          renderOverlap(overlaps, metric, only);
        });
      }
      let chosenState = '';
      renderMap(overlaps, (code) => {
        chosenState = chosenState === code ? '' : code;
        markState(chosenState);
        const place = chosenState ? programmesIn(graph, chosenState) : undefined;
        only = place ? new Set([...place].map((n) => graph.getNodeAttributes(n).node.key ?? '')) : undefined;
        filter.place = place ?? new Set();
        if (chosenState)
          graph.forEachNode((n, a) => {
            if (a.node.kind === 'territory' && String(a.node.code ?? '').startsWith(chosenState))
              filter.place.add(n);
          });
        byId('map-choice').textContent = chosenState
          ? text('mapChosen', { place: config.places?.[chosenState] ?? chosenState })
          : '';
        renderOverlap(overlaps, metric, only);
        showFlags();
      });
    } else {
      const reason = text(overlaps ? 'noProgrammes' : 'noOverlap');
      for (const id of ['overlap', 'coverage', 'map'])
        byId(id).replaceChildren(element('p', { text: reason }));
    }

    await nextTask();
    const layout = await layoutDone;
    performance.mark('committee:layout');
    renderBands(layout);
    container.style.height = `${Math.max(320, Math.ceil(layout.height))}px`;
    place(graph, layout);
    renderer = draw(graph, container, state);
    renderer.on('clickNode', ({ node }) => showNode(graph, node, flags, config.asOf));
    refresh();
    performance.mark('committee:drawn');
    performance.measure('committee:to-drawn', 'committee:start', 'committee:drawn');
    performance.measure('committee:layout', 'committee:data', 'committee:layout');
    container.dataset.state = 'ready';
  } catch (error) {
    status.textContent = text('loadFailed', { detail: (error as Error).message });
    container.dataset.state = 'error';
  }
}

/**
 * The programmes that reach a state: linked to one of its territories, or, without territories of
 * their own, Mexico's federal programmes everywhere and Mexico City's in state 09.
 */
function programmesIn(graph: ReturnType<typeof buildGraph>, state: string): Set<string> {
  const out = new Set<string>();
  graph.forEachNode((n, { node: a }) => {
    if (a.kind !== 'programme' || a.active === false) return;
    const territories = graph
      .neighbors(n)
      .filter((m) => graph.getNodeAttributes(m).node.kind === 'territory');
    if (territories.length) {
      if (territories.some((m) => String(graph.getNodeAttributes(m).node.code ?? '').startsWith(state)))
        out.add(n);
    } else if (a.country === 'MX' && (a.level === 'federal' || (a.level === 'city' && state === '09')))
      out.add(n);
  });
  return out;
}

void main();
