import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../src/api/session';
import { auditEntries, createApiKey } from '../src/db/repositories';
import { ROLES } from '../src/db/schema';
import { testApp } from './api-helpers';

/** API keys over HTTP: GET /v1/keys and POST /v1/keys/{id}/revoke, for admins only. */

interface KeyJson {
  id: string;
  role: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** `vk_<id: 12>_<secret: 32>` (an id or a secret may itself hold '_'). */
const idOf = (key: string) => key.slice(3, 15);
const secretOf = (key: string) => key.slice(16);

describe('API keys over HTTP', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });

  it('lists every key for an admin: id, role, label, created, revoked; never a secret or its hash', async () => {
    const response = await t.request('/v1/keys', { role: 'admin' });
    expect(response.status).toBe(200);
    const text = await response.text();
    const { keys } = JSON.parse(text) as { keys: KeyJson[] };
    for (const role of ROLES) {
      expect(keys).toContainEqual({
        id: idOf(t.keys[role]),
        role,
        label: `test ${role}`,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        revokedAt: null,
      });
    }
    for (const key of keys)
      expect(Object.keys(key).sort()).toEqual(['createdAt', 'id', 'label', 'revokedAt', 'role']);
    const hashes = await t.client.execute('select secret_hash from api_keys');
    expect(hashes.rows.length).toBe(keys.length);
    for (const row of hashes.rows) expect(text).not.toContain(String(row.secret_hash));
    for (const key of Object.values(t.keys)) expect(text).not.toContain(secretOf(key));
  });

  it('refuses every other role (403), an unknown id (404), and says so as problem+json', async () => {
    const target = idOf(t.keys.service);
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const list = await t.request('/v1/keys', { role });
      expect(list.status, role).toBe(403);
      const revoke = await t.request(`/v1/keys/${target}/revoke`, { method: 'POST', role });
      expect(revoke.status, role).toBe(403);
      expect(revoke.headers.get('Content-Type')).toBe('application/problem+json');
    }
    for (const id of ['no-such-key1', 'x', encodeURIComponent('../../groups')]) {
      const unknown = await t.request(`/v1/keys/${id}/revoke`, { method: 'POST', role: 'admin' });
      expect(unknown.status, id).toBe(404);
      expect(unknown.headers.get('Content-Type')).toBe('application/problem+json');
    }
    // Nothing was revoked by all that.
    expect((await t.request('/v1/programmes', { role: 'service' })).status).toBe(200);
    // A write takes the header, not the pages' cookie (CSRF), as every other write.
    const byCookie = await t.app.request(`/v1/keys/${target}/revoke`, {
      method: 'POST',
      headers: { Cookie: `${SESSION_COOKIE}=${t.keys.admin}` },
    });
    expect(byCookie.status).toBe(403);
    expect((await t.request('/v1/programmes', { role: 'service' })).status).toBe(200);
  });

  it('a revoked key is refused at once by the server that revoked it, API and pages alike, and the audit log says who', async () => {
    const { id, key } = await createApiKey(t.db, 'case_worker', 'a lost laptop');
    const use = () => t.app.request('/v1/programmes', { headers: { Authorization: `Bearer ${key}` } });
    const page = () => t.app.request('/', { headers: { Cookie: `${SESSION_COOKIE}=${key}` } });
    // Used, so the server's key cache holds it.
    expect((await use()).status).toBe(200);
    expect((await page()).status).toBe(200);

    const response = await t.request(`/v1/keys/${id}/revoke`, { method: 'POST', role: 'admin' });
    expect(response.status).toBe(200);
    const revoked = (await response.json()) as KeyJson;
    expect(revoked).toMatchObject({ id, role: 'case_worker', label: 'a lost laptop' });
    expect(revoked.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

    const refused = await use();
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { detail: string }).detail).toBe(
      'the API key is not valid or was revoked',
    );
    const signedOut = await page();
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('Location')).toBe('/sign-in?next=%2F');

    // Listed as revoked; revoking again changes nothing.
    const { keys } = (await (await t.request('/v1/keys', { role: 'admin' })).json()) as { keys: KeyJson[] };
    expect(keys.find((k) => k.id === id)).toEqual(revoked);
    const again = await t.request(`/v1/keys/${id}/revoke`, { method: 'POST', role: 'admin' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(revoked);
    const audit = await auditEntries(t.db, 'api_key', id);
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['create', 'cli'],
      ['revoke', idOf(t.keys.admin)],
    ]);
  });

  it('documents both routes in OpenAPI, for admins, with their answers', async () => {
    const document = (await (await t.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        Record<string, { 'x-vincula-roles': string[]; responses: Record<string, unknown> }>
      >;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const list = document.paths['/v1/keys']?.get;
    const revoke = document.paths['/v1/keys/{id}/revoke']?.post;
    expect(list?.['x-vincula-roles']).toEqual(['admin']);
    expect(revoke?.['x-vincula-roles']).toEqual(['admin']);
    expect(Object.keys(list?.responses ?? {}).sort()).toEqual(['200', '401', '403']);
    expect(Object.keys(revoke?.responses ?? {}).sort()).toEqual(['200', '401', '403', '404']);
    expect(Object.keys(document.components.schemas.ApiKey?.properties ?? {}).sort()).toEqual([
      'createdAt',
      'id',
      'label',
      'revokedAt',
      'role',
    ]);
  });
});
