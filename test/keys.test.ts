import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SESSION_COOKIE } from '../src/api/session';
import { openDatabase } from '../src/db/client';
import { auditEntries, authenticate, createApiKey } from '../src/db/repositories';
import { ROLES } from '../src/db/schema';
import { testApp } from './api-helpers';
import { runCli } from './cli-run';

/**
 * API keys: GET /v1/keys and POST /v1/keys/{id}/revoke for admins, and `vincula keys list` and
 * `vincula keys revoke` on a file database and on a local D1 database.
 */

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
    expect(Object.keys(list?.responses ?? {}).sort()).toEqual(['200', '401', '403', '429', '500', '503']);
    expect(Object.keys(revoke?.responses ?? {}).sort()).toEqual([
      '200',
      '401',
      '403',
      '404',
      '413',
      '422',
      '429',
      '500',
      '503',
    ]);
    expect(Object.keys(document.components.schemas.ApiKey?.properties ?? {}).sort()).toEqual([
      'createdAt',
      'id',
      'label',
      'revokedAt',
      'role',
    ]);
  });
});

const cli = (...args: string[]) => runCli(args);

describe('vincula keys list and revoke', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vincula-keys-cli-'));
  beforeAll(() => {
    vi.stubEnv('VINCULA_DATA_DIR', dir);
    vi.stubEnv('DATABASE_URL', `file:${join(dir, 'keys.db')}`);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('lists the keys of the configured database, as a table or JSON, without a key or a hash', async () => {
    expect((await cli('keys', 'list')).out).toBe(
      'No API key yet. Create one with:  npx vincula keys create --role admin\n',
    );
    const admin = (await cli('keys', 'create', '--role', 'admin', '--label', 'ops', '--quiet')).out.trim();
    const worker = (
      await cli('keys', 'create', '--role', 'case_worker', '--label', 'desk 3\u001b[2J', '--quiet')
    ).out.trim();
    const table = await cli('keys', 'list');
    expect(table.code).toBe(0);
    const lines = table.out.split('\n');
    expect(lines[0]).toMatch(/^ID +ROLE +CREATED \(UTC\) +REVOKED \(UTC\) +LABEL$/);
    expect(lines[1]).toMatch(
      new RegExp(`^${idOf(admin)} +admin +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +— +ops$`),
    );
    // A label cannot drive the terminal: its control characters are shown, not sent.
    expect(lines[2]).toMatch(new RegExp(`^${idOf(worker)} +case_worker +.+ +— +desk 3\uFFFD\\[2J$`));
    expect(table.out).toContain('2 keys: 2 working, 0 revoked');

    const json = await cli('keys', 'list', '--json');
    const { keys } = JSON.parse(json.out) as { keys: KeyJson[] };
    expect(keys.map((k) => [k.id, k.role, k.label, k.revokedAt])).toEqual([
      [idOf(admin), 'admin', 'ops', null],
      [idOf(worker), 'case_worker', 'desk 3\u001b[2J', null],
    ]);
    const { client } = openDatabase(`file:${join(dir, 'keys.db')}`);
    try {
      const hashes = await client.execute('select secret_hash from api_keys');
      for (const out of [table.out, json.out]) {
        for (const key of [admin, worker]) expect(out).not.toContain(secretOf(key));
        for (const row of hashes.rows) expect(out).not.toContain(String(row.secret_hash));
      }
    } finally {
      client.close();
    }
  });

  it('revokes a key by its id: it authenticates no more, the audit log says so, and again changes nothing', async () => {
    const key = (
      await cli('keys', 'create', '--role', 'service', '--label', 'old robot', '--quiet')
    ).out.trim();
    const id = idOf(key);
    const { client, db } = openDatabase(`file:${join(dir, 'keys.db')}`);
    try {
      expect(await authenticate(db, key)).toEqual({ keyId: id, role: 'service' });
      const revoked = await cli('keys', 'revoke', id);
      expect(revoked).toMatchObject({ code: 0, err: '' });
      expect(revoked.out).toBe(
        `Revoked the service key ${id} (old robot). A running server that accepted it in the last 30 s may go on accepting it for up to 30 s (its key cache).\n`,
      );
      expect(await authenticate(db, key)).toBeUndefined();
      const audit = await auditEntries(db, 'api_key', id);
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['create', 'cli'],
        ['revoke', 'cli'],
      ]);

      const again = await cli('keys', 'revoke', id);
      expect(again.code).toBe(0);
      expect(again.out).toMatch(
        new RegExp(
          `^The service key ${id} \\(old robot\\) was already revoked, at .+ UTC: nothing changed\\.\n$`,
        ),
      );
      expect(await auditEntries(db, 'api_key', id)).toHaveLength(2);

      const { keys } = JSON.parse((await cli('keys', 'list', '--json')).out) as { keys: KeyJson[] };
      expect(keys.find((k) => k.id === id)?.revokedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect((await cli('keys', 'list')).out).toContain('3 keys: 2 working, 1 revoked');
    } finally {
      client.close();
    }
  });

  it('says what is wrong with an id or the options, revoking nothing', async () => {
    const before = (await cli('keys', 'list', '--json')).out;
    const cases: [string[], string][] = [
      [['keys', 'revoke', 'zzzzzzzzzzzz'], 'no API key has the id zzzzzzzzzzzz (see vincula keys list)'],
      [['keys', 'revoke', 'not an id'], "'not an id' is not a key id"],
      [
        ['keys', 'revoke', `vk_abcdefghijkl_${'s'.repeat(32)}`],
        "give the key's id, not the key itself: vincula keys revoke abcdefghijkl",
      ],
      [['keys', 'revoke', 'abcdefghijkl', '--remote'], '--remote and --persist-to go with --d1 <database>'],
      [['keys', 'list', '--persist-to', 'x'], '--remote and --persist-to go with --d1 <database>'],
      [
        ['keys', 'list', '--d1', 'vincula', '--remote', '--persist-to', 'x'],
        '--persist-to is for the local database',
      ],
    ];
    for (const [args, message] of cases) {
      const result = await cli(...args);
      expect(result, args.join(' ')).toMatchObject({ code: 1, out: '' });
      expect(result.err).toContain(message);
    }
    expect((await cli('keys', 'list', '--json')).out).toBe(before);
  });
});

