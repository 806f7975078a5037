// Administration of Open311 clients (admins only): list them, make one (the answer
// holds its API key, shown this once), rename it or change its channel, revoke its key.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { createClient, getClient, listClients, revokeClient, updateClient } from '../open311/clients.ts';

const BASE = '/api/open311/clients';
const ADMIN = ['admin'] as const;
const strict = { additionalProperties: false } as const;
const Name = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'who the client is, e.g. "WeChat mini program"' });
const Channel = Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, description: 'the intake channel of the cases it files (default hotline_12345)' });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, strict);

export function open311ClientRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: BASE,
      summary: 'Open311 clients: name, key hint, channel, made and revoked when and by whom, requests filed',
      tags: ['open311'],
      roles: ADMIN,
      async handler({ ctx, tx }) {
        ctx.body = { clients: await listClients(tx) };
      },
    },
    {
      method: 'get',
      path: `${BASE}/:id`,
      summary: 'One Open311 client',
      tags: ['open311'],
      roles: ADMIN,
      params: IdParams,
      async handler({ ctx, tx, params }) {
        ctx.body = await getClient(tx, (params as { id: number }).id);
      },
    },
    {
      method: 'post',
      path: BASE,
      summary: 'Make an Open311 client; the answer holds its api_key, which is never shown again',
      tags: ['open311'],
      roles: ADMIN,
      body: Type.Object({ name: Name, channel: Type.Optional(Channel) }, strict),
      responses: { 201: { description: 'The client with its api_key' }, 409: { description: 'A client of that name exists' }, 422: { description: 'Unknown channel' } },
      async handler({ ctx, tx, body }) {
        const client = await createClient(tx, body as { name: string; channel?: string });
        ctx.status = 201;
        ctx.set('Location', `${BASE}/${client.id}`);
        ctx.set('Cache-Control', 'no-store');
        ctx.body = client;
      },
    },
    {
      method: 'patch',
      path: `${BASE}/:id`,
      summary: 'Rename an Open311 client or change the channel of the cases it files from now on',
      tags: ['open311'],
      roles: ADMIN,
      params: IdParams,
      body: Type.Object({ name: Type.Optional(Name), channel: Type.Optional(Channel) }, strict),
      async handler({ ctx, tx, params, body }) {
        ctx.body = await updateClient(tx, (params as { id: number }).id, body as { name?: string; channel?: string });
      },
    },
    {
      method: 'post',
      path: `${BASE}/:id/revoke`,
      summary: 'Revoke an Open311 client\'s key: its requests are refused from now on (403); its cases stay',
      tags: ['open311'],
      roles: ADMIN,
      params: IdParams,
      async handler({ ctx, tx, params }) {
        ctx.body = await revokeClient(tx, (params as { id: number }).id);
      },
    },
  ];
}
