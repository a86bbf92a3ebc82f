import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app';
import { openDatabase, prepareDatabase } from '../src/db/client';
import { createApiKey } from '../src/db/repositories';
import { ROLES, type Role } from '../src/db/schema';
import type { Catalogue } from '../src/rules/catalogue';
import { loadCatalogue } from '../src/rules/load-dir';

/** An app on a fresh file database in a temporary folder, with one key per role. */
export async function testApp(catalogue: Catalogue = loadCatalogue()) {
  const dir = mkdtempSync(join(tmpdir(), 'vincula-api-'));
  const url = `file:${join(dir, 'test.db')}`;
  const { client, db } = openDatabase(url);
  await prepareDatabase(db);
  const keys = {} as Record<Role, string>;
  for (const role of ROLES) keys[role] = (await createApiKey(db, role, `test ${role}`)).key;
  const app = createApp({
    catalogue,
    db,
    idSecret: 'test-secret-for-keyed-hashes-0123456789',
    today: () => '2018-06-01',
  });
  const request = (path: string, init: RequestInit & { role?: Role } = {}) => {
    const headers = new Headers(init.headers);
    if (init.role) headers.set('Authorization', `Bearer ${keys[init.role]}`);
    if (init.body !== undefined && !headers.has('Content-Type'))
      headers.set('Content-Type', 'application/json');
    return app.request(path, { ...init, headers });
  };
  const json = async <T = Record<string, unknown>>(response: Response) => (await response.json()) as T;
  return { app, db, client, keys, request, json, url, dir };
}
