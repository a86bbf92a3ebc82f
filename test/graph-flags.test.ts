import { describe, expect, it } from 'vitest';
import { duplicateFindings } from '../src/graph/duplicates';
import type { Flag } from '../src/graph/flags';
import { flagsOf, graphCatalogue, groupIn, repeat, statewide } from './graph-helpers';
import { programme } from './helpers';

/** Each flag type on small constructed catalogues: raised when it should be, not raised when it should not. */

const byType = (flags: Flag[], type: Flag['type']) => flags.filter((f) => f.type === type);
const link = (to: string, extra: Record<string, unknown> = {}) => ({
  with: to,
  kind: 'formal',
  budgetBacked: false,
  effective: false,
  source: 'TEST-03',
  ...extra,
});

describe('coordination without a binding budget or rules (the STEIA pattern)', () => {
  it('is raised for coordination declared through a body without budget or operating rules', async () => {
    const catalogue = graphCatalogue([
      programme({ coordination: { links: [link('coord-nobudget')] } }),
      programme({
        id: 'prog-b',
        coordination: { links: [link('prog-a', { via: 'coord-nobudget', kind: 'informal' })] },
      }),
    ]);
    const { flags, model } = await flagsOf(catalogue);
    const [flag] = byType(flags, 'coordination-without-budget');
    expect(flag).toMatchObject({
      id: 'coordination-without-budget:coord-nobudget',
      severity: 'high',
      evidence: { programmes: 2, links: 2, budgetBackedLinks: 0, effectiveLinks: 0, bodyHasBudget: 0 },
      nodes: ['body:coord-nobudget', 'programme:prog-a', 'programme:prog-b'],
    });
    expect(flag?.sources).toEqual(expect.arrayContaining(['TEST-01', 'TEST-03']));
    // the flag marks its nodes and edges in the graph
    expect(model.graph.getNodeAttribute('body:coord-nobudget', 'flagged')).toBe(true);
    for (const edge of flag?.edges ?? [])
      expect(model.graph.getEdgeAttribute(edge, 'flags')).toContain(flag?.id);
    // and the links it explains are not flagged a second time as ineffective
    expect(byType(flags, 'ineffective-link')).toEqual([]);
  });

  it('is not raised for a body with a budget, nor for a budget-backed link', async () => {
    const catalogue = graphCatalogue([
      programme({ coordination: { links: [link('coord-budget')] } }),
      programme({
        id: 'prog-b',
        coordination: { links: [link('coord-nobudget', { budgetBacked: true, effective: true })] },
      }),
    ]);
    const { flags } = await flagsOf(catalogue);
    expect(byType(flags, 'coordination-without-budget')).toEqual([]);
  });
});

describe('expected links that never became effective (PROINPRO)', () => {
  const expecting = (count: number) =>
    programme({
      coordination: {
        links: [link('prog-b', { effective: true, kind: 'informal' }), link('coord-budget')],
        expectedLinks: { count, source: 'TEST-04' },
      },
    });

  it('is raised with the expected and effective counts per fiscal year', async () => {
    const catalogue = graphCatalogue([expecting(5), programme({ id: 'prog-b' })]);
    const [flag] = byType((await flagsOf(catalogue)).flags, 'expected-links-unmet');
    expect(flag).toMatchObject({
      id: 'expected-links-unmet:prog-a',
      severity: 'high',
      evidence: { expected2018: 5, effective2018: 1, expected: 5, effective: 1, declared: 2 },
      sources: ['TEST-04'],
    });
    expect(flag?.detail.en).toContain('only 1 programme link became effective');
  });

  it('is not raised when the effective links reach the expected count', async () => {
    const catalogue = graphCatalogue([expecting(1), programme({ id: 'prog-b' })]);
    expect(byType((await flagsOf(catalogue)).flags, 'expected-links-unmet')).toEqual([]);
  });
});

describe('declared links that never became effective', () => {
  it('is raised for an ineffective link, formal links weighing more than informal ones', async () => {
    const catalogue = graphCatalogue([
      programme({ coordination: { links: [link('coord-budget'), link('agency-b', { kind: 'informal' })] } }),
    ]);
    const flags = byType((await flagsOf(catalogue)).flags, 'ineffective-link');
    expect(flags.map((f) => [f.id, f.severity])).toEqual([
      ['ineffective-link:prog-a->coord-budget', 'medium'],
      ['ineffective-link:prog-a->agency-b', 'low'],
    ]);
    expect(flags[0]?.edges).toEqual(['coordination:programme:prog-a->body:coord-budget']);
  });

  it('is not raised for an effective link', async () => {
    const catalogue = graphCatalogue([
      programme({ coordination: { links: [link('coord-budget', { effective: true })] } }),
    ]);
    expect(byType((await flagsOf(catalogue)).flags, 'ineffective-link')).toEqual([]);
  });
});

