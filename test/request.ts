import type { Database } from '../src/db/database';
import { createApiKey } from '../src/db/repositories';
import { ROLES, type Role } from '../src/db/schema';

/** Runtime-neutral test helpers: used on Node (api-helpers.ts) and inside workerd (test/workers). */

export type Keys = Record<Role, string>;

/** One API key per role. */
export async function keysPerRole(db: Database): Promise<Keys> {
  const keys = {} as Keys;
  for (const role of ROLES) keys[role] = (await createApiKey(db, role, `test ${role}`)).key;
  return keys;
}

/** A request function that sends a role's key and a JSON content type when there is a body. */
export function requester(
  fetch: (path: string, init: RequestInit) => Response | Promise<Response>,
  keys: Keys,
) {
  return (path: string, init: RequestInit & { role?: Role } = {}) => {
    const { role, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (role) headers.set('Authorization', `Bearer ${keys[role]}`);
    if (rest.body !== undefined && !headers.has('Content-Type'))
      headers.set('Content-Type', 'application/json');
    return Promise.resolve(fetch(path, { ...rest, headers }));
  };
}

export const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
