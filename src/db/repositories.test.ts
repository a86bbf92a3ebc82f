import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, prepareDatabase } from './client';
import { createApiKey, KEY_CACHE_MS, keyVerifier } from './repositories';
import { apiKeys } from './schema';

describe('keyVerifier', () => {
  it('trusts a verified key for KEY_CACHE_MS, then asks the database again; unknown keys are never kept', async () => {
    const { client, db } = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'vincula-keys-')), 'k.db')}`);
    try {
      await prepareDatabase(db);
      let clock = 1_000_000;
      const verify = keyVerifier(db, () => clock);
      const { id, key } = await createApiKey(db, 'service');
      expect(await verify(key)).toEqual({ keyId: id, role: 'service' });
      // Revoked in the database: still trusted within the window, refused after it.
      await db.update(apiKeys).set({ revokedAt: '2026-12-02T00:00:00Z' }).where(eq(apiKeys.id, id));
      clock += KEY_CACHE_MS - 1;
      expect(await verify(key)).toEqual({ keyId: id, role: 'service' });
      clock += 2;
      expect(await verify(key)).toBeUndefined();
      // A key that failed is checked again every time (no negative cache to poison).
      const other = await createApiKey(db, 'admin');
      const wrong = `${other.key.slice(0, -1)}${other.key.endsWith('A') ? 'B' : 'A'}`;
      expect(await verify(wrong)).toBeUndefined();
      expect(await verify(other.key)).toEqual({ keyId: other.id, role: 'admin' });
    } finally {
      client.close();
    }
  });
});
