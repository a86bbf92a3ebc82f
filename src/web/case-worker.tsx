import type { FC } from 'hono/jsx';
import type { Catalogue } from '../rules/catalogue';
import { VALUE_LABELS } from '../rules/explain';
import { countNoun, type Lang, NOUNS, pick, REPORT_LABELS, STATUS_LABELS } from '../rules/i18n';
import type { MatchReport, ProgrammeResult, Status } from '../rules/match';
import { EXAMPLES } from './examples';
import {
  CURRENCIES,
  DEBT_KINDS,
  type Draft,
  ENROLMENT_FIELDS,
  type FieldError,
  type FieldSpec,
  GROUP_SECTIONS,
  MEMBER_FIELDS,
} from './group-form';
import { Layout, type PageContext } from './layout';
import type { Step } from './pathway';
import { OPTION_LABELS, type TextKey, tr } from './text';

/** The options the form's selects offer, read once from the catalogue. */
export interface FormOptions {
  states: { code: string; name: string }[];
  regions: { code: string; name: string }[];
  municipalities: { code: string; name: string }[];
  countries: string[];
  agencies: { id: string; name: string }[];
  programmes: { id: string; name: Record<Lang, string> }[];
}

export function formOptions(catalogue: Catalogue): FormOptions {
  const territories = catalogue.territories.all();
  const of = (level: string) =>
    territories
      .filter((x) => x.level === level)
      .map((x) => ({ code: x.code, name: x.name }))
      .sort((a, b) => a.code.localeCompare(b.code));
  const regions = of('region');
  return {
    states: of('state'),
    regions,
    municipalities: of('municipality'),
    countries: [...new Set(['MX', ...regions.map((r) => r.code.slice(0, 2)), 'AR', 'BR', 'PY'])],
    agencies: [...catalogue.bodies.values()]
      .filter((b) => b.kind === 'agency')
      .map((b) => ({ id: b.id, name: b.shortName ? `${b.shortName} — ${b.name.es}` : b.name.es })),
    programmes: catalogue.programmeIds().map((id) => {
      const latest = catalogue.versions(id).at(-1);
      return { id, name: latest ? latest.name : { es: id, en: id } };
    }),
  };
}

export const STATUS_ORDER: Status[] = ['eligible', 'undetermined', 'ineligible', 'not_active'];

/** A control's id from its name: "members[0].age" → "f-members-0-age". */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

const optionLabel = (value: string, lang: Lang) => {
  const own = OPTION_LABELS[value] ?? VALUE_LABELS[value];
  return own ? pick(own, lang) : value;
};

interface FieldProps {
  spec: FieldSpec;
  name: string;
  value: string;
  errors: ReadonlyMap<string, string[]>;
  lang: Lang;
  options: FormOptions;
}

const Field: FC<FieldProps> = ({ spec, name, value, errors, lang, options }) => {
  const t = tr(lang);
  const id = fieldId(name);
  const error = errors.get(name);
  const describedBy = [spec.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const common = {
    id,
    name,
    'aria-invalid': error ? 'true' : undefined,
    'aria-describedby': describedBy || undefined,
  };
  const choice = (items: { value: string; label: string }[], blank = t('unknownOption')) => (
    <select {...common}>
      <option value="">{blank}</option>
      {items.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.label}
        </option>
      ))}
      {value && !items.some((o) => o.value === value) ? (
        <option value={value} selected>
          {value}
        </option>
      ) : null}
    </select>
  );
  const places = (list: { code: string; name: string }[]) =>
    list.map((p) => ({ value: p.code, label: `${p.name} (${p.code})` }));
  let control: unknown;
  switch (spec.kind) {
    case 'tri':
      control = choice([
        { value: 'true', label: t('yes') },
        { value: 'false', label: t('no') },
      ]);
      break;
    case 'select':
      control = choice(
        spec.path === 'programme'
          ? options.programmes.map((p) => ({ value: p.id, label: `${pick(p.name, lang)} (${p.id})` }))
          : (spec.options ?? []).map((o) => ({ value: o, label: optionLabel(o, lang) })),
      );
      break;
    case 'country':
      control = choice(options.countries.map((c) => ({ value: c, label: optionLabel(c, lang) })));
      break;
    case 'region':
      control = choice(places(options.regions));
      break;
    case 'state':
      control = choice(places(options.states));
      break;
    case 'currency':
      control = (
        <select {...common}>
          {CURRENCIES.map((c) => (
            <option value={c} selected={c === (value || 'MXN')}>
              {c}
            </option>
          ))}
        </select>
      );
      break;
    case 'date':
      control = <input {...common} type="date" value={value} />;
      break;
    case 'municipality':
      control = (
        <input {...common} type="text" inputmode="numeric" value={value} list="municipalities" size={7} />
      );
      break;
    case 'int':
    case 'number':
    case 'amount':
      control = (
        <input
          {...common}
          type="text"
          inputmode={spec.kind === 'int' ? 'numeric' : 'decimal'}
          value={value}
        />
      );
      break;
    default:
      control = <input {...common} type="text" value={value} />;
  }
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{t(spec.label)}</label>
      {control}
      {spec.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {t(spec.hint)}
        </p>
      ) : null}
      {error ? (
        <p class="error" id={`${id}-error`}>
          {error.join(' · ')}
        </p>
      ) : null}
    </div>
  );
};

