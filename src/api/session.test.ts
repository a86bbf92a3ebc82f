import { beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../../test/api-helpers';
import type { Role } from '../db/schema';
import { SESSION_COOKIE } from './session';

/** The API and the pages' sign-in cookie: reads only, never writes (CSRF). */
describe('the API with the sign-in cookie', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const cookie = (role: Role) => ({ Cookie: `${SESSION_COOKIE}=${t.keys[role]}` });
  beforeAll(async () => {
    t = await testApp();
  });

  it('authenticates GET requests like the Bearer header, with the same roles', async () => {
    const graph = await t.request('/v1/graph?population=none&asOf=2018-06-01', {
      headers: cookie('committee'),
    });
    expect(graph.status).toBe(200);
    expect((await t.json<{ nodes: unknown[] }>(graph)).nodes.length).toBeGreaterThan(0);
    const forbidden = await t.request('/v1/graph?population=none', { headers: cookie('case_worker') });
    expect(forbidden.status).toBe(403);
    const revoked = await t.request('/v1/programmes', { headers: { Cookie: `${SESSION_COOKIE}=vk_nope` } });
    expect(revoked.status).toBe(401);
  });

  it('refuses the cookie for every route that is not a GET, so another site cannot post with it', async () => {
    const document = (await t.json(await t.request('/openapi.json'))) as {
      paths: Record<string, Record<string, { security: Record<string, unknown>[] }>>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        const schemes = operation.security.flatMap((s) => Object.keys(s));
        expect(schemes.includes('sessionCookie'), `${method} ${path} documents the cookie`).toBe(
          method === 'get',
        );
        if (method === 'get') continue;
        const response = await t.request(path.replace('{id}', 'some-id'), {
          method: method.toUpperCase(),
          headers: cookie('admin'),
          ...(method === 'delete' ? {} : { body: '{}' }),
        });
        expect(response.status, `${method} ${path}`).toBe(403);
        expect(await t.json(response)).toMatchObject({ type: 'https://vincula.dev/problems/csrf' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });

  it('takes the Bearer header over the cookie, so API clients are unaffected by a browser session', async () => {
    const response = await t.request('/v1/match', {
      method: 'POST',
      role: 'case_worker',
      headers: cookie('committee'),
      body: JSON.stringify({ asOf: '2018-06-01', group: { name: 'G' } }),
    });
    expect(response.status).toBe(200);
  });
});
