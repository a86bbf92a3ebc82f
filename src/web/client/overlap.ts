import type { z } from '@hono/zod-openapi';
import type { OverlapsSchema } from '../../api/graph-schemas';
import { byId, element, lang, number, svg, text } from './dom';

/** The overlap heatmap (optionally for the programmes of one state) and the coverage chart. */

export type OverlapsJson = z.infer<typeof OverlapsSchema>;

function shade(value: number, max: number): string {
  const t = max > 0 ? Math.min(1, value / max) : 0;
  // Light to dark blue; text turns white on the darker half for contrast.
  return `hsl(211, 80%, ${Math.round(96 - t * 58)}%)`;
}

export function renderOverlap(overlaps: OverlapsJson, metric: 'both' | 'jaccard', only?: Set<string>) {
  const box = byId('overlap');
  const programmes = overlaps.programmes.filter((p) => !only || only.has(p.key));
  box.dataset.programmes = String(programmes.length);
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

export function renderCoverage(overlaps: OverlapsJson) {
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
