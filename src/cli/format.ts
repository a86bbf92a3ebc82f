import { countNoun, type Lang, NOUNS, REPORT_LABELS, STATUS_LABELS } from '../rules/i18n';
import type { MatchReport, ProgrammeResult, Status } from '../rules/match';

const STATUS_ORDER: Status[] = ['eligible', 'undetermined', 'ineligible', 'no_rules', 'not_active'];
const T = REPORT_LABELS;

/** A readable report for a terminal: programmes grouped by status, each with its reasons. */
export function formatReport(report: MatchReport, lang: Lang): string {
  const out: string[] = [];
  const name = report.group.name ?? report.group.id ?? '—';
  const count =
    report.group.memberCount !== undefined
      ? ` (${countNoun(report.group.memberCount, NOUNS.member, lang)})`
      : '';
  out.push(`${T.header[lang]} ${report.asOf} — ${T.group[lang]}: ${name}${count}`);
  out.push(
    `${T.summary[lang]}: ${STATUS_ORDER.map((s) => `${STATUS_LABELS[s][lang]} ${report.counts[s]}`).join(' · ')}`,
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
  out.push(`[${STATUS_LABELS[r.status][lang]}] ${r.programme.name} (${r.programme.key})`);
  out.push(`  ${r.summary}`);
  if (r.status === 'not_active' || r.status === 'no_rules') return out;
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
      out.push(`    ${s.id === r.stage?.id ? '▶' : '·'} ${s.name}: ${STATUS_LABELS[s.status][lang]}${req}`);
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
