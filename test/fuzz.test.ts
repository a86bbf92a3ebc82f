import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { JSON_BODY_LIMIT } from '../src/api/kit';
import { SESSION_COOKIE } from '../src/api/session';
import type { Role } from '../src/db/schema';
import type { Catalogue } from '../src/rules/catalogue';
import { loadCatalogue } from '../src/rules/load-dir';
import { csrfToken } from '../src/web/session';
import { testApp } from './api-helpers';
import { groupCases } from './arbitraries';
import { type CheckedResponse, type OpenApiDocument, openApiChecker } from './openapi-check';

/**
 * Hostile requests over every documented route, in process (app.request: the same app the Node
 * server and the Worker serve, without the sockets): odd ids in paths (CR/LF, unicode, very long,
 * `..`, percent-encodings, invalid UTF-8), hostile headers (huge, wrong Content-Type, odd
 * Idempotency-Key and Content-Length), and bodies (malformed JSON, wrong types, nesting a few
 * thousand levels deep, 9007199254740991 and 1e308, NaN-ish strings, duplicate keys, __proto__ and
 * constructor keys, very long strings, NDJSON junk for the batch).
 *
 * Every answer must be below 500; every error outside the HTML pages is problem+json with type,
 * title, status (the response's) and detail; a redirect goes to a path of this site; and the answer
 * to a documented route and method conforms to the OpenAPI document (test/openapi-check.ts).
 *
 * FUZZ_SEED replays another seed (printed on every run), FUZZ_RUNS sets the number of requests,
 * FUZZ_ONLY=i,j sends only those requests of the run (numbered as in the failure report),
 * FUZZ_VERBOSE=1 prints the answers' statuses by route.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260516);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);
const ONLY = process.env.FUZZ_ONLY?.split(',').map(Number);
const VERBOSE = Boolean(process.env.FUZZ_VERBOSE);

const iztapalapa = JSON.parse(readFileSync('examples/colectivo-iztapalapa.json', 'utf8'));

interface FuzzRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: string;
}

interface Failure {
  index: number;
  request: FuzzRequest;
  status: number;
  contentType: string;
  responseBody: string;
  /** What the server logged while answering (its error for a 500). */
  logged: string[];
  location?: string | null;
  reasons: string[];
}

/** Values that break parsers: numbers at and past the edges, NaN-ish text, odd strings. */
const HOSTILE_NUMBERS = [
  '9007199254740991',
  '9007199254740992',
  '9007199254740993',
  '-9007199254740991',
  '1e308',
  '-1e308',
  '1.7976931348623157e308',
  '1e-320',
  '-0',
  '0.1',
  '123456789012345678901234567890',
];
const NANISH = ['NaN', 'Infinity', '-Infinity', '1e999', '0x1F', ' 12 ', '', '١٢٣', '12abc', 'null', 'true'];
const LONG = 'x'.repeat(100_000);
const OVER_LIMIT = 'y'.repeat(JSON_BODY_LIMIT + 16);
const HOSTILE_STRINGS = [
  ...NANISH,
  '\u0000',
  '\r\n',
  'a\r\nSet-Cookie: x=1',
  '\u202e',
  '\ud800',
  '💩'.repeat(100),
  '../../etc/passwd',
  "'; drop table groups; --",
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  LONG,
];

