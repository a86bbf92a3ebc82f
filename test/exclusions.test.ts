import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/api/app';
import * as repo from '../src/db/repositories';
import { budgetLineOf, excludedAtApproval } from '../src/rules/applications';
import { Catalogue, type ProgrammeVersion } from '../src/rules/catalogue';
import {
  excludedProgrammes,
  exclusionChecks,
  exclusionCoverage,
  exclusionCovers,
  exclusionsBetween,
  exclusionsCovering,
} from '../src/rules/exclusions';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';
import type { Exclusion } from '../src/rules/programme';
import { testApp } from './api-helpers';
import { catalogueOf, members, programme } from './helpers';
import { requester } from './request';

/** One answer to who excludes whom: the scope function, and match, submit and approval agreeing on it. */

const exclusion = (over: Partial<Exclusion> = {}): Exclusion => ({
  id: 'no-concurrent',
  label: { es: 'No a la vez', en: 'Not at once' },
  programmes: [],
  agencies: [],
  governments: [],
  period: 'same_fiscal_year',
  source: 'test',
  ...over,
});
const spi = { id: 'spi', fiscalYear: 2019, parent: 'umbrella', agency: 'styfe' };

describe('exclusion scope', () => {
  it('covers a programme it names, not the programme itself', () => {
    const e = exclusion({ programmes: ['other', 'spi'] });
    expect(exclusionCovers(spi, e, { id: 'other', fiscalYear: 2019 })).toBe(true);
    expect(exclusionCovers(spi, e, { id: 'spi', fiscalYear: 2019 })).toBe(false);
  });

  it('exempts the umbrella programme and the declarer’s own subprogrammes (A-22), either way round', () => {
    const e = exclusion({ agencies: ['styfe'] });
    expect(exclusionCovers(spi, e, { id: 'umbrella', fiscalYear: 2019, agency: 'styfe' })).toBe(false);
    expect(
      exclusionCovers({ id: 'umbrella', fiscalYear: 2019 }, e, { ...spi, id: 'child', parent: 'umbrella' }),
    ).toBe(false);
  });

  it('covers a sibling subprogramme when the exclusion names it or its agency, as FOCOFESS-09 does', () => {
    const sibling = { id: 'spf', fiscalYear: 2019, parent: 'umbrella', agency: 'styfe' };
    expect(exclusionCovers(spi, exclusion({ agencies: ['styfe'] }), sibling)).toBe(true);
    expect(exclusionCovers(spi, exclusion({ programmes: ['spf'] }), sibling)).toBe(true);
    expect(exclusionCovers(spi, exclusion({ agencies: ['sedeco'] }), sibling)).toBe(false);
  });

  it('covers by agency; the level comes with the agency (a federal programme of another agency is not covered)', () => {
    const e = exclusion({ agencies: ['styfe', 'sedeco'] });
    expect(exclusionCovers(spi, e, { id: 'x', fiscalYear: 2019, agency: 'sedeco' })).toBe(true);
    expect(exclusionCovers(spi, e, { id: 'prospera', fiscalYear: 2019, agency: 'sedesol' })).toBe(false);
    // A programme with no version for the year (no agency known) is covered only by name.
    expect(exclusionCovers(spi, e, { id: 'unknown', fiscalYear: 2019 })).toBe(false);
  });

  it('honours the period: same fiscal year, or validities that overlap', () => {
    const same = exclusion({ agencies: ['styfe'] });
    expect(exclusionCovers(spi, same, { id: 'x', fiscalYear: 2018, agency: 'styfe' })).toBe(false);
    const concurrent = exclusion({ agencies: ['styfe'], period: 'concurrent' });
    const early = { ...spi, validity: { from: '2019-01-01', to: '2019-03-31' } };
    const late = {
      id: 'late',
      fiscalYear: 2019,
      agency: 'styfe',
      validity: { from: '2019-06-01', to: '2019-12-31' },
    };
    const spanning = {
      id: 'span',
      fiscalYear: 2018,
      agency: 'styfe',
      validity: { from: '2018-06-01', to: '2019-02-01' },
    };
    expect(exclusionCovers(early, concurrent, late)).toBe(false);
    expect(exclusionCovers(early, concurrent, spanning)).toBe(true);
    expect(exclusionCovers(early, same, late)).toBe(true);
  });

  it('binds the pair: the other programme’s exclusion counts too, with who declared it', () => {
    const catalogue = catalogueOf(
      programme({ id: 'a', agency: 'agency-a' }),
      programme({ id: 'b', agency: 'agency-b', exclusions: [exclusion({ agencies: ['agency-a'] })] }),
      programme({ id: 'c', agency: 'agency-b' }),
    );
    const [a, b, c] = ['a', 'b', 'c'].map((id) => catalogue.versions(id)[0] as ProgrammeVersion) as [
      ProgrammeVersion,
      ProgrammeVersion,
      ProgrammeVersion,
    ];
    expect(exclusionsCovering(a, b)).toEqual([]);
    expect(exclusionsBetween(a, b).map((h) => [h.exclusion.id, h.declaredBy])).toEqual([
      ['no-concurrent', 'b'],
    ]);
    expect(excludedProgrammes(catalogue, a)).toEqual(['b']);
    expect(excludedProgrammes(catalogue, b)).toEqual(['a']);
    expect(excludedProgrammes(catalogue, c)).toEqual([]);
  });

  it('covers by government (level and country), three-valued when what runs the other is unknown', () => {
    const e = exclusion({ governments: [{ level: 'city', country: 'MX' }] });
    expect(exclusionCoverage(spi, e, { id: 'x', fiscalYear: 2019, level: 'city', country: 'MX' })).toBe(
      'covered',
    );
    expect(exclusionCoverage(spi, e, { id: 'x', fiscalYear: 2019, level: 'municipal', country: 'MX' })).toBe(
      'not_covered',
    );
    expect(exclusionCoverage(spi, e, { id: 'x', fiscalYear: 2019, level: 'city', country: 'UY' })).toBe(
      'not_covered',
    );
    expect(exclusionCoverage(spi, e, { id: 'x', fiscalYear: 2019 })).toBe('unknown');
    // Another year is outside the period whatever runs it; a programme named is covered whatever runs it.
    expect(exclusionCoverage(spi, e, { id: 'x', fiscalYear: 2018 })).toBe('not_covered');
    expect(exclusionCoverage(spi, exclusion({ programmes: ['x'] }), { id: 'x', fiscalYear: 2019 })).toBe(
      'covered',
    );
    expect(exclusionCoverage(spi, exclusion({ programmes: ['y'] }), { id: 'x', fiscalYear: 2019 })).toBe(
      'not_covered',
    );
  });

  it('reads a held programme from the rule files, the registry, or the enrolment’s agency and government', () => {
    const catalogue = loadCatalogue();
    const spi = catalogue.versions('cdmx-focofess-spi')[0] as ProgrammeVersion;
    const check = (enrolments: Parameters<typeof exclusionChecks>[2]) =>
      exclusionChecks(catalogue, spi, enrolments).map((c) => ({
        id: c.id,
        verdict: c.verdict,
        held: c.held.map((h) => h.programme),
        unknown: c.unknown.map((u) => u.programme),
      }));
    const id = 'exclusion:no-concurrent-social-programmes';
    expect(check(undefined)).toEqual([{ id, verdict: 'unknown', held: [], unknown: [] }]);
    expect(check([])).toEqual([{ id, verdict: 'passed', held: [], unknown: [] }]);
    // A rule-file programme of another year than its versions: known by its agency and government.
    expect(check([{ programme: 'cdmx-coop-spf', fiscalYear: 2019, status: 'current' }])).toEqual([
      { id, verdict: 'failed', held: ['cdmx-coop-spf'], unknown: [] },
    ]);
    // A registry programme without rules: a federal one, not covered.
    expect(check([{ programme: 'prospera-pptp', fiscalYear: 2019, status: 'current' }])).toEqual([
      { id, verdict: 'passed', held: [], unknown: [] },
    ]);
    // Unknown programmes: by the agency given (a body of the Mexico City government), by the government
    // given, or unknown without either; waitlisted is not holding it.
    expect(
      check([{ programme: 'otro', fiscalYear: 2019, status: 'completed', agency: 'sedeso-cdmx' }]),
    ).toEqual([{ id, verdict: 'failed', held: ['otro'], unknown: [] }]);
    expect(
      check([{ programme: 'otro', fiscalYear: 2019, status: 'current', level: 'city', country: 'MX' }]),
    ).toEqual([{ id, verdict: 'failed', held: ['otro'], unknown: [] }]);
    expect(check([{ programme: 'otro', fiscalYear: 2019, status: 'current' }])).toEqual([
      { id, verdict: 'unknown', held: [], unknown: ['otro'] },
    ]);
    expect(check([{ programme: 'otro', fiscalYear: 2019, status: 'waitlisted' }])).toEqual([
      { id, verdict: 'passed', held: [], unknown: [] },
    ]);
  });

  it('match: holding an excluded programme is ineligible on the exclusion, with the near miss naming it', async () => {
    const catalogue = loadCatalogue();
    const base = {
      name: 'Colectivo',
      legalForm: 'informal_group',
      legallyConstituted: false,
      productiveReadiness: true,
      debts: [],
      disqualifications: [],
      training: {
        cooperativismCourseCompleted: true,
        advisoryCouncilMeetingsAttended: 2,
        trainingAttendanceShare: 0.8,
      },
      location: { state: '09', municipality: '09013', areaType: 'periurban' },
      members: members(6, [], { residence: { state: '09' } }),
    };
    const run = async (enrolments: unknown, lang: 'es' | 'en') => {
      const group = parseGroup({ ...base, enrolments }, catalogue);
      const report = await new Matcher(catalogue).match(group, {
        asOf: '2019-04-01',
        lang,
        programmes: ['cdmx-focofess-spi'],
      });
      return { report, result: report.results[0] as NonNullable<(typeof report.results)[0]> };
    };
    const held = [{ programme: 'cdmx-coop-spf', fiscalYear: 2019, status: 'current' }];
    for (const lang of ['es', 'en'] as const) {
      const { result } = await run(held, lang);
      expect(result.status).toBe('ineligible');
      expect(result.failing).toEqual(['exclusion:no-concurrent-social-programmes']);
      const name = lang === 'es' ? 'Cooperativas CDMX 2018 - Subprograma' : 'CDMX Cooperatives 2018';
      const miss = result.nearMisses.find((m) => m.criterion === 'exclusion:no-concurrent-social-programmes');
      expect(miss?.message).toContain(lang === 'es' ? 'Ya no participa en «' : 'No longer holds «');
      expect(miss?.message).toContain(name);
      expect(miss?.message).not.toContain('cdmx-coop-spf');
      const criterion = result.criteria.find((c) => c.id === 'exclusion:no-concurrent-social-programmes');
      expect(criterion?.verdict).toBe('failed');
      expect(criterion?.explanation.join(' ')).not.toContain('cdmx-coop-spf');
      expect(result.conflicts).toEqual([]);
    }
    const unknown = await run([{ programme: 'programa-x', fiscalYear: 2019, status: 'current' }], 'es');
    expect(unknown.result.status).toBe('undetermined');
    expect(unknown.result.missingFacts.map((m) => m.path)).toEqual(['enrolments[0].agency']);
    expect(unknown.report.warnings).toEqual([
      expect.objectContaining({
        kind: 'unknown_programme',
        path: 'enrolments[0].programme',
        programme: 'programa-x',
      }),
    ]);
    expect(unknown.report.warnings?.[0]?.message).toContain('un programa que Vincula no conoce');
    // A programme the registry knows is no warning; nor is one with rule files.
    const registered = await run([{ programme: 'prospera-pptp', fiscalYear: 2019, status: 'current' }], 'en');
    expect(registered.report.warnings).toBeUndefined();
    expect(registered.result.status).toBe('eligible');
  });

  it('match reports the exclusion declared by the programme held, not only by the one matched', async () => {
    const catalogue = catalogueOf(
      programme({ id: 'a', agency: 'agency-a' }),
      programme({ id: 'b', agency: 'agency-b', exclusions: [exclusion({ agencies: ['agency-a'] })] }),
    );
    const group = parseGroup(
      { members: members(5), enrolments: [{ programme: 'b', fiscalYear: 2018, status: 'current' }] },
      catalogue,
    );
    const report = await new Matcher(catalogue).match(group, {
      asOf: '2018-06-01',
      lang: 'en',
      programmes: ['a'],
    });
    expect(report.results[0]?.status).toBe('ineligible');
    expect(report.results[0]?.failing).toEqual(['exclusion:b:no-concurrent']);
    const b = catalogue.versions('b')[0] as ProgrammeVersion;
    expect(report.results[0]?.nearMisses.map((m) => m.message)).toEqual([
      `No longer holds «${b.name.en}» (2018)`,
    ]);
  });
});