describe('regional bodies no scheme of the bloc works with (GIP, COSIPLAN)', () => {
  const regional = (links: unknown[]) =>
    programme({
      id: 'bloc-scheme',
      level: 'regional',
      country: 'MERCOSUR',
      agency: 'bloc-agency',
      coordination: { links },
    });

  it('is raised, high when no scheme even declares a link', async () => {
    const [flag] = byType((await flagsOf(graphCatalogue([regional([])]))).flags, 'missing-link');
    expect(flag).toMatchObject({
      id: 'missing-link:bloc-body',
      severity: 'high',
      nodes: ['body:bloc-body', 'programme:bloc-scheme'],
      evidence: { programmes: 1, declaredLinks: 0, effectiveLinks: 0 },
    });
  });

  it('is medium when links were declared but none became effective', async () => {
    const [flag] = byType(
      (await flagsOf(graphCatalogue([regional([link('bloc-body')])]))).flags,
      'missing-link',
    );
    expect(flag).toMatchObject({ severity: 'medium', evidence: { declaredLinks: 1, effectiveLinks: 0 } });
  });

  it('is not raised when a scheme works with the body, nor when the bloc has no scheme', async () => {
    const linked = graphCatalogue([regional([link('bloc-body', { effective: true })])]);
    expect(byType((await flagsOf(linked)).flags, 'missing-link')).toEqual([]);
    const national = graphCatalogue([programme()]);
    expect(byType((await flagsOf(national)).flags, 'missing-link')).toEqual([]);
  });
});

describe('a criterion that depends on a body inactive in some territories (FOCOFESS councils)', () => {
  const attending = programme({
    parameters: {},
    coordination: { links: [link('council')] },
    criteria: [
      {
        id: 'council-attendance',
        label: { es: 'Asistió al consejo', en: 'Attended the council' },
        source: 'TEST-05',
        condition: { fact: 'advisoryCouncilMeetingsAttended', operator: 'greaterThanInclusive', value: 1 },
      },
    ],
  });
  const inBorough = (municipality: string, meetings: number) =>
    groupIn('09', {
      location: { state: '09', municipality },
      training: { advisoryCouncilMeetingsAttended: meetings },
    });

  it('is raised with the inactive territories and, over a population, the groups that fail there', async () => {
    const catalogue = graphCatalogue([attending], { '09010': 'little_or_none' });
    const groups = [
      inBorough('09009', 0),
      inBorough('09009', 0),
      inBorough('09010', 1),
      inBorough('09002', 2),
    ];
    const { flags, model } = await flagsOf(catalogue, groups);
    const [flag] = byType(flags, 'inactive-body-dependency');
    expect(flag).toMatchObject({
      id: 'inactive-body-dependency:prog-a/council-attendance',
      severity: 'high',
      evidence: { inactiveTerritories: 2, groupsInInactiveTerritories: 3, failing: 2, eligible: 1 },
      sources: expect.arrayContaining(['TEST-05', 'CDMXSUP-12']),
    });
    expect(flag?.nodes).toEqual(
      expect.arrayContaining(['programme:prog-a', 'body:council', 'territory:09009', 'territory:09010']),
    );
    expect(flag?.nodes).not.toContain('territory:09002');
    const dependsOn = flag?.edges.find((e) => e.startsWith('depends_on:')) as string;
    expect(model.graph.getEdgeAttributes(dependsOn)).toMatchObject({
      kind: 'depends_on',
      criterion: 'council-attendance',
    });
  });

  it('is not raised where the body works in every territory', async () => {
    const catalogue = graphCatalogue([attending], { '09009': 'regular' });
    expect(byType((await flagsOf(catalogue)).flags, 'inactive-body-dependency')).toEqual([]);
  });
});