describe('vincula keys list and revoke --d1, on a local D1 database through wrangler', () => {
  const run = promisify(execFile);
  const ROOT = join(import.meta.dirname, '..');
  const state = mkdtempSync(join(tmpdir(), 'vincula-keys-d1-'));
  const d1 = ['--d1', 'vincula', '--persist-to', state];
  afterAll(() => {
    rmSync(state, { recursive: true, force: true });
  });

  it('lists, revokes (audited once) and says what wrangler said when the database is not there', async () => {
    const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true' };
    await run('npm', ['run', '--silent', 'd1:migrate', '--', '--persist-to', state], { cwd: ROOT, env });
    const key = (
      await cli('keys', 'create', '--role', 'committee', '--label', "the committee's", '--quiet', ...d1)
    ).out.trim();
    const id = idOf(key);
    const listed = JSON.parse((await cli('keys', 'list', '--json', ...d1)).out) as { keys: KeyJson[] };
    expect(listed.keys).toEqual([
      {
        id,
        role: 'committee',
        label: "the committee's",
        createdAt: expect.stringMatching(/^\d{4}-/),
        revokedAt: null,
      },
    ]);

    const revoked = await cli('keys', 'revoke', id, ...d1);
    expect(revoked).toMatchObject({ code: 0, err: '' });
    expect(revoked.out).toMatch(new RegExp(`^Revoked the committee key ${id} \\(the committee's\\)\\.`));
    // Revoking again changes nothing (each wrangler call takes seconds: an unknown id is tested on a file above).
    expect((await cli('keys', 'revoke', id, ...d1)).out).toContain('was already revoked');

    const { stdout } = await run(
      process.execPath,
      [
        'node_modules/wrangler/bin/wrangler.js',
        'd1',
        'execute',
        'vincula',
        '--local',
        '--persist-to',
        state,
        '--json',
        '--command',
        `select action, actor from audit_log where entity = 'api_key' and entity_id = '${id}' order by id`,
      ],
      { cwd: ROOT, env },
    );
    expect((JSON.parse(stdout) as { results: unknown[] }[])[0]?.results).toEqual([
      { action: 'create', actor: 'cli' },
      { action: 'revoke', actor: 'cli' },
    ]);

    const missing = await cli('keys', 'list', '--d1', 'no-such-database', '--persist-to', state);
    expect(missing).toMatchObject({ code: 1, out: '' });
    expect(missing.err).toBe(
      "wrangler d1 execute no-such-database failed, so the keys could not be listed:\nCouldn't find a D1 DB with the name or binding 'no-such-database' in your wrangler.toml file.\n",
    );
  }, 240_000);
});