describe('approval refuses exactly what match reports (every ordered pair of shipped versions of a year)', () => {
  const catalogue = loadCatalogue();
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp(catalogue);
  });
  afterAll(() => t.client.close());

  it('walks the pairs', async () => {
    const matcher = new Matcher(catalogue);
    const matchable = catalogue.programmes.filter((p) => p.matchable);
    let pairs = 0;
    let refused = 0;
    let skipped = 0;
    for (const a of matchable) {
      const support = a.support.find((s) => s.budgetLine && budgetLineOf(catalogue, a, s.budgetLine));
      for (const b of matchable) {
        if (b.id === a.id || b.fiscalYear !== a.fiscalYear) continue;
        if (!support) {
          skipped += 1;
          continue;
        }
        pairs += 1;
        const input = {
          members: members(5),
          enrolments: [{ programme: b.id, fiscalYear: b.fiscalYear, status: 'current' }],
        };
        const group = parseGroup(input, catalogue);
        const report = await matcher.match(group, { asOf: a.validity.from, lang: 'en', programmes: [a.id] });
        // The exclusion is a criterion: match says ineligible on it exactly when approval refuses.
        const conflict = (report.results[0]?.failing ?? []).some((f) => f.startsWith('exclusion:'));

        const groupId = await repo.createGroup(
          t.db,
          group,
          'test',
          'test-secret-for-keyed-hashes-0123456789',
        );
        const line = budgetLineOf(catalogue, a, support.budgetLine as string);
        const created = await repo.createApplication(
          t.db,
          {
            groupId,
            programme: a.id,
            programmeKey: a.key,
            fiscalYear: a.fiscalYear,
            asOf: a.validity.from,
            stage: '',
            callId: null,
            supportLine: support.id,
            budgetLine: line?.id as string,
            amountMinor: 1,
            currency: line?.amount.currency as string,
          },
          'test',
        );
        expect(await repo.transition(t.db, created, 'submitted', 'test')).toBe(true);
        const submitted = (await repo.getApplication(t.db, created.id)) as repo.ApplicationRow;
        const excluded = excludedAtApproval(catalogue, a);
        const held = await repo.heldExcluded(t.db, groupId, a.fiscalYear, excluded);
        const approved = await repo.approveApplication(
          t.db,
          submitted,
          { lineAmountMinor: line?.amount.minor as number, excludedProgrammes: excluded },
          'test',
        );
        expect({ pair: `${a.key} ← ${b.key}`, refused: !approved, heldAtSubmit: held.length > 0 }).toEqual({
          pair: `${a.key} ← ${b.key}`,
          refused: conflict,
          heldAtSubmit: conflict,
        });
        if (conflict) refused += 1;
      }
    }
    // The shipped files: FOCOFESS SPI and SPF 2019 exclude each other; every other pair is free.
    expect({ pairs, skipped, refused }).toEqual({ pairs: 22, skipped: 24, refused: 2 });
    console.info(
      `exclusions: ${pairs} ordered pairs covered, ${skipped} skipped (no support line with a budget line)`,
    );
  });
});

