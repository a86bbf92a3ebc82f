import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/api/app';
import { openDatabase, prepareDatabase } from '../src/db/client';
import type { Catalogue } from '../src/rules/catalogue';
import { loadCatalogue } from '../src/rules/load-dir';
import { json, keysPerRole, requester } from './request';

/**
 * An app on a fresh file database in a temporary folder (or on the libsql server at databaseUrl),
 * migrated, with one key per role.
 */
export async function testApp(catalogue: Catalogue = loadCatalogue(), databaseUrl?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vincula-api-'));
  const url = databaseUrl ?? `file:${join(dir, 'test.db')}`;
  const { client, db } = openDatabase(url);
  await prepareDatabase(db);
  const keys = await keysPerRole(db);
  const app = createApp({
    catalogue,
    db,
    idSecret: 'test-secret-for-keyed-hashes-0123456789',
    today: () => '2018-06-01',
  });
  const request = requester((path, init) => app.request(path, init), keys);
  return { app, db, client, keys, request, json, url, dir };
}
