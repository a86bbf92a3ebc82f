import type { FC } from 'hono/jsx';
import type { CaseApplication } from '../db/repositories';
import type { Catalogue } from '../rules/catalogue';
import type { MatchReport, ProgrammeResult } from '../rules/match';
import { fieldLabel } from '../rules/messages';
import { ApplyForms, type ApplyOption, CaseApplications } from './case-applications';
import { AgencyList, Field, type FormOptions, fieldId, KnownSelect, Rows } from './case-form';
import { Results } from './case-results';
import { caseText } from './case-text';
import { EXAMPLES } from './examples';
import { type Draft, ENROLMENT_FIELDS, type FieldError, GROUP_SECTIONS, MEMBER_FIELDS } from './group-form';
import { Layout, type PageContext } from './layout';
import type { Step } from './pathway';
import type { Places } from './places';
import { tr } from './text';

export { type FormOptions, fieldId, formOptions } from './case-form';
export { STATUS_ORDER } from './case-results';

export interface CaseWorkerProps {
  page: PageContext;
  draft: Draft;
  errors: FieldError[];
  options: FormOptions;
  report?: MatchReport;
  steps?: Step[];
  /** JSON paths the form has no control for (after loading JSON). */
  notShown?: string[];
  example?: string;
  places: Places;
  catalogue: Catalogue;
  /** The key may save cases and apply (the roles of the groups and applications API). */
  canWrite?: boolean;
  /** A saved case: the form posts to its address, and its applications show. */
  caseId?: string;
  applications?: CaseApplication[];
  /** What an eligible result lets the group apply for. */
  applyOptions?: (result: ProgrammeResult) => ApplyOption[];
  notice?: string;
  applicationNotice?: string;
  /** Nothing is in force on the date: the nearest date when something was. */
  nearest?: string;
}

