import { referenceText } from '../rules/bibliography';
import { countNoun, type Lang, NOUNS } from '../rules/i18n';
import type { MatchReport, ProgrammeResult, Status } from '../rules/match';
import { messages, supportMaximum } from '../rules/messages';

const STATUS_ORDER: Status[] = ['eligible', 'undetermined', 'ineligible', 'no_rules', 'not_active'];

/** A readable report for a terminal: programmes grouped by status, each with its reasons. */
export function formatReport(report: MatchReport, lang: Lang): string {
  const T = messages(lang).report;
  const STATUS = messages(lang).status;
  const out: string[] = [];
  const name = report.group.name ?? report.group.id ?? '—';
  const count =
    report.group.memberCount !== undefined
      ? ` (${countNoun(report.group.memberCount, NOUNS.member, lang)})`
      : '';
  out.push(`${T.header} ${report.asOf} — ${T.group}: ${name}${count}`);
  out.push(`${T.summary}: ${STATUS_ORDER.map((s) => `${STATUS[s]} ${report.counts[s]}`).join(' · ')}`);
  for (const status of STATUS_ORDER) {
    for (const result of report.results.filter((r) => r.status === status)) {
      out.push('', ...formatResult(result, lang));
    }
  }
  return `${out.join('\n')}\n`;
}

function formatResult(r: ProgrammeResult, lang: Lang): string[] {
  const T = messages(lang).report;
  const STATUS = messages(lang).status;
  const out: string[] = [];
  out.push(`[${STATUS[r.status]}] ${r.programme.name}`);
  out.push(`  ${r.summary}`);
  if (r.status === 'not_active' || r.status === 'no_rules') return out;
  out.push(`  ${T.criteria}:`);
  for (const c of r.criteria) {
    const mark = c.verdict === 'passed' ? '✓' : c.verdict === 'failed' ? '✗' : '?';
    const stageName = c.stage ? (r.stages.find((s) => s.id === c.stage)?.name ?? c.stage) : '';
    const stage = c.stage ? ` [${stageName}]` : '';
    out.push(`    ${mark} ${c.label}${stage} (${T.source}: ${c.references.map(referenceText).join(' · ')})`);
    if (c.verdict !== 'passed') for (const line of c.explanation) out.push(`        ${line}`);
  }
  if (r.nearMisses.length) {
    out.push(`  ${T.near}:`);
    for (const m of r.nearMisses) out.push(`    → ${m.message}`);
  }
  if (r.missingFacts.length) {
    out.push(`  ${T.ask}:`);
    for (const m of r.missingFacts) out.push(`    ? ${m.question}`);
  }
  if (r.stages.length) {
    out.push(`  ${T.stages}:`);
    for (const s of r.stages) {
      const req = s.requires.length ? ` — ${T.requires}: ${s.requires.map((x) => x.name).join(', ')}` : '';
      out.push(`    ${s.id === r.stage?.id ? '▶' : '·'} ${s.name}: ${STATUS[s.status]}${req}`);
    }
  }
  if (r.support.length) {
    out.push(`  ${T.support}:`);
    for (const s of r.support) {
      out.push(`    · ${s.label} — ${supportMaximum(s, lang, r.programme.fiscalYear)}`);
    }
  }
  for (const [title, calls] of [
    [T.calls, r.openCalls],
    [T.upcoming, r.upcomingCalls],
  ] as const) {
    if (!calls.length) continue;
    out.push(`  ${title}:`);
    for (const c of calls) {
      out.push(
        `    · ${c.name}: ${c.opens} ${c.closes ? `${T.until} ${c.closes}` : `(${T.noClose})`}${c.gazette ? ` — ${c.gazette}` : ''}`,
      );
    }
  }
  if (r.conflicts.length) {
    out.push(`  ${T.conflicts}:`);
    for (const c of r.conflicts) out.push(`    ! ${c.message}`);
  }
  if (r.appeal) {
    out.push(`  ${T.appeal}: ${r.appeal.text}`);
    out.push(`    (${T.source}: ${r.appeal.references.map(referenceText).join(' · ')})`);
  }
  return out;
}
