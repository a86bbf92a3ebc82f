import { z } from 'zod';
import { didYouMean } from './errors';
import { type Lang, localizedSchema, pick } from './i18n';

/**
 * The bibliography: what a rule file's `source` cites, resolved to a document and a place in it.
 * programmes/sources.yaml lists the documents, programmes/facts.yaml (generated from programme-facts.md)
 * the numbered facts and the Part B web pages, programmes/ASSUMPTIONS.md the assumptions. The loader
 * rejects a citation that resolves to nothing; reports show the document's title and the place.
 */

const idSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/, 'an id in capitals, such as S000 or INEGI-MG');

const documentSchema = z
  .object({
    id: idSchema,
    title: z.string().min(1),
    authors: z.string().optional(),
    issuer: z.string().optional(),
    series: z.string().optional(),
    date: z.union([z.string(), z.number()]).optional(),
    url: z.url().optional(),
    /** The text of the document in ../shared/sources, whose lines a citation such as "S000 L188" counts. */
    file: z.string().optional(),
    /** How many lines the text has: a cited line beyond it resolves to nothing. */
    lines: z.number().int().positive().optional(),
    /** Headings (and tables, with `to`) by the line they start on, to say where a cited line stands. */
    sections: z
      .array(
        z
          .object({
            from: z.number().int().positive(),
            to: z.number().int().positive().optional(),
            title: z.string(),
          })
          .strict(),
      )
      .default([]),
    note: z.string().optional(),
  })
  .strict();

export const sourcesFileSchema = z
  .object({
    kind: z.literal('sources'),
    documents: z.array(documentSchema),
    assumptions: z.object({ title: localizedSchema, issuer: z.string() }).strict(),
    facts: z.object({ title: localizedSchema }).strict(),
  })
  .strict();

export const factsFileSchema = z
  .object({
    kind: z.literal('facts'),
    facts: z.record(
      z.string().regex(/^[A-Z]+-\d{2}$/),
      z.object({ section: z.string(), text: z.string(), source: z.array(z.string()).min(1) }).strict(),
    ),
    webPages: z.record(
      z.string().regex(/^B-\d+$/),
      z.object({ urls: z.array(z.url()), about: z.string() }).strict(),
    ),
  })
  .strict();

export type SourcesFile = z.output<typeof sourcesFileSchema>;
export type FactsFile = z.output<typeof factsFileSchema>;
type SourceDocument = SourcesFile['documents'][number];

/** The rows of ASSUMPTIONS.md's table: id → what it concerns. */
export function readAssumptions(markdown: string): Map<string, string> {
  return new Map(
    [...markdown.matchAll(/^\| (A-\d+) +\| ([^|]*)\|/gm)].map((m) => [
      m[1] as string,
      (m[2] as string).trim(),
    ]),
  );
}

/** Where a citation leads, in one language: a document (title and who issued it) and places in it. */
export interface Reference {
  document: string;
  url?: string;
  places: string[];
  /** The citations, as the rule file wrote them, that lead to this document. */
  citations: string[];
}

const CITATION =
  /^(?<id>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?: L(?<from>\d+)(?:-(?<to>\d+))?)?(?: \((?<remark>.+)\))?$/;

interface Place {
  doc: { key: string; title: string; url?: string };
  /** The section (or table) a cited line stands in, or another place (an assumption's number). */
  place?: string;
  /** "188" or "194-196". */
  lines?: string;
}

const WORDS = {
  line: { es: 'línea', en: 'line' },
  lines: { es: 'líneas', en: 'lines' },
  section: { es: 'sección', en: 'section' },
  assumption: { es: 'supuesto', en: 'assumption' },
  webPage: { es: 'Página web', en: 'Web page' },
} as const;

export class Bibliography {
  private readonly documents: Map<string, SourceDocument>;
  readonly factIds: ReadonlySet<string>;
  private readonly factPrefixes: ReadonlySet<string>;

