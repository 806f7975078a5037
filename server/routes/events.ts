// GET /api/events: the live feed as server-sent events. New cases, case transitions
// and edits (and, later, whistles) as they commit, filtered to what the reader may
// see: the whole city for command, officer, admin and planner; a grid chief only
// their grids. A browser's EventSource cannot send headers, so the token may come as
// ?access_token=; it is checked once when the stream opens, and the stream ends with
// an `expired` event when the token runs out (sign in again and reconnect with
// ?last_event_id= to get what was missed). The stream holds no transaction and no
// database connection while it runs.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { CITY_WIDE_ROLES } from '../auth/principal.ts';
import { AppError, unavailable } from '../errors.ts';
import { openEventStream, SSE_TYPE } from '../feed/sse.ts';
import type { RouteSpec } from '../http/route.ts';

const READERS = [...CITY_WIDE_ROLES, 'grid_chief'] as const;
const EVENT_ID = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z._:-]+$' });

export function eventRoutes({ config, feed, principals }: AppDeps): RouteSpec[] {
  let open = 0;
  return [
    {
      kind: 'raw',
      method: 'get',
      path: '/api/events',
      summary: 'Live feed (server-sent events) of new cases, case transitions and edits in the reader\'s scope; token as Bearer header or ?access_token=',
      tags: ['events'],
      roles: READERS,
      tokenInQuery: true,
      query: Type.Object(
        { last_event_id: Type.Optional({ ...EVENT_ID, description: 'resume after this event id (as the Last-Event-ID header, for a new EventSource)' }) },
        { additionalProperties: false },
      ),
      headers: [{ name: 'Last-Event-ID', description: 'resume after this event id: the events since are sent first (EventSource sends it when it reconnects)' }],
      responses: {
        200: {
          description: 'An endless text/event-stream: `retry:`; events `case.created`, `case.updated`, `case.transition`, `cases.imported` (a bulk import past the per-row cap), `whistle.*`, each with an `id:` and JSON data (id, code, type_code, status, from_status, channel, grid_id, subgrid_id, street_id, lon, lat, at); `reset` when events may have been missed (reload); `expired` before the stream ends when the token runs out; a `: ping` comment every FEED_HEARTBEAT_S seconds',
          contentType: SSE_TYPE,
        },
        401: { description: 'No token, or a bad or expired one' },
        403: { description: 'The public role reads no feed' },
        503: { description: 'Too many streams on this server, or the database cannot be listened to' },
      },
      async handler({ ctx, query, principal, tokenExpiresAt }) {
        const header = ctx.get('last-event-id') || undefined;
        const lastEventId = header ?? (query as { last_event_id?: string }).last_event_id;
        if (header !== undefined && (header.length > 64 || !/^[0-9A-Za-z._:-]+$/.test(header))) {
          throw new AppError(400, 'invalid_header', 'Last-Event-ID is not an event id of this feed');
        }
        if (open >= config.feedMaxClients) {
          ctx.set('Retry-After', '10');
          throw unavailable(`this server already serves ${config.feedMaxClients} live feed streams; try again shortly`);
        }
        if (!(await feed.ready())) {
          ctx.set('Retry-After', '5');
          throw unavailable('the live feed cannot listen to the database at the moment; try again shortly');
        }
        open++;
        openEventStream(ctx, {
          feed,
          principal,
          refresh: () => principals.get(principal.userId!),
          lastEventId,
          tokenExpiresAt,
          heartbeatMs: config.feedHeartbeatMs,
          onClose: () => {
            open--;
          },
        });
      },
    },
  ];
}