export const CaseWorkerPage: FC<CaseWorkerProps> = (props) => {
  const { page, draft, errors, options, report, steps, notShown, example, places, caseId } = props;
  const lang = page.lang;
  const t = tr(lang);
  const c = caseText(lang);
  const base = caseId ? `/casos/${caseId}` : '/';
  const title = caseId
    ? c('caseTitle', { name: draft.group.name || c('caseUnnamed') })
    : t('caseWorkerTitle');
  const byPath = new Map<string, string[]>();
  for (const e of errors) byPath.set(e.path, [...(byPath.get(e.path) ?? []), e.message]);
  const fieldProps = { errors: byPath, lang, options };
  const jsonErrors = errors.filter((e) => e.path === 'json');
  const known = new Set([
    ...GROUP_SECTIONS.flatMap((s) => s.fields.map((f) => f.path)),
    ...draft.members.flatMap((_, i) => MEMBER_FIELDS.map((f) => `members[${i}].${f.path}`)),
    ...draft.enrolments.flatMap((_, i) => ENROLMENT_FIELDS.map((f) => `enrolments[${i}].${f.path}`)),
    'enrolments.known',
    'debts.agencies',
    'disqualifications.agencies',
  ]);
  return (
    <Layout page={page} title={title} switchForm="case-form">
      <h1>{title}</h1>
      <p class="lead">{t('caseWorkerLead')}</p>
      <p class="print-only">{c('printDate', { date: draft.asOf })}</p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.nearest ? (
        <p class="notice" role="status" id="nothing-in-force">
          {c('nothingInForce', { asOf: draft.asOf })}{' '}
          <button type="submit" form="case-form" name="useAsOf" value={props.nearest} class="link">
            {c('useDate', { date: props.nearest })}
          </button>
        </p>
      ) : null}

      {errors.length ? (
        // id="results": the form posts to /#results, so the browser lands on the errors instead.
        <section
          id="results"
          class="error-summary"
          role="alert"
          aria-labelledby="error-summary-title"
          tabindex={-1}
        >
          <h2 id="error-summary-title">{t('errorSummary')}</h2>
          <ul>
            {errors.map((e) => (
              <li>
                {known.has(e.path) || e.path === 'json' || e.path === 'asOf' ? (
                  <a href={`#${fieldId(e.path)}`}>{fieldLabel(e.path, lang)}</a>
                ) : (
                  fieldLabel(e.path, lang)
                )}
                : {e.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {report && steps ? (
        <Results
          report={report}
          steps={steps}
          lang={lang}
          known={known}
          apply={(r) => {
            const offered = caseId && props.canWrite ? (props.applyOptions?.(r) ?? []) : [];
            return offered.length && caseId ? (
              <ApplyForms
                caseId={caseId}
                csrf={page.csrf ?? ''}
                asOf={report.asOf}
                result={r}
                options={offered}
                lang={lang}
              />
            ) : null;
          }}
        />
      ) : null}

      {caseId ? (
        <CaseApplications
          caseId={caseId}
          csrf={page.csrf ?? ''}
          applications={props.applications ?? []}
          catalogue={props.catalogue}
          lang={lang}
          {...(props.applicationNotice ? { notice: props.applicationNotice } : {})}
        />
      ) : report && props.canWrite ? (
        <p class="hint no-print">{c('applicationsSaveFirst')}</p>
      ) : null}

      <section aria-labelledby="example-title" class="examples no-print">
        <h2 id="example-title">{t('examplesTitle')}</h2>
        <form method="get" action="/">
          <input type="hidden" name="asOf" value={draft.asOf} />
          <input type="hidden" name="lang" value={lang} />
          <div class="field inline">
            <label for="f-example">{t('exampleLabel')}</label>
            <select id="f-example" name="example">
              {Object.entries(EXAMPLES).map(([key, value]) => (
                <option value={key} selected={key === example}>
                  {String((value as { name?: string }).name ?? key)}
                </option>
              ))}
            </select>
            <button type="submit">{t('exampleLoad')}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="form-title" class="case-form">
        <h2 id="form-title">{t('formTitle')}</h2>
        {notShown?.length ? (
          <p class="notice" role="status">
            {t('notShown')} <code>{notShown.join(', ')}</code>
          </p>
        ) : null}
        <form method="post" action={`${base}#results`} id="case-form" novalidate>
          <input type="hidden" name="csrf" value={page.csrf ?? ''} />
          {report ? <input type="hidden" name="results" value="1" /> : null}
          {caseId ? null : <input type="hidden" name="formId" value={crypto.randomUUID()} />}
          <fieldset class="query">
            <legend>{t('sectionQuery')}</legend>
            <div class={byPath.has('asOf') ? 'field invalid' : 'field'}>
              <label for="f-asOf">{t('fieldAsOf')}</label>
              <input
                type="date"
                id="f-asOf"
                name="asOf"
                value={draft.asOf}
                aria-invalid={byPath.has('asOf') ? 'true' : undefined}
                aria-describedby={byPath.has('asOf') ? 'f-asOf-error' : undefined}
              />
              {byPath.has('asOf') ? (
                <p class="error" id="f-asOf-error">
                  {byPath.get('asOf')?.join(' · ')}
                </p>
              ) : null}
            </div>
            <div class="field">
              <label for="f-lang">{t('fieldLang')}</label>
              <select id="f-lang" name="lang">
                <option value="es" selected={lang === 'es'}>
                  Español
                </option>
                <option value="en" selected={lang === 'en'}>
                  English
                </option>
              </select>
            </div>
            <button type="submit" name="action" value="match" class="primary">
              {t('submitMatch')}
            </button>{' '}
            {props.canWrite ? (
              <button type="submit" name="action" value="save">
                {c('saveCase')}
              </button>
            ) : null}
          </fieldset>

          {GROUP_SECTIONS.map((section) => (
            <fieldset>
              <legend>{t(section.legend)}</legend>
              <div class="grid">
                {section.fields.map((spec) => (
                  <Field spec={spec} name={spec.path} value={draft.group[spec.path] ?? ''} {...fieldProps} />
                ))}
              </div>
            </fieldset>
          ))}

          <AgencyList
            list="debts"
            known={draft.debtsKnown}
            checked={draft.debtAgencies}
            kind={draft.debtKind}
            {...fieldProps}
          />
          <AgencyList
            list="disqualifications"
            known={draft.disqualificationsKnown}
            checked={draft.disqualificationAgencies}
            {...fieldProps}
          />

          <fieldset id="enrolments" class="list">
            <legend>{t('sectionEnrolments')}</legend>
            <KnownSelect
              name="enrolments.known"
              label="fieldEnrolmentsKnown"
              value={draft.enrolmentsKnown}
              lang={lang}
            />
            {byPath.has('enrolments.known') ? (
              <p class="error" id="f-enrolments-known-error">
                {byPath.get('enrolments.known')?.join(' · ')}
              </p>
            ) : null}
            <Rows
              rows={draft.enrolments}
              list="enrolments"
              fields={ENROLMENT_FIELDS}
              one="enrolment"
              remove="removeEnrolment"
              add="addEnrolment"
              base={base}
              {...fieldProps}
            />
          </fieldset>

          <fieldset id="members" class="list">
            <legend>{`${t('sectionMembers')} (${draft.members.length})`}</legend>
            {draft.members.length ? null : <p class="hint">{t('noMembers')}</p>}
            <Rows
              rows={draft.members}
              list="members"
              fields={MEMBER_FIELDS}
              one="member"
              remove="removeMember"
              add="addMember"
              base={base}
              {...fieldProps}
            />
          </fieldset>

          <details class="advanced" open={draft.json.trim() !== '' || jsonErrors.length > 0}>
            <summary>{t('advancedJson')}</summary>
            <div class={jsonErrors.length ? 'field invalid' : 'field'}>
              <label for="f-json">{t('fieldJson')}</label>
              <textarea
                id="f-json"
                name="json"
                rows={12}
                spellcheck={false}
                aria-describedby={jsonErrors.length ? 'f-json-hint f-json-error' : 'f-json-hint'}
                aria-invalid={jsonErrors.length ? 'true' : undefined}
              >
                {draft.json}
              </textarea>
              <p class="hint" id="f-json-hint">
                {t('hintJson')}
              </p>
              {jsonErrors.length ? (
                <ul class="error" id="f-json-error">
                  {jsonErrors.map((e) => (
                    <li>{e.message}</li>
                  ))}
                </ul>
              ) : null}
            </div>
            <button type="submit" name="action" value="match-json">
              {t('submitJson')}
            </button>
          </details>

          <p class="actions">
            <button type="submit" name="action" value="match" class="primary">
              {t('submitMatch')}
            </button>{' '}
            {props.canWrite ? (
              <button type="submit" name="action" value="save">
                {c('saveCase')}
              </button>
            ) : null}
          </p>
        </form>
        <datalist id="municipalities">
          {places.all.map((p) => (
            <option value={p.label} />
          ))}
        </datalist>
        <script src="/web/places.js" defer />
      </section>
    </Layout>
  );
};
