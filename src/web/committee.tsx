import type { FC } from 'hono/jsx';
import { programmesInForce } from '../graph/evaluator';
import { programmesAsOf } from '../graph/model';
import type { Catalogue } from '../rules/catalogue';
import { type Lang, pick } from '../rules/i18n';
import { fieldId } from './case-worker';
import type { CommitteeConfig } from './committee-config';
import { ScenarioSection } from './committee-scenario';
import { committeeClientText, committeeText, mapPlaces } from './committee-text';
import type { FieldError } from './group-form';
import { Layout, type PageContext } from './layout';
import { clientText, OPTION_LABELS, type TextKey, tr } from './text';

/** The committee page's query: what the graph API takes, plus the filters applied in the browser. */
export interface CommitteeQuery {
  asOf: string;
  population: 'synthetic' | 'stored' | 'none';
  groups: string;
  seed: string;
  level: string;
  country: string;
  agency: string;
}

/** The filters' choices on a date: the levels, countries and agencies of the programmes shown. */
export function filterOptions(catalogue: Catalogue, asOf: string, lang: Lang) {
  const shown = [...programmesAsOf(catalogue, asOf).values()].map((p) => p.version);
  const uniq = (xs: string[]) => [...new Set(xs)].sort();
  const agencyName = (id: string) => {
    const body = catalogue.bodies.get(id);
    return body ? (body.shortName ?? pick(body.name, lang)) : id;
  };
  return {
    levels: uniq(shown.map((v) => v.level)),
    countries: uniq(shown.map((v) => v.country)),
    agencies: uniq(shown.map((v) => v.agency))
      .map((id) => ({ id, name: agencyName(id) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** When no programme is matchable on the date: the nearest date when some were (the last day, or the first). */
export function nearestDateInForce(catalogue: Catalogue, asOf: string): string | undefined {
  if (programmesInForce(catalogue, asOf).length) return undefined;
  const matchable = catalogue.programmes.filter((p) => p.matchable);
  const ended = matchable.map((p) => p.validity.to).filter((to) => to < asOf);
  if (ended.length) return ended.sort().at(-1);
  return matchable.map((p) => p.validity.from).sort()[0];
}

/** Words the script shows (legend, flags, matrix, chart, status line). */
const CLIENT_TEXT: readonly TextKey[] = [
  'loading',
  'loaded',
  'loadFailed',
  'highlight',
  'evidence',
  'sources',
  'severity_high',
  'severity_medium',
  'severity_low',
  'noFlags',
  'metricJaccard',
  'metricBoth',
  'noOverlap',
  'noProgrammes',
  'coverageEligible',
  'coverageUndetermined',
  'nodeDetailsHint',
  'detailKey',
  'detailLevel',
  'detailCountry',
  'detailAgency',
  'detailValidity',
  'detailFlags',
  'populationSynthetic',
  'populationStored',
  'kind_programme',
  'kind_agency',
  'kind_body',
  'kind_fund',
  'kind_territory',
];

export interface CommitteeProps {
  page: PageContext;
  catalogue: Catalogue;
  query: CommitteeQuery;
  errors: FieldError[];
  maxGroups: number;
  /** The script's URL, when the browser bundle is available. */
  script?: string;
}

export const CommitteePage: FC<CommitteeProps> = ({ page, catalogue, query, errors, maxGroups, script }) => {
  const lang = page.lang;
  const t = tr(lang);
  const valid = errors.length === 0;
  const options = filterOptions(catalogue, valid ? query.asOf : '1900-01-01', lang);
  const byPath = new Map(errors.map((e) => [e.path, e.message]));
  const nearest = valid ? nearestDateInForce(catalogue, query.asOf) : undefined;
  const params = new URLSearchParams({ asOf: query.asOf, population: query.population });
  if (query.population !== 'none') params.set('groups', query.groups);
  params.set('seed', query.seed);
  const api = (path: string, format?: string) =>
    `${path}?${format ? `format=${format}&` : ''}${params.toString()}`;
  const config: CommitteeConfig = {
    lang,
    asOf: query.asOf,
    population: query.population,
    filters: { level: query.level, country: query.country, agency: query.agency },
    api: {
      graph: api('/v1/graph', 'json'),
      flags: api('/v1/graph/flags'),
      ...(query.population === 'none' ? {} : { overlaps: api('/v1/graph/overlaps') }),
    },
    text: { ...clientText(lang, CLIENT_TEXT), ...committeeClientText(lang) },
    layoutWorker: script ? script.replace('committee.js', 'layout.js') : '',
    places: mapPlaces(catalogue),
  };
  const ct = committeeText(lang);
  const input = (
    name: keyof CommitteeQuery,
    label: TextKey,
    props: Record<string, unknown>,
    hint?: string,
  ) => (
    <div class={byPath.has(name) ? 'field invalid' : 'field'}>
      <label for={fieldId(name)}>{t(label)}</label>
      <input
        id={fieldId(name)}
        name={name}
        value={query[name]}
        aria-invalid={byPath.has(name) ? 'true' : undefined}
        aria-describedby={
          [hint ? `${fieldId(name)}-hint` : '', byPath.has(name) ? `${fieldId(name)}-error` : '']
            .filter(Boolean)
            .join(' ') || undefined
        }
        {...props}
      />
      {hint ? (
        <p class="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </p>
      ) : null}
      {byPath.has(name) ? (
        <p class="error" id={`${fieldId(name)}-error`}>
          {byPath.get(name)}
        </p>
      ) : null}
    </div>
  );
  const choice = (
    name: 'level' | 'country' | 'agency',
    label: TextKey,
    items: { value: string; label: string }[],
  ) => (
    <div class="field">
      <label for={fieldId(name)}>{t(label)}</label>
      <select id={fieldId(name)} name={name} data-filter={name}>
        <option value="">{t('allOption')}</option>
        {items.map((o) => (
          <option value={o.value} selected={o.value === query[name]}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
  const word = (v: string) => (OPTION_LABELS[v] ? pick(OPTION_LABELS[v], lang) : v);
  return (
    <Layout page={page} title={t('committeeTitle')}>
      <h1>{t('committeeTitle')}</h1>
      <p class="lead">{t('committeeLead')}</p>

      <section aria-labelledby="filters-title">
        <h2 id="filters-title">{t('filtersTitle')}</h2>
        <form method="get" action="/committee" id="filters" class="filters">
          <input type="hidden" name="lang" value={lang} />
          {input('asOf', 'fieldGraphAsOf', { type: 'date' })}
          <div class="field">
            <label for={fieldId('population')}>{t('fieldPopulation')}</label>
            <select id={fieldId('population')} name="population">
              {(
                [
                  ['synthetic', 'populationSynthetic'],
                  ['stored', 'populationStored'],
                  ['none', 'populationNone'],
                ] as const
              ).map(([value, label]) => (
                <option value={value} selected={query.population === value}>
                  {t(label)}
                </option>
              ))}
            </select>
          </div>
          {input(
            'groups',
            'fieldGroups',
            { type: 'text', inputmode: 'numeric', size: 6 },
            t('hintGroups', { max: maxGroups }),
          )}
          {input('seed', 'fieldSeed', { type: 'text', inputmode: 'numeric', size: 6 })}
          {choice(
            'level',
            'fieldLevel',
            options.levels.map((l) => ({ value: l, label: word(l) })),
          )}
          {choice(
            'country',
            'fieldFilterCountry',
            options.countries.map((c) => ({ value: c, label: word(c) })),
          )}
          {choice(
            'agency',
            'fieldAgency',
            options.agencies.map((a) => ({ value: a.id, label: a.name })),
          )}
          <button type="submit" class="primary">
            {t('applyFilters')}
          </button>
          <p class="hint">{t('filtersHint')}</p>
        </form>
      </section>

      {valid && nearest ? (
        <p class="notice" role="status">
          {t('nothingInForce', { asOf: query.asOf })}{' '}
          <a href={`/committee?${new URLSearchParams({ ...Object.fromEntries(params), asOf: nearest })}`}>
            {t('tryDate', { date: nearest })}
          </a>
        </p>
      ) : null}
      {valid ? (
        <>
          <section aria-labelledby="downloads-title">
            <h2 id="downloads-title">{t('downloadsTitle')}</h2>
            <ul class="downloads">
              <li>
                <a class="button" href={api('/v1/graph', 'gexf')} download>
                  {t('downloadGexf')}
                </a>
              </li>
              <li>
                <a class="button" href={api('/v1/graph', 'graphml')} download>
                  {t('downloadGraphml')}
                </a>
              </li>
              <li>
                <a
                  class="button"
                  href={api('/v1/graph', 'json')}
                  download={`vincula-graph-${query.asOf}.json`}
                >
                  {t('downloadJson')}
                </a>
              </li>
              <li>
                <a class="button" href={api('/v1/graph', 'flags-csv')} download>
                  {t('downloadFlags')}
                </a>
              </li>
            </ul>
          </section>

          <div class="committee">
            <section aria-labelledby="graph-title" class="graph-panel">
              <h2 id="graph-title">{t('graphTitle')}</h2>
              <p id="graph-status" role="status" aria-live="polite">
                {script ? t('loading') : t('noBundle')}
              </p>
              <p class="toggle">
                <input type="checkbox" id="show-inactive" checked />{' '}
                <label for="show-inactive">{ct('showInactive')}</label>
              </p>
              <ul id="graph-bands" class="bands" aria-hidden="true" />
              <div id="graph" role="img" aria-label={t('graphLabel')} data-state="loading" />
              <p id="graph-empty" class="notice" hidden>
                {ct('filterEmpty')}
              </p>
              <h3>{t('legendTitle')}</h3>
              <ul class="legend">
                {(['programme', 'agency', 'body', 'fund', 'territory'] as const).map((kind) => (
                  <li>
                    <span class={`swatch ${kind}`} aria-hidden="true" /> {t(`kind_${kind}`)}
                  </li>
                ))}
                <li>
                  <span class="swatch flagged-edge" aria-hidden="true" /> {t('legendFlaggedEdge')}
                </li>
              </ul>
              <h3>{t('nodeDetails')}</h3>
              <div id="node-details" aria-live="polite">
                <p class="hint">{t('nodeDetailsHint')}</p>
              </div>
              <details class="graph-tables">
                <summary>{ct('tablesTitle')}</summary>
                <div id="graph-tables" />
              </details>
            </section>

            <section aria-labelledby="flags-title" class="flags-panel">
              <h2 id="flags-title">{t('flagsTitle')}</h2>
              <p class="hint">{t('flagsHint')}</p>
              <div id="flag-filters" class="flag-filters" />
              <p id="flags-count" role="status" aria-live="polite" />
              <ol id="flags" class="flags" />
            </section>
          </div>

          <section aria-labelledby="map-title">
            <h2 id="map-title">{ct('mapTitle')}</h2>
            <p class="hint">{ct('mapHint')}</p>
            <p id="map-choice" role="status" aria-live="polite" />
            <div id="map" />
            <p class="hint">{ct('mapAttribution')}</p>
          </section>

          <section aria-labelledby="overlap-title">
            <h2 id="overlap-title">{t('overlapTitle')}</h2>
            <p class="hint">{t('overlapHint')}</p>
            <fieldset class="metric">
              <legend>{t('metric')}</legend>
              <input type="radio" id="metric-both" name="metric" value="both" checked />
              <label for="metric-both">{t('metricBoth')}</label>
              <input type="radio" id="metric-jaccard" name="metric" value="jaccard" />
              <label for="metric-jaccard">{t('metricJaccard')}</label>
            </fieldset>
            <div id="overlap" class="overlap" />
          </section>

          <section aria-labelledby="coverage-title">
            <h2 id="coverage-title">{t('coverageTitle')}</h2>
            <p class="hint">{t('coverageHint')}</p>
            <div id="coverage" />
          </section>

          <ScenarioSection page={page} state={{ ...query, text: '', example: '' }} />

          <noscript>
            <p class="notice">{t('noScript')}</p>
          </noscript>
          <script
            type="application/json"
            id="committee-config"
            // JSON in a script element: "<" is escaped so no text can close the element.
            dangerouslySetInnerHTML={{ __html: JSON.stringify(config).replace(/</g, '\\u003c') }}
          />
          {script ? <script src={script} defer /> : null}
        </>
      ) : null}
    </Layout>
  );
};
