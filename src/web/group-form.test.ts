import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../rules/load-dir';
import { Matcher, parseGroup } from '../rules/match';
import { EXAMPLES } from './examples';
import { draftFromBody, draftFromInput, emptyDraft, type FormBody, parseDraft } from './group-form';
import { suggestedOrder } from './pathway';

const catalogue = loadCatalogue();
const base = emptyDraft('2018-06-01', 'es');

describe('the case-worker form and group JSON', () => {
  for (const [name, example] of Object.entries(EXAMPLES)) {
    it(`${name}: filling the form from the example and reading it back gives the same group`, () => {
      const { draft, notShown } = draftFromInput(example, base);
      expect(notShown).toEqual([]);
      const parsed = parseDraft(draft, catalogue);
      expect(parsed).toEqual({ ok: true, group: parseGroup(example, catalogue) });
    });
  }

  it('keeps what was typed and puts each problem on its field: form checks and the engine’s together', () => {
    const body: FormBody = {
      asOf: '2018-06-01',
      lang: 'en',
      name: 'Colectivo',
      legallyConstituted: 'false',
      constitutedOn: '2017-02-01',
      'location.municipality': '99123',
      'training.advisoryCouncilMeetingsAttended': 'three',
      'members[0].age': 'forty',
      'members[1].residence.state': '09',
      'members[1].residence.municipality': '15033',
      'debts.known': 'none',
      'debts.agencies': ['styfe'],
      'enrolments.known': 'some',
    };
    const draft = draftFromBody(body, { asOf: '2000-01-01', lang: 'es' });
    expect(draft.lang).toBe('en');
    expect(draft.members).toHaveLength(2);
    expect(draft.members[0]?.age).toBe('forty');
    const parsed = parseDraft(draft, catalogue);
    if (parsed.ok) throw new Error('expected errors');
    const byPath = Object.fromEntries(parsed.errors.map((e) => [e.path, e.message]));
    expect(byPath).toMatchObject({
      'training.advisoryCouncilMeetingsAttended': 'must be a whole number, e.g. 12',
      'members[0].age': 'must be a whole number, e.g. 12',
      'debts.agencies': expect.stringContaining('"none"'),
      'enrolments.known': expect.stringContaining('"yes"'),
      constitutedOn: expect.stringContaining('the group is not legally constituted'),
      'members[1].residence.municipality': expect.stringContaining('does not belong to the state'),
    });
  });

  it('reports a territory the catalogue does not know on its field', () => {
    const parsed = parseDraft(
      draftFromBody({ 'location.state': '33', 'members[0].age': '40' }, base),
      catalogue,
    );
    expect(parsed).toEqual({
      ok: false,
      errors: [{ path: 'location.state', message: 'la clave de territorio «33» no existe en el catálogo' }],
    });
  });

  it('an empty list is a known "none", a blank field is unknown, ticked agencies are debts', () => {
    const draft = draftFromBody(
      {
        'debts.known': 'some',
        'debts.agencies': ['styfe', 'sedesol'],
        'debts.kind': 'paperwork',
        'disqualifications.known': 'none',
        'enrolments[0].programme': '',
        'enrolments[1].programme': 'cdmx-coop-spi',
        'enrolments[1].fiscalYear': '2017',
        'enrolments[1].status': 'completed',
        'enrolments[1].stage': 'formation',
        'householdIncomePerCapitaMonthly.amount': '1,250.50',
        'householdIncomePerCapitaMonthly.currency': 'MXN',
      },
      base,
    );
    const parsed = parseDraft(draft, catalogue);
    expect(parsed).toMatchObject({
      ok: true,
      group: {
        debts: [
          { agency: 'styfe', kind: 'paperwork' },
          { agency: 'sedesol', kind: 'paperwork' },
        ],
        disqualifications: [],
        enrolments: [
          { programme: 'cdmx-coop-spi', fiscalYear: 2017, status: 'completed', stage: 'formation' },
        ],
        householdIncomePerCapitaMonthly: { minor: 125050, currency: 'MXN' },
      },
    });
    if (parsed.ok) expect(parsed.group.members).toBeUndefined();
  });

  it('an engine error about an enrolment lands on the row shown, past blank rows', () => {
    const draft = draftFromBody(
      {
        'enrolments[0].programme': '',
        'enrolments[1].programme': 'cdmx-coop-spi',
        'enrolments[1].fiscalYear': '2017',
      },
      base,
    );
    const parsed = parseDraft(draft, catalogue);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toEqual(['enrolments[1].status']);
  });

  it('says which JSON fields the form cannot show', () => {
    const { notShown } = draftFromInput(
      {
        name: 'G',
        territoryAttributes: { ruralZap: true },
        debts: [{ agency: 'styfe', kind: 'financial', note: 'owes a report' }],
        members: [{ age: 30, personalId: 'ABCD800101HDFXXX01' }],
      },
      base,
    );
    // The municipal statistics the engine asks for have fields (when the territory data lacks them).
    expect(notShown).toEqual(['debts[0].note', 'members[0].personalId']);
  });
});

describe('the suggested order of applications', () => {
  it('puts the SPI (apply now) before the SPF it leads to, and undetermined programmes by facts to collect', async () => {
    const report = await new Matcher(catalogue).match(
      parseGroup(EXAMPLES['colectivo-iztapalapa'], catalogue),
      {
        asOf: '2018-06-01',
      },
    );
    const steps = suggestedOrder(report, catalogue);
    expect(steps.map((s) => [s.result.programme.id, s.when])).toEqual([
      ['cdmx-coop-spi', 'now'],
      ['prospera', 'collect'],
      ['prospera-productive-inclusion', 'collect'],
      ['cdmx-coop-spf', 'after'],
    ]);
    expect(steps[3]?.after).toEqual(['cdmx-coop-spi']);
  });

  it('offers no alternative a held programme excludes: the exclusion decides (issue 12)', async () => {
    // FOCOFESS 2019: SPI and SPF exclude each other (assumption A-22). This cooperative holds the
    // SPI's first stage, so the SPF is not an alternative to weigh: it is ineligible on the exclusion.
    const member = (age: number, state = '09') => ({
      age,
      sex: 'male',
      residence: { state, areaType: 'urban' },
    });
    const group = parseGroup(
      {
        legalForm: 'cooperative',
        legallyConstituted: true,
        hasManagementBody: true,
        hasSupervisoryBody: true,
        location: { state: '09', municipality: '09005', areaType: 'urban' },
        registeredOffice: { state: '09', municipality: '09005' },
        productiveReadiness: true,
        debts: [],
        disqualifications: [],
        training: {
          cooperativismCourseCompleted: true,
          managementToolCompleted: false,
          advisoryCouncilMeetingsAttended: 1,
          trainingAttendanceShare: 1,
        },
        members: [member(52), member(36), member(38, '15'), member(32), member(62)],
        enrolments: [
          { programme: 'cdmx-focofess-spi', fiscalYear: 2019, stage: 'formation', status: 'completed' },
        ],
      },
      catalogue,
    );
    const report = await new Matcher(catalogue).match(group, { asOf: '2019-06-01' });
    const steps = suggestedOrder(report, catalogue);
    const byId = Object.fromEntries(steps.map((s) => [s.result.programme.id, s]));
    const spf = report.results.find((r) => r.programme.id === 'cdmx-focofess-spf');
    expect(spf?.status).toBe('ineligible');
    expect(spf?.failing.some((id) => id.startsWith('exclusion:'))).toBe(true);
    expect(byId['cdmx-focofess-spi']?.alternatives ?? []).toEqual([]);
  });
});
