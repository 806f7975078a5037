// Machine detections: devices send them (an API key of a device channel, or an
// admin's or officer's token), operators verify the candidates they merge into, and
// each detector's precision is reported over time.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { unauthorized } from '../auth/principal.ts';
import {
  confirmCandidate, DetectionBody, detectionOptions, getCandidate, ingestDetection, readPrecision, readQueue, rejectCandidate,
  type Bucket, type DetectionInput, type Ingested, type QueueQuery,
} from '../detections/intake.ts';
import { AppError } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { kpiPeriods } from '../kpis/period.ts';
import { asClient, clientOfKey } from '../open311/clients.ts';

const BASE = '/api/detections';
const TAGS = ['detections'];
const strict = { additionalProperties: false } as const;
const SENDERS = ['admin', 'officer'] as const;
const OPERATORS = ['admin', 'officer'] as const;
const READERS = ['admin', 'officer', 'command', 'planner'] as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) }, strict);
/** Header carrying a device's API key (an Open311 client key whose channel is a device channel). */
export const API_KEY_HEADER = 'x-api-key';

export function detectionRoutes(deps: AppDeps): RouteSpec[] {
  const { db, config, changes } = deps;
  const options = detectionOptions(config);
  return [
    {
      kind: 'raw',
      method: 'post',
      path: BASE,
      summary: 'Receive a machine detection (API key of a device channel in X-Api-Key, or an admin\'s or officer\'s token): merged into a candidate of the same type within the radius and window; 201 new, 200 a re-sent detection (same source_id and external_id)',
      tags: TAGS,
      roles: 'anyone',
      headers: [{ name: 'X-Api-Key', description: 'a device\'s API key (made as an Open311 client on channel ai_camera, vehicle_camera or iot_sensor)' }],
      body: DetectionBody,
      responses: {
        201: { description: '{detection_id, replay: false, merged, candidate}' },
        200: { description: 'The detection had been received before: the same answer, nothing written' },
        401: { description: 'Neither an API key nor a token' },
        403: { description: 'Unknown or revoked key, a key of a non-device channel, or a role that may not send' },
        422: { description: 'Unknown or non-leaf type, a time in the future or older than 7 days' },
      },
      async handler({ ctx, body, principal, scoped }) {
        const d = body as DetectionInput;
        const key = ctx.get(API_KEY_HEADER);
        let result: Ingested;
        if (key) {
          const client = await clientOfKey(db, config.demo, key);
          const kind = await db.query<{ kind: string }>('select kind from channels where code = $1', [client.channel]);
          if (kind.rows[0]?.kind !== 'device') {
            throw new AppError(403, 'invalid_api_key', `the key of "${client.name}" files on channel ${client.channel}, not a device channel; a detector needs a key made on ai_camera, vehicle_camera or iot_sensor`);
          }
          result = await asClient(deps, client, (tx, p) => ingestDetection(tx, p, d, options));
        } else {
          if (principal.userId === null) throw unauthorized('send a device API key in X-Api-Key, or sign in as an admin or officer');
          if (!(SENDERS as readonly string[]).includes(principal.role)) {
            throw new AppError(403, 'forbidden', `the ${principal.role} role may not send detections`, { role: principal.role, allowed: SENDERS });
          }
          result = await scoped((tx) => ingestDetection(tx, principal, d, options));
        }
        if (!result.replay) changes.notify('detections', 'detection_candidates');
        ctx.status = result.replay ? 200 : 201;
        ctx.set('Location', `${BASE}/candidates/${result.candidate.id}`);
        ctx.body = result;
      },
    },
    {
      method: 'get',
      path: `${BASE}/queue`,
      summary: 'The verification queue: open candidates whose highest confidence reaches DETECTION_QUEUE_CONFIDENCE, most confident first, each with its best detections',
      tags: TAGS,
      roles: [...READERS, 'grid_chief'],
      query: Type.Object({
        type: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
        grid: Type.Optional(Type.Integer({ minimum: 1 })),
        limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
        offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      }, strict),
      async handler({ ctx, tx, query }) {
        ctx.body = await readQueue(tx, query as QueueQuery, options);
      },
    },
    {
      method: 'get',
      path: `${BASE}/precision`,
      summary: 'Precision per detector: of the candidates it contributed to (first seen from..to, CST days), confirmed / (confirmed + rejected), in all and per day, week or month',
      tags: TAGS,
      roles: READERS,
      query: Type.Object({
        detector: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        from: Type.Optional(Type.String()),
        to: Type.Optional(Type.String()),
        bucket: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' })),
      }, strict),
      async handler({ ctx, tx, query }) {
        const q = query as { detector?: string; from?: string; to?: string; bucket?: Bucket };
        // Default: the 30 days ending today (a detector's figure of this morning counts).
        const period = kpiPeriods({ ...q, to: q.to ?? new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) }).current;
        const r = await readPrecision(tx, { detector: q.detector, start: period.start, end: period.end, bucket: q.bucket ?? 'day' });
        ctx.body = { from: period.from, to: period.to, bucket: q.bucket ?? 'day', ...r };
      },
    },
    {
      method: 'get',
      path: `${BASE}/candidates/:id`,
      summary: 'One candidate with all its detections',
      tags: TAGS,
      roles: [...READERS, 'grid_chief'],
      params: IdParams,
      async handler({ ctx, tx, params }) {
        ctx.body = await getCandidate(tx, (params as { id: number }).id, options);
      },
    },
    {
      method: 'post',
      path: `${BASE}/candidates/:id/confirm`,
      summary: 'Confirm a candidate: a case is registered (ordinary case write path, camera channel) with its detections attached; 409 when already decided',
      tags: TAGS,
      roles: OPERATORS,
      params: IdParams,
      body: Type.Object({
        description: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'the case\'s description (default: the type, detectors, count and confidence)' })),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
      }, strict),
      responses: { 201: { description: '{candidate, case_id, case_code}' }, 409: { description: 'Already confirmed or rejected' } },
      async handler({ ctx, tx, params, body, principal, changed, publish }) {
        const r = await confirmCandidate(tx, principal, (params as { id: number }).id, (body ?? {}) as { description?: string; note?: string }, options, config);
        changed('cases', 'case_events', 'detection_candidates');
        publish({ type: 'case.created', case_id: r.case_id });
        ctx.status = 201;
        ctx.set('Location', `/api/cases/${r.case_id}`);
        ctx.body = r;
      },
    },
    {
      method: 'post',
      path: `${BASE}/candidates/:id/reject`,
      summary: 'Reject a candidate with a reason (kept for the detector\'s precision); 409 when already decided',
      tags: TAGS,
      roles: OPERATORS,
      params: IdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, pattern: '\\S' }) }, strict),
      async handler({ ctx, tx, params, body, principal, changed }) {
        ctx.body = { candidate: await rejectCandidate(tx, principal, (params as { id: number }).id, (body as { reason: string }).reason, options) };
        changed('detection_candidates');
      },
    },
  ];
}
