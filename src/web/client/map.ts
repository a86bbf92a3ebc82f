import mexico from '@svg-maps/mexico';
import { byId, config, element, number, percent, svg, text } from './dom';
import type { OverlapsJson } from './overlap';

/**
 * Coverage by state (a choropleth on @svg-maps/mexico, CC BY 4.0) and by borough inside Mexico City
 * (a tile map: the boroughs have no shapes in the territory data), from the overlap analysis's
 * segments: the share of each place's groups eligible for at least one programme. A click (or Enter)
 * on a state chooses it; the page then filters the heatmap and the flags.
 */

interface MapData {
  viewBox: string;
  locations: { id: string; name: string; path: string }[];
}

/** @svg-maps/mexico's ids by INEGI state code. */
const STATE_IDS: Record<string, string> = Object.fromEntries(
  'agu bcn bcs cam coa col chp chh cmx dur gua gro hid jal mex mic mor nay nle oax pue que roo slp sin son tab tam tla ver yuc zac'
    .split(' ')
    .map((id, i) => [String(i + 1).padStart(2, '0'), id]),
);

/** Mexico City's boroughs on a grid, roughly where they lie (column, row). */
const BOROUGH_TILES: Record<string, [number, number]> = {
  '09002': [1, 0],
  '09005': [2, 0],
  '09016': [1, 1],
  '09015': [2, 1],
  '09017': [3, 1],
  '09004': [0, 2],
  '09010': [1, 2],
  '09014': [2, 2],
  '09006': [3, 2],
  '09008': [0, 3],
  '09003': [2, 3],
  '09007': [3, 3],
  '09012': [1, 4],
  '09013': [2, 4],
  '09011': [3, 4],
  '09009': [3, 5],
};

/** Five classes of coverage, light (little covered) to dark. */
const CLASSES = [0.2, 0.4, 0.6, 0.8];
const COLORS = ['#fbe3d6', '#f4b183', '#c7dcef', '#6baed6', '#08519c'];
const NO_DATA = '#f0f0f0';

export interface PlaceFigures {
  code: string;
  groups: number;
  covered: number;
  eligibleForNothing: number;
}

/** Groups, covered and eligible for nothing per place, from the segments of a dimension. */
export function figures(overlaps: OverlapsJson, dimension: 'state' | 'municipality') {
  const out = new Map<string, PlaceFigures>();
  for (const g of overlaps.gaps) {
    if (g.segment.dimension !== dimension) continue;
    out.set(g.segment.value, {
      code: g.segment.value,
      groups: g.groups,
      covered: g.groups - g.eligibleForNothing,
      eligibleForNothing: g.eligibleForNothing,
    });
  }
  return out;
}

const colour = (f: PlaceFigures | undefined) => {
  if (!f?.groups) return NO_DATA;
  const share = f.covered / f.groups;
  const i = CLASSES.findIndex((c) => share < c);
  return COLORS[i < 0 ? COLORS.length - 1 : i] as string;
};

const placeName = (code: string) => config.places?.[code] ?? code;

const describe = (code: string, f: PlaceFigures | undefined) =>
  f?.groups
    ? text('mapPlace', {
        place: placeName(code),
        covered: percent(f.covered / f.groups),
        gap: number(f.eligibleForNothing),
        groups: number(f.groups),
      })
    : text('mapNoData', { place: placeName(code) });

function legend() {
  // Colours through a class per swatch (style.ts): the page's CSP refuses style attributes.
  const items = COLORS.map((_c, i) => {
    const from = i === 0 ? 0 : (CLASSES[i - 1] as number);
    const to = CLASSES[i] ?? 1;
    return element(
      'li',
      {},
      element('span', { class: `swatch class-${i}` }),
      text('mapClass', { from: percent(from), to: percent(to) }),
    );
  });
  items.push(element('li', {}, element('span', { class: 'swatch no-data' }), text('mapNoDataLegend')));
  return element('ul', { class: 'legend map-legend' }, ...items);
}

export function renderMap(overlaps: OverlapsJson, onChoose: (state: string) => void) {
  const states = figures(overlaps, 'state');
  const boroughs = figures(overlaps, 'municipality');
  const data = mexico as unknown as MapData;
  const map = svg('svg', {
    viewBox: data.viewBox,
    class: 'choropleth',
    role: 'group',
    'aria-labelledby': 'map-title',
  });
  for (const [code, id] of Object.entries(STATE_IDS)) {
    const location = data.locations.find((l) => l.id === id);
    if (!location) continue;
    const f = states.get(code);
    const path = svg('path', {
      d: location.path,
      fill: colour(f),
      tabindex: 0,
      role: 'button',
      'aria-pressed': 'false',
      'aria-label': describe(code, f),
      'data-state': code,
      'data-covered': f?.groups ? String(f.covered / f.groups) : '',
    });
    const title = svg('title', {});
    title.textContent = describe(code, f);
    path.append(title);
    path.addEventListener('click', () => onChoose(code));
    path.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        onChoose(code);
      }
    });
    map.append(path);
  }

  // The boroughs: a tile each, its name and share covered written on it.
  const tileW = 150;
  const tileH = 48;
  const tiles = svg('svg', {
    viewBox: `0 0 ${4 * tileW} ${6 * tileH}`,
    class: 'tiles',
    role: 'img',
    'aria-labelledby': 'boroughs-title',
  });
  for (const [code, [col, row]] of Object.entries(BOROUGH_TILES)) {
    const f = boroughs.get(code);
    const g = svg('g', { 'data-borough': code });
    const title = svg('title', {});
    title.textContent = describe(code, f);
    const rect = svg('rect', {
      x: col * tileW + 2,
      y: row * tileH + 2,
      width: tileW - 4,
      height: tileH - 4,
      rx: 4,
      fill: colour(f),
    });
    const dark = f?.groups ? f.covered / f.groups >= 0.6 : false;
    const name = svg('text', {
      x: col * tileW + tileW / 2,
      y: row * tileH + 20,
      class: dark ? 'on-dark' : '',
    });
    name.textContent = placeName(code);
    const value = svg('text', {
      x: col * tileW + tileW / 2,
      y: row * tileH + 36,
      class: dark ? 'on-dark' : '',
    });
    value.textContent = f?.groups ? percent(f.covered / f.groups) : '—';
    g.append(title, rect, name, value);
    tiles.append(g);
  }

  const size = overlaps.population.size;
  byId('map').replaceChildren(
    element('p', {
      class: 'hint',
      text: text('mapPopulation', {
        groups: number(size),
        kind: text(overlaps.population.kind === 'stored' ? 'populationStored' : 'populationSynthetic'),
      }),
    }),
    legend(),
    element(
      'div',
      { class: 'maps' },
      element('figure', {}, map),
      element('figure', {}, element('h3', { text: text('boroughsTitle') }), tiles),
    ),
  );
  byId('map').querySelector('h3')?.setAttribute('id', 'boroughs-title');
  return { states, boroughs };
}

/** Marks the chosen state (none: ''), for sight and for screen readers. */
export function markState(code: string) {
  for (const path of document.querySelectorAll<SVGPathElement>('#map path[data-state]')) {
    const on = path.dataset.state === code;
    path.setAttribute('aria-pressed', String(on));
    path.classList.toggle('chosen', on);
  }
  byId('map').dataset.chosen = code;
}
