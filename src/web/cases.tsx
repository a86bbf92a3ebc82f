import type { FC } from 'hono/jsx';
import type { CaseSummary } from '../db/repositories';
import { caseText } from './case-text';
import { Layout, type PageContext } from './layout';

/** The case worker's saved cases (/casos): a search by name (a GET form) and a link to each case. */
export const CaseList: FC<{ page: PageContext; cases: CaseSummary[]; query: string }> = ({
  page,
  cases,
  query,
}) => {
  const c = caseText(page.lang);
  return (
    <Layout page={page} title={c('casesTitle')}>
      <h1>{c('casesTitle')}</h1>
      <p class="lead">{c('casesLead')}</p>
      <form method="get" action="/casos" class="case-search">
        <div class="field inline">
          <label for="f-q">{c('casesSearch')}</label>
          <input type="search" id="f-q" name="q" value={query} />
          <button type="submit">{c('casesSearchSubmit')}</button>
        </div>
      </form>
      {cases.length ? (
        <ul class="case-list">
          {cases.map((k) => (
            <li>
              <a href={`/casos/${k.id}`}>{k.name || c('caseUnnamed')}</a>{' '}
              <span class="hint">{c('caseUpdated', { date: k.updatedAt.slice(0, 10) })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{c(query.trim() ? 'casesNoneFound' : 'casesNone')}</p>
      )}
      <p>
        <a href="/">{c('newCase')}</a>
      </p>
    </Layout>
  );
};
