// Photos staff take in the field (POST /api/cases/{id}/photos): a JPEG or PNG, base64,
// cleaned of location metadata like a resident's, kept beside the case; the first one
// goes on the case's first event so the timeline shows it. An Idempotency-Key makes a
// retried upload land once. Row-level security keeps a grid chief to their grids' cases.
import { Type } from '@sinclair/typebox';
import { ID_PARAMS } from '../components/collection.ts';
import { notFound } from '../errors.ts';
import { earlierAnswer, IDEMPOTENCY_HEADER, idempotencyOf, rememberAnswer } from '../http/idempotent.ts';
import type { RouteSpec } from '../http/route.ts';
import { decodePhotos, MAX_PHOTO_BYTES } from './public-reports.ts';

const WRITERS = ['admin', 'officer', 'grid_chief'] as const;

const PhotoBody = Type.Object(
  { photo: Type.String({ minLength: 1, maxLength: Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 100, description: 'a JPEG or PNG, base64 (or a data: URL); location metadata is removed' }) },
  { additionalProperties: false },
);

export function casePhotoRoutes(): RouteSpec[] {
  return [
    {
      method: 'post',
      path: '/api/cases/:id/photos',
      summary: 'Attach a photo taken in the field to a case (JPEG or PNG, base64, at most 2 MiB; location metadata removed); an Idempotency-Key makes a retry land once',
      tags: ['cases'],
      roles: WRITERS,
      params: ID_PARAMS,
      headers: [IDEMPOTENCY_HEADER],
      body: PhotoBody,
      responses: {
        201: { description: '{id, case_id, url}' },
        200: { description: 'Sent before with this Idempotency-Key: the first answer, nothing written' },
        404: { description: 'No such case, or not one of yours' },
        413: { description: 'Larger than 2 MiB' },
        422: { description: 'Not a JPEG or PNG' },
      },
      async handler({ ctx, tx, params, body, principal, changed }) {
        const caseId = (params as { id: number }).id;
        const once = idempotencyOf(ctx, principal, `case-photo:${caseId}`, body);
        const earlier = once ? await earlierAnswer(tx, once) : null;
        if (earlier) {
          ctx.set('Idempotent-Replayed', 'true');
          ctx.body = earlier;
          return;
        }
        const [photo] = decodePhotos([(body as { photo: string }).photo]);
        const seen = await tx.query('select 1 from cases where id = $1', [caseId]);
        if (!seen.rows[0]) throw notFound(`no case ${caseId}`);
        const r = await tx.query<{ id: string }>('insert into report_photos (case_id, content_type, bytes) values ($1, $2, $3) returning id', [caseId, photo!.type, photo!.bytes]);
        const id = Number(r.rows[0]!.id);
        const url = `/api/photos/${id}`;
        await tx.query('update case_events set photo_url = $2 where case_id = $1 and from_status is null and photo_url is null', [caseId, url]);
        const answer = { id, case_id: caseId, url };
        if (once) await rememberAnswer(tx, once, answer);
        changed('case_events');
        ctx.status = 201;
        ctx.set('Location', url);
        ctx.body = answer;
      },
    },
  ];
}
