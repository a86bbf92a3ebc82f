import { evidenceLines } from '../../graph/flags/evidence';
import { byId, element, lang, number, text } from './dom';
import type { Flag, Graph, ViewState } from './graph-view';

/**
 * The flags to triage: filters by severity, type, programme, current or historic (and the state
 * chosen on the map), each flag with its evidence in words (the catalogue of src/graph/flags/evidence.ts)
 * and a "Highlight" button.
 */

export interface FlagFilter {
  severity: string;
  type: string;
  programme: string;
  /** '' all, 'current': touches a programme in force (or no programme), 'historic': only programmes that are not. */
  time: string;
  /** Nodes of the state chosen on the map (its territory and the programmes there); empty: no state. */
  place: Set<string>;
}

/** Whether a flag is about programmes in force on the date (or no programme at all). */
export function isCurrent(flag: Flag, state: ViewState, graph: Graph) {
  const programmes = flag.nodes.filter(
    (n) => graph.hasNode(n) && graph.getNodeAttributes(n).node.kind === 'programme',
  );
  return !programmes.length || programmes.some((n) => !state.inactive.has(n));
}

export function matches(flag: Flag, filter: FlagFilter, state: ViewState, graph: Graph) {
  if (filter.severity && flag.severity !== filter.severity) return false;
  if (filter.type && flag.type !== filter.type) return false;
  if (filter.programme && !flag.nodes.includes(filter.programme)) return false;
  if (filter.time && (filter.time === 'current') !== isCurrent(flag, state, graph)) return false;
  if (filter.place.size && !flag.nodes.some((n) => filter.place.has(n))) return false;
  return true;
}

function select(id: string, label: string, options: [string, string][], onChange: () => void) {
  const box = element('div', { class: 'field' });
  const chooser = element('select');
  chooser.id = id;
  chooser.append(
    ...options.map(([value, name]) => Object.assign(element('option', { text: name }), { value })),
  );
  chooser.addEventListener('change', onChange);
  const caption = element('label', { text: label });
  caption.htmlFor = id;
  box.append(caption, chooser);
  return box;
}

/** The filter controls above the list; `onChange` runs with the filter whenever one changes. */
export function renderFlagFilters(flags: Flag[], graph: Graph, filter: FlagFilter, onChange: () => void) {
  const read = () => {
    const value = (id: string) => (document.getElementById(id) as HTMLSelectElement | null)?.value ?? '';
    filter.severity = value('flag-severity');
    filter.type = value('flag-type');
    filter.programme = value('flag-programme');
    filter.time = value('flag-time');
    onChange();
  };
  const all: [string, string] = ['', text('allOption')];
  const types = [...new Set(flags.map((f) => f.type))];
  const programmes = [...new Set(flags.flatMap((f) => f.nodes))]
    .filter((n) => graph.hasNode(n) && graph.getNodeAttributes(n).node.kind === 'programme')
    .map((n): [string, string] => [n, graph.getNodeAttribute(n, 'label')])
    .sort((a, b) => a[1].localeCompare(b[1]));
  byId('flag-filters').replaceChildren(
    select(
      'flag-severity',
      text('filterSeverity'),
      [all, ...(['high', 'medium', 'low'] as const).map((s): [string, string] => [s, text(`severity_${s}`)])],
      read,
    ),
    select(
      'flag-type',
      text('filterType'),
      [all, ...types.map((t): [string, string] => [t, text(`flagType_${t}`)])],
      read,
    ),
    select('flag-programme', text('filterProgramme'), [all, ...programmes], read),
    select(
      'flag-time',
      text('filterTime'),
      [all, ['current', text('flagsCurrent')], ['historic', text('flagsHistoric')]],
      read,
    ),
  );
}

export function renderFlags(
  flags: Flag[],
  graph: Graph,
  shown: (flag: Flag) => boolean,
  onToggle: (flag: Flag, button: HTMLButtonElement) => void,
) {
  const list = byId('flags');
  const visible = flags.filter(shown);
  byId('flags-count').textContent = text('flagsCount', {
    shown: number(visible.length),
    total: number(flags.length),
  });
  if (!visible.length) {
    list.replaceChildren(
      element('li', { class: 'empty', text: text(flags.length ? 'noFlagsFiltered' : 'noFlags') }),
    );
    return;
  }
  list.replaceChildren(
    ...visible.map((flag) => {
      const item = element('li', { class: flag.severity });
      item.dataset.flag = flag.id;
      const evidence = element('dl');
      for (const line of evidenceLines(flag.evidence, lang))
        evidence.append(element('dt', { text: line.label }), element('dd', { text: line.value }));
      const button = element('button', { text: text('highlight') });
      button.type = 'button';
      button.setAttribute('aria-pressed', 'false');
      button.dataset.flag = flag.id;
      button.disabled = !flag.nodes.some((n) => graph.hasNode(n));
      button.addEventListener('click', () => onToggle(flag, button));
      item.append(
        element(
          'h3',
          {},
          element('span', {
            class: 'severity',
            text: `${text(`severity_${flag.severity}`)} · ${text(`flagType_${flag.type}`)} · `,
          }),
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
