// Residents' reports without an account (码上反映): filed as a case on channel qr_scan
// through the Open311 filing (the public reporting client, made on first use),
// rate-limited per address, answered with an unguessable tracking code; the resident
// follows the case by that code and rates it once it is closed. Contact details are
// optional and go where the Open311 filing keeps them (staff only).
import { randomBytes } from 'node:crypto';
import { Type, type Static } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { FailureLimiter } from '../auth/ratelimit.ts';
import type { Db } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { asClient, hashKey, type Client } from '../open311/clients.ts';
import { fileRequest } from '../open311/file.ts';
import { LANG_PATTERN, langOf } from '../open311/labels.ts';
import { readRequests } from '../open311/requests.ts';
import { cleanPhoto, PhotoError } from '../media/strip.ts';

const BASE = '/api/public/reports';
const CLIENT_NAME = '公众扫码上报 (public reporting page)';
const strict = { additionalProperties: false } as const;
/** Crockford base32 without I, L, O, U: ten characters, 50 bits. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE = '^[0-9A-HJKMNP-TV-Z]{10}$';
/** Largest photo a resident may send, decoded. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;
const MAX_PHOTOS = 3;

export function trackingCode(): string {
  return [...randomBytes(10)].map((b) => ALPHABET[b & 31]).join('');
}

const ReportBody = Type.Object({
  type_code: Type.String({ pattern: '^[0-9]{8}$', description: 'a leaf case type (the page offers a short plain-language list)' }),
  lon: Type.Number({ minimum: -180, maximum: 180 }),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  community: Type.Optional(Type.String({ maxLength: 40, pattern: '^[A-Za-z0-9_-]+$', description: 'the community or grid code of the QR code (/report?c=…)' })),
  photo_url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://' })),
  name: Type.Optional(Type.String({ maxLength: 40 })),
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+ -]{5,30}$' })),
  photos: Type.Optional(Type.Array(Type.String({ maxLength: Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 100, description: 'a JPEG or PNG, base64 (or a data: URL); location metadata is removed' }), { maxItems: MAX_PHOTOS })),
}, strict);

export function decodePhotos(raw: readonly string[]): { type: string; bytes: Buffer }[] {
  return raw.map((s, i) => {
    const bytes = Buffer.from(s.replace(/^data:image\/[a-z]+;base64,/, ''), 'base64');
    if (bytes.length > MAX_PHOTO_BYTES) throw new AppError(413, 'payload_too_large', `photos[${i}] is larger than ${MAX_PHOTO_BYTES} bytes`);
    try {
      return cleanPhoto(bytes);
    } catch (err) {
      if (err instanceof PhotoError) throw new AppError(422, 'invalid_photo', `photos[${i}]: ${err.message}`, { field: `photos[${i}]` });
      throw err;
    }
  });
}

/** The public reporting client (channel qr_scan), made on first use; its key is random and never used. */
async function publicClient(db: Db): Promise<Client> {
  await db.query(
    `insert into open311_clients (name, key_hash, key_hint, channel, created_by) values ($1, $2, 'internal', 'qr_scan', 'system')
     on conflict do nothing`, [CLIENT_NAME, hashKey(randomBytes(32).toString('hex'))]);
  const r = await db.query<Client>('select id, name, channel from open311_clients where name = $1 and revoked_at is null', [CLIENT_NAME]);
  if (!r.rows[0]) throw new AppError(503, 'unavailable', 'public reporting is switched off (its client has been revoked)');
  return r.rows[0];
}

