import type { Child, FC } from 'hono/jsx';
import { GRAPH_ROLES, MATCH_ROLES } from '../api/roles';
import type { Actor } from '../db/repositories';
import type { Role } from '../db/schema';
import type { Lang } from '../rules/i18n';
import { caseText } from './case-text';
import { type TextKey, tr } from './text';

/** What every page knows about the request: language, who is signed in, and where it is. */
export interface PageContext {
  lang: Lang;
  actor?: Actor;
  /** The CSRF token for this sign-in, for the forms that POST. */
  csrf?: string;
  /** The page's path and query, for the language switch. */
  url: URL;
}

/** The roles that may use each page: the same as the API routes behind it. */
export const CASE_WORKER_ROLES: readonly Role[] = MATCH_ROLES;
export const COMMITTEE_ROLES: readonly Role[] = GRAPH_ROLES;

const ROLE_LABEL: Record<Role, TextKey> = {
  admin: 'roleAdmin',
  case_worker: 'roleCaseWorker',
  committee: 'roleCommittee',
  service: 'roleService',
};

/** The same page in the other language (a GET link; the choice is remembered in a cookie). */
function switchHref(url: URL, lang: Lang): string {
  const query = new URLSearchParams(url.search);
  query.set('lang', lang);
  return `${url.pathname}?${query}`;
}

export const Layout: FC<{
  page: PageContext;
  title: string;
  children?: Child;
  /** A form on the page whose data the language switch sends along, so nothing typed is lost. */
  switchForm?: string;
}> = ({ page, title, children, switchForm }) => {
  const t = tr(page.lang);
  const other: Lang = page.lang === 'es' ? 'en' : 'es';
  const role = page.actor?.role;
  const here = page.url.pathname;
  const link = (href: string, label: string) => (
    <li>
      <a href={href} aria-current={here === href ? 'page' : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — Vincula`}</title>
        <link rel="stylesheet" href="/web/style.css" />
        {/* No favicon request (and no 404 in the console). */}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <a class="skip" href="#main">
          {t('skipToContent')}
        </a>
        <header class="site">
          <p class="brand">
            <a href="/">Vincula</a>
          </p>
          <nav aria-label={t('navLabel')}>
            <ul>
              {role && CASE_WORKER_ROLES.includes(role) ? link('/', t('navCaseWorker')) : null}
              {role && CASE_WORKER_ROLES.includes(role)
                ? link('/casos', caseText(page.lang)('navCases'))
                : null}
              {role && COMMITTEE_ROLES.includes(role) ? link('/committee', t('navCommittee')) : null}
              {link('/docs', t('navApiDocs'))}
            </ul>
          </nav>
          <div class="session">
            {switchForm && page.csrf ? (
              <button
                type="submit"
                form={switchForm}
                name="switchLang"
                value={other}
                lang={other}
                class="link"
              >
                {other === 'en' ? 'English' : 'Español'}
              </button>
            ) : (
              <a href={switchHref(page.url, other)} hreflang={other} lang={other}>
                {other === 'en' ? 'English' : 'Español'}
              </a>
            )}
            {role ? (
              <form method="post" action="/sign-out">
                <input type="hidden" name="csrf" value={page.csrf ?? ''} />
                <span class="role">{t(ROLE_LABEL[role])}</span>{' '}
                <button type="submit" class="link">
                  {t('signOut')}
                </button>
              </form>
            ) : null}
          </div>
        </header>
        <main id="main" tabindex={-1}>
          {children}
        </main>
        <footer class="site">
          <p>{t('footer')}</p>
        </footer>
      </body>
    </html>
  );
};

/** A page with one message: 403, an unusable bundle, ... */
export const MessagePage: FC<{ page: PageContext; title: string; message: string; children?: Child }> = ({
  page,
  title,
  message,
  children,
}) => (
  <Layout page={page} title={title}>
    <h1>{title}</h1>
    <p>{message}</p>
    {children}
  </Layout>
);
