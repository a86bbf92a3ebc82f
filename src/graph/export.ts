import { write as writeGexf } from 'graphology-gexf';
import type { Flag } from './flags';
import { evidenceLines } from './flags/evidence';
import type { CoordinationGraph } from './model';

/**
 * Exports of the coordination graph: graphology's JSON (what the web page draws), GEXF for Gephi,
 * GraphML for yEd, Cytoscape and NetworkX, and the flags as CSV. GEXF is written by graphology-gexf;
 * graphology-graphml only parses, so GraphML is written here. Both XML formats carry the same flat
 * attributes (flatAttributes), which is what their parsers give back.
 */

export const EXPORT_FORMATS = ['json', 'gexf', 'graphml', 'flags-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  gexf: 'application/gexf+xml; charset=utf-8',
  graphml: 'application/graphml+xml; charset=utf-8',
  'flags-csv': 'text/csv; charset=utf-8',
};
export const FILE_EXTENSIONS: Record<ExportFormat, string> = {
  json: 'json',
  gexf: 'gexf',
  graphml: 'graphml',
  'flags-csv': 'csv',
};

type Flat = Record<string, string | number | boolean>;

const isLocalized = (v: unknown): v is { es: string; en: string } =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 2 &&
  typeof (v as { es?: unknown }).es === 'string' &&
  typeof (v as { en?: unknown }).en === 'string';

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Attributes as XML formats can hold them: a label {es, en} becomes `label` (Spanish) and
 * `label_en`; other nested objects become dotted keys; lists become JSON text; strings are put on
 * one line; empty values are left out.
 */
export function flatAttributes(attributes: Record<string, unknown>, prefix = ''): Flat {
  const out: Flat = {};
  for (const [k, v] of Object.entries(attributes)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v === undefined || v === null) continue;
    if (isLocalized(v)) {
      if (oneLine(v.es)) out[key] = oneLine(v.es);
      if (oneLine(v.en)) out[`${key}_en`] = oneLine(v.en);
    } else if (Array.isArray(v)) out[key] = JSON.stringify(v);
    else if (typeof v === 'object') Object.assign(out, flatAttributes(v as Record<string, unknown>, key));
    else if (typeof v === 'string') {
      if (oneLine(v)) out[key] = oneLine(v);
    } else if (typeof v === 'number') {
      if (Number.isFinite(v)) out[key] = v;
    } else if (typeof v === 'boolean') out[key] = v;
  }
  return out;
}

export function toGexf(graph: CoordinationGraph): string {
  // The writer puts graph attributes in <meta> as text: give it flat ones.
  const copy = graph.copy();
  copy.replaceAttributes(flatAttributes(graph.getAttributes()));
  return writeGexf(copy, {
    version: '1.3',
    formatNode: (_key, attributes) => {
      const { label, ...rest } = flatAttributes(attributes as unknown as Record<string, unknown>);
      return { ...(label !== undefined ? { label: String(label) } : {}), attributes: rest };
    },
    formatEdge: (_key, attributes) => {
      const { label, kind, ...rest } = flatAttributes(attributes as unknown as Record<string, unknown>);
      return {
        ...(label !== undefined ? { label: String(label) } : {}),
        ...(kind !== undefined ? { kind: String(kind) } : {}),
        attributes: rest,
      };
    },
  });
}

const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

type GraphmlType = 'boolean' | 'long' | 'double' | 'string';
function typeOf(values: (string | number | boolean)[]): GraphmlType {
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number'))
    return values.every((v) => Number.isInteger(v)) ? 'long' : 'double';
  return 'string';
}

function keys(elements: Flat[], domain: 'node' | 'edge' | 'graph', prefix: string) {
  const values = new Map<string, (string | number | boolean)[]>();
  for (const e of elements)
    for (const [k, v] of Object.entries(e)) values.set(k, [...(values.get(k) ?? []), v]);
  return [...values.entries()].map(([name, vs], i) => ({
    id: `${prefix}${i}`,
    name,
    domain,
    type: typeOf(vs),
  }));
}

export function toGraphml(graph: CoordinationGraph): string {
  const graphAttributes = flatAttributes(graph.getAttributes());
  const nodes = graph.mapNodes((key, a) => ({
    key,
    data: flatAttributes(a as unknown as Record<string, unknown>),
  }));
  const edges = graph.mapEdges((key, a, source, target) => ({
    key,
    source,
    target,
    data: flatAttributes(a as unknown as Record<string, unknown>),
  }));
  const graphKeys = keys([graphAttributes], 'graph', 'g');
  const nodeKeys = keys(
    nodes.map((n) => n.data),
    'node',
    'n',
  );
  const edgeKeys = keys(
    edges.map((e) => e.data),
    'edge',
    'e',
  );
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const k of [...graphKeys, ...nodeKeys, ...edgeKeys])
    lines.push(`  <key id="${k.id}" for="${k.domain}" attr.name="${xml(k.name)}" attr.type="${k.type}"/>`);
  const data = (values: Flat, domainKeys: typeof nodeKeys, indent: string) =>
    domainKeys
      .filter((k) => values[k.name] !== undefined)
      .map((k) => `${indent}<data key="${k.id}">${xml(String(values[k.name]))}</data>`);
  lines.push('  <graph id="vincula" edgedefault="directed">');
  lines.push(...data(graphAttributes, graphKeys, '    '));
  for (const n of nodes) {
    lines.push(`    <node id="${xml(n.key)}">`, ...data(n.data, nodeKeys, '      '), '    </node>');
  }
  for (const e of edges) {
    lines.push(
      `    <edge id="${xml(e.key)}" source="${xml(e.source)}" target="${xml(e.target)}">`,
      ...data(e.data, edgeKeys, '      '),
      '    </edge>',
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const FLAG_CSV_COLUMNS = [
  'id',
  'type',
  'severity',
  'title_es',
  'title_en',
  'detail_es',
  'detail_en',
  'nodes',
  'edges',
  'evidence_es',
  'evidence_en',
  'sources',
  'groups',
] as const;

/** A flag's evidence as a committee member reads it: "label: value; label: value". */
const evidenceText = (f: Flag, lang: 'es' | 'en') =>
  evidenceLines(f.evidence, lang)
    .map((e) => `${e.label}: ${e.value}`)
    .join('; ');

/**
 * One row per flag (RFC 4180); lists are joined with "; ", evidence in words (es and en). It starts
 * with a UTF-8 byte-order mark, so spreadsheet software reads the accents.
 */
export function flagsCsv(flags: readonly Flag[]): string {
  const rows = [FLAG_CSV_COLUMNS.join(',')];
  for (const f of flags) {
    rows.push(
      [
        f.id,
        f.type,
        f.severity,
        f.title.es,
        f.title.en,
        f.detail.es,
        f.detail.en,
        f.nodes.join('; '),
        f.edges.join('; '),
        evidenceText(f, 'es'),
        evidenceText(f, 'en'),
        f.sources.join('; '),
        (f.groups ?? []).join('; '),
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