/** Whether a list is unknown, known to be empty, or given below it. */
/** A repeatable list of rows (members, enrolments): each row's fields, a remove button, and an add button. */
const Rows: FC<
  Omit<FieldProps, 'spec' | 'name' | 'value'> & {
    rows: readonly Record<string, string>[];
    list: 'members' | 'enrolments';
    fields: readonly FieldSpec[];
    one: TextKey;
    remove: TextKey;
    add: TextKey;
  }
> = ({ rows, list, fields, one, remove, add, ...fieldProps }) => {
  const t = tr(fieldProps.lang);
  const singular = list === 'members' ? 'member' : 'enrolment';
  return (
    <>
      {rows.map((row, i) => (
        <fieldset class="row">
          <legend>{`${t(one)} ${i + 1}`}</legend>
          <div class="grid">
            {fields.map((spec) => (
              <Field
                spec={spec}
                name={`${list}[${i}].${spec.path}`}
                value={row[spec.path] ?? ''}
                {...fieldProps}
              />
            ))}
          </div>
          <button
            type="submit"
            name="action"
            value={`remove-${singular}:${i}`}
            formaction={`/#${list}`}
            class="secondary"
          >
            {`${t(remove)} ${i + 1}`}
          </button>
        </fieldset>
      ))}
      <button
        type="submit"
        name="action"
        value={`add-${singular}`}
        formaction={`/#${list}`}
        class="secondary"
      >
        {t(add)}
      </button>
    </>
  );
};

const KnownSelect: FC<{ name: string; label: TextKey; value: string; lang: Lang }> = ({
  name,
  label,
  value,
  lang,
}) => {
  const t = tr(lang);
  return (
    <div class="field">
      <label for={fieldId(name)}>{t(label)}</label>
      <select id={fieldId(name)} name={name}>
        <option value="">{t('unknownOption')}</option>
        <option value="none" selected={value === 'none'}>
          {t('listNone')}
        </option>
        <option value="some" selected={value === 'some'}>
          {t('listSome')}
        </option>
      </select>
    </div>
  );
};

