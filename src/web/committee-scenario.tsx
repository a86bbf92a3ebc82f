import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Child, FC } from 'hono/jsx';
import { graphQuerySchema } from '../api/graph-schemas';
import type { Env } from '../api/kit';
import type * as repo from '../db/repositories';
import { API_GROUP_LIMITS } from '../graph/evaluator';
import { compareScenario, type ScenarioComparison, syntheticPopulation } from '../graph/scenario';
import type { Catalogue } from '../rules/catalogue';
import { InputError } from '../rules/errors';
import type { Lang } from '../rules/i18n';
import { CURRENCY_DIGITS, formatMoney } from '../rules/money';
import { scenarioFromYaml } from '../rules/scenario';
import { fieldId } from './case-worker';
import { COMMITTEE_ROLES, Layout, type PageContext } from './layout';
import { SCENARIO_EXAMPLES } from './scenario-examples.generated';
import { sameOrigin, validCsrf } from './session';

/**
 * "What if" on the committee page: load (a file, or an example) or edit a scenario and see it against
 * the baseline on the same population. A plain form POST to /committee/scenario: no script needed.
 */

const TEXT = {
  es: {
    title: '¿Y si…? Escenarios',
    lead: 'Cambie parámetros, partidas, convocatorias, criterios o vínculos de programas y compare con la situación actual sobre la misma población. Nada se guarda.',
    example: 'Ejemplo',
    noExample: '(escriba o cargue su escenario)',
    loadExample: 'Cargar ejemplo',
    file: 'O cargue un archivo de escenario (YAML)',
    text: 'Escenario (YAML)',
    textHint: 'Formato: examples/scenarios/ y schemas/scenario.schema.json.',
    compare: 'Comparar con la situación actual',
    errors: 'El escenario tiene errores',
    line: 'línea',
    result: 'Resultado',
    population: (n: string, seed: string, asOf: string) =>
      `Misma población para ambos: ${n} grupos (semilla ${seed}), al ${asOf}.`,
    noPopulation: 'Sin población: solo se comparan las alertas de las declaraciones.',
    changes: 'Cambios',
    coverage: 'Cobertura por programa',
    programme: 'Programa',
    baseline: 'Actual',
    scenario: 'Escenario',
    gained: 'Ganan elegibilidad',
    lost: 'Pierden elegibilidad',
    why: 'Criterios',
    overlaps: 'Grupos elegibles para ambos programas',
    pair: 'Programas',
    segments: 'Segmentos: grupos sin ningún programa',
    segment: 'Segmento',
    groups: 'Grupos',
    raised: 'Alertas nuevas',
    cleared: 'Alertas que desaparecen',
    none: 'Ninguna.',
    budget: 'Demanda elegible frente a la partida',
    line_: 'Partida',
    demand: 'Demanda',
    amount: 'Partida',
    over: 'mayor que la partida',
    within: 'dentro de la partida',
    backToGraph: 'Volver al grafo',
    storedUnavailable:
      'La página compara escenarios sobre la población sintética o sin población; para los grupos guardados use POST /v1/scenarios/compare.',
  },
  en: {
    title: 'What if? Scenarios',
    lead: "Change programmes' parameters, budget lines, calls, criteria or links and compare with the current situation on the same population. Nothing is stored.",
    example: 'Example',
    noExample: '(write or load your scenario)',
    loadExample: 'Load example',
    file: 'Or load a scenario file (YAML)',
    text: 'Scenario (YAML)',
    textHint: 'Format: examples/scenarios/ and schemas/scenario.schema.json.',
    compare: 'Compare with the current situation',
    errors: 'The scenario has mistakes',
    line: 'line',
    result: 'Result',
    population: (n: string, seed: string, asOf: string) =>
      `Same population for both: ${n} groups (seed ${seed}), as of ${asOf}.`,
    noPopulation: 'No population: only the declaration flags are compared.',
    changes: 'Changes',
    coverage: 'Coverage per programme',
    programme: 'Programme',
    baseline: 'Current',
    scenario: 'Scenario',
    gained: 'Gain eligibility',
    lost: 'Lose eligibility',
    why: 'Criteria',
    overlaps: 'Groups eligible for both programmes',
    pair: 'Programmes',
    segments: 'Segments: groups eligible for nothing',
    segment: 'Segment',
    groups: 'Groups',
    raised: 'Flags raised',
    cleared: 'Flags cleared',
    none: 'None.',
    budget: 'Eligible demand against the budget line',
    line_: 'Budget line',
    demand: 'Demand',
    amount: 'Line',
    over: 'above the line',
    within: 'within the line',
    backToGraph: 'Back to the graph',
    storedUnavailable:
      'The page compares scenarios on the synthetic population or with none; for the stored groups use POST /v1/scenarios/compare.',
  },
};

