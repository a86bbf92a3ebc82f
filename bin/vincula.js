#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx vincula` works right after `npm install`.
import { register } from 'tsx/esm/api';

// A reader that stops early (`vincula graph | head`) closes the pipe: the command then ends quietly
// with status 0, as other Unix tools do, instead of a stack trace for the unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
