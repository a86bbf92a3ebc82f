// The baseline of bench/http.ts: a bare Hono handler on the same Node server stack (@hono/node-server,
// under tsx like `npm start`) that answers POST /v1/match with a precomputed body of the same bytes.
// BARE_WORKERS > 1 runs that many processes behind one port (node:cluster), as `serve --workers N` does.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const workers = Number(process.env.BARE_WORKERS ?? 1);
if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++)
    cluster.fork().on('message', (port: number) => {
      ready += 1;
      if (ready === workers) console.log(`bare handler listening on ${port} (${workers} processes)`);
    });
  const stop = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
} else {
  const body = readFileSync(process.env.BARE_BODY_FILE as string, 'utf8');
  const app = new Hono();
  app.post('/v1/match', async (c) => {
    await c.req.text(); // read the request, as the real route does
    return c.body(body, 200, { 'Content-Type': 'application/json' });
  });
  serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => {
    if (cluster.isWorker) process.send?.(info.port);
    else console.log(`bare handler listening on ${info.port}`);
  });
}
