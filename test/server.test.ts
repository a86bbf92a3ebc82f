import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKey,
  environment,
  freePort,
  killRunning,
  listening,
  ROOT,
  run,
  start,
  stop,
} from './server-helpers';

afterEach(killRunning);

describe('the server (npm start)', () => {
  it('starts with programmes loaded and the database migrated, and says how to get a key', async () => {
    const env = { ...environment(), PORT: String(await freePort()) };
    const server = start(env);
    await listening(server);
    expect(server.output()).toMatch(
      /Vincula API listening on http:\/\/127\.0\.0\.1:\d+ — \d+ programme versions loaded/,
    );
    expect(server.output()).toContain('npx vincula keys create --role admin');
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(await stop(server)).toBe(0);
  }, 60_000);

  it("runs the README's API walkthrough verbatim with curl, and keeps what it wrote across a restart", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## API walkthrough'));
    const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain('curl');

    const env = { ...environment(), PORT: String(await freePort()) };
    const first = start(env);
    await listening(first);
    const walk = await run('bash', ['-euo', 'pipefail', '-c', block as string], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    expect(walk.stdout).toContain('"status":"eligible"');
    expect(walk.stdout).toContain('"state":"approved"');
    expect(walk.stdout).toContain('"committed":{"amount":"50000.00","currency":"MXN"}');
    expect(await stop(first)).toBe(0);

    // A second start on the same data: the approval, the group and the key are still there.
    const second = start(env);
    await listening(second);
    expect(second.output()).not.toContain('No API key yet');
    const key = await createKey(env, 'committee');
    const budget = (await (
      await fetch(`http://127.0.0.1:${env.PORT}/v1/budget/cdmx-coop-spi?fiscalYear=2018`, {
        headers: { Authorization: `Bearer ${key}` },
      })
    ).json()) as { lines: { id: string; committed: { amount: string }; commitments: number }[] };
    expect(budget.lines.find((l) => l.id === 'spi-consulting-training')).toMatchObject({
      committed: { amount: '50000.00' },
      commitments: 1,
    });
    expect(await stop(second)).toBe(0);
  }, 120_000);

  it('refuses to start in production without the secret that keys personal-identifier hashes', async () => {
    const env = { ...environment(), PORT: String(await freePort()), NODE_ENV: 'production' };
    const server = start({ ...env, VINCULA_ID_SECRET: '' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('VINCULA_ID_SECRET is not set');
    expect(server.output()).not.toContain('listening');

    const short = start({ ...env, VINCULA_ID_SECRET: 'too-short' });
    expect(await short.exited).toBe(1);
    expect(short.output()).toContain('at least 32 characters');

    const ok = start({ ...env, VINCULA_ID_SECRET: 'a-production-secret-of-enough-length-0123' });
    await listening(ok);
    expect(await stop(ok)).toBe(0);
  }, 60_000);

  it('says which port is taken instead of crashing', async () => {
    const env = { ...environment(), PORT: String(await freePort()) };
    const first = start(env);
    await listening(first);
    const second = start({ ...env, VINCULA_DATA_DIR: environment().VINCULA_DATA_DIR });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`port ${env.PORT} on 127.0.0.1 is in use`);
    await stop(first);
  }, 60_000);
});
