import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuleFileError } from '../src/rules/errors';
import { DEFAULT_PROGRAMMES_DIR, isCaseFile, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { parseCatalogue, type RuleFileText } from '../src/rules/loader';
import { Matcher, parseGroup } from '../src/rules/match';
import { sourceList } from '../src/rules/source';

// Sources that resolve (issue 12, item 8): every citation of the shipped files leads to a document of
// programmes/sources.yaml, the loader rejects one that leads nowhere, and reports show title and place.

const shipped = readRuleFiles(DEFAULT_PROGRAMMES_DIR, (name) => !isCaseFile(name));
const catalogue = loadCatalogue();
const bibliography = catalogue.bibliography;

/** The shipped files with one file's text changed. */
function withEdit(path: string, from: string | RegExp, to: string): RuleFileText[] {
  return shipped.map((f) => {
    if (f.path !== path) return f;
    const text = f.text.replace(from, to);
    expect(text, `${path} should contain ${String(from)}`).not.toBe(f.text);
    return { ...f, text };
  });
}

function problemsOf(files: RuleFileText[]) {
  try {
    parseCatalogue(files);
  } catch (error) {
    expect(error).toBeInstanceOf(RuleFileError);
    return (error as RuleFileError).problems;
  }
  throw new Error('expected the catalogue to be rejected');
}

const SPI_2018 = 'mx-cdmx/cdmx-coop-spi.yaml';

describe('the bibliography (programmes/sources.yaml, facts.yaml, ASSUMPTIONS.md)', () => {
  it('ships with the programmes, ASSUMPTIONS.md included, and the Workers build bundles it', () => {
    expect(bibliography).toBeDefined();
    expect(shipped.map((f) => f.path)).toEqual(
      expect.arrayContaining(['sources.yaml', 'facts.yaml', 'ASSUMPTIONS.md']),
    );
  });

  it('rejects an assumption id that is not in ASSUMPTIONS.md, with file, path, line and reason', () => {
    const problems = problemsOf(withEdit(SPI_2018, 'assumption: A-02', 'assumption: A-99'));
    expect(problems).toEqual([
      expect.objectContaining({
        file: SPI_2018,
        path: 'parameters.minResidentShare.assumption',
        reason: expect.stringMatching(/unknown assumption 'A-99': not in ASSUMPTIONS\.md/),
      }),
    ]);
    expect(problems[0]?.line).toBeGreaterThan(20);
  });

  it('rejects a fact number, a source line and a document that resolve to nothing', () => {
    const problems = problemsOf(
      withEdit(SPI_2018, 'source: [CDMXCOOP-10, S000 L188]', 'source: [CDMXCOOP-99, S000 L9999, S009 L1]'),
    );
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      [SPI_2018, 'criteria[0].source[0]'],
      [SPI_2018, 'criteria[0].source[1]'],
      [SPI_2018, 'criteria[0].source[2]'],
    ]);
    expect(problems[0]?.reason).toMatch(/unknown source 'CDMXCOOP-99'.*did you mean/);
    expect(problems[1]?.reason).toMatch(/'S000' has 477 lines: line 9999 does not exist/);
    expect(problems[2]?.reason).toMatch(/unknown source 'S009'/);
  });

  it('rejects an assumption or fact number named in a note, and a citation it cannot read', () => {
    const problems = problemsOf(
      withEdit(SPI_2018, '(assumption A-03)', '(assumption A-98, CDMXCOOP-77)').map((f) =>
        f.path === 'territories/mx-states.yaml'
          ? {
              ...f,
              text: f.text.replace('source: INEGI-MG (state codes)', 'source: INEGI Marco Geoestadístico'),
            }
          : f,
      ),
    );
    expect(problems.map((p) => [p.file, p.path])).toEqual([
      [SPI_2018, 'criteria[0].note'],
      [SPI_2018, 'criteria[0].note'],
      ['territories/mx-states.yaml', 'source'],
    ]);
    expect(problems[0]?.reason).toMatch(/names A-98: unknown assumption/);
    expect(problems[1]?.reason).toMatch(/names CDMXCOOP-77: unknown source/);
    expect(problems[2]?.reason).toMatch(/cannot read the source/);
  });

  it('rejects an assumption cited when the folder has no ASSUMPTIONS.md', () => {
    const problems = problemsOf(shipped.filter((f) => f.path !== 'ASSUMPTIONS.md'));
    expect(problems.length).toBeGreaterThan(10);
    expect(problems.every((p) => /ASSUMPTIONS\.md/.test(p.reason))).toBe(true);
  });

  it('resolves a fact number to the document and place it rests on, in Spanish and English', () => {
    const es = bibliography?.references(['CDMXCOOP-12'], 'es');
    expect(es).toEqual([
      {
        document:
          '«Policies to Promote Social and Solidarity Economy: A Case Study of Mexico City», Juan José Rojas Herrera; Roberto Cañedo Villarreal, UNRISD Working Paper No. 2020-7, 2020-08',
        url: 'https://hdl.handle.net/10419/246245',
        places: ['sección «2. Programmes to promote SSE implemented in the period 2016-2019», línea 188'],
        citations: ['CDMXCOOP-12'],
      },
    ]);
    expect(bibliography?.references(['CDMXCOOP-12', 'S000 L196'], 'en')[0]?.places).toEqual([
      'section «2. Programmes to promote SSE implemented in the period 2016-2019», lines 188, 196',
    ]);
    expect(bibliography?.references(['S000 L323-328 (Table 4, 2018)'], 'en')[0]?.places).toEqual([
      'section «Table 4. CDMX 2016-2018 and FOCOFESS 2019 financial targets (pesos)», lines 323-328',
    ]);
  });

  it('every criterion of every shipped version leads to documents, in both languages', () => {
    for (const v of catalogue.programmes)
      for (const c of v.criteria)
        for (const lang of ['es', 'en'] as const) {
          const refs = bibliography?.references(sourceList(c.source), lang) ?? [];
          expect(refs.length, `${v.key} ${c.id}`).toBeGreaterThan(0);
          expect(
            refs.filter((r) => r.citations.includes(r.document)),
            `${v.key} ${c.id}`,
          ).toEqual([]);
        }
  });

  it('resolves an assumption and a Part B web page', () => {
    expect(bibliography?.references(['A-02'], 'es')).toEqual([
      expect.objectContaining({
        document: expect.stringMatching(/^Vincula: supuestos/),
        places: ['supuesto A-02'],
      }),
    ]);
    expect(bibliography?.references(['A-02'], 'en')[0]?.places).toEqual(['assumption A-02']);
    expect(bibliography?.references(['B-17'], 'es')).toEqual([
      {
        document: 'Página web proyagro.mx',
        url: 'http://www.proyagro.mx/2016/01/reglas-de-operacion-inaes-2016.html',
        places: [],
        citations: ['B-17'],
      },
    ]);
  });

  it('the match report gives each criterion the documents its sources lead to, never a bare code', async () => {
    const group = parseGroup(
      JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8')),
      catalogue,
    );
    for (const lang of ['es', 'en'] as const) {
      const report = await new Matcher(catalogue).match(group, { asOf: '2018-06-01', lang });
      const spi = report.results.find((r) => r.programme.key === 'cdmx-coop-spi@2018');
      const residence = spi?.criteria.find((c) => c.id === 'majority-resident-cdmx');
      expect(residence?.source).toEqual(['CDMXCOOP-12', 'S000 L188']);
      expect(residence?.references).toHaveLength(1);
      expect(residence?.references[0]?.places).toEqual([
        `${lang === 'es' ? 'sección' : 'section'} «2. Programmes to promote SSE implemented in the period 2016-2019», ${lang === 'es' ? 'línea' : 'line'} 188`,
      ]);
      const all = report.results.flatMap((r) => r.criteria.flatMap((c) => c.references));
      expect(all.length).toBeGreaterThan(10);
      expect(all.filter((ref) => /^[A-Z0-9-]+( L\d|$)/.test(ref.document))).toEqual([]);
    }
  });
});