export function publicReportRoutes(deps: AppDeps): RouteSpec[] {
  const { db, config, changes } = deps;
  const limiter = new FailureLimiter(config.publicReportsPerHour, 3_600_000);
  return [
    {
      kind: 'raw',
      method: 'post',
      path: BASE,
      summary: 'A resident reports a problem without an account: a case on channel qr_scan; answers a tracking code. Rate-limited per address (429 with Retry-After)',
      tags: ['public'],
      roles: 'anyone',
      body: ReportBody,
      responses: { 201: { description: '{tracking_code, case_code, status_url}' }, 429: { description: 'Too many reports from this address; Retry-After says when' } },
      async handler({ ctx, body }) {
        const b = body as Static<typeof ReportBody>;
        const wait = limiter.retryAfter(ctx.ip);
        if (wait > 0) {
          ctx.set('Retry-After', String(wait));
          throw new AppError(429, 'too_many_reports', `too many reports from this address; try again in ${wait} s`, { retry_after_s: wait });
        }
        const photos = decodePhotos(b.photos ?? []);
        const client = await publicClient(db);
        const code = trackingCode();
        const filed = await asClient(deps, client, async (tx, principal, publish) => {
          const f = await fileRequest(tx, principal, client, {
            serviceCode: b.type_code, lat: b.lat, lon: b.lon, address: null, description: b.description?.trim() || null,
            mediaUrl: b.photo_url ?? null, reporterName: b.name?.trim() || null, phone: b.phone ?? null, email: null, deviceId: null, accountId: null, componentCode: null,
          }, 'zh', config);
          await tx.query('insert into public_reports (tracking_code, case_id, community) values ($1, $2, $3)', [code, f.caseId, b.community ?? null]);
          for (const ph of photos) {
            const r = await tx.query<{ id: string }>('insert into report_photos (case_id, content_type, bytes) values ($1, $2, $3) returning id', [f.caseId, ph.type, ph.bytes]);
            // The first photo is the first event's, as an Open311 media_url is (unless a URL was sent).
            if (ph === photos[0] && !b.photo_url) {
              await tx.query('update case_events set photo_url = $2 where case_id = $1 and from_status is null', [f.caseId, `/api/photos/${r.rows[0]!.id}`]);
            }
          }
          publish({ type: 'case.created', case_id: f.caseId });
          return f.filed;
        });
        limiter.fail(ctx.ip);
        changes.notify('cases', 'case_events');
        ctx.status = 201;
        ctx.set('Location', `${BASE}/${code}`);
        ctx.body = { tracking_code: code, case_code: filed.service_request_id, service_notice: filed.service_notice, status_url: `${BASE}/${code}` };
      },
    },
    {
      method: 'get',
      path: '/api/photos/:id',
      summary: 'A resident\'s photo (staff; location metadata removed on arrival)',
      tags: ['public'],
      roles: ['admin', 'officer', 'command', 'planner', 'grid_chief'],
      params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) }, strict),
      responses: { 200: { description: 'The image', contentType: 'image/jpeg' } },
      async handler({ ctx, tx, params }) {
        const r = await tx.query<{ content_type: string; bytes: Buffer }>('select content_type, bytes from report_photos where id = $1', [(params as { id: number }).id]);
        if (!r.rows[0]) throw notFound(`no photo ${(params as { id: number }).id}`);
        ctx.type = r.rows[0].content_type;
        ctx.set('Cache-Control', 'private, max-age=3600');
        ctx.body = Buffer.from(r.rows[0].bytes);
      },
    },
    {
      method: 'get',
      path: `${BASE}/:code`,
      summary: 'Follow a resident\'s report by its tracking code: status, history (public fields only), rating; can_rate once closed',
      tags: ['public'],
      roles: 'anyone',
      params: Type.Object({ code: Type.String({ pattern: CODE }) }, strict),
      query: Type.Object({ lang: Type.Optional(Type.String({ pattern: LANG_PATTERN, description: 'zh (default) or en: the language of the problem\'s name and the steps' })) }, strict),
      async handler({ ctx, tx, params, query }) {
        const code = (params as { code: string }).code;
        const lang = langOf(query as { lang?: string });
        const r = await tx.query<{ case_code: string; status: string; rating: number | null; rated_at: Date | null }>('select * from public_report($1)', [code]);
        const row = r.rows[0];
        if (!row) throw notFound(`no report with tracking code ${code}`);
        const [req] = await readRequests(tx, { codes: [row.case_code], types: null, from: null, to: null, open: null, limit: 1 }, { lang, extensions: true });
        ctx.set('Cache-Control', 'no-store');
        ctx.body = {
          tracking_code: code, case_code: row.case_code, status: row.status, request: req ?? null, rating: row.rating,
          rated_at: row.rated_at?.toISOString() ?? null, can_rate: ['closed', 'evaluated'].includes(row.status) && row.rating === null,
        };
      },
    },
    {
      method: 'post',
      path: `${BASE}/:code/rating`,
      summary: 'The resident rates the handling of a closed report once (1–5, optional comment); 409 before it is closed or when rated',
      tags: ['public'],
      roles: 'anyone',
      params: Type.Object({ code: Type.String({ pattern: CODE }) }, strict),
      body: Type.Object({ rating: Type.Integer({ minimum: 1, maximum: 5 }), comment: Type.Optional(Type.String({ maxLength: 500 })) }, strict),
      async handler({ ctx, tx, params, body }) {
        const code = (params as { code: string }).code;
        const b = body as { rating: number; comment?: string };
        const r = (await tx.query<{ result: string }>('select public_report_rate($1, $2::smallint, $3) as result', [code, b.rating, b.comment ?? null])).rows[0]!.result;
        if (r === 'not_found') throw notFound(`no report with tracking code ${code}`);
        if (r === 'not_closed') throw new AppError(409, 'not_closed', 'the case is not closed yet; rate it once it is');
        if (r === 'already_rated') throw new AppError(409, 'already_rated', 'this report has been rated');
        ctx.body = { tracking_code: code, rating: b.rating };
      },
    },
  ];
}
