// POST /api/imports/{target}: a bulk import of components or cases (and any other
// registered target) from a GeoJSON FeatureCollection or a CSV with lon/lat columns.
// The upload streams to a temporary file (413 past the byte limit), then streams
// through the pipeline in one scoped transaction: every feature is checked, any
// refused feature means nothing is written and a 422 report lists them all (up to a
// cap, with the total); otherwise 201 with the count. An Idempotency-Key makes a
// retried upload land once.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { ROLES, type Role } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { cappedPublish } from '../feed/import-cap.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { spoolBody } from '../import/body.ts';
import { readCsv } from '../import/csv-source.ts';
import { checkKey, findImport, lockKey, replayOf, storeImport } from '../import/idempotency.ts';
import { readFeatureCollection } from '../import/json-source.ts';
import { runImport } from '../import/run.ts';
import { IMPORT_TARGETS } from '../import/targets/index.ts';

const JSON_TYPES = ['application/geo+json', 'application/json'];
const CSV_TYPES = ['text/csv'];

export function importRoutes({ config, changes, db }: AppDeps): RouteSpec[] {
  const byName = new Map(IMPORT_TARGETS.map((t) => [t.name, t]));
  const roles = ROLES.filter((r) => IMPORT_TARGETS.some((t) => t.roles.includes(r))) as Role[];
  return [
    {
      kind: 'raw',
      method: 'post',
      path: '/api/imports/:target',
      summary: `Bulk import (all or nothing, with a report of every refused feature) into ${IMPORT_TARGETS.map((t) => t.name).join(', ')}: a GeoJSON FeatureCollection, or CSV with lon, lat and property columns`,
      tags: ['imports'],
      roles,
      params: Type.Object({ target: StringEnum(IMPORT_TARGETS.map((t) => t.name)) }, { additionalProperties: false }),
      bodyTypes: [...JSON_TYPES, ...CSV_TYPES],
      headers: [{ name: 'Idempotency-Key', description: 'any unique string (e.g. a UUID): the same upload sent again with it is imported once and answered the same' }],
      responses: {
        201: { description: 'Imported: { target, imported, received, bytes, sha256 }' },
        400: { description: 'Malformed JSON (line, column, byte) or CSV (line)' },
        413: { description: 'More bytes or features than allowed' },
        415: { description: 'Not GeoJSON or CSV' },
        422: { description: 'Refused: details list every refused feature (index, line, id, field, reason)' },
      },
      async handler({ ctx, params, principal, scoped }) {
        const target = byName.get((params as { target: string }).target)!;
        if (!target.roles.includes(principal.role)) {
          throw new AppError(403, 'forbidden', `the ${principal.role} role may not import ${target.name}`, { role: principal.role, allowed: target.roles });
        }
        const csv = !!ctx.is(CSV_TYPES);
        if (!csv && !ctx.is(JSON_TYPES)) {
          throw new AppError(415, 'unsupported_media_type', `send the import as ${[...JSON_TYPES, ...CSV_TYPES].join(', ')}, not ${ctx.get('content-type') || 'no content type'}`);
        }
        if (csv && !target.geometryTypes.includes('Point')) {
          throw new AppError(415, 'unsupported_media_type', `CSV imports carry points (lon, lat); send ${target.name} as a GeoJSON FeatureCollection`);
        }
        const encoding = (ctx.get('content-encoding') || 'identity').toLowerCase();
        if (encoding !== 'identity') throw new AppError(415, 'unsupported_media_type', `Content-Encoding ${encoding} is not accepted; send the file uncompressed`);
        const charset = ctx.request.charset;
        if (charset && !['utf-8', 'utf8'].includes(charset.toLowerCase())) throw new AppError(415, 'unsupported_media_type', `send the import in UTF-8, not ${charset}`);
        const key = checkKey(ctx.get('idempotency-key') || undefined);
        if (key && principal.userId === null) throw new AppError(400, 'invalid_idempotency_key', 'Idempotency-Key needs a signed-in user');

        const body = await spoolBody(ctx.req, config.importLimitBytes);
        try {
          const properties = Object.keys((target.properties as { properties?: Record<string, unknown> }).properties ?? {});
          let replayed: Record<string, unknown> | null = null;
          const memo = new Map<string, unknown>();
          // Before the transaction (never inside it: the embedded store has one connection).
          if (target.reserve) await target.reserve(db, csv ? readCsv(body.file, properties) : readFeatureCollection(body.file), { principal, config, memo });
          const result = await scoped(async (tx, publish) => {
            if (key) {
              // The same key at once waits here for the first upload to end, then replays it.
              await lockKey(tx, principal.userId!, key);
              const stored = await findImport(tx, principal.userId!, key);
              if (stored) {
                replayed = replayOf(stored, target.name, body.sha256, key);
                return replayed;
              }
            }
            const source = csv ? readCsv(body.file, properties) : readFeatureCollection(body.file);
            const feed = cappedPublish(publish, config.feedImportCap);
            const { report, written } = await runImport(tx, target, source, { principal, config, memo, publish: feed.publish }, {
              csv, maxFeatures: config.importMaxFeatures, maxVertices: config.maxVertices,
            });
            if (report.rejected > 0) {
              const r = report.toJSON();
              throw new AppError(422, 'import_rejected',
                `${r.rejected.toLocaleString('en')} of ${r.received.toLocaleString('en')} feature${r.received === 1 ? '' : 's'} ${r.rejected === 1 ? 'was' : 'were'} refused; nothing was imported. First: ${csv && r.problems[0]?.line ? `line ${r.problems[0].line}` : `feature ${r.problems[0]?.index}`}: ${r.problems[0]?.message}`,
                r);
            }
            const answer = { target: target.name, imported: written, received: report.received, format: csv ? 'csv' : 'geojson', bytes: body.bytes, sha256: body.sha256, ...(key ? { idempotencyKey: key } : {}) };
            if (key) await storeImport(tx, principal.userId!, key, target.name, body.sha256, answer);
            await feed.finish(tx);
            return answer;
          });
          ctx.status = 201;
          ctx.body = result;
          if (replayed) ctx.set('Idempotent-Replayed', 'true');
          else changes.notify(...target.tables);
        } finally {
          await body.remove();
        }
      },
    },
  ];
}
