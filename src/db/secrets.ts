/** Keyed hashes with Web Crypto, so the same code runs on Node and on Workers. */

const encoder = new TextEncoder();

export const ID_SECRET_MIN_LENGTH = 32;

/** Why a secret cannot key the identifier hashes in production (Node) or on Workers, if it cannot. */
export function idSecretProblem(secret: string | undefined): string | undefined {
  if (!secret) return 'VINCULA_ID_SECRET is not set';
  if (secret.length < ID_SECRET_MIN_LENGTH)
    return `VINCULA_ID_SECRET must be at least ${ID_SECRET_MIN_LENGTH} characters`;
  return undefined;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** HMAC-SHA-256 of a personal identifier under the server's secret: equal IDs give equal hashes, nothing else is revealed. */
export async function hashPersonalId(secret: string, personalId: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const normalised = personalId.trim().toUpperCase();
  return hex(await crypto.subtle.sign('HMAC', key, encoder.encode(normalised)));
}

export async function sha256(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export function randomToken(bytes = 24): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Constant-time comparison of two equal-length strings. */
export function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