const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(9007199254740991, -9007199254740991, 1e308, -1e308, 5e-324, -0, 0.1, 2 ** 53 + 2),
  // An own "__proto__" key, as JSON.parse makes one (an object literal would set the prototype).
  fc.constantFrom(null, true, false, [], {}, [null], JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Raw JSON text that JSON.stringify would never write. */
const RAW_JSON = [
  '',
  '{',
  '{"group": ',
  'nul',
  '{"a":1,}',
  "{'a':1}",
  '\uFEFF{}',
  '{"a":"\\ud800"}',
  '[1,2',
  'NaN',
  '01',
  '"\\x41"',
  '{"group": {}, "group": {"members": 5}}',
  '{"group": {"members": []}, "group": {"members": [{"age": 30}]}}',
  '{"groupId": "a", "groupId": "b", "programme": "cdmx-coop-spi", "supportLine": "spi-consulting-training"}',
  '{"__proto__": {"polluted": true}, "group": {"__proto__": {"polluted": true}}}',
  '{"constructor": {"prototype": {"polluted": true}}, "group": {"constructor": {"prototype": {"polluted": true}}}}',
  `{"group": {"members": [{"age": ${HOSTILE_NUMBERS[0]}}, {"age": 1e308}, {"age": -0}]}}`,
  '{"group": {"income": {"amount": 123456789012345678901234567890, "currency": "MXN"}}}',
  `{"note": ${JSON.stringify(LONG)}}`,
];
/** JSON nested d levels deep, in the places a body can nest. */
const NESTED: ((d: number) => string)[] = [
  (d) => '['.repeat(d) + ']'.repeat(d),
  (d) => `{"group": ${'{"a":'.repeat(d)}1${'}'.repeat(d)}}`,
  (d) => `{"group": {"members": ${'['.repeat(d)}${']'.repeat(d)}}}`,
  (d) => `{"group": {"name": ${'['.repeat(d)}"x"${']'.repeat(d)}}}`,
  (d) => `{"note": ${'{"n":'.repeat(d)}null${'}'.repeat(d)}}`,
];

function fuzzRequests(fixture: {
  catalogue: Catalogue;
  groupId: string;
  deletableGroupId: string;
  applicationId: string;
  keys: Record<Role, string>;
  csrf: string;
  templates: { method: string; path: string }[];
}) {
  const groups = groupCases(fixture.catalogue).map((c) => c.group);

  // ----------------------------------------------------------------------------------- paths
  // Half the ids are real (the route's own kind most often), so the routes get past their lookups.
  // DELETE gets a group of its own: deleting the fixture would turn the rest of the run into 404s.
  const realId = (template: string, method: string) =>
    method === 'DELETE'
      ? fixture.deletableGroupId
      : template.startsWith('/v1/groups')
        ? fixture.groupId
        : template.startsWith('/v1/applications')
          ? fixture.applicationId
          : 'cdmx-coop-spi';
  const hostileId = (template: string, method: string) =>
    fc.oneof(
      { weight: 5, arbitrary: fc.constant(realId(template, method)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          method === 'DELETE' ? 'missing' : fixture.groupId,
          fixture.applicationId,
          'cdmx-coop-spi',
          'prospera',
        ),
      },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'missing',
          '%0D%0A',
          'a%0d%0aSet-Cookie:%20x=1',
          '%0a',
          '..',
          '%2e%2e',
          '..%2f..%2fopenapi.json',
          '%2F',
          '%00',
          '%ff',
          '%C0%AF',
          '%',
          '%zz',
          'ñandú',
          '%F0%9F%92%A9',
          '%E2%80%AE',
          ' ',
          '%20',
          '__proto__',
          'constructor',
          'toString',
          'hasOwnProperty',
          '%24%7Bjndi:ldap:%2F%2Fx%7D',
          '%27%3B%20drop%20table%20groups',
          'a'.repeat(10_000),
          `${fixture.groupId}%0d%0a`,
          `${fixture.applicationId}%00`,
        ),
      },
      { weight: 1, arbitrary: codePoints(0x10ffff).map(encode) },
      {
        weight: 1,
        arbitrary: fc
          .uint8Array({ minLength: 1, maxLength: 12 })
          .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')),
      },
    );
  const file = fc.constantFrom('swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui.js', '..%2fapp.ts');

  const QUERY_KEYS = [
    'asOf',
    'lang',
    'programmes',
    'evaluator',
    'limit',
    'offset',
    'fiscalYear',
    'population',
    'seed',
    'format',
    'next',
    'example',
    'v',
    'signedOut',
    '__proto__',
    'constructor',
  ];
  const queryValue = fc.oneof(
    fc.constantFrom(
      '2018-06-01',
      '2019-06-01',
      '2018-02-30',
      '2018-6-1',
      'en',
      'es',
      'fr',
      'cdmx-coop-spi',
      'cdmx-coop-spi,nope',
      ',,,',
      'reference',
      'compiled',
      'none',
      'stored',
      'synthetic',
      'json',
      'gexf',
      'graphml',
      'flags-csv',
      '1',
      '2018',
      '500',
      '501',
      '-1',
      '1.5',
      '0x10',
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      'https://evil.example/',
      '/%0d%0aSet-Cookie:%20x=1',
      'colectivo-iztapalapa',
      'a'.repeat(5000),
    ),
    fc.constantFrom(...HOSTILE_NUMBERS, ...NANISH),
    codePoints(0x7e),
  );
  // The synthetic population is the costly part of the graph routes: keep it small here (the
  // default of 1000 groups is covered by test/graph-api.test.ts and the conformance test).
  const graphGroups = fc.constantFrom('0', '1', '3', '25', '1e1', '-5', '20001', '2001', 'abc', '', '1.5');
  const query = (path: string) =>
    fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 }),
        graphGroups,
        fc.constantFrom('compiled', 'compiled', 'compiled', 'reference', 'x'),
      )
      .map(([pairs, groupCount, evaluator]) => {
        const params = new URLSearchParams();
        for (const [k, v] of pairs) params.append(k, v);
        if (path.startsWith('/v1/graph')) {
          params.set('groups', groupCount);
          // The reference evaluator stays on small populations (it is many times slower).
          if (evaluator === 'reference') params.set('groups', '3');
          params.set('evaluator', evaluator);
        }
        const text = params.toString();
        return text ? `?${text}` : '';
      });

  const templated = fc.constantFrom(...fixture.templates).chain((t) =>
    fc
      .oneof(
        { weight: 12, arbitrary: fc.constant(t.method) },
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      )
      .chain((method) =>
        fc.tuple(hostileId(t.path, method), file, query(t.path)).map(([id, name, q]) => ({
          method,
          path: `${t.path.replace('{id}', id).replace('{file}', name)}${q}`,
          template: t.path,
        })),
      ),
  );
  const junkPath = fc
    .constantFrom(
      '/v1/',
      '/v1/groups/x/y/z',
      '//v1/groups',
      '/v1/../openapi.json',
      '/V1/GROUPS',
      '/v1/groups/',
      '/v1/match/',
      '/v1/match/batch/x',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/docs/..%2f..%2fpackage.json',
      '/web/../src/api/app.ts',
      `/v1/applications/${fixture.applicationId}/delete`,
      '/v1/programmes/%00',
    )
    .chain((path) =>
      fc.constantFrom('GET', 'POST', 'PUT', 'DELETE').map((method) => ({ method, path, template: path })),
    );
  const target = fc.oneof({ weight: 12, arbitrary: templated }, { weight: 1, arbitrary: junkPath });

  // ---------------------------------------------------------------------------------- bodies
  const depth = fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 500, max: 8000 }));
  const hostileText = fc.oneof(
    fc.constantFrom(...RAW_JSON),
    fc.tuple(fc.nat(NESTED.length - 1), depth).map(([i, d]) => (NESTED[i] as (d: number) => string)(d)),
  );
  const withHostile = (base: Record<string, unknown>) =>
    fc
      .tuple(fc.constantFrom(...Object.keys(base), 'id', '__proto__', 'extra'), hostileJsonValue)
      .map(([key, value]) => JSON.stringify({ ...base, [key]: value }));
  const group = fc.oneof(
    { weight: 3, arbitrary: groups },
    { weight: 1, arbitrary: fc.constant(iztapalapa) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom('name', 'members', 'location', 'enrolments', 'id', 'createdAt', 'legalForm'),
          hostileJsonValue,
        )
        .map(([k, v]) => ({ ...iztapalapa, [k]: v })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('age', 'income', 'personalId', 'sex', 'residence'), hostileJsonValue)
        .map(([k, v]) => ({ ...iztapalapa, members: [{ ...iztapalapa.members[0], [k]: v }] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...HOSTILE_NUMBERS)
        .map((n) => ({ members: [{ age: 30, income: { amount: Number(n), currency: 'MXN' } }] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          { programme: 'cdmx-coop-spi', fiscalYear: 2018, status: 'current' },
          { programme: 'prospera', fiscalYear: 2018, status: 'completed', stage: 'x' },
        )
        .chain((e) =>
          fc.integer({ min: 2, max: 3 }).map((n) => ({ ...iztapalapa, enrolments: Array(n).fill(e) })),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(fixture.groupId, 'client-id').map((id) => ({ ...iztapalapa, id })),
    },
  );
  const applicationBase = {
    groupId: fixture.groupId,
    programme: 'cdmx-coop-spi',
    supportLine: 'spi-equipment',
    asOf: '2018-06-01',
    amount: { amount: '50000.00', currency: 'MXN' },
  };
  const hostileAmount = fc
    .tuple(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(9007199254740991, 1e308, 2 ** 53 + 2, 1e21, 1e16) },
        fc.constantFrom(...HOSTILE_NUMBERS, ...NANISH, '1.001', '-5', '50000'),
        fc.constantFrom(-1, 0, 50000, 1.5),
        hostileJsonValue,
      ),
      fc.constantFrom('MXN', 'MXN', 'MXN', 'USD', 'UYU', '', 'mxn'),
      fc.constantFrom('spi-equipment', 'spi-consulting-training'),
    )
    .map(([amount, currency, supportLine]) =>
      JSON.stringify({ ...applicationBase, supportLine, amount: { amount, currency } }),
    );
  const application = fc
    .record({
      groupId: fc.constantFrom(fixture.groupId, 'missing', ''),
      programme: fc.constantFrom('cdmx-coop-spi', 'cdmx-focofess-spi', 'nope'),
      supportLine: fc.constantFrom('spi-consulting-training', 'spi-equipment', 'nope'),
      asOf: fc.constantFrom('2018-06-01', '2019-06-01', '2018-02-30'),
      amount: fc.option(
        fc.record({
          amount: fc.oneof(
            fc.constantFrom(...HOSTILE_NUMBERS, ...NANISH, '50000.00', '1.001', '-5'),
            fc.constantFrom(9007199254740991, 1e308, -1, 0, 50000, 1.5, 2 ** 53 + 2),
          ),
          currency: fc.constantFrom('MXN', 'USD', 'UYU', ''),
        }),
        { nil: undefined },
      ),
    })
    .map((a) => JSON.stringify(a));
  const jsonBodyFor = (template: string) => {
    const shaped =
      template === '/v1/match'
        ? fc.oneof(
            group.map((g) => JSON.stringify({ group: g, asOf: '2018-06-01' })),
            withHostile({ group: {}, asOf: '2018-06-01', lang: 'en', programmes: ['cdmx-coop-spi'] }),
          )
        : template.startsWith('/v1/groups')
          ? fc.oneof(
              group.map((g) => JSON.stringify(g)),
              withHostile({ name: 'G', members: [] }),
            )
          : template === '/v1/applications'
            ? fc.oneof({ weight: 3, arbitrary: hostileAmount }, application, withHostile(applicationBase))
            : withHostile({ note: 'n' });
    return fc.oneof(
      { weight: 4, arbitrary: shaped },
      { weight: 4, arbitrary: hostileText },
      { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
      { weight: 1, arbitrary: fc.constantFrom(JSON.stringify({ group: { name: OVER_LIMIT } }), LONG) },
    );
  };
  const ndjson = fc
    .array(
      fc.oneof(
        groups.map((g) => JSON.stringify(g)),
        hostileText,
        fc.constantFrom('', ' ', '\r', '\u2028', '\uFEFF{}', '{"members": 3}', LONG, '[]', 'null', '1e308'),
      ),
      { maxLength: 8 },
    )
    .chain((lines) => fc.constantFrom('\n', '\r\n', '\n\n').map((sep) => lines.join(sep)));
  const formBody = fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'csrf',
          'action',
          'asOf',
          'json',
          'key',
          'next',
          'lang',
          'name',
          'members[0].age',
          'members[99999999].age',
          'enrolments[0].programme',
          '__proto__',
          'constructor[prototype][polluted]',
          'action',
        ),
        fc.oneof(
          fc.constantFrom(
            fixture.csrf,
            fixture.keys.admin,
            'match',
            'match-json',
            'add-member',
            'remove-member:0',
            'remove-member:99999999',
            'add-enrolment',
            '//evil.example',
            '/\\evil.example',
            '/%0d%0aSet-Cookie:x=1',
            '/committee\r\nSet-Cookie: x=1',
            '/\t/evil.example',
            '/\n/evil.example',
            '\\/evil.example',
            '/%5Cevil.example',
            'https://evil.example',
            JSON.stringify(iztapalapa),
          ),
          hostileText,
          fc.constantFrom(...HOSTILE_STRINGS),
        ),
      ),
      { maxLength: 6 },
    )
    // Most forms carry the page's token, so they get past the CSRF check to the form's handling.
    .chain((pairs) =>
      fc
        .constantFrom(true, true, true, false)
        .map((token) =>
          new URLSearchParams([
            ...(token ? [['csrf', fixture.csrf] as [string, string]] : []),
            ...pairs,
          ]).toString(),
        ),
    );

  // --------------------------------------------------------------------------------- headers
  const bearer = (role: Role) => `Bearer ${fixture.keys[role]}`;
  const auth = fc.oneof(
    { weight: 10, arbitrary: fc.constant<[string, string][]>([['Authorization', bearer('admin')]]) },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom<Role>('case_worker', 'committee', 'service')
        .map((r): [string, string][] => [['Authorization', bearer(r)]]),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<[string, string][]>(
        [],
        [['Authorization', 'Bearer vk_nope']],
        [['Authorization', `Bearer ${'k'.repeat(20_000)}`]],
        [['Authorization', 'Basic YWRtaW46YWRtaW4=']],
        [['Authorization', 'Bearer']],
        [['Authorization', `bearer  ${fixture.keys.admin}  `]],
        [['Cookie', `${SESSION_COOKIE}=${fixture.keys.admin}`]],
        [['Cookie', `${SESSION_COOKIE}=${fixture.keys.case_worker}`]],
        [['Cookie', `${SESSION_COOKIE}=${fixture.keys.committee}; ${SESSION_COOKIE}=x`]],
      ),
    },
  );
  const contentType = fc.oneof(
    { weight: 8, arbitrary: fc.constant('application/json') },
    fc.constantFrom(
      'application/json; charset=utf-8',
      'application/json;charset=latin1',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'application/problem+json',
      'text/plain',
      'application/x-ndjson',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/x-www-form-urlencoded',
      '',
      'application/json, text/plain',
      '*/*',
      `application/json; ${'p=1; '.repeat(2000)}`,
      'none',
    ),
  );
  const extraHeaders = fc.array(
    fc.constantFrom<[string, string]>(
      ['Idempotency-Key', 'fuzz-1'],
      ['Idempotency-Key', 'fuzz-1'],
      ['Idempotency-Key', ''],
      ['Idempotency-Key', 'k'.repeat(201)],
      ['Idempotency-Key', 'k'.repeat(50_000)],
      ['Idempotency-Key', '\u00ff\u00fe\u007f'],
      ['Content-Length', '0'],
      ['Content-Length', '-1'],
      ['Content-Length', 'abc'],
      ['Content-Length', '99999999999999999999'],
      ['Content-Length', String(JSON_BODY_LIMIT + 1)],
      ['X-Padding', 'p'.repeat(100_000)],
      ['Origin', 'http://localhost'],
      ['Origin', 'http://localhost'],
      ['Origin', 'null'],
      ['Origin', 'https://evil.example'],
      ['Sec-Fetch-Site', 'same-origin'],
      ['X-Forwarded-Proto', 'https'],
      ['Accept', 'application/xml'],
      ['Accept-Language', 'x'.repeat(1000)],
    ),
    { maxLength: 3 },
  );

  // The pages take the sign-in cookie and a form from this origin: most page requests carry both.
  const pageAuth = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constant<[string, string][]>([
        ['Cookie', `${SESSION_COOKIE}=${fixture.keys.admin}`],
        ['Origin', 'http://localhost'],
      ]),
    },
    { weight: 2, arbitrary: fc.constant<[string, string][]>([['Origin', 'http://localhost']]) },
    { weight: 2, arbitrary: auth },
  );
  const signInBody = fc
    .record({
      key: fc.constantFrom(fixture.keys.admin, fixture.keys.committee, 'vk_nope', ''),
      next: fc.constantFrom(
        '/committee',
        '//evil.example',
        '/\\evil.example',
        '/\t/evil.example',
        '/\n/evil.example',
        '/%0d%0aSet-Cookie:x=1',
        '/committee\r\nSet-Cookie: x=1',
        'https://evil.example',
        '/%2F%2Fevil.example',
        '',
      ),
      lang: fc.constantFrom('es', 'en', 'fr'),
    })
    .map((fields) => new URLSearchParams(fields).toString());

  return target.chain(({ method, path, template }) => {
    const hasBody = method !== 'GET' && method !== 'HEAD';
    const isPage = !template.startsWith('/v1/') && (method === 'POST' || template === '/');
    const body: fc.Arbitrary<string | undefined> = !hasBody
      ? fc.constant(undefined)
      : template === '/v1/match/batch'
        ? ndjson
        : template === '/sign-in'
          ? fc.oneof({ weight: 3, arbitrary: signInBody }, formBody)
          : isPage
            ? formBody
            : fc.option(jsonBodyFor(template), { nil: undefined, freq: 8 });
    const type =
      template === '/v1/match/batch'
        ? fc.oneof({ weight: 6, arbitrary: fc.constant('application/x-ndjson') }, contentType)
        : isPage
          ? fc.oneof({ weight: 6, arbitrary: fc.constant('application/x-www-form-urlencoded') }, contentType)
          : contentType;
    return fc
      .record({ auth: template.startsWith('/v1/') ? auth : pageAuth, type, extra: extraHeaders, body })
      .map(({ auth: a, type: ct, extra, body: b }) => {
        const headers: [string, string][] = [...a, ...extra];
        if (b !== undefined && ct !== 'none') headers.push(['Content-Type', ct]);
        return { method, path, headers, ...(b !== undefined ? { body: b } : {}) };
      });
  });
}

