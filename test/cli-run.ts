import { main } from '../src/cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs `vincula …args` in this process, as the command line would, capturing both streams. */
export async function runCli(args: string[], stdin = ''): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'vincula', ...args], {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    stdin: () => stdin,
  });
  return { code, out, err };
}
