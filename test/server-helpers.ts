import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, type Started, startProcess } from './processes';

/**
 * The server as a user starts it: `node bin/vincula.js serve` (what `npm start` runs) in its own
 * process, on a free port, with its data in a temporary folder.
 */
export const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '..');

export { freePort, type Started };

/** Servers started by a test file; kill them after each test (or the file). */
export const running: ChildProcess[] = [];
export function killRunning() {
  for (const child of running.splice(0)) child.kill('SIGKILL');
}

export function start(env: NodeJS.ProcessEnv): Started {
  const started = startProcess(process.execPath, ['bin/vincula.js', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  running.push(started.child);
  return started;
}

export async function listening(server: Started) {
  const deadline = Date.now() + 30_000;
  while (!server.output().includes('listening on')) {
    if (server.child.exitCode !== null) throw new Error(`the server exited: ${server.output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not start: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function stop(server: Started) {
  server.child.kill('SIGTERM');
  return server.exited;
}

export function environment() {
  return { VINCULA_DATA_DIR: mkdtempSync(join(tmpdir(), 'vincula-server-')), NODE_ENV: 'development' };
}

export async function createKey(env: NodeJS.ProcessEnv, role: string) {
  const { stdout } = await run(
    process.execPath,
    ['bin/vincula.js', 'keys', 'create', '--role', role, '--quiet'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
    },
  );
  return stdout.trim();
}
