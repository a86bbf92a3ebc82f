import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RuleFileError } from '../src/rules/errors';
import type { LeafEvaluation, NodeEvaluation } from '../src/rules/evaluate';
import { DEFAULT_PROGRAMMES_DIR, loadCatalogue, readRuleFiles } from '../src/rules/load-dir';
import { parseCatalogue } from '../src/rules/loader';
import { Matcher, parseGroup } from '../src/rules/match';
import { parseTerritoryCsv } from '../src/rules/territory-csv';

// Every municipality from programmes/territories/mx-federal-municipalities.csv (INEGI codes and names,
// CONAPO's 2015 marginalisation degree), and what the Opciones Productivas territorial criterion makes of it.

const catalogue = loadCatalogue();
const matcher = new Matcher(catalogue);
const MUNICIPALITIES = 'territories/mx-federal-municipalities.csv';

async function territorialCoverage(municipality: string, asOf = '2017-06-01') {
  const group = parseGroup(
    {
      name: 'Grupo de traspatio',
      legalForm: 'informal_group',
      legallyConstituted: false,
      location: { municipality, areaType: 'rural' },
    },
    catalogue,
  );
  const report = await matcher.match(group, { asOf });
  const result = report.results.find((r) => r.programme.id === 'pfes-opciones-productivas');
  const criterion = result?.criteria.find((c) => c.id === 'territorial-coverage');
  if (!result || !criterion) throw new Error('no territorial-coverage criterion');
  const branches = (criterion.conditions as NodeEvaluation).children as LeafEvaluation[];
  const marginalisation = branches.find((b) => b.fact === 'territoryMarginalisation');
  return { result, criterion, marginalisation };
}

describe('every Mexican municipality (INEGI codes, CONAPO 2015 marginalisation)', () => {
  it('loads all 2,475 rows, with the name and the state from the code', () => {
    const text = readFileSync(`${DEFAULT_PROGRAMMES_DIR}/${MUNICIPALITIES}`, 'utf8');
    const { rows, problems } = parseTerritoryCsv(MUNICIPALITIES, text);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(2475);
    expect(rows.filter((r) => r.territory.attributes.marginalisation)).toHaveLength(2457);
    const municipalities = catalogue.territories.all().filter((t) => t.level === 'municipality');
    expect(municipalities).toHaveLength(2475);
    // Every municipality's state is one of the 32 states loaded from mx-states.yaml.
    expect(
      municipalities.every((t) => catalogue.territories.get(t.code.slice(0, 2))?.level === 'state'),
    ).toBe(true);
    expect(catalogue.territories.name('12066')).toBe('Tlapa de Comonfort');
    expect(catalogue.territories.attributes('12066')).toEqual({ marginalisation: 'high' });
    // A borough declared in cdmx-boroughs.yaml keeps its YAML attributes and gains the CONAPO degree.
    expect(catalogue.territories.attributes('09014')).toMatchObject({ marginalisation: 'very_low' });
  });

  it('rejects a malformed row with the file and its line (comments counted)', () => {
    const text = readFileSync(`${DEFAULT_PROGRAMMES_DIR}/${MUNICIPALITIES}`, 'utf8');
    const lines = text.split('\n');
    const row = lines.findIndex((l) => l.startsWith('12066,'));
    lines[row] = '12066,Tlapa de Comonfort,higher';
    const files = readRuleFiles(DEFAULT_PROGRAMMES_DIR, (name) => !name.endsWith('.cases.yaml')).map((f) =>
      f.path === MUNICIPALITIES ? { ...f, text: lines.join('\n') } : f,
    );
    try {
      parseCatalogue(files);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleFileError);
      const problems = (error as RuleFileError).problems;
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({
        file: MUNICIPALITIES,
        line: row + 1,
        path: '12066.marginalisation',
      });
    }
  });

  it("lets another CSV add attributes to the listed municipalities, whatever the files' order", () => {
    const files = readRuleFiles(DEFAULT_PROGRAMMES_DIR, (name) => !name.endsWith('.cases.yaml'));
    // 'territories/a-zap.csv' sorts before mx-federal-municipalities.csv and names no municipality.
    const zap = {
      path: 'territories/a-zap.csv',
      text: '# Test data, not a source\ncode,ruralZap,socialBank\n01002,no,no\n12083,yes,\n',
    };
    const withZap = parseCatalogue([...files, zap]);
    expect(withZap.territories.attributes('01002')).toEqual({
      marginalisation: 'low',
      ruralZap: false,
      socialBank: false,
    });
    expect(withZap.territories.attributes('12083')).toEqual({ ruralZap: true });
    expect(withZap.territories.name('12083')).toBe('Ñuu Savi');
  });

  it('decides the Opciones Productivas territorial criterion for a Guerrero group in Tlapa de Comonfort', async () => {
    const { result, criterion, marginalisation } = await territorialCoverage('12066');
    expect(marginalisation).toMatchObject({ verdict: 'passed', actual: 'high' });
    expect(criterion.verdict).toBe('passed');
    expect(result.missingFacts.map((m) => m.path)).not.toContain('territoryAttributes.marginalisation');
    expect(result.missingFacts.filter((m) => m.path.startsWith('territoryAttributes.'))).toEqual([]);
  });

  it('makes the Tlapa example group eligible for Opciones Productivas, no longer asked six municipal statistics', async () => {
    const example = JSON.parse(readFileSync('examples/grupo-tlapa-guerrero.json', 'utf8'));
    expect(example.location.municipality).toBe('12066');
    for (const asOf of ['2016-06-01', '2017-06-01']) {
      const report = await matcher.match(parseGroup(example, catalogue), { asOf });
      const result = report.results.find((r) => r.programme.id === 'pfes-opciones-productivas');
      expect(result?.status).toBe('eligible');
      expect(result?.missingFacts).toEqual([]);
    }
  });

  it('fails the marginalisation branch of a low-marginalisation municipality, leaving the criterion unknown', async () => {
    // Asientos, Aguascalientes: low marginalisation in 2015; the other five branches have no data.
    const { criterion, marginalisation } = await territorialCoverage('01002');
    expect(marginalisation).toMatchObject({ verdict: 'failed', actual: 'low' });
    expect(criterion.verdict).toBe('unknown');
    expect(criterion.missing.map((m) => m.path)).toEqual([
      'territoryAttributes.ruralZap',
      'territoryAttributes.urbanZapShare',
      'territoryAttributes.shareBelowWelfareLine',
      'territoryAttributes.indigenousCriteria',
      'territoryAttributes.socialBank',
    ]);
  });

  it('leaves a municipality created after 2015 unknown, not failed', async () => {
    // Ñuu Savi, Guerrero (12083): no CONAPO 2015 figure.
    expect(catalogue.territories.name('12083')).toBe('Ñuu Savi');
    expect(catalogue.territories.attributes('12083').marginalisation).toBeUndefined();
    const { criterion, marginalisation } = await territorialCoverage('12083');
    expect(marginalisation?.verdict).toBe('unknown');
    expect(criterion.verdict).toBe('unknown');
    expect(criterion.missing.map((m) => m.path)).toContain('territoryAttributes.marginalisation');
  });

  it('accepts any real municipality code in group input and rejects one in no state', () => {
    for (const municipality of ['12066', '12083', '23011', '32058', '01001']) {
      expect(() => parseGroup({ location: { municipality } }, catalogue)).not.toThrow();
    }
    expect(() => parseGroup({ location: { municipality: '99001' } }, catalogue)).toThrow(/unknown territory/);
  });
});
