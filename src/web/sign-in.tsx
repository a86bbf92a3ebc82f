import type { FC } from 'hono/jsx';
import { Layout, type PageContext } from './layout';
import { tr } from './text';

export const SignInPage: FC<{
  page: PageContext;
  next?: string;
  error?: string;
  notice?: string;
  /** A form's data posted after the session expired (JSON pairs), brought back after signing in. */
  carried?: string;
}> = ({ page, next, error, notice, carried }) => {
  const t = tr(page.lang);
  return (
    <Layout page={page} title={t('signInTitle')}>
      <h1>{t('signInTitle')}</h1>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <p>{t('signInLead')}</p>
      <form method="post" action="/sign-in" class="sign-in">
        <input type="hidden" name="next" value={next ?? ''} />
        <input type="hidden" name="lang" value={page.lang} />
        {carried ? <input type="hidden" name="carried" value={carried} /> : null}
        <div class={error ? 'field invalid' : 'field'}>
          <label for="f-key">{t('fieldApiKey')}</label>
          <input
            type="password"
            id="f-key"
            name="key"
            autocomplete="off"
            spellcheck={false}
            required
            aria-invalid={error ? 'true' : undefined}
            aria-describedby={error ? 'f-key-hint f-key-error' : 'f-key-hint'}
          />
          <p class="hint" id="f-key-hint">
            {t('hintApiKey')}
          </p>
          {error ? (
            <p class="error" id="f-key-error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <button type="submit" class="primary">
          {t('signInSubmit')}
        </button>
      </form>
    </Layout>
  );
};
