import type { Child, FC } from 'hono/jsx';
import { referenceText } from '../rules/bibliography';
import { countNoun, type Lang, NOUNS } from '../rules/i18n';
import type { MatchReport, ProgrammeResult, Status } from '../rules/match';
import { type MessageCatalogue, messages, supportMaximum } from '../rules/messages';
import { fieldId } from './case-form';
import type { Step } from './pathway';
import { type TextKey, tr } from './text';

/**
 * Where the form answers a question of "datos por recabar": the control named by the path, or the
 * list that holds it (debts and disqualifications: their agencies; enrolments: whether any are known;
 * members: the members' section).
 */
export function questionAnchor(path: string, known: ReadonlySet<string>): string | undefined {
  if (known.has(path)) return fieldId(path);
  if (known.has(`${path}.amount`)) return fieldId(`${path}.amount`);
  if (path === 'debts' || path === 'disqualifications') return fieldId(`${path}.agencies`);
  if (path === 'enrolments') return fieldId('enrolments.known');
  if (path === 'members' || /^members\[\d+\]/.test(path)) return 'members';
  return undefined;
}

export const STATUS_ORDER: Status[] = ['eligible', 'undetermined', 'ineligible', 'no_rules', 'not_active'];

const VERDICT: Record<string, { mark: string; text: TextKey }> = {
  passed: { mark: '✓', text: 'verdictPassed' },
  failed: { mark: '✗', text: 'verdictFailed' },
  unknown: { mark: '?', text: 'verdictUnknown' },
};

/** Both programmes of an exclusion may declare it, so the report can carry the same conflict twice. */
const unique = (lines: string[]) => [...new Set(lines)];

/** What a result card offers to do next (apply, on a saved case). */
type Apply = (result: ProgrammeResult) => Child;

