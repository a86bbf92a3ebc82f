import type { FC } from 'hono/jsx';
import type { CaseApplication } from '../db/repositories';
import { budgetLineOf } from '../rules/applications';
import type { Catalogue } from '../rules/catalogue';
import { type Lang, pick } from '../rules/i18n';
import type { ProgrammeResult } from '../rules/match';
import { type Currency, formatMoney } from '../rules/money';
import { type CaseTextKey, caseText } from './case-text';

/**
 * Applications from a saved case: the support lines of an eligible result that a group can apply for
 * (paid from a budget line in the rule files, in the stage the group is eligible for), each a form that
 * creates and submits the application through the applications API; and the case's applications with
 * their state and history, the committee's decision included.
 */

export interface ApplyOption {
  supportLine: string;
  label: string;
  stage?: string;
  /** No maximum per group in the rule files: the amount must be given. */
  needsAmount: boolean;
  currency: string;
}

/** What an eligible result lets the group apply for now (nothing for another status). */
export function applyOptions(catalogue: Catalogue, result: ProgrammeResult, lang: Lang): ApplyOption[] {
  if (result.status !== 'eligible') return [];
  const version = catalogue.programmes.find((p) => p.key === result.programme.key);
  if (!version) return [];
  return version.support.flatMap((support) => {
    const line = support.budgetLine ? budgetLineOf(catalogue, version, support.budgetLine) : undefined;
    if (!line) return [];
    const stage = version.stages.find((s) => s.support.includes(support.id))?.id;
    if (stage && result.stages.find((s) => s.id === stage)?.status !== 'eligible') return [];
    return [
      {
        supportLine: support.id,
        label: pick(support.label, lang),
        ...(stage ? { stage } : {}),
        needsAmount: !support.maxPerGroup,
        currency: line.amount.currency,
      },
    ];
  });
}

/** The forms to apply for each line of an eligible result, on a saved case. */
export const ApplyForms: FC<{
  caseId: string;
  csrf: string;
  asOf: string;
  result: ProgrammeResult;
  options: ApplyOption[];
  lang: Lang;
}> = ({ caseId, csrf, asOf, result, options, lang }) => {
  const c = caseText(lang);
  const call = result.openCalls[0];
  return (
    <div class="apply">
      {options.map((o, i) => {
        const id = `apply-${result.programme.key.replace(/[^A-Za-z0-9]+/g, '-')}-${i}`;
        return (
          <form method="post" action={`/casos/${caseId}/solicitudes`} class="apply-form">
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="programme" value={result.programme.id} />
            <input type="hidden" name="supportLine" value={o.supportLine} />
            <input type="hidden" name="asOf" value={asOf} />
            {o.stage ? <input type="hidden" name="stage" value={o.stage} /> : null}
            {call ? <input type="hidden" name="callId" value={call.id} /> : null}
            <input type="hidden" name="currency" value={o.currency} />
            <p class="hint">{`${c('applyCall')}: ${call ? `${call.name}${call.closes ? ` (${call.opens} – ${call.closes})` : ` (${call.opens})`}` : c('applyNoCall')}`}</p>
            <div class="field inline">
              <label for={`${id}-amount`}>{c(o.needsAmount ? 'applyAmountRequired' : 'applyAmount')}</label>
              <input
                type="text"
                inputmode="decimal"
                id={`${id}-amount`}
                name="amount"
                size={12}
                required={o.needsAmount}
              />
              <button type="submit" class="primary">
                {c('applyFor', { support: o.label })}
              </button>
            </div>
          </form>
        );
      })}
    </div>
  );
};

const STATE_TEXT: Record<CaseApplication['state'], CaseTextKey> = {
  draft: 'state_draft',
  submitted: 'state_submitted',
  approved: 'state_approved',
  rejected: 'state_rejected',
  waitlisted: 'state_waitlisted',
};

/** The day of a stored timestamp ("2026-12-02T15:03:15.000Z" → "2026-12-02"). */
const day = (at: string) => at.slice(0, 10);

/** A saved case's applications: programme, support, amount, state and the history of states. */
export const CaseApplications: FC<{
  caseId: string;
  csrf: string;
  applications: CaseApplication[];
  catalogue: Catalogue;
  lang: Lang;
  notice?: string;
}> = ({ caseId, csrf, applications, catalogue, lang, notice }) => {
  const c = caseText(lang);
  return (
    <section id="solicitudes" aria-labelledby="solicitudes-title" class="applications" tabindex={-1}>
      <h2 id="solicitudes-title">{c('applicationsTitle')}</h2>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {applications.length ? (
        <ul class="application-list">
          {applications.map((a) => {
            const version = catalogue.programmes.find((p) => p.key === a.programmeKey);
            const support = version?.support.find((s) => s.id === a.supportLine);
            return (
              <li data-application={a.id} data-state={a.state}>
                <strong>{version ? pick(version.name, lang) : a.programme}</strong>
                {` — ${c('applicationSupport')}: ${support ? pick(support.label, lang) : a.supportLine}; ${c('applicationAmount')}: ${formatMoney({ minor: a.amountMinor, currency: a.currency as Currency }, lang)}; ${c('applicationState')}: `}
                <span class={`badge state-${a.state}`}>{c(STATE_TEXT[a.state])}</span>
                <details>
                  <summary>{c('applicationHistory')}</summary>
                  <ol class="history">
                    {a.history.map((h) => (
                      <li>
                        {c('historyEntry', {
                          date: day(h.at),
                          state: c(STATE_TEXT[h.to as CaseApplication['state']] ?? 'state_draft'),
                        })}
                        {h.note ? ` — ${h.note}` : ''}
                      </li>
                    ))}
                  </ol>
                </details>
                {a.state === 'draft' ? (
                  <form
                    method="post"
                    action={`/casos/${caseId}/solicitudes/${a.id}/presentar`}
                    class="inline"
                  >
                    <input type="hidden" name="csrf" value={csrf} />
                    <button type="submit" class="secondary">
                      {c('submitDraft')}
                    </button>
                  </form>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{c('applicationsNone')}</p>
      )}
    </section>
  );
};
