import type { FC } from 'hono/jsx';
import type { Catalogue } from '../rules/catalogue';
import { type Lang, pick } from '../rules/i18n';
import { valueLabel } from '../rules/messages';
import { CURRENCIES, DEBT_KINDS, type FieldSpec } from './group-form';
import { type TextKey, tr } from './text';

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

/** A control's id from its name: "members[0].age" → "f-members-0-age". */
export const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;

const optionLabel = (value: string, lang: Lang) => valueLabel(value, lang) ?? value;

interface FieldProps {
  spec: FieldSpec;
  name: string;
  value: string;
  errors: ReadonlyMap<string, string[]>;
  lang: Lang;
  options: FormOptions;
}

export const Field: FC<FieldProps> = ({ spec, name, value, errors, lang, options }) => {
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
        <input {...common} type="text" value={value} list="municipalities" size={30} autocomplete="off" />
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
      <label for={id}>{pick(spec.label, lang)}</label>
      {control}
      {spec.hint ? (
        <p class="hint" id={`${id}-hint`}>
          {pick(spec.hint, lang)}
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
export const Rows: FC<
  Omit<FieldProps, 'spec' | 'name' | 'value'> & {
    rows: readonly Record<string, string>[];
    list: 'members' | 'enrolments';
    fields: readonly FieldSpec[];
    one: TextKey;
    remove: TextKey;
    add: TextKey;
    /** The page the form posts to ('/' or a case's address). */
    base?: string;
  }
> = ({ rows, list, fields, one, remove, add, base = '/', ...fieldProps }) => {
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
            formaction={`${base}#${list}`}
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
        formaction={`${base}#${list}`}
        class="secondary"
      >
        {t(add)}
      </button>
    </>
  );
};

export const KnownSelect: FC<{ name: string; label: TextKey; value: string; lang: Lang }> = ({
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
export const AgencyList: FC<{
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
