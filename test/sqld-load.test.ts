import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeGroup } from './api-scenarios';
import { type Sqld, startSqld } from './sqld-helpers';

/**
 * Two Node servers on one sqld under concurrent writes. sqld 0.24 queues writers on its own
 * connections; with many queued, it refused some with SQLITE_BUSY (500s) and could lose track of its
 * queue during a WAL checkpoint, after which every write hung and sqld took none until restarted.
 * Each request here has a bounded time, so a hang fails the test instead of stalling it.
 */

const FLOWS = 40;
const ROUNDS = 5;
const REQUEST_MS = 60_000;

let sqld: Sqld | undefined;
let bases: string[] = [];
let key = '';

beforeAll(async () => {
  sqld = await startSqld();
  key = await sqld.createKey('case_worker');
  bases = (await Promise.all([sqld.startServer(), sqld.startServer()])).map((s) => s.base);
}, 120_000);

afterAll(async () => {
  await sqld?.stop();
});

interface Outcome {
  path: string;
  status: number | 'timeout' | 'error';
  detail?: string;
}

async function post(base: string, path: string, body?: unknown): Promise<Outcome & { json?: unknown }> {
  try {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_MS),
    });
    const json = (await response.json()) as { detail?: string };
    return { path, status: response.status, json, ...(json.detail ? { detail: json.detail } : {}) };
  } catch (error) {
    const name = (error as Error).name;
    return { path, status: name === 'TimeoutError' ? 'timeout' : 'error', detail: String(error) };
  }
}

describe('two Node servers on one sqld', () => {
  it(`${FLOWS} concurrent store → apply → submit flows (${ROUNDS} rounds): no 5xx, no hang, and sqld takes writes afterwards`, async () => {
    const outcomes: Outcome[] = [];
    const group = largeGroup(60, 30);
    const flow = async (worker: number, round: number) => {
      // Each step on either server, as a load balancer would send them.
      const on = (step: number) => bases[(worker + round + step) % bases.length] as string;
      const stored = await post(on(0), '/v1/groups', { ...group, name: `Carga ${worker}.${round}` });
      outcomes.push(stored);
      if (stored.status !== 201) return;
      const applied = await post(on(1), '/v1/applications', {
        groupId: (stored.json as { id: string }).id,
        programme: 'cdmx-coop-spi',
        supportLine: 'spi-consulting-training',
        asOf: '2018-06-01',
      });
      outcomes.push(applied);
      if (applied.status !== 201) return;
      outcomes.push(await post(on(2), `/v1/applications/${(applied.json as { id: string }).id}/submit`));
    };
    await Promise.all(
      Array.from({ length: FLOWS }, async (_, worker) => {
        for (let round = 0; round < ROUNDS; round++) await flow(worker, round);
      }),
    );
    const failed = outcomes.filter((o) => typeof o.status !== 'number' || o.status >= 500);
    expect(failed.map(({ path, status, detail }) => `${path}: ${status} ${detail ?? ''}`)).toEqual([]);
    expect(outcomes.filter((o) => o.status === 201)).toHaveLength(FLOWS * ROUNDS * 2);
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(FLOWS * ROUNDS);

    // Both servers, and sqld itself, still take writes.
    for (const base of bases) expect((await post(base, '/v1/groups', { name: 'Después' })).status).toBe(201);
    const direct = await fetch(`${sqld?.url}/v2/pipeline`, {
      method: 'POST',
      body: JSON.stringify({
        requests: [
          {
            type: 'execute',
            stmt: { sql: "insert into audit_log (actor, action, entity) values ('test', 'probe', 'sqld')" },
          },
          { type: 'close' },
        ],
      }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(await direct.json()).toMatchObject({ results: [{ type: 'ok' }, { type: 'ok' }] });
  }, 300_000);
});
