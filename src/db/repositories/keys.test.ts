import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, prepareDatabase } from '../client';
import { apiKeys } from '../schema';
import { auditEntries } from './audit';
import { createApiKey, KEY_CACHE_MS, keyVerifier, listApiKeys, revokeApiKey } from './keys';

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

  it('forgets a key at once when told (its revocation on this server), a check under way included', async () => {
    const { client, db } = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'vincula-keys-')), 'k.db')}`);
    try {
      await prepareDatabase(db);
      const verify = keyVerifier(db, () => 1_000_000);
      const kept = await createApiKey(db, 'admin');
      const { id, key } = await createApiKey(db, 'service');
      expect(await verify(key)).toEqual({ keyId: id, role: 'service' });
      expect(await verify(kept.key)).toEqual({ keyId: kept.id, role: 'admin' });
      await revokeApiKey(db, id, kept.id);
      // Cached: still trusted until forgotten (another server's view, for up to KEY_CACHE_MS).
      expect(await verify(key)).toEqual({ keyId: id, role: 'service' });
      verify.forget(id);
      expect(await verify(key)).toBeUndefined();
      expect(await verify(kept.key)).toEqual({ keyId: kept.id, role: 'admin' });

      // A check that started before the key was forgotten answers, but leaves nothing cached.
      const other = await createApiKey(db, 'case_worker');
      const pending = verify(other.key);
      verify.forget(other.id);
      expect(await pending).toEqual({ keyId: other.id, role: 'case_worker' });
      await db.update(apiKeys).set({ revokedAt: '2026-12-02T00:00:00Z' }).where(eq(apiKeys.id, other.id));
      expect(await verify(other.key)).toBeUndefined();
    } finally {
      client.close();
    }
  });
});

describe('revokeApiKey', () => {
  it('revokes once, with one audit entry, keeps the row, and says when the id is unknown', async () => {
    const { client, db } = openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'vincula-keys-')), 'k.db')}`);
    try {
      await prepareDatabase(db);
      const { id } = await createApiKey(db, 'committee', 'the committee laptop');
      const first = await revokeApiKey(db, id, 'admin-key-id');
      expect(first).toMatchObject({
        revoked: true,
        key: { id, role: 'committee', label: 'the committee laptop' },
      });
      expect(first?.key.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const again = await revokeApiKey(db, id, 'someone-else');
      expect(again).toEqual({ revoked: false, key: first?.key });
      expect(await revokeApiKey(db, 'no-such-key!', 'admin-key-id')).toBeUndefined();
      const audit = await auditEntries(db, 'api_key', id);
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['create', 'cli'],
        ['revoke', 'admin-key-id'],
      ]);
      expect(await listApiKeys(db)).toEqual([first?.key]);
    } finally {
      client.close();
    }
  });
});