/** A fieldset of agency checkboxes (debts, disqualifications) with its "known?" select. */
const AgencyList: FC<{
  list: 'debts' | 'disqualifications';
  known: string;
  checked: string[];
  errors: ReadonlyMap<string, string[]>;
  lang: Lang;
  options: FormOptions;
  kind?: string;
}> = ({ list, known, checked, errors, lang, options, kind }) => {
  const t = tr(lang);
  const knownName = `${list}.known`;
  const agenciesName = `${list}.agencies`;
  const error = errors.get(agenciesName);
  return (
    <fieldset
      class="list"
      id={fieldId(agenciesName)}
      aria-describedby={error ? `${fieldId(agenciesName)}-error` : undefined}
    >
      <legend>{t(list === 'debts' ? 'sectionDebts' : 'sectionDisqualifications')}</legend>
      <KnownSelect
        name={knownName}
        label={list === 'debts' ? 'fieldDebtsKnown' : 'fieldDisqualificationsKnown'}
        value={known}
        lang={lang}
      />
      {error ? (
        <p class="error" id={`${fieldId(agenciesName)}-error`}>
          {error.join(' · ')}
        </p>
      ) : null}
      <fieldset class="checks">
        <legend>{t('fieldAgencies')}</legend>
        {options.agencies.map((a) => {
          const id = fieldId(`${agenciesName}.${a.id}`);
          return (
            <div class="check">
              <input
                type="checkbox"
                id={id}
                name={agenciesName}
                value={a.id}
                checked={checked.includes(a.id)}
              />
              <label for={id}>{a.name}</label>
            </div>
          );
        })}
      </fieldset>
      {list === 'debts' ? (
        <div class="field">
          <label for={fieldId('debts.kind')}>{t('fieldDebtKind')}</label>
          <select id={fieldId('debts.kind')} name="debts.kind">
            {DEBT_KINDS.map((k) => (
              <option value={k} selected={k === kind}>
                {optionLabel(k, lang)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </fieldset>
  );
};

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
}

export const CaseWorkerPage: FC<CaseWorkerProps> = (props) => {
  const { page, draft, errors, options, report, steps, notShown, example } = props;
  const lang = page.lang;
  const t = tr(lang);
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
    <Layout page={page} title={t('caseWorkerTitle')}>
      <h1>{t('caseWorkerTitle')}</h1>
      <p class="lead">{t('caseWorkerLead')}</p>

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
                  <a href={`#${fieldId(e.path)}`}>{e.path}</a>
                ) : (
                  <code>{e.path}</code>
                )}
                : {e.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {report && steps ? <Results report={report} steps={steps} lang={lang} known={known} /> : null}

      <section aria-labelledby="example-title" class="examples">
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

      <section aria-labelledby="form-title">
        <h2 id="form-title">{t('formTitle')}</h2>
        {notShown?.length ? (
          <p class="notice" role="status">
            {t('notShown')} <code>{notShown.join(', ')}</code>
          </p>
        ) : null}
        <form method="post" action="/#results" novalidate>
          <input type="hidden" name="csrf" value={page.csrf ?? ''} />
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
            </button>
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
            </button>
          </p>
        </form>
        <datalist id="municipalities">
          {options.municipalities.map((m) => (
            <option value={m.code}>{m.name}</option>
          ))}
        </datalist>
      </section>
    </Layout>
  );
};

// ------------------------------------------------------------------------------------ results

const VERDICT: Record<string, { mark: string; text: TextKey }> = {
  passed: { mark: '✓', text: 'verdictPassed' },
  failed: { mark: '✗', text: 'verdictFailed' },
  unknown: { mark: '?', text: 'verdictUnknown' },
};

/** Both programmes of an exclusion may declare it, so the report can carry the same conflict twice. */
const unique = (lines: string[]) => [...new Set(lines)];

const money = (m: { amount: string; currency: string } | undefined, lang: Lang) =>
  m ? `${Number(m.amount).toLocaleString(lang === 'es' ? 'es-MX' : 'en-US')} ${m.currency}` : undefined;

const Results: FC<{ report: MatchReport; steps: Step[]; lang: Lang; known: ReadonlySet<string> }> = ({
  report,
  steps,
  lang,
  known,
}) => {
  const t = tr(lang);
  const L = (key: keyof typeof REPORT_LABELS) => REPORT_LABELS[key][lang];
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
            {`${STATUS_LABELS[s][lang]} ${report.counts[s]}`}
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
                <span class={`badge ${s.result.status}`}>{STATUS_LABELS[s.result.status][lang]}</span>
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
            <h3 id={`status-${status}-title`}>{`${STATUS_LABELS[status][lang]} (${results.length})`}</h3>
            <p class="hint">{t(`statusHint_${status}`)}</p>
            {results.map((r) => (
              <ProgrammeCard result={r} lang={lang} known={known} />
            ))}
          </section>
        );
      })}
    </section>
  );
};

const ProgrammeCard: FC<{ result: ProgrammeResult; lang: Lang; known: ReadonlySet<string> }> = ({
  result: r,
  lang,
  known,
}) => {
  const t = tr(lang);
  const L = (key: keyof typeof REPORT_LABELS) => REPORT_LABELS[key][lang];
  const headingId = `p-${r.programme.key.replace(/[^A-Za-z0-9]+/g, '-')}`;
  return (
    <article
      class="programme"
      aria-labelledby={headingId}
      data-programme={r.programme.key}
      data-status={r.status}
    >
      <h4 id={headingId}>
        <span class={`badge ${r.status}`}>{STATUS_LABELS[r.status][lang]}</span> {r.programme.name}{' '}
        <small>({r.programme.key})</small>
      </h4>
      <p class="summary">{r.summary}</p>
      {r.status === 'not_active' ? null : (
        <>
          {r.missingFacts.length ? (
            <>
              <h5>{L('ask')}</h5>
              <ul class="ask">
                {r.missingFacts.map((m) => (
                  <li>
                    {known.has(m.path) ? <a href={`#${fieldId(m.path)}`}>{m.question}</a> : m.question}{' '}
                    <code>{m.path}</code>
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
                      {c.source.join('; ')}
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
                    {s.name}: <span class={`badge ${s.status}`}>{STATUS_LABELS[s.status][lang]}</span>
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
                  <li>
                    {s.label} —{' '}
                    {money(s.maxPerGroup ?? s.maxPerPerson, lang)
                      ? `${L('max')} ${money(s.maxPerGroup ?? s.maxPerPerson, lang)}`
                      : L('noMax')}
                  </li>
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
