import { setCookie } from 'hono/cookie';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/api/app';
import { SESSION_COOKIE } from '../src/api/session';
import { loadCatalogue } from '../src/rules/load-dir';
import { testApp } from './api-helpers';

/** Headers on every kind of response: routes, errors, pages, documentation, files and streams. */

const ORIGIN = 'http://localhost';

describe('response headers', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  /** The same app with Swagger UI's files and the committee bundle, as `vincula serve` builds it. */
  let served: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await testApp();
    served = createApp({
      catalogue: loadCatalogue(),
      db: t.db,
      idSecret: 'test-secret-for-keyed-hashes-0123456789',
      today: () => '2018-06-01',
      docsAssets: {
        'swagger-ui.css': '.swagger-ui {}',
        'swagger-ui-bundle.js': 'window.SwaggerUIBundle = () => {};',
      },
      webAssets: { 'committee.js': 'console.log(1);', version: 'v1' },
    });
    // The 500s below are the test's own: their logged stack would only be noise.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // A route that fails after setting a cookie: the 500 must say neither.
    t.app.get('/test-only/fails', (c) => {
      setCookie(c, SESSION_COOKIE, 'set-before-the-failure');
      throw new Error('a bug');
    });
  });

  afterAll(() => {
    vi.restoreAllMocks();
  });

  const bearer = (role: keyof typeof t.keys) => ({ Authorization: `Bearer ${t.keys[role]}` });
  const form = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: ORIGIN };
  const json = { 'Content-Type': 'application/json' };

  it('X-Content-Type-Options: nosniff on every kind of response', async () => {
    const requests: [string, RequestInit & { app?: typeof served }][] = [
      ['/healthz', {}],
      ['/healthz', { method: 'HEAD' }],
      ['/openapi.json', {}],
      ['/docs', {}],
      ['/docs', { app: served }],
      ['/docs/init.js', { app: served }],
      ['/docs/swagger-ui.css', { app: served }],
      ['/docs/swagger-ui-bundle.js', { app: served }],
      ['/docs/swagger-ui.css', {}],
      ['/web/style.css', {}],
      ['/web/committee.js?v=v1', { app: served }],
      ['/web/committee.js', {}],
      ['/no/such/route', {}],
      ['/v1/no-such-route', { headers: bearer('admin') }],
      ['/v1/programmes', { headers: bearer('service') }],
      ['/v1/programmes', {}],
      ['/v1/programmes', { headers: { Authorization: 'Bearer vk_nope' } }],
      ['/v1/groups/no-such-group', { headers: bearer('admin') }],
      ['/v1/graph?asOf=2016-06-01&format=graphml&population=none', { headers: bearer('committee') }],
      ['/v1/graph', { headers: bearer('case_worker') }],
      ['/v1/match', { method: 'POST', body: '{"group": ', headers: { ...bearer('service'), ...json } }],
      [
        '/v1/match',
        { method: 'POST', body: '{"group": {"members": 3}}', headers: { ...bearer('service'), ...json } },
      ],
      [
        '/v1/match',
        { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1), headers: { ...bearer('service'), ...json } },
      ],
      [
        '/v1/match',
        { method: 'POST', body: '{}', headers: { Cookie: `${SESSION_COOKIE}=${t.keys.service}`, ...json } },
      ],
      [
        '/v1/match/batch?asOf=2018-06-01',
        {
          method: 'POST',
          body: '{"members": [{}]}\n{"members": 3}\n',
          headers: { ...bearer('service'), 'Content-Type': 'application/x-ndjson' },
        },
      ],
      ['/', {}],
      ['/', { headers: { Cookie: `${SESSION_COOKIE}=${t.keys.case_worker}` } }],
      ['/committee', { headers: { Cookie: `${SESSION_COOKIE}=${t.keys.case_worker}` } }],
      ['/sign-in?next=/committee', {}],
      ['/sign-in', { method: 'POST', body: `key=${t.keys.committee}&next=/committee`, headers: form }],
      ['/sign-in', { method: 'POST', body: 'key=vk_wrong', headers: form }],
      ['/sign-in', { method: 'POST', body: 'key=x', headers: { ...form, Origin: 'https://evil.example' } }],
      ['/test-only/fails', {}],
    ];
    const seen = new Set<number>();
    for (const [path, { app = t.app, ...init }] of requests) {
      const response = await app.request(path, init);
      const what = `${init.method ?? 'GET'} ${path} (${response.status})`;
      expect(response.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
      seen.add(response.status);
      await response.arrayBuffer();
    }
    // Every kind of answer was asked for: success, redirect, client errors and the server's own.
    expect([...seen].sort()).toEqual([200, 303, 400, 401, 403, 404, 413, 422, 500]);
  });

  it('a server error sets no cookie the route had set before failing', async () => {
    const response = await t.app.request('/test-only/fails');
    expect(response.status).toBe(500);
    expect(response.headers.get('Content-Type')).toBe('application/problem+json');
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('/docs loads only from this origin (Content-Security-Policy); the pages keep theirs', async () => {
    for (const app of [t.app, served]) {
      const csp = (await app.request('/docs')).headers.get('Content-Security-Policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("img-src 'self' data:");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("style-src 'self';");
      expect(csp).not.toContain('unsafe');
    }
    const docs = await (await served.request('/docs')).text();
    // Only files of this origin, no inline script for the policy to allow.
    expect(docs).not.toMatch(/<script>|<script [^>]*>[^<]/);
    expect(docs).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(await (await served.request('/docs/init.js')).text()).toContain('validatorUrl: null');

    const cookie = { Cookie: `${SESSION_COOKIE}=${t.keys.admin}` };
    for (const path of ['/', '/committee', '/sign-in']) {
      const response = await t.app.request(path, { headers: cookie });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('Content-Security-Policy'), path).toMatch(
        /^default-src 'self'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/,
      );
    }
  });
});