/**
 * A short string of any code points up to max (a lone surrogate included). Built from integers:
 * fc.string() is a few times slower to generate, which a 2,000-request run notices.
 */
function codePoints(max: number) {
  return fc
    .array(fc.integer({ min: 0, max }), { maxLength: 20 })
    .map((codes) => String.fromCodePoint(...codes));
}

function encode(text: string) {
  try {
    return encodeURIComponent(text);
  } catch {
    return 'lone-surrogate';
  }
}

/** ", nested N deep" for a body whose nesting the excerpt cannot show. */
function nesting(body: string | undefined) {
  if (!body || body.length <= 300) return '';
  let depth = 0;
  let max = 0;
  for (const char of body) {
    if (char === '[' || char === '{') max = Math.max(max, ++depth);
    else if (char === ']' || char === '}') depth--;
  }
  return max > 20 ? `, nested ${max} deep` : '';
}

const clip = (text: string, n = 300) =>
  text.length > n ? `${text.slice(0, n)}… (${text.length} chars)` : text;
const show = (text: string, n = 300) => JSON.stringify(clip(text, n));

function describeFailure(f: Failure) {
  const headers = f.request.headers.map(([k, v]) => `${k}: ${clip(v, 80)}`).join(' | ');
  return [
    `#${f.index} ${f.request.method} ${show(f.request.path, 200)}`,
    `  headers: ${headers || '(none)'}`,
    `  body: ${f.request.body === undefined ? '(none)' : show(f.request.body)}${nesting(f.request.body)}`,
    `  → ${f.status} ${f.contentType}${f.location ? ` Location: ${show(f.location)}` : ''}: ${show(f.responseBody, 400)}`,
    ...f.reasons.map((r) => `  ✗ ${r}`),
    ...f.logged.slice(0, 1).map((l) => `  logged: ${clip(l, 300)}`),
  ].join('\n');
}