  constructor(
    private readonly sources: SourcesFile,
    private readonly facts: FactsFile | undefined,
    private readonly assumptions: ReadonlyMap<string, string> | undefined,
  ) {
    this.documents = new Map(sources.documents.map((d) => [d.id, d]));
    this.factIds = new Set(Object.keys(facts?.facts ?? {}));
    this.factPrefixes = new Set([...this.factIds].map((id) => id.replace(/-\d+$/, '')));
  }

  /** Why a citation resolves to nothing, or undefined when it resolves. */
  problem(citation: string): string | undefined {
    const m = CITATION.exec(citation.trim());
    if (!m?.groups) {
      return `cannot read the source '${citation}': cite a document and its lines ('S000 L188'), a fact number ('CDMXCOOP-12'), a web page of programme-facts.md ('B-17'), an assumption ('A-02') or a document of programmes/sources.yaml, one per list item`;
    }
    const { id, from, to } = m.groups as { id: string; from?: string; to?: string };
    const lines = from !== undefined;
    if (/^A-\d+$/.test(id)) {
      if (!this.assumptions)
        return `assumption '${id}' cannot be checked: there is no ASSUMPTIONS.md in the programmes folder`;
      if (!this.assumptions.has(id))
        return `unknown assumption '${id}': not in ASSUMPTIONS.md${didYouMean(id, this.assumptions.keys())}`;
      return lines ? `assumption '${id}' has no lines; cite the document's lines separately` : undefined;
    }
    if (/^B-\d+$/.test(id)) {
      if (!this.facts?.webPages[id])
        return `unknown web page '${id}': not in Part B of programme-facts.md (programmes/facts.yaml)`;
      return lines ? `web page '${id}' has no numbered lines` : undefined;
    }
    const doc = this.documents.get(id);
    if (doc) {
      if (!lines) return undefined;
      if (!doc.lines) return `document '${id}' has no numbered lines (no text in ../shared/sources)`;
      const a = Number(from);
      const b = to === undefined ? a : Number(to);
      if (a < 1 || b < a) return `lines '${from}-${to}' of '${id}' are not a range`;
      if (b > doc.lines) return `'${id}' has ${doc.lines} lines: line ${b} does not exist`;
      return undefined;
    }
    if (this.factIds.has(id))
      return lines ? `fact '${id}' has no lines; cite the document's lines separately` : undefined;
    const known = [...this.documents.keys(), ...this.factIds];
    return `unknown source '${id}': not a document of programmes/sources.yaml, a fact number of programme-facts.md or an assumption${didYouMean(id, known)}`;
  }

  /** Fact numbers and assumption ids a free text (a note) names, which must resolve too. */
  citedInText(text: string): string[] {
    const out: string[] = [];
    for (const m of text.matchAll(/\b([A-Z]+)-(\d+)\b/g)) {
      const [token, prefix] = m as unknown as [string, string];
      if (prefix === 'A' || prefix === 'B' || this.factPrefixes.has(prefix)) out.push(token);
    }
    return out;
  }

  private places(citation: string, lang: Lang, seen = new Set<string>()): Place[] {
    const m = CITATION.exec(citation.trim());
    if (!m?.groups || seen.has(citation)) return [];
    seen.add(citation);
    const { id, from, to } = m.groups as { id: string; from?: string; to?: string };
    if (/^A-\d+$/.test(id)) {
      return [
        {
          doc: { key: 'assumptions', title: pick(this.sources.assumptions.title, lang) },
          place: `${WORDS.assumption[lang]} ${id}`,
        },
      ];
    }
    const page = /^B-\d+$/.test(id) ? this.facts?.webPages[id] : undefined;
    if (page) {
      const url = page.urls[0];
      const host = url ? new URL(url).hostname.replace(/^www\./, '') : id;
      return [{ doc: { key: id, title: `${WORDS.webPage[lang]} ${host}`, ...(url ? { url } : {}) } }];
    }
    const doc = this.documents.get(id);
    if (doc) return [{ doc: this.documentLabel(doc), ...this.linePlace(doc, from, to) }];
    const fact = this.facts?.facts[id];
    if (fact) return fact.source.flatMap((s) => this.places(s, lang, seen));
    return [{ doc: { key: citation, title: citation } }];
  }

