import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Servers that tests start as separate processes, on 127.0.0.1 only. */

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts a command in its own process group, so stop() ends it and everything it started. */
export function startProcess(command: string, args: string[], options: SpawnOptions = {}): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Ends the process group: SIGTERM, then SIGKILL if it has not gone within 5 s. */
export async function stopProcess(started: Started | undefined) {
  const pid = started?.child.pid;
  if (!started || pid === undefined || started.child.exitCode !== null || started.child.signalCode !== null)
    return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // the group has already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await started.exited;
  clearTimeout(timer);
  signal('SIGKILL');
}

/** Waits until url answers `ready(response)`, failing early if the process exits. */
export async function waitUntilServing(
  started: Started,
  url: string,
  ready: (response: Response) => boolean = (r) => r.ok,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null)
      throw new Error(`it exited (${started.child.exitCode}):\n${started.output()}`);
    try {
      if (ready(await fetch(url))) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer in ${timeoutMs} ms:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
