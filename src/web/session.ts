import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { isHttps } from '../api/session';
import { sameText, sha256 } from '../db/secrets';
import { LANGS, type Lang } from '../rules/i18n';

/**
 * CSRF and language for the pages. Page forms that POST pass two checks: the browser says the form
 * came from this origin (Origin, or Sec-Fetch-Site), and it carries a token derived from the sign-in
 * cookie, which another site can neither read nor compute.
 */

export const LANG_COOKIE = 'vincula_lang';

/** The form token for a signed-in key: a one-way hash, domain-separated from the stored key hash. */
export function csrfToken(key: string): Promise<string> {
  return sha256(`vincula-csrf\u0000${key}`);
}

export async function validCsrf(key: string | undefined, token: string | undefined): Promise<boolean> {
  if (!key || !token) return false;
  return sameText(await csrfToken(key), token);
}

/** The form was posted from a page of this origin (what browsers say in Origin or Sec-Fetch-Site). */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('Origin');
  if (origin && origin !== 'null') return origin === new URL(c.req.url).origin;
  return c.req.header('Sec-Fetch-Site') === 'same-origin';
}

/** ?lang= (remembered in a cookie), else the cookie, else Spanish. */
export function pageLang(c: Context): Lang {
  const asked = c.req.query('lang');
  if (asked && (LANGS as readonly string[]).includes(asked)) {
    rememberLang(c, asked as Lang);
    return asked as Lang;
  }
  const kept = getCookie(c, LANG_COOKIE);
  return kept && (LANGS as readonly string[]).includes(kept) ? (kept as Lang) : 'es';
}

export function rememberLang(c: Context, lang: Lang) {
  setCookie(c, LANG_COOKIE, lang, {
    path: '/',
    sameSite: 'Lax',
    secure: isHttps(c),
    maxAge: 365 * 24 * 60 * 60,
  });
}

/** A `next` longer than this is not a page of this site anyone linked to. */
const NEXT_MAX_LENGTH = 2048;
/** Control characters (browsers drop tabs and newlines from a URL, so '/\t/host' reads '//host') and backslashes (read as '/'). */
const UNSAFE_IN_NEXT = /[\p{Cc}\\]/u;

/**
 * Where to go after sign-in: a path of this site only, never an open redirect nor a broken header.
 * `next` is resolved against the request's origin as a browser resolves a Location, must stay on that
 * origin, and only the normalised path and query are kept (percent-encoded by the URL parser, so
 * always a valid header value). Refused: anything but a path ('//host', 'https:', 'javascript:'),
 * control characters and backslashes, and a path that normalises or decodes to one starting with '//'
 * ('/.//host', '/%2F%2Fhost') or holding a control character ('/%09/host').
 */
export function safeNext(next: string | undefined, origin: string): string | undefined {
  if (!next || next.length > NEXT_MAX_LENGTH || !next.startsWith('/') || next.startsWith('//'))
    return undefined;
  if (UNSAFE_IN_NEXT.test(next)) return undefined;
  let url: URL;
  let path: string;
  try {
    url = new URL(next, origin);
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (url.origin !== origin || path.startsWith('//') || UNSAFE_IN_NEXT.test(path)) return undefined;
  return `${url.pathname}${url.search}`;
}
