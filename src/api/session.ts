import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';

/**
 * The pages' sign-in: the API key itself in an httpOnly cookie. The server keeps only the key's hash
 * (as for the Bearer header), so there is no session store, revoking the key signs the browser out at
 * once, and Node and Workers behave the same.
 */

export const SESSION_COOKIE = 'vincula_key';
/** A working day: the case worker signs in again the next morning. */
export const SESSION_MAX_AGE = 12 * 60 * 60;

/** Methods that change nothing: the only ones the API accepts the cookie for (no CSRF possible). */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface Credential {
  token: string;
  via: 'bearer' | 'cookie';
}

/** The API key a request carries: the Authorization header first, then the sign-in cookie. */
export function requestCredential(c: Context): Credential | undefined {
  const header = c.req.header('Authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return { token: bearer, via: 'bearer' };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { token: cookie, via: 'cookie' } : undefined;
}

/** https directly, or behind a proxy that says so (it can only add Secure, never remove it). */
export function isHttps(c: Context): boolean {
  return (
    new URL(c.req.url).protocol === 'https:' ||
    c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim() === 'https'
  );
}

export function sessionCookieOptions(c: Context): CookieOptions {
  return { httpOnly: true, sameSite: 'Strict', path: '/', secure: isHttps(c), maxAge: SESSION_MAX_AGE };
}
