import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../src/cli/format';
import { loadCatalogue } from '../src/rules/load-dir';
import { Matcher, parseGroup } from '../src/rules/match';

// CDMXCOOP-31: applicants who meet the requirements and consider themselves unfairly treated may appeal
// under the Administrative Procedure Law of the Federal District. Every result of a CDMX Cooperatives or
// FOCOFESS subprogramme says so (FOCOFESS per assumption A-29), in Spanish and English, with its source.

const catalogue = loadCatalogue();
const group = parseGroup(JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8')), catalogue);
const LAW = {
  es: 'Ley de Procedimiento Administrativo del Distrito Federal',
  en: 'Administrative Procedure Law of the Federal District',
};

describe('the right to appeal (CDMXCOOP-31)', () => {
  for (const asOf of ['2016-06-01', '2017-06-01', '2018-06-01', '2019-06-01']) {
    for (const lang of ['es', 'en'] as const) {
      it(`is shown with every CDMX result on ${asOf} (${lang}), and with no other`, async () => {
        const report = await new Matcher(catalogue).match(group, { asOf, lang });
        const active = report.results.filter((r) => r.status !== 'not_active');
        const cdmx = active.filter((r) => /^cdmx-(coop|focofess)-sp[if]@/.test(r.programme.key));
        expect(cdmx.length).toBe(2);
        for (const r of cdmx) {
          expect(r.appeal?.text, r.programme.key).toContain(LAW[lang]);
          expect(r.appeal?.references.flatMap((ref) => ref.places).join(' ')).toMatch(
            lang === 'es' ? /líneas? 210/ : /lines? 210/,
          );
        }
        for (const r of active.filter((x) => !x.programme.key.startsWith('cdmx-')))
          expect(r.appeal, r.programme.key).toBeUndefined();
        const text = formatReport(report, lang);
        expect(text).toContain(
          lang === 'es' ? 'Si no está de acuerdo con la decisión' : 'If you disagree with the decision',
        );
      });
    }
  }
});
