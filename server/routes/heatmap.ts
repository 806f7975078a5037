// GET /api/heatmap: case counts per H3 cell (resolution 6-11) and per grid, filtered
// by type or category, channel, status, grid, report time, local hours of the day and
// days of the week; optionally with the Getis-Ord Gi* hot spots of the study area;
// plain JSON or GeoJSON hexagons. Grid chiefs count only their grids' cases:
// row-level security decides.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { visibilityKey } from '../auth/principal.ts';
import { heatmapAnswer, heatmapGeoJson } from '../cases/heatmap-answer.ts';
import { HEATMAP_RESOLUTIONS, heatmapCounts, type HeatmapFilter } from '../cases/heatmap.ts';
import { parseHours, parseWeekdays } from '../cases/local-time.ts';
import { CASE_STATUSES } from '../cases/schema.ts';
import { StudyAreaCache } from '../cases/study-area.ts';
import { GEOJSON, invalidQuery, parseInstant, parseList } from '../components/collection.ts';
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';

const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;

const HeatmapQuery = Type.Object(
  {
    res: Type.Integer({ default: HEATMAP_RESOLUTIONS.default, minimum: HEATMAP_RESOLUTIONS.min, maximum: HEATMAP_RESOLUTIONS.max, description: 'H3 resolution of the cells, 6 (about 36 km²) to 11 (about 2,000 m²); default 8 (about 0.7 km²)' }),
    type: Type.Optional(Type.String({ pattern: '^([0-9]{2}){1,4}$', description: 'a case type code (8 digits), or a category code (2, 4 or 6 digits) for all types below it' })),
    channel: Type.Optional(Type.String({ maxLength: 600, description: 'comma list of intake channel codes' })),
    status: Type.Optional(Type.String({ maxLength: 300, description: `comma list of ${CASE_STATUSES.join(', ')}` })),
    grid: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'only cases in this grid id (the hot-spot study area becomes that grid)' })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'reported at or after: an ISO date-time with a zone, or a date (China Standard Time)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'reported before: an ISO date-time with a zone, or a date (that whole day included)' })),
    hours: Type.Optional(Type.String({ maxLength: 100, description: 'local hours of the day (UTC+8), 0-23: a comma list of hours and inclusive ranges, e.g. 18-22 (18:00-22:59), 7,8,17,18, or 22-2 across midnight' })),
    dow: Type.Optional(Type.String({ maxLength: 40, description: 'local days of the week, 1 = Monday … 7 = Sunday: a comma list and ranges, e.g. 1-5 or 6,7' })),
    hotspots: Type.Boolean({ default: false, description: 'add the Getis-Ord Gi* z-score, p-value, class (hot, cold, not_significant) and confidence (90, 95, 99) of every cell of the study area (the active grids you may see, or the grid asked for), cells without cases included' }),
    k: Type.Optional(Type.Integer({ minimum: 1, maximum: 5, description: 'hot spots: neighbourhood ring size, gridDisk(cell, k) with the cell itself; default 1' })),
    fdr: Type.Optional(Type.Boolean({ description: 'hot spots: correct the confidence levels for testing every cell at once (Benjamini–Hochberg false discovery rate); default true' })),
    format: StringEnum(['json', 'geojson'] as const, { default: 'json', description: 'json, or geojson: a FeatureCollection of cell hexagons with the rest of the answer as foreign members' }),
  },
  { additionalProperties: false },
);

interface Query {
  res: number;
  type?: string;
  channel?: string;
  status?: string;
  grid?: number;
  from?: string;
  to?: string;
  hours?: string;
  dow?: string;
  hotspots: boolean;
  k?: number;
  fdr?: boolean;
  format: 'json' | 'geojson';
}

/** Refuses a type or category code that names nothing, and channel codes that do not exist, with what does. */
async function checkReferences(tx: Queryable, q: Query): Promise<string[] | null> {
  if (q.type !== undefined) {
    const r = await tx.query('select 1 from case_types where code = $1', [q.type]);
    if (r.rows.length === 0) throw invalidQuery('type', `"${q.type}" is not a case type or category code`);
  }
  if (q.channel === undefined) return null;
  const r = await tx.query<{ code: string }>('select code from channels order by sort, code');
  return parseList(q.channel, 'channel', r.rows.map((x) => x.code));
}

export function heatmapRoutes(deps: AppDeps): RouteSpec[] {
  const studyAreas = new StudyAreaCache(deps.changes);
  return [
    {
      method: 'get',
      path: '/api/heatmap',
      summary: 'Case counts per H3 cell (resolution 6-11) and per grid by type or category, channel, status, grid, report time, local hours and days of the week; optionally Getis-Ord Gi* hot spots; JSON or GeoJSON hexagons',
      tags: ['cases'],
      roles: STAFF,
      query: HeatmapQuery,
      responses: {
        200: { description: 'resolution, filter (as understood), total, cells [{h3, count}] (with hotspots: every study-area cell with z, p, class, confidence), grids [{grid_id, count}], hotspots (summary)' },
        404: { description: 'The grid does not exist or lies outside your grids' },
      },
      async handler({ ctx, tx, query, principal }) {
        const q = query as Query;
        const from = parseInstant(q.from, 'from');
        const to = parseInstant(q.to, 'to', true);
        if (from && to && from >= to) throw invalidQuery('to', 'must be after from');
        const hours = parseHours(q.hours);
        const weekdays = parseWeekdays(q.dow);
        const statuses = parseList(q.status, 'status', CASE_STATUSES);
        if (!q.hotspots && q.k !== undefined) throw invalidQuery('k', 'applies only with hotspots=true');
        if (!q.hotspots && q.fdr !== undefined) throw invalidQuery('fdr', 'applies only with hotspots=true');
        const channels = await checkReferences(tx, q);
        if (q.grid !== undefined) {
          const g = await tx.query('select 1 from grids where id = $1', [q.grid]);
          if (g.rows.length === 0) throw notFound(`no grid ${q.grid} among the grids you may see`);
        }
        const filter: HeatmapFilter = {
          type: q.type ?? null, channels, statuses, grid: q.grid ?? null, from, to, hours, weekdays,
          scope: principal.role === 'grid_chief' ? principal.grids : null,
        };
        const counts = await heatmapCounts(tx, q.res, filter);
        const hotspots = q.hotspots
          ? {
              k: q.k ?? 1,
              fdr: q.fdr ?? true,
              studyArea: await studyAreas.get(tx, visibilityKey(principal), q.res, filter.grid),
              studyAreaLabel: filter.grid === null ? 'the cells covering the active grids you may see' : `the cells covering grid ${filter.grid}`,
            }
          : null;
        const echo = {
          type: filter.type,
          channel: channels,
          status: statuses,
          grid: filter.grid,
          from: from?.toISOString() ?? null,
          to: to?.toISOString() ?? null,
          hours,
          dow: weekdays,
        };
        const answer = heatmapAnswer(q.res, echo, counts, hotspots);
        if (q.format === 'geojson') {
          ctx.type = GEOJSON;
          ctx.body = heatmapGeoJson(answer);
        } else {
          ctx.body = answer;
        }
      },
    },
  ];
}