describe('exclusion conflicts: eligible for both, may take only one', () => {
  const excluding = statewide('prog-a', '09', {
    exclusions: [
      {
        id: 'no-concurrent',
        label: { es: 'Sin programas concurrentes', en: 'No concurrent programmes' },
        agencies: ['agency-b'],
        source: 'TEST-06',
      },
    ],
  });
  const other = statewide('prog-b', '09', { agency: 'agency-b' });

  it('is raised with the groups eligible for both', async () => {
    const catalogue = graphCatalogue([excluding, other]);
    // Enrolments stated (none): an exclusion is a criterion, unknown while they are not (issue 12).
    const none = { enrolments: [] };
    const groups = [...repeat(3, () => groupIn('09', none)), groupIn('15', none)];
    const [flag] = byType((await flagsOf(catalogue, groups)).flags, 'exclusion-conflict');
    expect(flag).toMatchObject({
      id: 'exclusion-conflict:prog-a+prog-b',
      severity: 'high',
      evidence: { both: 3, eligibleA: 3, eligibleB: 3, jaccard: 1, population: 4 },
      sources: ['TEST-06'],
    });
    expect(flag?.edges).toEqual(
      expect.arrayContaining([
        'exclusion:programme:prog-a->programme:prog-b',
        'overlap:programme:prog-a->programme:prog-b',
      ]),
    );
  });

  it('is not raised when no group qualifies for both, nor without an exclusion', async () => {
    const disjoint = graphCatalogue([excluding, statewide('prog-b', '15', { agency: 'agency-b' })]);
    expect(
      byType((await flagsOf(disjoint, [groupIn('09'), groupIn('15')])).flags, 'exclusion-conflict'),
    ).toEqual([]);
    const free = graphCatalogue([statewide('prog-a', '09'), other]);
    expect(byType((await flagsOf(free, [groupIn('09')])).flags, 'exclusion-conflict')).toEqual([]);
  });
});

describe('duplication risk: the same kind of support, overlapping populations, no exclusion', () => {
  const support = (type: string) => ({
    support: [{ id: 'grant', type, label: { es: 'Apoyo', en: 'Support' }, source: 'TEST-07' }],
  });

  it('is raised for overlapping programmes that give the same kind of support', async () => {
    const catalogue = graphCatalogue([
      statewide('prog-a', '09', support('equipment')),
      statewide('prog-b', '09', support('equipment')),
    ]);
    const [flag] = byType(
      (
        await flagsOf(
          catalogue,
          repeat(4, () => groupIn('09')),
        )
      ).flags,
      'duplication-risk',
    );
    expect(flag).toMatchObject({
      id: 'duplication-risk:prog-a+prog-b',
      evidence: { both: 4, sharedSupportTypes: 1, shareOfSmaller: 1 },
      sources: ['TEST-07'],
    });
  });

  it('is not raised when the kinds of support differ', async () => {
    const catalogue = graphCatalogue([
      statewide('prog-a', '09', support('equipment')),
      statewide('prog-b', '09', support('training')),
    ]);
    expect(
      byType(
        (
          await flagsOf(
            catalogue,
            repeat(4, () => groupIn('09')),
          )
        ).flags,
        'duplication-risk',
      ),
    ).toEqual([]);
  });
});

describe('declared links between populations that barely intersect', () => {
  const linked = (stateB: string) =>
    graphCatalogue([
      statewide('prog-a', '09', { coordination: { links: [link('prog-b', { effective: true })] } }),
      statewide('prog-b', stateB),
    ]);

  it('is raised when the linked programmes serve disjoint populations', async () => {
    const groups = [...repeat(3, () => groupIn('09')), ...repeat(3, () => groupIn('15'))];
    const [flag] = byType((await flagsOf(linked('15'), groups)).flags, 'low-overlap-link');
    expect(flag).toMatchObject({
      id: 'low-overlap-link:prog-a+prog-b',
      evidence: { both: 0, eligibleA: 3, eligibleB: 3, jaccard: 0 },
    });
    expect(flag?.edges).toContain('coordination:programme:prog-a->programme:prog-b');
  });

  it('is not raised when their populations overlap', async () => {
    const groups = repeat(3, () => groupIn('09'));
    expect(byType((await flagsOf(linked('09'), groups)).flags, 'low-overlap-link')).toEqual([]);
  });
});

describe('coverage gaps: segments eligible for nothing', () => {
  it('is raised for a sizeable segment nobody serves, and not for the served one', async () => {
    const catalogue = graphCatalogue([statewide('prog-a', '09')]);
    const groups = [...repeat(30, () => groupIn('09')), ...repeat(25, () => groupIn('15'))];
    const { flags, model } = await flagsOf(catalogue, groups);
    const gaps = byType(flags, 'coverage-gap');
    expect(gaps.map((f) => f.id)).toContain('coverage-gap:state=15');
    expect(gaps.map((f) => f.id)).not.toContain('coverage-gap:state=09');
    expect(gaps.find((f) => f.id === 'coverage-gap:state=15')).toMatchObject({
      evidence: { groups: 25, eligibleForNothing: 25, share: 1, population: 55 },
      nodes: ['territory:15'],
    });
    expect(model.graph.getNodeAttribute('territory:15', 'flagged')).toBe(true);
  });

  it('is not raised for a segment smaller than the minimum', async () => {
    const catalogue = graphCatalogue([statewide('prog-a', '09')]);
    const groups = [...repeat(30, () => groupIn('09')), ...repeat(5, () => groupIn('15'))];
    expect(byType((await flagsOf(catalogue, groups)).flags, 'coverage-gap').map((f) => f.id)).not.toContain(
      'coverage-gap:state=15',
    );
  });
});