  private documentLabel(doc: SourceDocument): Place['doc'] {
    const by = doc.authors ?? doc.issuer;
    const title = [`«${doc.title}»`, by, doc.series, doc.date === undefined ? undefined : String(doc.date)]
      .filter(Boolean)
      .join(', ');
    return { key: doc.id, title, ...(doc.url ? { url: doc.url } : {}) };
  }

  private linePlace(doc: SourceDocument, from: string | undefined, to: string | undefined) {
    if (from === undefined) return {};
    const a = Number(from);
    const section = doc.sections
      .filter((s) => s.from <= a && (s.to === undefined || a <= s.to))
      .sort((x, y) => y.from - x.from)[0];
    return { ...(section ? { place: section.title } : {}), lines: to === undefined ? from : `${from}-${to}` };
  }

  /** The documents a list of citations leads to, each with its places, in the order first cited. */
  references(citations: readonly string[], lang: Lang): Reference[] {
    const out = new Map<string, { ref: Reference; lines: Map<string, string[]> }>();
    for (const citation of citations) {
      for (const { doc, place, lines } of this.places(citation, lang)) {
        const entry = out.get(doc.key) ?? {
          ref: { document: doc.title, ...(doc.url ? { url: doc.url } : {}), places: [], citations: [] },
          lines: new Map<string, string[]>(),
        };
        // Lines are gathered by section: "section «2. …», lines 186, 198".
        const key = place ?? '';
        const list = entry.lines.get(key) ?? [];
        if (lines && !list.includes(lines)) list.push(lines);
        entry.lines.set(key, list);
        if (!entry.ref.citations.includes(citation)) entry.ref.citations.push(citation);
        out.set(doc.key, entry);
      }
    }
    return [...out.values()].map(({ ref, lines }) => {
      for (const [place, list] of lines) {
        const many = list.length > 1 || list.some((l) => l.includes('-'));
        const lineText = list.length
          ? `${many ? WORDS.lines[lang] : WORDS.line[lang]} ${list.join(', ')}`
          : '';
        const where =
          place && ref.document !== place ? (lineText ? `${WORDS.section[lang]} «${place}»` : place) : '';
        const text = [where, lineText].filter(Boolean).join(', ');
        if (text) ref.places.push(text);
      }
      return ref;
    });
  }
}

/** Without a bibliography (a folder with no sources.yaml), each citation stands for itself. */
export function bareReferences(citations: readonly string[]): Reference[] {
  return citations.map((c) => ({ document: c, places: [], citations: [c] }));
}

/** One line per document: "«Title», authors, series, date: section «…», line 188; line 196". */
export function referenceText(ref: Reference): string {
  return ref.places.length ? `${ref.document}: ${ref.places.join('; ')}` : ref.document;
}

type Path = (string | number)[];

/**
 * Checks every citation in a rule file's data: each item of a `source`, each `assumption`, and the fact
 * numbers and assumption ids any text names ("(assumption A-01)"), so that none leads nowhere.
 */
export function checkCitations(data: unknown, bib: Bibliography, at: (path: Path, reason: string) => void) {
  const walk = (value: unknown, path: Path, key: string | number | undefined) => {
    if (key === 'source' && (typeof value === 'string' || Array.isArray(value))) {
      const items = typeof value === 'string' ? [value] : value;
      items.forEach((item, i) => {
        const reason = typeof item === 'string' ? bib.problem(item) : 'a source is text';
        if (reason) at(typeof value === 'string' ? path : [...path, i], reason);
      });
      return;
    }
    if (key === 'assumption' && typeof value === 'string') {
      const reason = /^A-\d+$/.test(value)
        ? bib.problem(value)
        : `'${value}' is not an assumption id: name an entry of ASSUMPTIONS.md such as A-02`;
      if (reason) at(path, reason);
      return;
    }
    if (typeof value === 'string') {
      for (const token of bib.citedInText(value)) {
        const reason = bib.problem(token);
        if (reason) at(path, `names ${token}: ${reason}`);
      }
    } else if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, [...path, i], i);
    } else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k], k);
  };
  walk(data, [], undefined);
}
