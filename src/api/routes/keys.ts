import { z } from '@hono/zod-openapi';
import { KEY_CACHE_MS, listApiKeys, revokeApiKey } from '../../db/repositories';
import { ROLES, type Role } from '../../db/schema';
import { router, type Services, secured } from '../kit';
import { ApiError, problemContent } from '../problem';

/**
 * The API keys, for an admin: list them (never a secret or its hash) and revoke one. The revoking
 * server forgets the key at once; the others (more Node processes, Workers isolates) within their
 * key cache time, KEY_CACHE_MS.
 */

const KEYS: readonly Role[] = ['admin'];
const CACHE_SECONDS = KEY_CACHE_MS / 1000;

export const ApiKeySchema = z
  .object({
    id: z.string().openapi({ example: 'reRYtn8RsgNn', description: 'The id in the key `vk_<id>_<secret>`' }),
    role: z.enum(ROLES),
    label: z.string().nullable(),
    createdAt: z.string().openapi({ example: '2026-04-20T09:15:02.118Z', description: 'UTC' }),
    revokedAt: z
      .string()
      .nullable()
      .openapi({ example: null, description: 'When it was revoked (UTC); null while the key works' }),
  })
  .openapi('ApiKey');

const KeyIdParamSchema = z.object({
  id: z
    .string()
    .min(1)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'reRYtn8RsgNn' }),
});

export function keyRoutes(s: Services) {
  const { db, verifyKey } = s;
  const app = router();

  app.openapi(
    secured(KEYS, {
      method: 'get',
      path: '/v1/keys',
      tags: ['keys'],
      summary: 'List the API keys',
      description:
        'Every key, oldest first, revoked ones included: its id, role, label and when it was created and revoked. Never the key, nor the hash of its secret. The CLI says the same: `vincula keys list`.',
      responses: {
        200: {
          description: 'The keys',
          content: {
            'application/json': { schema: z.object({ keys: z.array(ApiKeySchema) }).openapi('ApiKeyList') },
          },
        },
      },
    }),
    async (c) => c.json({ keys: await listApiKeys(db) }, 200),
  );

  app.openapi(
    secured(KEYS, {
      method: 'post',
      path: '/v1/keys/{id}/revoke',
      tags: ['keys'],
      summary: 'Revoke an API key',
      description: `The key stops working at once on the server that answers; a server that verified it in the last ${CACHE_SECONDS} s (another process, another Workers isolate) may accept it until its key cache forgets it, ${CACHE_SECONDS} s at most. Its row stays (listed with revokedAt) and the audit log records who revoked it. Revoking a revoked key changes nothing and answers the same. The CLI does the same: \`vincula keys revoke <id>\`.`,
      request: { params: KeyIdParamSchema },
      responses: {
        200: { description: 'The key, revoked', content: { 'application/json': { schema: ApiKeySchema } } },
        404: { description: 'No key has this id', content: problemContent },
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const result = await revokeApiKey(db, id, c.get('actor').keyId);
      if (!result) throw new ApiError('not_found', `no API key '${id}'`);
      await verifyKey.forget(id);
      return c.json(result.key, 200);
    },
  );

  return app;
}
