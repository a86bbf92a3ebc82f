import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatReport } from '../src/cli/format';
import { parseCaseFiles } from '../src/rules/cases';
import type { Catalogue } from '../src/rules/catalogue';
import { InputError } from '../src/rules/errors';
import type { Lang } from '../src/rules/i18n';
import { DEFAULT_PROGRAMMES_DIR, isCaseFile, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { Matcher, type MatchReport, parseGroup } from '../src/rules/match';
import { fieldLabel, messages, problemText, supportMaximum } from '../src/rules/messages';
import { testApp } from './api-helpers';

/**
 * Issue 13, "their language, not the code's": every kind of message a person reads — match reports
 * (summaries, explanations, near misses, conflicts, budget maxima), the CLI report and validation
 * errors — rendered in both languages, and refused when the Spanish text has English words, or
 * either text shows a code path (`members[0]`, `params.`) or a raw id (programme ids, `id@year`,
 * enumeration codes such as `civil_association`).
 */

/** English words that have no business in Spanish output (whole words, case-sensitive where it matters). */
const ENGLISH =
  /\b(the|and|must|needs|with|without|unknown|required|more than|less than|at least|at most|members?|groups?|programmes?|meetings?|major units|currency|share|short|over the limit|yes|eligible|criteri(on|a)|years?|people|person|income|per month|not|of the|off by|too many)\b/;
const CODE_PATH = /\w\[\d+\]|\bparams\.|\b[a-z]+[A-Z][A-Za-z]+\b/;
const ENUM_CODE = /\b[a-z]+_[a-z_]+\b/;
const VERSION_KEY = /\b[a-z][a-z0-9-]*@\d{4}\b/;

let catalogue: Catalogue;
let matcher: Matcher;
let programmeIds: RegExp;

beforeAll(() => {
  catalogue = loadCatalogue(DEFAULT_PROGRAMMES_DIR);
  matcher = new Matcher(catalogue);
  // Ids with a hyphen (cdmx-coop-spi): one-word ids (prospera, proinpro) are names too.
  const ids = catalogue.programmeIds().filter((id) => id.includes('-'));
  programmeIds = new RegExp(`(^|[^\\w-])(${ids.join('|')})(?![\\w-])`);
});

function problems(text: string, lang: Lang): string[] {
  const found: string[] = [];
  const check = (what: string, pattern: RegExp, within = text) => {
    const match = pattern.exec(within);
    if (match) found.push(`${what} «${match[0].trim()}» in: ${text}`);
  };
  // A document's title is quoted as published («Policies to Promote…»): a name, not wording of ours.
  if (lang === 'es') check('English word', ENGLISH, text.replace(/«[^»]*»/g, '«»'));
  check('code path', CODE_PATH);
  check('enumeration code', ENUM_CODE);
  check('version key', VERSION_KEY);
  check('programme id', programmeIds);
  return found;
}

/** Every report the shipped case files and examples give, in a language. */
function reports(lang: Lang): MatchReport[] {
  const out: MatchReport[] = [];
  const cases = parseCaseFiles(readRuleFiles(DEFAULT_PROGRAMMES_DIR, isCaseFile), catalogue);
  for (const c of cases) out.push(matcher.matchSync(c.group, { asOf: c.case.asOf, lang }));
  for (const file of readdirSync('examples').filter((f) => f.endsWith('.json'))) {
    const group = parseGroup(JSON.parse(readFileSync(join('examples', file), 'utf8')), catalogue);
    for (const asOf of ['2016-06-01', '2017-06-01', '2018-06-01', '2019-06-01', '2020-06-01'])
      out.push(matcher.matchSync(group, { asOf, lang }));
  }
  return out;
}

/** The texts of a report a person reads (the rule files' own labels and names included). */
function humanTexts(report: MatchReport, lang: Lang): string[] {
  const texts: string[] = [];
  for (const r of report.results) {
    texts.push(r.programme.name, r.summary);
    for (const c of r.criteria) texts.push(c.label, ...c.explanation);
    for (const m of r.nearMisses) texts.push(m.message);
    for (const c of r.conflicts) texts.push(c.message);
    for (const s of r.support) texts.push(`${s.label} — ${supportMaximum(s, lang, r.programme.fiscalYear)}`);
  }
  return texts;
}

/** Groups a case worker could get wrong, one mistake each. */
const BAD_GROUPS: unknown[] = [
  { members: [{ age: 200 }] },
  { members: [{ age: Number.NaN }] },
  { members: [{ age: 'treinta' }] },
  { members: [{ age: 30.5 }] },
  { location: { municipality: '9007' } },
  { location: { state: '9' } },
  { location: { state: '09', municipality: '12001' } },
  { location: { state: '99' } },
  { legalForm: 'civil_assoc' },
  { constitutedOn: '2018-02-30' },
  { constitutedOn: '30/01/2018' },
  { legallyConstituted: false, constitutedOn: '2018-01-30' },
  { members: [{ householdIncomePerCapitaMonthly: { amount: 1.5, currency: 'MXN' } }] },
  { members: [{ sex: 'f' }] },
  { enrolments: [{ programme: '', fiscalYear: 1800, status: 'done' }] },
  { training: { trainingAttendanceShare: 1.5 } },
  { name: '' },
];

function validationLines(lang: Lang): string[] {
  const lines: string[] = [];
  for (const input of BAD_GROUPS) {
    try {
      parseGroup(input, catalogue);
      throw new Error(`accepted ${JSON.stringify(input)}`);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const p of error.problems) lines.push(`${fieldLabel(p.path, lang)}: ${problemText(p, lang)}`);
    }
  }
  return lines;
}

