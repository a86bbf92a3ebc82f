import type { Lang } from '../rules/i18n';
import type { MatchReport, ProgrammeResult, Status } from '../rules/match';

const STATUS_LABEL: Record<Status, Record<Lang, string>> = {
  eligible: { es: 'ELEGIBLE', en: 'ELIGIBLE' },
  ineligible: { es: 'NO ELEGIBLE', en: 'INELIGIBLE' },
  undetermined: { es: 'POR DETERMINAR', en: 'UNDETERMINED' },
  not_active: { es: 'NO VIGENTE', en: 'NOT ACTIVE' },
};
const STATUS_ORDER: Status[] = ['eligible', 'undetermined', 'ineligible', 'not_active'];

const T = {
  header: { es: 'Resultados al', en: 'Results as of' },
  group: { es: 'Grupo', en: 'Group' },
  members: { es: 'integrantes', en: 'members' },
  criteria: { es: 'Criterios', en: 'Criteria' },
  near: { es: 'Qué cambiaría el resultado', en: 'What would change the result' },
  ask: { es: 'Datos por recabar', en: 'Facts to collect' },
  stages: { es: 'Etapas', en: 'Stages' },
  requires: { es: 'requiere', en: 'requires' },
  support: { es: 'Apoyos', en: 'Support' },
  calls: { es: 'Convocatorias abiertas', en: 'Open calls' },
  upcoming: { es: 'Próximas convocatorias', en: 'Upcoming calls' },
  conflicts: { es: 'Conflictos', en: 'Conflicts' },
  source: { es: 'fuente', en: 'source' },
  max: { es: 'máximo', en: 'maximum' },
  noMax: { es: 'sin máximo en las fuentes', en: 'no maximum in the sources' },
  until: { es: 'hasta', en: 'until' },
  noClose: { es: 'cierre no publicado en las fuentes', en: 'closing date not in the sources' },
  summary: { es: 'Resumen', en: 'Summary' },
} satisfies Record<string, Record<Lang, string>>;

/** A readable report for a terminal: programmes grouped by status, each with its reasons. */
export function formatReport(report: MatchReport, lang: Lang): string {
  const out: string[] = [];
  const name = report.group.name ?? report.group.id ?? '—';
  const count =
    report.group.memberCount !== undefined ? ` (${report.group.memberCount} ${T.members[lang]})` : '';
  out.push(`${T.header[lang]} ${report.asOf} — ${T.group[lang]}: ${name}${count}`);
  out.push(
    `${T.summary[lang]}: ${STATUS_ORDER.map((s) => `${STATUS_LABEL[s][lang]} ${report.counts[s]}`).join(' · ')}`,
  );
  for (const status of STATUS_ORDER) {
    for (const result of report.results.filter((r) => r.status === status)) {
      out.push('', ...formatResult(result, lang));
    }
  }
  return `${out.join('\n')}\n`;
}

function formatResult(r: ProgrammeResult, lang: Lang): string[] {
  const out: string[] = [];
  out.push(`[${STATUS_LABEL[r.status][lang]}] ${r.programme.name} (${r.programme.key})`);
  out.push(`  ${r.summary}`);
  if (r.status === 'not_active') return out;
  out.push(`  ${T.criteria[lang]}:`);
  for (const c of r.criteria) {
    const mark = c.verdict === 'passed' ? '✓' : c.verdict === 'failed' ? '✗' : '?';
    const stage = c.stage ? ` [${c.stage}]` : '';
    out.push(`    ${mark} ${c.label}${stage} (${T.source[lang]}: ${c.source.join('; ')})`);
    if (c.verdict !== 'passed') for (const line of c.explanation) out.push(`        ${line}`);
  }
  if (r.nearMisses.length) {
    out.push(`  ${T.near[lang]}:`);
    for (const m of r.nearMisses) out.push(`    → ${m.message}`);
  }
  if (r.missingFacts.length) {
    out.push(`  ${T.ask[lang]}:`);
    for (const m of r.missingFacts) out.push(`    ? ${m.question} (${m.path})`);
  }
  if (r.stages.length) {
    out.push(`  ${T.stages[lang]}:`);
    for (const s of r.stages) {
      const req = s.requires.length
        ? ` — ${T.requires[lang]}: ${s.requires.map((x) => x.name).join(', ')}`
        : '';
      out.push(`    ${s.id === r.stage?.id ? '▶' : '·'} ${s.name}: ${STATUS_LABEL[s.status][lang]}${req}`);
    }
  }
  if (r.support.length) {
    out.push(`  ${T.support[lang]}:`);
    for (const s of r.support) {
      const max = s.maxPerGroup ?? s.maxPerPerson;
      const amount = max
        ? `${T.max[lang]} ${Number(max.amount).toLocaleString(lang === 'es' ? 'es-MX' : 'en-US')} ${max.currency}`
        : T.noMax[lang];
      out.push(`    · ${s.label} — ${amount}`);
    }
  }
  for (const [title, calls] of [
    [T.calls[lang], r.openCalls],
    [T.upcoming[lang], r.upcomingCalls],
  ] as const) {
    if (!calls.length) continue;
    out.push(`  ${title}:`);
    for (const c of calls) {
      out.push(
        `    · ${c.name}: ${c.opens} ${c.closes ? `${T.until[lang]} ${c.closes}` : `(${T.noClose[lang]})`}${c.gazette ? ` — ${c.gazette}` : ''}`,
      );
    }
  }
  if (r.conflicts.length) {
    out.push(`  ${T.conflicts[lang]}:`);
    for (const c of r.conflicts) out.push(`    ! ${c.message}`);
  }
  return out;
}
