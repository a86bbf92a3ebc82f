import { describe, expect, it } from 'vitest';
import { BODIES_FILE, file, programme, TERRITORIES_FILE } from '../../test/helpers';
import { RuleFileError } from './errors';
import { parseCatalogue } from './loader';
import { Matcher, parseGroup } from './match';

const csv = (text: string) => ({ path: 'territories/conapo.csv', text });
const marginalisationProgramme = programme({
  criteria: [
    {
      id: 'marginalised',
      label: { es: 'Marginación media o más', en: 'Medium marginalisation or more' },
      source: 'PFES-08',
      condition: { fact: 'territoryMarginalisation', operator: 'in', value: ['medium', 'high', 'very_high'] },
    },
  ],
});

function load(text: string) {
  return parseCatalogue([BODIES_FILE, TERRITORIES_FILE, csv(text), file('p.yaml', marginalisationProgramme)]);
}

describe('territory attributes from CSV', () => {
  it('adds attributes to known municipalities and new municipalities with a name', async () => {
    const catalogue = load(
      [
        'code,name,marginalisation,ruralZap,urbanZapShare,shareBelowWelfareLine,socialBank',
        '09007,,medium,no,35%,0.41,sí',
        '12041,Tlapa de Comonfort,very_high,yes,,0.82,',
      ].join('\n'),
    );
    expect(catalogue.territories.attributes('09007')).toEqual({
      advisoryCouncilActivity: 'intermittent',
      marginalisation: 'medium',
      ruralZap: false,
      urbanZapShare: 0.35,
      shareBelowWelfareLine: 0.41,
      socialBank: true,
    });
    expect(catalogue.territories.get('12041')).toMatchObject({
      name: 'Tlapa de Comonfort',
      level: 'municipality',
    });

    const matcher = new Matcher(catalogue);
    const inTlapa = await matcher.match(parseGroup({ location: { municipality: '12041' } }, catalogue), {
      asOf: '2018-06-01',
    });
    expect(inTlapa.results[0]?.status).toBe('eligible');
    const nowhere = await matcher.match(parseGroup({}, catalogue), { asOf: '2018-06-01' });
    expect(nowhere.results[0]?.missingFacts.map((m) => m.path)).toEqual(['location.municipality']);
  });

  it('rejects bad cells with file, line, column and reason', () => {
    try {
      load(
        [
          'code,marginalisation,ruralZap,colour',
          '09007,medium,maybe,red',
          '99999,high,,',
          '09007,low,,',
        ].join('\n'),
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleFileError);
      const problems = (error as RuleFileError).problems.map(
        (p) => `${p.file}:${p.line} ${p.path}: ${p.reason}`,
      );
      expect(problems).toEqual([
        expect.stringMatching(/^territories\/conapo.csv:1 column 'colour': unknown column/),
        "territories/conapo.csv:2 09007.ruralZap: 'maybe' is not yes/no (true, false, sí, no, 1, 0)",
        expect.stringMatching(/^territories\/conapo.csv:3 99999.name: unknown territory code '99999'/),
        'territories/conapo.csv:4 09007.marginalisation: contradicts the value already loaded for this territory',
      ]);
    }
  });

  it('skips # comment lines, counting them in line numbers', () => {
    try {
      load(
        ['# Source: test data', '# second comment', 'code,marginalisation,colour', '09007,higher,'].join(
          '\n',
        ),
      );
      expect.unreachable();
    } catch (error) {
      const problems = (error as RuleFileError).problems.map((p) => `${p.line} ${p.path}`);
      expect(problems).toEqual(["3 column 'colour'", '4 09007.marginalisation']);
    }
    expect(
      load('# Source: test data\ncode,marginalisation\n09007,low\n').territories.attributes('09007'),
    ).toMatchObject({
      marginalisation: 'low',
    });
  });
});
