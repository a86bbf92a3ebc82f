// The baseline of bench/http.ts: a bare Hono handler on the same Node server stack (@hono/node-server,
// under tsx like `npm start`) that answers POST /v1/match with a precomputed body of the same bytes.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const body = readFileSync(process.env.BARE_BODY_FILE as string, 'utf8');
const app = new Hono();
app.post('/v1/match', async (c) => {
  await c.req.text(); // read the request, as the real route does
  return c.body(body, 200, { 'Content-Type': 'application/json' });
});
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, (info) => {
  console.log(`bare handler listening on ${info.port}`);
});
