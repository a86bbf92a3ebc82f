import { describe, expect, it } from 'vitest';
import { DEFAULT_DISTRIBUTIONS, type Distributions, parseDistributions } from '../src/graph/distributions';
import { EVALUATORS, type PopulationEvaluator, type VerdictBuffer } from '../src/graph/evaluator';
import { analyseOverlaps, mergeAnalyses, type OverlapAnalysis, overlapsJson } from '../src/graph/overlaps';
import { analyseSynthetic } from '../src/graph/parallel';
import { groupInput, groupLine, groupsFromLines } from '../src/graph/population-io';
import { analysePopulation } from '../src/graph/report';
import { syntheticGroups } from '../src/graph/synthetic';
import { InputError } from '../src/rules/errors';
import type { Group } from '../src/rules/group';
import { loadCatalogue } from '../src/rules/load-dir';
import { parseGroup } from '../src/rules/match';
import { failureNames as failureNames_ } from '../src/rules/status';
import { graphCatalogue, groupIn, population, statewide } from './graph-helpers';

const catalogue = loadCatalogue();
const draw = (count: number, seed: number, distributions: Distributions = DEFAULT_DISTRIBUTIONS) => [
  ...syntheticGroups(distributions, { count, seed, territories: catalogue.territories }),
];

describe('synthetic population', () => {
  it('is the same for the same seed, different for another, and a longer run extends a shorter one', () => {
    const a = draw(300, 7);
    expect(draw(300, 7)).toEqual(a);
    expect(draw(300, 8)).not.toEqual(a);
    expect(draw(100, 7)).toEqual(a.slice(0, 100));
  });

  it('takes a seed that is a 32-bit whole number, and says so otherwise', () => {
    for (const seed of [-1, 1.5, 2 ** 32])
      expect(() => draw(1, seed)).toThrow(/the seed is a whole number from 0 to 4294967295/);
  });

  it('draws only valid groups: each one, written as NDJSON, reads back through the group schema', () => {
    for (const group of draw(1500, 3)) {
      const back = parseGroup(JSON.parse(groupLine(group)), catalogue);
      expect(back).toEqual(group);
    }
  });

  it('covers the 16 CDMX boroughs, the three PROINPRO states and the Uruguayan frontier departments', () => {
    const places = new Set<string>();
    for (const g of draw(4000, 1)) {
      const l = g.location;
      places.add(l?.municipality ?? l?.region ?? l?.state ?? '');
    }
    const boroughs = catalogue.territories
      .all()
      .filter((t) => t.attributes.advisoryCouncilActivity !== undefined);
    expect(boroughs).toHaveLength(16);
    for (const b of boroughs) expect(places, b.name).toContain(b.code);
    for (const state of ['12', '13', '32']) expect(places).toContain(state);
    const frontier = catalogue.territories.all().filter((t) => t.attributes.frontierZone === true);
    expect(frontier).toHaveLength(10);
    for (const d of frontier) expect(places, d.name).toContain(d.code);
  });

  it('follows the distributions file: editing a weight changes who is drawn', () => {
    const onlyFrontier = structuredClone(DEFAULT_DISTRIBUTIONS);
    onlyFrontier.regions = onlyFrontier.regions.filter((r) => r.id === 'uy-frontier');
    const groups = draw(200, 1, parseDistributions(onlyFrontier));
    expect(groups.every((g) => g.location?.country === 'UY')).toBe(true);
    expect(
      groups.every((g) => catalogue.territories.attributes(g.location?.region as string).frontierZone),
    ).toBe(true);
    // borough councils shape attendance: where the council hardly meets, groups rarely attend
    const attendance = (activity: string) => {
      const gs = draw(3000, 2).filter(
        (g) =>
          g.location?.municipality &&
          catalogue.territories.attributes(g.location.municipality).advisoryCouncilActivity === activity &&
          g.training?.advisoryCouncilMeetingsAttended !== undefined,
      );
      return gs.filter((g) => (g.training?.advisoryCouncilMeetingsAttended ?? 0) > 0).length / gs.length;
    };
    expect(attendance('little_or_none')).toBeLessThan(attendance('regular'));
  });

  it('refuses a distributions file with a mistake, saying where and why', () => {
    const broken = structuredClone(DEFAULT_DISTRIBUTIONS) as unknown as Record<string, unknown>;
    (broken.unknownShare as Record<string, unknown>).value = 1.5;
    ((broken.defaults as Record<string, unknown>).female as Record<string, unknown>).basis = '';
    const error = (() => {
      try {
        parseDistributions(broken);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error?.problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['unknownShare.value', 'defaults.female.basis']),
    );
    const unknownTerritory = structuredClone(DEFAULT_DISTRIBUTIONS);
    (unknownTerritory.regions[0]?.territories.options[0] as { value: string }).value = '99';
    expect(() => parseDistributions(unknownTerritory, (c) => catalogue.territories.has(c))).toThrow(
      /regions\[0\]\.territories\.options\[0\]\.value: unknown territory code '99'/,
    );
  });
});

describe('overlap analysis', () => {
  it('gives the same numbers for the same seed and different ones for another seed', async () => {
    const run = async (seed: number) =>
      overlapsJson(
        await analysePopulation({
          catalogue,
          asOf: '2018-06-01',
          population: { info: { kind: 'synthetic', seed }, expected: 250, groups: draw(250, seed) },
        }),
      );
    const first = await run(11);
    expect(first.programmes.map((p) => p.key)).toEqual([
      'cdmx-coop-spf@2018',
      'cdmx-coop-spi@2018',
      'prospera@2018',
      'prospera-productive-inclusion@2018',
    ]);
    expect(first.programmes.some((p) => p.eligible > 0)).toBe(true);
    expect(await run(11)).toEqual(first);
    expect(await run(12)).not.toEqual(first);
  });

  it('gives the same analysis with the compiled evaluator (the default) as with the reference', async () => {
    for (const asOf of ['2016-06-01', '2018-06-01', '2019-06-01']) {
      const run = (evaluator: 'compiled' | 'reference') =>
        analysePopulation({
          catalogue,
          asOf,
          evaluator: EVALUATORS[evaluator],
          population: { info: { kind: 'synthetic', seed: 5 }, expected: 400, groups: draw(400, 5) },
        });
      const [fast, reference] = [await run('compiled'), await run('reference')];
      expect(fast.evaluator).toBe('compiled');
      expect(reference.evaluator).toBe('reference');
      expect({ ...overlapsJson(fast), evaluator: '' }).toEqual({ ...overlapsJson(reference), evaluator: '' });
      expect(fast.eligibleByStage).toEqual(reference.eligibleByStage);
      expect(fast.eligibleMembers).toEqual(reference.eligibleMembers);
      expect(fast.tracked).toEqual(reference.tracked);
      expect(fast.separating).toEqual(reference.separating);
      expect(fast.eligible.some((n) => n > 0)).toBe(true);
    }
  });

  it('counts pairs, Jaccard, separating criteria and gaps from compact per-group verdicts (any evaluator)', async () => {
    const programmes = graphCatalogue([
      statewide('prog-a', '09'),
      statewide('prog-b', '09', {
        id: 'prog-b',
        criteria: [
          {
            id: 'in-state',
            label: { es: 'Opera en 09', en: 'Operates in 09' },
            source: 'TEST-02',
            condition: { fact: 'locationState', operator: 'equal', value: '09' },
          },
          {
            id: 'other',
            label: { es: 'Otro', en: 'Other' },
            source: 'TEST-02',
            condition: { fact: 'legallyConstituted', operator: 'equal', value: true },
          },
        ],
      }),
    ]).programmes;
    // A synchronous stand-in evaluator: compact verdicts (status code, failing bits) from the group's name.
    const failureNames = programmes.map((p) => failureNames_(p));
    const bit = (p: number, name: string) => failureNames[p]?.indexOf(name) as number;
    const E = 2;
    const U = 1;
    const I = 0;
    const table: Record<string, [number, string[], number, string[]]> = {
      both: [E, [], E, []],
      onlyA: [E, [], I, ['in-state', 'other']],
      onlyB: [I, ['in-state'], E, []],
      none: [U, [], I, ['in-state']],
    };
    const evaluator: PopulationEvaluator = {
      name: 'table',
      programmes,
      failureNames,
      evaluate: (group: Group, out: VerdictBuffer) => {
        const [sa, fa, sb, fb] = table[group.name as string] as [number, string[], number, string[]];
        out.failing.fill(0);
        out.status.set([sa, sb]);
        out.stage.set([-1, -1]);
        for (const f of fa) out.fail(0, bit(0, f));
        for (const f of fb) out.fail(1, bit(1, f));
      },
    };
    const names = ['both', 'both', 'onlyA', 'onlyA', 'onlyB', 'none'];
    function* groups() {
      for (const name of names) yield groupIn(name === 'none' ? '15' : '09', { name });
    }
    const analysis = await analyseOverlaps(evaluator, population([...groups()]), { asOf: '2018-06-01' });
    const json = overlapsJson(analysis);
    expect(json.programmes.map((p) => [p.key, p.eligible, p.undetermined, p.coverage])).toEqual([
      ['prog-a@2018', 4, 1, 0.6667],
      ['prog-b@2018', 3, 0, 0.5],
    ]);
    expect(json.pairs).toEqual([
      {
        a: 'prog-a@2018',
        b: 'prog-b@2018',
        both: 2,
        jaccard: 0.4,
        separating: ['prog-b:in-state', 'prog-b:other', 'prog-a:in-state'],
        separatingGroups: [2, 2, 1],
      },
    ]);
    expect(json.gaps.find((g) => g.segment.dimension === 'state' && g.segment.value === '15')).toEqual({
      segment: { dimension: 'state', value: '15' },
      groups: 1,
      eligibleForNothing: 1,
      undeterminedOnly: 1,
      share: 1,
    });
    expect(json.population).toEqual({ kind: 'file', source: 'test', size: 6 });
  });

  it('reads NDJSON populations and stops at a bad line with its number', async () => {
    const good = groupLine(groupIn('09'));
    const read = async (lines: string[]) => {
      const out: Group[] = [];
      for await (const g of groupsFromLines(lines, catalogue, 'pop.ndjson')) out.push(g);
      return out;
    };
    expect(await read([good, '', good])).toHaveLength(2);
    await expect(read([good, '{"members": 3}'])).rejects.toMatchObject({
      problems: [{ file: 'pop.ndjson', line: 2, path: 'members' }],
    });
    await expect(read(['{nope'])).rejects.toMatchObject({
      problems: [{ line: 1, reason: /not valid JSON/ }],
    });
    expect(groupInput({ householdIncomePerCapitaMonthly: { minor: 90050, currency: 'MXN' } })).toEqual({
      householdIncomePerCapitaMonthly: { amount: '900.50', currency: 'MXN' },
    });
  });
});

describe('overlap analysis on several threads', () => {
  it('merges the analyses of consecutive parts into the analysis of the whole, map order included', async () => {
    // Map order matters: flags and exports list stages, pairs, segments and places in it.
    const order = (a: OverlapAnalysis) =>
      JSON.stringify({
        stages: a.eligibleByStage.map((m) => [...m.keys()]),
        separating: [...a.separating].map(([pair, m]) => [pair, [...m.keys()]]),
        segments: [...a.segments].map(([d, m]) => [d, [...m.keys()]]),
        tracked: [...a.tracked].map(([k, m]) => [k, [...m.keys()]]),
      });
    for (const asOf of ['2018-06-01', '2019-06-01']) {
      const run = (start: number, count: number) =>
        analysePopulation({
          catalogue,
          asOf,
          population: {
            info: { kind: 'synthetic', seed: 3 },
            groups: syntheticGroups(DEFAULT_DISTRIBUTIONS, {
              start,
              count,
              seed: 3,
              territories: catalogue.territories,
            }),
          },
        });
      const whole = await run(0, 900);
      const merged = mergeAnalyses([await run(0, 7), await run(7, 400), await run(407, 493)]);
      expect(merged).toEqual(whole);
      expect(order(merged), asOf).toBe(order(whole));
      expect(whole.separating.size).toBeGreaterThan(0);
    }
  });

  it('gives the same numbers on two worker threads as on one, with progress', async () => {
    const options = {
      catalogue,
      distributions: DEFAULT_DISTRIBUTIONS,
      source: 'src/graph/distributions.json',
      asOf: '2019-06-01',
      count: 3000,
      seed: 9,
      evaluator: 'compiled' as const,
      minGroupsPerWorker: 1,
    };
    const progress: number[] = [];
    const parallel = await analyseSynthetic({
      ...options,
      workers: 2,
      progressEvery: 500,
      onProgress: (done) => progress.push(done),
    });
    const single = await analyseSynthetic({ ...options, workers: 1 });
    expect(overlapsJson(parallel)).toEqual(overlapsJson(single));
    expect(parallel.tracked).toEqual(single.tracked);
    expect(parallel.population).toEqual({ kind: 'synthetic', seed: 9, source: options.source, size: 3000 });
    expect(progress.at(-1)).toBe(3000);
    expect(progress.length).toBeGreaterThan(2);
  });
});