export interface ScenarioFormState {
  asOf: string;
  population: string;
  groups: string;
  seed: string;
  text: string;
  example: string;
}

/** The section on the committee page (and on the result page): the scenario form. */
export const ScenarioSection: FC<{ page: PageContext; state: ScenarioFormState; errors?: string[] }> = ({
  page,
  state,
  errors = [],
}) => {
  const w = TEXT[page.lang];
  return (
    <section aria-labelledby="scenario-title" id="scenario">
      <h2 id="scenario-title">{w.title}</h2>
      <p class="hint">{w.lead}</p>
      {errors.length ? (
        <div class="error-summary" role="alert" id="scenario-errors">
          <h3>{w.errors}</h3>
          <ul>
            {errors.map((e) => (
              <li>{e}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="post" action="/committee/scenario" enctype="multipart/form-data" id="scenario-form">
        <input type="hidden" name="csrf" value={page.csrf ?? ''} />
        <input type="hidden" name="lang" value={page.lang} />
        {(['asOf', 'population', 'groups', 'seed'] as const).map((name) => (
          <input type="hidden" name={name} value={state[name]} />
        ))}
        <div class="field">
          <label for={fieldId('scenario-example')}>{w.example}</label>
          <select id={fieldId('scenario-example')} name="example">
            <option value="">{w.noExample}</option>
            {Object.keys(SCENARIO_EXAMPLES).map((name) => (
              <option value={name} selected={state.example === name}>
                {exampleTitle(name, page.lang)}
              </option>
            ))}
          </select>
          <button type="submit" name="action" value="load">
            {w.loadExample}
          </button>
        </div>
        <div class="field">
          <label for={fieldId('scenario-file')}>{w.file}</label>
          <input id={fieldId('scenario-file')} type="file" name="file" accept=".yaml,.yml,text/yaml" />
        </div>
        <div class="field">
          <label for={fieldId('scenario-text')}>{w.text}</label>
          <textarea
            id={fieldId('scenario-text')}
            name="scenario"
            rows={14}
            cols={90}
            spellcheck={false}
            aria-describedby={`${fieldId('scenario-text')}-hint`}
          >
            {state.text}
          </textarea>
          <p class="hint" id={`${fieldId('scenario-text')}-hint`}>
            {w.textHint}
          </p>
        </div>
        <button type="submit" class="primary" name="action" value="compare">
          {w.compare}
        </button>
      </form>
    </section>
  );
};

/** An example's name, from its `name:` in the chosen language. */
function exampleTitle(name: string, lang: Lang): string {
  const text = SCENARIO_EXAMPLES[name] ?? '';
  const match = new RegExp(`^  ${lang}: (.+)$`, 'm').exec(text);
  return match?.[1] ?? name;
}

const num = (n: number, lang: Lang, digits = 0) =>
  new Intl.NumberFormat(lang === 'es' ? 'es-MX' : 'en-US', { maximumFractionDigits: digits }).format(n);
const pct = (x: number, lang: Lang) => `${num(x * 100, lang, 1)} %`;

/** Baseline and scenario side by side. */
export const ComparisonView: FC<{ c: ScenarioComparison; lang: Lang }> = ({ c, lang }) => {
  const w = TEXT[lang];
  const money = (amount: number, currency: keyof typeof CURRENCY_DIGITS) =>
    formatMoney({ minor: Math.round(amount * 10 ** CURRENCY_DIGITS[currency]), currency }, lang);
  const table = (caption: string, head: string[], rows: Child[][]) => (
    <table class="heatmap comparison">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {head.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>{r.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}</tr>
        ))}
      </tbody>
    </table>
  );
  const pairs = c.pairs.filter((p) => p.baseline.both !== p.scenario.both);
  const budget = c.budget.filter(
    (b) => b.baseline.budget !== b.scenario.budget || b.baseline.demand !== b.scenario.demand,
  );
  return (
    <section aria-labelledby="comparison-title" id="comparison">
      <h2 id="comparison-title">
        {w.result}: {c.name[lang]}
      </h2>
      {c.description ? <p>{c.description[lang]}</p> : null}
      <p role="status">
        {c.population.size
          ? w.population(
              num(c.population.size, lang),
              String('seed' in c.population ? c.population.seed : ''),
              c.asOf,
            )
          : w.noPopulation}
      </p>
      <h3>{w.changes}</h3>
      <ul>
        {c.changes.map((ch) => (
          <li>{ch.text[lang]}</li>
        ))}
      </ul>
      {c.programmes.length
        ? table(
            w.coverage,
            [w.programme, w.baseline, w.scenario, w.gained, w.lost, w.why],
            c.programmes.map((p) => [
              p.name[lang],
              `${num(p.baseline.eligible, lang)} (${pct(p.baseline.coverage, lang)})`,
              `${num(p.scenario.eligible, lang)} (${pct(p.scenario.coverage, lang)})`,
              num(p.gained, lang),
              num(p.lost, lang),
              [...p.gainedBecause, ...p.lostBecause]
                .map((b) => `«${b.label[lang]}» (${num(b.groups, lang)})`)
                .join('; '),
            ]),
          )
        : null}
      {pairs.length
        ? table(
            w.overlaps,
            [w.pair, w.baseline, w.scenario],
            pairs.map((p) => [
              `${p.a.name[lang]} – ${p.b.name[lang]}`,
              num(p.baseline.both, lang),
              num(p.scenario.both, lang),
            ]),
          )
        : null}
      {c.segments.length
        ? table(
            w.segments,
            [w.segment, w.groups, w.baseline, w.scenario],
            c.segments
              .slice(0, 20)
              .map((s) => [
                `${s.dimensionLabel[lang]}: ${s.label[lang]}`,
                num(s.groups, lang),
                `${num(s.baseline.eligibleForNothing, lang)} (${pct(s.baseline.share, lang)})`,
                `${num(s.scenario.eligibleForNothing, lang)} (${pct(s.scenario.share, lang)})`,
              ]),
          )
        : null}
      {(
        [
          [w.raised, c.flags.raised, 'flags-raised'],
          [w.cleared, c.flags.cleared, 'flags-cleared'],
        ] as const
      ).map(([title, flags, id]) => (
        <>
          <h3>{title}</h3>
          {flags.length ? (
            <ul id={id}>
              {flags.map((f) => (
                <li>
                  <strong>{f.title[lang]}</strong> — {f.detail[lang]}
                </li>
              ))}
            </ul>
          ) : (
            <p id={id}>{w.none}</p>
          )}
        </>
      ))}
      {budget.length
        ? table(
            w.budget,
            [w.line_, w.baseline, w.scenario],
            budget.map((b) => [
              `${b.name[lang]}: ${b.lineLabel[lang]}`,
              `${w.demand} ${money(b.baseline.demand, b.currency)} / ${w.amount} ${money(b.baseline.budget, b.currency)} (${b.baseline.demand > b.baseline.budget ? w.over : w.within})`,
              `${w.demand} ${money(b.scenario.demand, b.currency)} / ${w.amount} ${money(b.scenario.budget, b.currency)} (${b.scenario.demand > b.scenario.budget ? w.over : w.within})`,
            ]),
          )
        : null}
    </section>
  );
};

export interface ScenarioPageDeps {
  catalogue: Catalogue;
  today: () => string;
  formLimit: MiddlewareHandler;
  guard: (
    c: Context,
    roles: typeof COMMITTEE_ROLES,
    lang: Lang,
  ) => Promise<{ ok: true; session: { actor: repo.Actor; key: string } } | { ok: false; response: Response }>;
  pageContext: (c: Context, lang: Lang, signed?: { actor: repo.Actor; key: string }) => Promise<PageContext>;
  refused: (c: Context, lang: Lang, signed?: { actor: repo.Actor; key: string }) => Promise<Response>;
  render: (c: Context, node: Child, status?: 200 | 422) => Response | Promise<Response>;
}

/** POST /committee/scenario: the form's answer, a page with the form and the comparison (or the mistakes). */
export function registerScenarioPage(app: OpenAPIHono<Env>, deps: ScenarioPageDeps) {
  app.post('/committee/scenario', deps.formLimit, async (c) => {
    const body = await c.req.parseBody();
    const lang: Lang = body.lang === 'en' ? 'en' : 'es';
    const allowed = await deps.guard(c, COMMITTEE_ROLES, lang);
    if (!allowed.ok) return allowed.response;
    const signed = allowed.session;
    const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
    if (!sameOrigin(c) || !(await validCsrf(signed.key, csrf))) return deps.refused(c, lang, signed);
    const field = (name: string, fallback: string) =>
      typeof body[name] === 'string' && body[name] ? (body[name] as string) : fallback;
    const state: ScenarioFormState = {
      asOf: field('asOf', deps.today()),
      population: field('population', 'synthetic'),
      groups: field('groups', '1000'),
      seed: field('seed', '1'),
      example: field('example', ''),
      text: field('scenario', ''),
    };
    const file = body.file;
    if (file instanceof File && file.size > 0) state.text = await file.text();
    if (body.action === 'load' && SCENARIO_EXAMPLES[state.example])
      state.text = SCENARIO_EXAMPLES[state.example] as string;
    const page = await deps.pageContext(c, lang, signed);
    const w = TEXT[lang];
    const errors: string[] = [];
    let comparison: ScenarioComparison | undefined;
    if (body.action !== 'load') {
      const query = graphQuerySchema(API_GROUP_LIMITS).safeParse({
        asOf: state.asOf,
        population: state.population,
        groups: state.groups,
        seed: state.seed,
      });
      if (state.population === 'stored') errors.push(w.storedUnavailable);
      else if (!query.success)
        errors.push(...query.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
      else {
        try {
          const applied = scenarioFromYaml(deps.catalogue, state.text, w.text);
          const q = query.data;
          comparison = await compareScenario({
            baseline: deps.catalogue,
            scenario: applied,
            asOf: q.asOf ?? deps.today(),
            ...(q.population === 'none'
              ? {}
              : { population: syntheticPopulation(deps.catalogue, { groups: q.groups, seed: q.seed }) }),
            yieldEvery: 1000,
          });
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          for (const p of error.problems)
            errors.push(`${p.line ? `${w.line} ${p.line}, ` : ''}${p.path}: ${p.reason}`);
        }
      }
    }
    const back = `/committee?${new URLSearchParams({ asOf: state.asOf, population: state.population, groups: state.groups, seed: state.seed })}`;
    return deps.render(
      c,
      <Layout page={page} title={w.title}>
        <h1>{w.title}</h1>
        <p>
          <a href={back}>{w.backToGraph}</a>
        </p>
        <ScenarioSection page={page} state={state} errors={errors} />
        {comparison ? <ComparisonView c={comparison} lang={lang} /> : null}
      </Layout>,
      errors.length ? 422 : 200,
    );
  });
}