export const Results: FC<{
  report: MatchReport;
  steps: Step[];
  lang: Lang;
  known: ReadonlySet<string>;
  apply?: Apply;
}> = ({ report, steps, lang, known, apply }) => {
  const t = tr(lang);
  const L = (key: Exclude<keyof MessageCatalogue['report'], 'stageOf'>) => messages(lang).report[key];
  const name = report.group.name ?? report.group.id ?? '—';
  const count =
    report.group.memberCount !== undefined
      ? ` (${countNoun(report.group.memberCount, NOUNS.member, lang)})`
      : '';
  const names = new Map(report.results.map((r) => [r.programme.id, r.programme.name]));
  return (
    <section id="results" aria-labelledby="results-title" class="results" tabindex={-1}>
      <h2 id="results-title">{`${L('header')} ${report.asOf} — ${L('group')}: ${name}${count}`}</h2>
      <p class="counts">
        {L('summary')}:{' '}
        {STATUS_ORDER.map((s) => (
          <a href={`#status-${s}`} class={`badge ${s}`} data-count={report.counts[s]}>
            {`${messages(lang).status[s]} ${report.counts[s]}`}
          </a>
        ))}
      </p>

      <section aria-labelledby="order-title" class="order">
        <h3 id="order-title">{t('orderTitle')}</h3>
        {steps.length ? (
          <ol>
            {steps.map((s) => (
              <li data-programme={s.result.programme.key}>
                <strong>{s.result.programme.name}</strong>{' '}
                <span class={`badge ${s.result.status}`}>{messages(lang).status[s.result.status]}</span>
                {' — '}
                {s.when === 'now'
                  ? `${t('whenNow')}: ${s.result.openCalls.map((c) => `${c.name} (${c.closes ? `${L('until')} ${c.closes}` : L('noClose')})`).join('; ')}`
                  : s.when === 'upcoming'
                    ? `${t('whenUpcoming')} ${s.result.upcomingCalls[0]?.opens ?? ''}`
                    : s.when === 'no_call'
                      ? t('whenNoCall')
                      : s.when === 'collect'
                        ? `${t('whenCollect')} (${s.result.missingFacts.length})`
                        : `${t('whenAfter')} ${s.after.map((p) => names.get(p) ?? p).join(', ')}${s.result.nearMisses.length ? `: ${s.result.nearMisses.map((m) => m.message).join('; ')}` : ''}`}
                {s.alternatives.length ? (
                  <p class="conflict">{`${t('alternatives')} ${s.alternatives.map((p) => names.get(p) ?? p).join(', ')}`}</p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{t('orderNone')}</p>
        )}
        {report.results.some((r) => r.conflicts.length) ? (
          <>
            <h4>{L('conflicts')}</h4>
            <ul class="conflicts">
              {unique(
                report.results.flatMap((r) => r.conflicts.map((c) => `${r.programme.name}: ${c.message}`)),
              ).map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {STATUS_ORDER.map((status) => {
        const results = report.results.filter((r) => r.status === status);
        return (
          <section
            id={`status-${status}`}
            aria-labelledby={`status-${status}-title`}
            class={`status ${status}`}
          >
            <h3 id={`status-${status}-title`}>{`${messages(lang).status[status]} (${results.length})`}</h3>
            <p class="hint">{t(`statusHint_${status}`)}</p>
            {results.map((r) => (
              <ProgrammeCard result={r} lang={lang} known={known} {...(apply ? { apply } : {})} />
            ))}
          </section>
        );
      })}
    </section>
  );
};

const ProgrammeCard: FC<{
  result: ProgrammeResult;
  lang: Lang;
  known: ReadonlySet<string>;
  apply?: Apply;
}> = ({ result: r, lang, known, apply }) => {
  const t = tr(lang);
  const L = (key: Exclude<keyof MessageCatalogue['report'], 'stageOf'>) => messages(lang).report[key];
  const headingId = `p-${r.programme.key.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <article
      class="programme"
      aria-labelledby={headingId}
      data-programme={r.programme.key}
      data-status={r.status}
    >
      <h4 id={headingId}>
        <span class={`badge ${r.status}`}>{messages(lang).status[r.status]}</span> {r.programme.name}
      </h4>
      <p class="summary">{r.summary}</p>
      {r.appeal ? (
        <p class="appeal">
          <strong>{`${messages(lang).report.appeal}: `}</strong>
          {r.appeal.text}
          <span class="source">
            {` (${t('sources')}: `}
            {r.appeal.references.map((ref) => referenceText(ref)).join(' · ')})
          </span>
        </p>
      ) : null}
      {apply ? apply(r) : null}
      {r.status === 'not_active' || r.status === 'no_rules' ? null : (
        <>
          {r.missingFacts.length ? (
            <>
              <h5>{L('ask')}</h5>
              <ul class="ask">
                {r.missingFacts.map((m) => (
                  <li>
                    {questionAnchor(m.path, known) ? (
                      <a href={`#${questionAnchor(m.path, known)}`}>{m.question}</a>
                    ) : (
                      m.question
                    )}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {r.nearMisses.length ? (
            <>
              <h5>{L('near')}</h5>
              <ul class="near">
                {r.nearMisses.map((m) => (
                  <li>{m.message}</li>
                ))}
              </ul>
            </>
          ) : null}
          {r.conflicts.length ? (
            <>
              <h5>{L('conflicts')}</h5>
              <ul class="conflicts">
                {r.conflicts.map((c) => (
                  <li>{c.message}</li>
                ))}
              </ul>
            </>
          ) : null}
          <h5>{L('criteria')}</h5>
          <ul class="criteria">
            {r.criteria.map((c) => {
              const v = VERDICT[c.verdict] ?? { mark: '?', text: 'verdictUnknown' };
              return (
                <li class={`criterion ${c.verdict}`} data-criterion={c.id}>
                  <details>
                    <summary>
                      <span class="mark" aria-hidden="true">
                        {v.mark}
                      </span>{' '}
                      <span class="verdict">{t(v.text)}:</span> {c.label}
                      {c.stage ? ` [${r.stages.find((s) => s.id === c.stage)?.name ?? c.stage}]` : ''}
                    </summary>
                    {c.explanation.length ? (
                      <ul>
                        {c.explanation.map((line) => (
                          <li>{line}</li>
                        ))}
                      </ul>
                    ) : null}
                    <p class="source">
                      {`${t('sources')}: `}
                      {c.references.map((ref, i) => (
                        <>
                          {i ? ' · ' : ''}
                          {ref.url ? <a href={ref.url}>{ref.document}</a> : ref.document}
                          {ref.places.length ? `: ${ref.places.join('; ')}` : ''}
                        </>
                      ))}
                    </p>
                  </details>
                </li>
              );
            })}
          </ul>
          {r.stages.length ? (
            <>
              <h5>{L('stages')}</h5>
              <ol class="stages">
                {r.stages.map((s) => (
                  <li aria-current={s.id === r.stage?.id ? 'step' : undefined}>
                    {s.name}: <span class={`badge ${s.status}`}>{messages(lang).status[s.status]}</span>
                    {s.requires.length
                      ? ` — ${L('requires')}: ${s.requires.map((x) => x.name).join(', ')}`
                      : ''}
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {r.qualifyingMembers ? (
            <p>{`${t('qualifyingMembers')}: ${r.qualifyingMembers.length ? r.qualifyingMembers.map((i) => i + 1).join(', ') : t('none')}`}</p>
          ) : null}
          {r.support.length ? (
            <>
              <h5>{L('support')}</h5>
              <ul class="support">
                {r.support.map((s) => (
                  <li>{`${s.label} — ${supportMaximum(s, lang, r.programme.fiscalYear)}`}</li>
                ))}
              </ul>
            </>
          ) : null}
          {(
            [
              ['calls', r.openCalls],
              ['upcoming', r.upcomingCalls],
            ] as const
          ).map(([key, calls]) =>
            calls.length ? (
              <>
                <h5>{L(key)}</h5>
                <ul class="calls">
                  {calls.map((c) => (
                    <li>
                      {`${c.name}: ${c.opens} ${c.closes ? `${L('until')} ${c.closes}` : `(${L('noClose')})`}${c.gazette ? ` — ${c.gazette}` : ''}`}
                    </li>
                  ))}
                </ul>
              </>
            ) : null,
          )}
        </>
      )}
    </article>
  );
};