describe('what a person reads is in their language, without code paths or ids', () => {
  for (const lang of ['es', 'en'] as const) {
    it(`match reports and the CLI report (${lang})`, () => {
      const found = new Set<string>();
      for (const report of reports(lang)) {
        for (const text of humanTexts(report, lang)) for (const p of problems(text, lang)) found.add(p);
        for (const line of formatReport(report, lang).split('\n'))
          for (const p of problems(line, lang)) found.add(p);
      }
      expect([...found].slice(0, 20)).toEqual([]);
    });

    it(`validation errors, with the field's name (${lang})`, () => {
      const lines = validationLines(lang);
      expect(lines.length).toBeGreaterThanOrEqual(BAD_GROUPS.length);
      expect(lines.flatMap((line) => problems(line, lang))).toEqual([]);
    });
  }

  it('names fields as a person does: "Integrante 1 · Edad…", never members[0].age', () => {
    expect(fieldLabel('members[0].age', 'es')).toBe('Integrante 1 · Edad');
    expect(fieldLabel('members[2].residence.state', 'en')).toBe('Member 3 · Place of residence · State');
    expect(fieldLabel('enrolments[1].fiscalYear', 'es')).toBe('Inscripción 2 · Ejercicio fiscal');
    expect(fieldLabel('location.municipality', 'es')).toBe('Dónde opera el grupo · Municipio o alcaldía');
  });

  it('words the errors the issue quotes in Spanish', () => {
    const lines = validationLines('es');
    expect(lines).toContain('Integrante 1 · Edad: debe ser a lo sumo 130');
    expect(lines).toContain('Integrante 1 · Edad: debe ser un número');
    expect(lines).toContain(
      'Dónde opera el grupo · Municipio o alcaldía: se esperaba una clave INEGI de municipio de cinco dígitos, p. ej. «09007»',
    );
    expect(lines.join('\n')).not.toMatch(/Too big|expected number|Invalid input/);
  });

  it('gives every catalogue the same messages', () => {
    const shape = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' && !Array.isArray(v) ? shape(v).map((s) => `${k}.${s}`) : [k],
      );
    expect(shape(messages('en')).sort()).toEqual(shape(messages('es')).sort());
  });
});