describe('submit and approval over HTTP', () => {
  // Stage 2 (equipment) is the SPF support line with a budget line: stage 1 done, the management tool completed.
  const spfDone = {
    programme: 'cdmx-focofess-spf',
    fiscalYear: 2019,
    stage: 'technical-assistance',
    status: 'completed',
  };
  const spfGroup = {
    name: 'Cooperativa Textil Tlalpan SC de RL',
    legalForm: 'cooperative',
    legallyConstituted: true,
    constitutedOn: '2015-04-10',
    hasManagementBody: true,
    hasSupervisoryBody: true,
    registeredOffice: { state: '09', municipality: '09012' },
    location: { state: '09', municipality: '09012', areaType: 'urban' },
    debts: [],
    disqualifications: [],
    enrolments: [spfDone],
    training: { managementToolCompleted: true, advisoryCouncilMeetingsAttended: 3 },
    members: members(5, [], { residence: { state: '09' } }),
  };
  const inSpi = [
    spfDone,
    { programme: 'cdmx-focofess-spi', fiscalYear: 2019, stage: 'formation', status: 'current' },
  ];
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.client.close());

  const newGroup = async (group: unknown) =>
    (
      await t.json<{ id: string }>(
        await t.request('/v1/groups', { method: 'POST', role: 'case_worker', body: JSON.stringify(group) }),
      )
    ).id;
  const apply = async (groupId: string) => {
    const response = await t.request('/v1/applications', {
      method: 'POST',
      role: 'case_worker',
      body: JSON.stringify({
        groupId,
        programme: 'cdmx-focofess-spf',
        supportLine: 'spf-equipment',
        asOf: '2019-04-01',
      }),
    });
    expect(response.status).toBe(201);
    return (await t.json<{ id: string }>(response)).id;
  };

  it('match says ineligible on the exclusion, and submit refuses a group enrolled in FOCOFESS SPI for SPF, naming SPI', async () => {
    const groupId = await newGroup({ ...spfGroup, enrolments: inSpi });
    const report = await t.json<{ results: { status: string; failing: string[] }[] }>(
      await t.request('/v1/match', {
        method: 'POST',
        role: 'case_worker',
        body: JSON.stringify({
          group: { ...spfGroup, enrolments: inSpi },
          asOf: '2019-04-01',
          programmes: ['cdmx-focofess-spf'],
        }),
      }),
    );
    expect(report.results[0]).toMatchObject({
      status: 'ineligible',
      failing: ['exclusion:no-concurrent-social-programmes'],
    });

    const id = await apply(groupId);
    const submit = await t.request(`/v1/applications/${id}/submit`, { method: 'POST', role: 'case_worker' });
    expect(submit.status).toBe(409);
    const problem = await t.json<{ detail: string }>(submit);
    expect(problem.detail).toContain('Promotion Subprogramme (SPI) (cdmx-focofess-spi)');
    expect(problem.detail).toContain('no-concurrent-social-programmes');
  });

  it('approval refuses it too when the enrolment arrives after submission', async () => {
    const groupId = await newGroup(spfGroup);
    const id = await apply(groupId);
    expect(
      (await t.request(`/v1/applications/${id}/submit`, { method: 'POST', role: 'case_worker' })).status,
    ).toBe(200);
    const replaced = await t.request(`/v1/groups/${groupId}`, {
      method: 'PUT',
      role: 'case_worker',
      body: JSON.stringify({ ...spfGroup, enrolments: inSpi }),
    });
    expect(replaced.status).toBe(200);
    const approve = await t.request(`/v1/applications/${id}/approve`, { method: 'POST', role: 'committee' });
    expect(approve.status).toBe(409);
    expect((await t.json<{ detail: string }>(approve)).detail).toContain('(cdmx-focofess-spi)');
  });

  it('a group enrolled in no excluded programme is approved', async () => {
    const groupId = await newGroup({
      ...spfGroup,
      enrolments: [
        spfDone,
        { programme: 'cdmx-coop-spi', fiscalYear: 2018, stage: 'formation', status: 'completed' },
      ],
    });
    const id = await apply(groupId);
    expect(
      (await t.request(`/v1/applications/${id}/submit`, { method: 'POST', role: 'case_worker' })).status,
    ).toBe(200);
    expect(
      (await t.request(`/v1/applications/${id}/approve`, { method: 'POST', role: 'committee' })).status,
    ).toBe(200);
  });

  it('an application whose rules were removed from the rule files is a 409 that says so, not a 500', async () => {
    const groupId = await newGroup(spfGroup);
    const id = await apply(groupId);
    const full = loadCatalogue();
    const without = new Catalogue(
      full.programmes.filter((p) => p.key !== 'cdmx-focofess-spf@2019'),
      full.bodies,
      full.territories,
    );
    const app = createApp({
      catalogue: without,
      db: t.db,
      idSecret: 'test-secret-for-keyed-hashes-0123456789',
    });
    const request = requester((path, init) => app.request(path, init), t.keys);
    for (const [action, role] of [
      ['submit', 'case_worker'],
      ['approve', 'committee'],
    ] as const) {
      const response = await request(`/v1/applications/${id}/${action}`, { method: 'POST', role });
      if (action === 'approve')
        expect(response.status).toBe(409); // not submitted: said before the rules are read
      else {
        expect(response.status).toBe(409);
        expect((await t.json<{ detail: string }>(response)).detail).toContain(
          'the rules for cdmx-focofess-spf@2019 were removed',
        );
      }
    }
    // Submitted under the rules, then the rules go: approval says so too.
    expect(
      (await t.request(`/v1/applications/${id}/submit`, { method: 'POST', role: 'case_worker' })).status,
    ).toBe(200);
    const approve = await request(`/v1/applications/${id}/approve`, { method: 'POST', role: 'committee' });
    expect(approve.status).toBe(409);
    expect((await t.json<{ detail: string }>(approve)).detail).toContain(
      'the rules for cdmx-focofess-spf@2019 were removed',
    );
  });
});
