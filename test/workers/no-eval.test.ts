import { applyD1Migrations, createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { JSONPath } from 'jsonpath-plus';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import iztapalapa from '../../examples/colectivo-iztapalapa.json';
import * as schema from '../../src/db/schema';
import worker from '../../src/worker';
import { keysPerRole, requester } from '../request';

/**
 * Deployed Workers refuse code generated from strings (new Function, eval). The test runner itself
 * needs eval, so here both are wrapped to record any call while the Worker serves.
 */

const generated: string[] = [];
// biome-ignore lint/security/noGlobalEval: kept only to restore it after wrapping it to record calls
const original = { Function: globalThis.Function, eval: globalThis.eval };
function watchCodeGeneration() {
  globalThis.Function = new Proxy(original.Function, {
    construct(target, args) {
      generated.push(`new Function(${args.map(String).join(', ')})`);
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      generated.push(`Function(${args.map(String).join(', ')})`);
      return Reflect.apply(target, self, args);
    },
  });
  globalThis.eval = (code: string) => {
    generated.push(`eval(${code})`);
    return original.eval(code);
  };
}
afterEach(() => {
  Object.assign(globalThis, original);
});

let send: ReturnType<typeof requester>;
beforeAll(async () => {
  await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
  const keys = await keysPerRole(drizzle(env.DB, { schema }));
  send = requester(
    (path, init) =>
      worker.fetch(new Request(`http://vincula.test${path}`, init), env, createExecutionContext()),
    keys,
  );
});

it('the watch sees code generated from strings', () => {
  watchCodeGeneration();
  expect(new Function('return 1')()).toBe(1);
  expect(generated).toEqual(['new Function(return 1)']);
  generated.length = 0;
});

it('loads the rule files, validates and matches a group without generating code (zod jitless, no JIT in the rules engine)', async () => {
  expect(z.config().jitless).toBe(true);
  watchCodeGeneration();
  const response = await send('/v1/match', {
    method: 'POST',
    role: 'service',
    body: JSON.stringify({ group: iztapalapa, asOf: '2018-06-01', lang: 'en' }),
  });
  const stored = await send('/v1/groups', {
    method: 'POST',
    role: 'case_worker',
    body: JSON.stringify(iztapalapa),
  });
  expect(response.status).toBe(200);
  expect(stored.status).toBe(201);
  expect(generated).toEqual([]);
});

it("a rule file's `path` (JSONPath, json-rules-engine's default resolver) filters without generating code", () => {
  watchCodeGeneration();
  const ids = JSONPath({ path: '$.members[?(@.sex === "female")].id', json: iztapalapa, wrap: false });
  expect(ids).toEqual(['M1', 'M2', 'M4']);
  expect(generated).toEqual([]);
});