/** Failures grouped by what went wrong and where, a few examples each. */
function report(failures: Failure[], route: (path: string) => string | undefined) {
  const groups = new Map<string, Failure[]>();
  for (const f of failures) {
    const where = route(f.request.path.split('?')[0] as string) ?? f.request.path.slice(0, 40);
    const what = f.reasons[0]?.replace(/[0-9a-f-]{36}/g, '{id}').slice(0, 120);
    const key = `${f.request.method} ${where} → ${f.status}: ${what}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const entries = [...groups.entries()];
  return {
    text: entries
      .map(([key, list]) => `${key}  (${list.length}×)\n${list.slice(0, 3).map(describeFailure).join('\n')}`)
      .join('\n\n'),
    summary: entries
      .map(([key, list]) => `  ${key}  (${list.length}×: #${list.map((f) => f.index).join(', #')})`)
      .join('\n'),
  };
}

describe('fuzz: hostile requests over every route', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let checker: ReturnType<typeof openApiChecker>;
  let arbitrary: fc.Arbitrary<FuzzRequest>;

  beforeAll(async () => {
    const catalogue = loadCatalogue();
    t = await testApp(catalogue);
    const document = (await (await t.request('/openapi.json')).json()) as OpenApiDocument;
    checker = openApiChecker(document);
    const created = await t.request('/v1/groups', {
      method: 'POST',
      role: 'admin',
      body: JSON.stringify(iztapalapa),
    });
    const groupId = ((await created.json()) as { id: string }).id;
    const deletable = await t.request('/v1/groups', {
      method: 'POST',
      role: 'admin',
      body: '{"name": "Delete me"}',
    });
    const deletableGroupId = ((await deletable.json()) as { id: string }).id;
    const applied = await t.request('/v1/applications', {
      method: 'POST',
      role: 'admin',
      body: JSON.stringify({
        groupId,
        programme: 'cdmx-coop-spi',
        supportLine: 'spi-consulting-training',
        asOf: '2018-06-01',
      }),
    });
    const applicationId = ((await applied.json()) as { id: string }).id;
    expect(groupId && applicationId).toBeTruthy();
    // The API's writes most, its reads next, the pages and files least.
    const templates = checker.operations().flatMap((o) => {
      const weight = !o.path.startsWith('/v1/') ? 1 : o.method === 'GET' ? 2 : 4;
      return Array.from({ length: weight }, () => ({ method: o.method, path: o.path }));
    });
    arbitrary = fuzzRequests({
      catalogue,
      groupId,
      deletableGroupId,
      applicationId,
      keys: t.keys,
      csrf: await csrfToken(t.keys.admin),
      templates,
    });
  }, 60_000);

  it(`${RUNS} requests: no 5xx, problem+json errors, answers as documented`, async () => {
    console.log(`fuzz: seed ${SEED} (FUZZ_SEED=${SEED} to replay, FUZZ_RUNS=${RUNS}), ${RUNS} requests`);
    const generating = performance.now();
    const requests = fc.sample(arbitrary, { seed: SEED, numRuns: RUNS });
    const generated = (performance.now() - generating) / 1000;
    const failures: Failure[] = [];
    const statuses = new Map<number, number>();
    const byRoute = new Map<string, number>();
    const slow: { ms: number; index: number; request: FuzzRequest }[] = [];
    let unsendable = 0;
    let sent = 0;
    const started = performance.now();
    for (const [index, request] of requests.entries()) {
      if (ONLY && !ONLY.includes(index)) continue;
      let built: Request;
      try {
        built = new Request(`http://localhost${request.path}`, {
          method: request.method,
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
        });
      } catch {
        // Not a request a client could send (a header value fetch refuses, a body on GET).
        unsendable++;
        continue;
      }
      sent++;
      const before = performance.now();
      const logged: string[] = [];
      const log = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
      });
      let response: Response;
      let checked: CheckedResponse;
      try {
        response = await t.app.request(built);
        // A streamed body is read here, so what the server logs while streaming it is caught too.
        checked = await checker.check(request.method, request.path, response);
      } catch (error) {
        failures.push({
          index,
          request,
          status: 0,
          contentType: '',
          responseBody: String((error as Error).stack ?? error),
          logged,
          reasons: ['the app threw instead of answering'],
        });
        continue;
      } finally {
        log.mockRestore();
      }
      const ms = performance.now() - before;
      if (ms > 1000) slow.push({ ms, index, request });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const where = `${request.method} ${checker.route(request.path.split('?')[0] as string)?.template ?? '(no route)'} ${response.status}`;
      byRoute.set(where, (byRoute.get(where) ?? 0) + 1);
      const location = response.headers.get('Location');
      const reasons = judge(request, checked, location);
      if (reasons.length)
        failures.push({
          index,
          request,
          status: checked.status,
          contentType: checked.contentType,
          responseBody: checked.body,
          logged,
          location,
          reasons,
        });
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `fuzz: generated in ${generated.toFixed(1)} s; ${sent} sent (${unsendable} not sendable) in ${seconds.toFixed(1)} s; statuses ${[
        ...statuses.entries(),
      ]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}; ${failures.length} failing`,
    );
    if (VERBOSE)
      console.log(
        `fuzz: answers by route\n${[...byRoute.entries()]
          .sort()
          .map(([k, n]) => `  ${k} ×${n}`)
          .join('\n')}`,
      );
    if (slow.length)
      console.log(
        `fuzz: slowest requests:\n${slow
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 5)
          .map((s) => `  #${s.index} ${Math.round(s.ms)} ms ${s.request.method} ${clip(s.request.path, 120)}`)
          .join('\n')}`,
      );
    // No request may change what every object inherits.
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (failures.length) {
      const { text, summary } = report(failures, (p) => checker.route(p)?.template);
      console.log(`fuzz failures (seed ${SEED}), a few requests of each kind:\n\n${text}`);
      expect.fail(
        `${failures.length} of ${requests.length} fuzz requests failed (seed ${SEED}; the requests are printed above):\n${summary}`,
      );
    }
  }, 300_000);

  /** Answers that conform and are still wrong. */
  function semantics(request: FuzzRequest, r: CheckedResponse): string[] {
    const reasons: string[] = [];
    const sent = (() => {
      try {
        return JSON.parse(request.body ?? '') as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })();
    const answered = (() => {
      try {
        return JSON.parse(r.body) as Record<string, unknown>;
      } catch {
        return undefined;
      }
    })();
    // The server names stored groups; a client's "id" never picks or changes one.
    if (r.route === '/v1/groups/{id}' && request.method === 'PUT' && r.status === 200) {
      const id = decodeURIComponent(request.path.split('?')[0]?.split('/')[3] ?? '');
      if (answered?.id !== id) reasons.push(`PUT ${id} answered group '${String(answered?.id)}'`);
    }
    if (r.route === '/v1/groups' && request.method === 'POST' && r.status === 201 && sent?.id !== undefined) {
      if (answered?.id === sent.id)
        reasons.push(`POST /v1/groups stored the group under the client's id '${String(sent.id)}'`);
    }
    // A batch that answers 200 has a line per input line, none a server error, then the cohort results.
    if (r.route === '/v1/match/batch' && request.method === 'POST' && r.status === 200) {
      const lines = r.body.trimEnd().split('\n');
      const last = lines.at(-1) ?? '';
      if (!last.startsWith('{"cohorts"'))
        reasons.push(`the NDJSON answer stops before the cohort results (last line: ${clip(last, 120)})`);
      for (const line of lines) {
        if (!line.startsWith('{"line":') || !line.includes('"problem":')) continue;
        try {
          const { line: n, problem } = JSON.parse(line) as { line: number; problem: { status: number } };
          if (problem.status >= 500) reasons.push(`batch line ${n} answered ${problem.status}`);
        } catch {
          // Not JSON: the OpenAPI check says so.
        }
      }
    }
    return reasons;
  }

  /** What is wrong with an answer; empty when nothing is. */
  function judge(request: FuzzRequest, r: CheckedResponse, location: string | null): string[] {
    const reasons: string[] = [];
    if (r.status >= 500) reasons.push(`server error ${r.status}`);
    // HEAD answers a GET's status and headers without the body.
    const head = request.method === 'HEAD';
    // The pages answer their errors as HTML, and /web/committee.js as text, as documented (checked
    // below); everything else as problem+json.
    const page = r.operation && !r.route?.startsWith('/v1/') && !r.contentType.includes('problem+json');
    if (r.status >= 400 && !page && !head) {
      if (!r.contentType.startsWith('application/problem+json'))
        reasons.push(`error answered ${r.contentType || 'without Content-Type'}, not problem+json`);
      else {
        try {
          const body = JSON.parse(r.body) as Record<string, unknown>;
          for (const field of ['type', 'title', 'detail'])
            if (typeof body[field] !== 'string') reasons.push(`problem without a string '${field}'`);
          if (body.status !== r.status) reasons.push(`problem status ${String(body.status)} ≠ ${r.status}`);
        } catch {
          reasons.push('problem+json body is not JSON');
        }
      }
    }
    if (r.status >= 300 && r.status < 400) {
      // Browsers drop tabs and newlines from a URL before they read it.
      const seen = location?.replace(/[\t\n\r]/g, '');
      if (!location || !seen) reasons.push('redirect without Location');
      else if (!seen.startsWith('/') || seen.startsWith('//') || seen.startsWith('/\\'))
        reasons.push(`redirect off this site: ${JSON.stringify(clip(location, 100))}`);
      else if (/[\r\n]/.test(location)) reasons.push('redirect Location with CR/LF');
    }
    reasons.push(...semantics(request, r));
    // A documented route and method owes an answer as documented.
    if (r.operation && !head) reasons.push(...r.problems.map((p) => `OpenAPI: ${p}`));
    return reasons;
  }
});