describe('near misses', () => {
  const income = (amount: string) => ({
    legallyConstituted: false,
    householdIncomePerCapitaMonthly: { amount, currency: 'MXN' },
  });
  const nearOf = (report: MatchReport, fact: RegExp) =>
    report.results.flatMap((r) => r.nearMisses).filter((m) => fact.test(m.fact));

  it('say an income above the line is above it, in money with its currency', () => {
    const programme = catalogue.programmes.find((p) =>
      p.criteria.some((c) => JSON.stringify(c.condition).includes('householdIncomePerCapitaMonthly')),
    );
    expect(programme).toBeDefined();
    const asOf = programme?.validity.from as string;
    for (const lang of ['es', 'en'] as const) {
      const report = matcher.matchSync(parseGroup(income('50000'), catalogue), { asOf, lang });
      const misses = nearOf(report, /IncomePerCapita/);
      expect(misses.length).toBeGreaterThan(0);
      for (const m of misses) {
        expect(m.message).toMatch(lang === 'es' ? /rebasa el límite por \$[\d,.]+ MXN/ : /over the limit/);
        expect(m.message).not.toMatch(/le faltan|short|params|major units/);
      }
    }
  });

  it('count in the fact’s own unit, agreeing: "le falta 1 sesión", not "1 meetings"', () => {
    const version = catalogue.programmes.find((p) =>
      p.criteria.some((c) => JSON.stringify(c.condition).includes('advisoryCouncilMeetings')),
    );
    expect(version).toBeDefined();
    const group = parseGroup(
      {
        legallyConstituted: true,
        legalForm: 'cooperative',
        training: { advisoryCouncilMeetingsAttended: 0 },
      },
      catalogue,
    );
    const report = matcher.matchSync(group, { asOf: version?.validity.from as string, lang: 'es' });
    const meetings = nearOf(report, /Meetings/i).map((m) => m.message);
    for (const m of meetings) expect(m).toMatch(/le falta 1 sesión \(/);
  });
});

describe('exclusions', () => {
  it('name the programme held, not its id', () => {
    const cases = parseCaseFiles(readRuleFiles(DEFAULT_PROGRAMMES_DIR, isCaseFile), catalogue);
    const messagesSeen = cases.flatMap((c) =>
      matcher
        .matchSync(c.group, { asOf: c.case.asOf, lang: 'es' })
        .results.flatMap((r) =>
          r.nearMisses.filter((x) => x.criterion.startsWith('exclusion:')).map((x) => x.message),
        ),
    );
    expect(messagesSeen.length).toBeGreaterThan(0);
    for (const m of messagesSeen) {
      expect(m).toMatch(/^Ya no participa en «/);
      expect(m).not.toMatch(programmeIds);
    }
  });
});

describe('the API', () => {
  it('words validation problems in Spanish when the caller asks for it, keeping the paths', async () => {
    const t = await testApp();
    const send = (language?: string) =>
      t.request('/v1/match', {
        method: 'POST',
        role: 'case_worker',
        headers: language ? { 'Accept-Language': language } : {},
        body: JSON.stringify({ asOf: '2018-06-01', group: { members: [{ age: 200 }] } }),
      });
    type Problem = { detail: string; errors: { path: string; message: string }[] };
    const es = await t.json<Problem>(await send('es-MX,es;q=0.9,en;q=0.8'));
    expect(es.errors).toEqual([{ path: 'group.members[0].age', message: 'debe ser a lo sumo 130' }]);
    expect(es.detail).toBe('1 problema en la solicitud');
    const en = await t.json<Problem>(await send());
    expect(en.errors[0]?.path).toBe('group.members[0].age');
    expect(en.errors[0]?.message).toMatch(/130/);
    expect(en.detail).toBe('1 problem in the request');
  });
});