describe('eligible demand above a budget line', () => {
  const funded = statewide('prog-a', '09', {
    support: [
      {
        id: 'grant',
        type: 'cash',
        label: { es: 'Apoyo', en: 'Grant' },
        maxPerGroup: { amount: 50000, currency: 'MXN' },
        budgetLine: 'grants',
        source: 'TEST-08',
      },
    ],
    budget: {
      fiscalYear: 2018,
      currency: 'MXN',
      source: 'TEST-09',
      lines: [{ id: 'grants', label: { es: 'Apoyos', en: 'Grants' }, amount: 100000, source: 'TEST-09' }],
    },
  });

  it('is raised when eligible groups × the maximum exceed the line', async () => {
    const catalogue = graphCatalogue([funded]);
    const [flag] = byType(
      (
        await flagsOf(
          catalogue,
          repeat(3, () => groupIn('09')),
        )
      ).flags,
      'demand-above-budget',
    );
    expect(flag).toMatchObject({
      id: 'demand-above-budget:prog-a@2018/grants',
      severity: 'medium',
      evidence: { eligibleGroups: 3, maxPerGroup: 50000, demand: 150000, budget: 100000, ratio: 1.5 },
      sources: ['TEST-09', 'TEST-08'],
    });
  });

  it('is not raised when the line covers the demand', async () => {
    const catalogue = graphCatalogue([funded]);
    const flags = (await flagsOf(catalogue, [groupIn('09'), groupIn('09'), groupIn('15')])).flags;
    expect(byType(flags, 'demand-above-budget')).toEqual([]);
  });
});

describe('duplicate enrolments in stored data (keyed hashes)', () => {
  const catalogue = graphCatalogue([
    statewide('prog-a', '09', {
      exclusions: [
        {
          id: 'only-one',
          label: { es: 'Solo uno', en: 'Only one' },
          programmes: ['prog-b'],
          source: 'TEST-10',
        },
      ],
    }),
    statewide('prog-b', '09', { agency: 'agency-b' }),
    statewide('prog-c', '09', { agency: 'agency-b' }),
  ]);

  it('finds a person in one programme through two groups, and holders of mutually exclusive programmes', async () => {
    const stored = {
      fiscalYear: 2018,
      samePerson: [{ programme: 'prog-c', fiscalYear: 2018, personHash: 'h1', groupIds: ['g1', 'g2'] }],
      holders: [
        {
          holder: { kind: 'person' as const, hash: 'h2' },
          fiscalYear: 2018,
          programmes: [
            { programme: 'prog-a', groupId: 'g3' },
            { programme: 'prog-b', groupId: 'g4' },
          ],
        },
        {
          holder: { kind: 'group' as const, id: 'g5' },
          fiscalYear: 2018,
          programmes: [
            { programme: 'prog-a', groupId: 'g5' },
            { programme: 'prog-b', groupId: 'g5' },
          ],
        },
      ],
    };
    const flags = byType((await flagsOf(catalogue, undefined, { stored })).flags, 'duplicate-enrolment');
    expect(flags.map((f) => [f.id, f.evidence, f.groups])).toEqual([
      [
        'duplicate-enrolment:prog-a+prog-b@2018',
        { persons: 1, groups: 3, fiscalYear: 2018 },
        ['g3', 'g4', 'g5'],
      ],
      ['duplicate-enrolment:prog-c@2018', { persons: 1, groups: 2, fiscalYear: 2018 }, ['g1', 'g2']],
    ]);
    expect(flags[0]?.sources).toEqual(['TEST-10']);
    expect(JSON.stringify(flags)).not.toMatch(/h1|h2/);
  });

  it('does not flag programmes that do not exclude each other, nor one group in one programme', () => {
    const findings = duplicateFindings(catalogue, {
      fiscalYear: 2018,
      samePerson: [{ programme: 'prog-c', fiscalYear: 2018, personHash: 'h1', groupIds: ['g1'] }],
      holders: [
        {
          holder: { kind: 'person', hash: 'h2' },
          fiscalYear: 2018,
          programmes: [
            { programme: 'prog-b', groupId: 'g3' },
            { programme: 'prog-c', groupId: 'g4' },
          ],
        },
      ],
    });
    expect(findings).toEqual([]);
  });
});
