// Channel adapters over HTTP: a channel's batch of source records (CSV for the batch
// channels, a JSON array of GeoReport v2 requests for the hotlines), parsed by the
// adapter the channel is configured with (server/intake/channels.ts) and filed as
// cases; a record sent again lands once.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { ADAPTERS, CHANNEL_SETTINGS, channelSetting } from '../intake/channels.ts';
import { fileParsed } from '../intake/run.ts';

const BASE = '/api/intake';
const ROLES = ['admin', 'officer'] as const;

async function readText(req: NodeJS.ReadableStream, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > limit) throw new AppError(413, 'payload_too_large', `the body is larger than ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function intakeRoutes(deps: AppDeps): RouteSpec[] {
  const { config, changes } = deps;
  return [
    {
      method: 'get',
      path: `${BASE}/channels`,
      summary: 'The channels with an adapter: channel code, adapter (open311, csv), field mapping and type labels',
      tags: ['intake'],
      roles: ['admin', 'officer', 'command', 'planner'],
      async handler({ ctx }) {
        ctx.body = { channels: CHANNEL_SETTINGS.map((s) => ({ ...s, media_types: ADAPTERS[s.adapter].mediaTypes })) };
      },
    },
    {
      kind: 'raw',
      method: 'post',
      path: `${BASE}/:channel`,
      summary: 'File a batch of a channel\'s source records through its adapter (text/csv or a JSON array of GeoReport v2 requests): all or nothing, 422 listing every problem; a record whose external id was filed before answers its case (replay)',
      tags: ['intake'],
      roles: ROLES,
      params: Type.Object({ channel: Type.String({ pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 }) }, { additionalProperties: false }),
      bodyTypes: ['text/csv', 'application/json'],
      responses: { 201: { description: '{channel, adapter, received, created, replayed, cases: [{record, external_id, case_id, code, replay}]}' }, 422: { description: 'Problems, each with record, line, field, reason' } },
      async handler({ ctx, params, principal, scoped }) {
        const channel = (params as { channel: string }).channel;
        const setting = channelSetting(channel);
        if (!setting) throw notFound(`channel ${channel} has no adapter; configured: ${CHANNEL_SETTINGS.map((s) => s.channel).join(', ')}`);
        const adapter = ADAPTERS[setting.adapter];
        if (!ctx.is([...adapter.mediaTypes])) {
          throw new AppError(415, 'unsupported_media_type', `channel ${channel} takes ${adapter.mediaTypes.join(' or ')} (the ${adapter.name} adapter), not ${ctx.get('content-type') || 'no content type'}`);
        }
        const parsed = adapter.parse(await readText(ctx.req, config.importLimitBytes), setting);
        const cases = await scoped(async (tx, publish) => {
          const filed = await fileParsed(tx, principal, setting, parsed, config);
          for (const f of filed) if (!f.replay) publish({ type: 'case.created', case_id: f.case_id });
          return filed;
        });
        const created = cases.filter((c) => !c.replay).length;
        if (created) changes.notify('cases', 'case_events', 'intake_records');
        ctx.status = created ? 201 : 200;
        ctx.body = { channel, adapter: adapter.name, received: cases.length, created, replayed: cases.length - created, cases };
      },
    },
  ];
}
