// GET /api/kpis: the measures the city's case handling is judged by (server/kpis/
// measures.ts), over the cases reported in a period, grouped by one dimension, beside
// the previous period of the same length; as JSON, or as CSV for spreadsheets
// (format=csv or Accept: text/csv). A grid chief's figures cover their grids only:
// row-level security decides which cases the query sees.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { invalidQuery } from '../components/collection.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { kpiCsv, type KpiLang } from '../kpis/csv.ts';
import { KPI_DIMENSIONS, type KpiDimension } from '../kpis/dimensions.ts';
import { DEFAULT_PERIOD_DAYS, kpiPeriods, MAX_PERIOD_DAYS } from '../kpis/period.ts';
import { kpiJson, kpiReport } from '../kpis/query.ts';
import { CASE_LIST_FILTERS } from './cases.ts';

const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const CSV = 'text/csv; charset=utf-8';

const Day = (description: string) => Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description });

const KpiQuery = Type.Object(
  {
    by: StringEnum(KPI_DIMENSIONS, { default: 'none', description: 'group by: grid, subgrid, street (office), department (dispatched to), person (assignee), channel, type (category at `level`), day, week or month (China Standard Time), or none' }),
    level: Type.Optional(Type.Integer({ minimum: 1, maximum: 4, description: 'by=type: the taxonomy level to roll types up to (1 to 4; default 2)' })),
    from: Type.Optional(Day(`first day of the period, China Standard Time (default: ${DEFAULT_PERIOD_DAYS} days ending yesterday)`)),
    to: Type.Optional(Day(`last day of the period, included (default: yesterday); at most ${MAX_PERIOD_DAYS} days from from`)),
    grid: CASE_LIST_FILTERS.grid,
    street: CASE_LIST_FILTERS.street,
    type: CASE_LIST_FILTERS.type,
    channel: CASE_LIST_FILTERS.channel,
    format: Type.Optional(StringEnum(['json', 'csv'] as const, { description: 'json or csv (default: by the Accept header, else json)' })),
    lang: StringEnum(['zh', 'en'] as const, { default: 'zh', description: 'CSV headers and labels in Chinese (zh) or English (en)' }),
  },
  { additionalProperties: false },
);

interface KpiQueryValue {
  by: KpiDimension;
  level?: number;
  from?: string;
  to?: string;
  grid?: number;
  street?: number;
  type?: string;
  channel?: string;
  format?: 'json' | 'csv';
  lang: KpiLang;
}

export function kpiRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/kpis',
      summary: 'Case KPIs (counts, registration, on-time handling and closure, rework, extension, response, handling time, satisfaction, solved in the community) over the cases reported in a period, grouped by one dimension, beside the previous period; JSON or CSV',
      tags: ['cases'],
      roles: STAFF,
      query: KpiQuery,
      responses: {
        200: { description: 'The report: period, previous period, the measures\' definitions, rows and totals (JSON), or a CSV table with a BOM' },
        400: { description: 'A bad period (not a date, to before from, longer than 3 years), dimension, level or filter' },
      },
      async handler({ ctx, tx, query }) {
        const q = query as KpiQueryValue;
        if (q.level !== undefined && q.by !== 'type') throw invalidQuery('level', `applies to by=type only, not by=${q.by}`);
        const { current, previous } = kpiPeriods(q);
        const report = await kpiReport(tx, {
          by: q.by,
          level: q.by === 'type' ? q.level ?? 2 : null,
          current,
          previous,
          filter: { grid: q.grid ?? null, street: q.street ?? null, type: q.type ?? null, channel: q.channel ?? null },
        });
        ctx.vary('Accept');
        const format = q.format ?? (ctx.accepts('application/json', 'text/csv') === 'text/csv' ? 'csv' : 'json');
        if (format === 'csv') {
          ctx.type = CSV;
          ctx.set('Content-Disposition', `attachment; filename="kpis-${q.by}-${current.from}-${current.to}.csv"`);
          ctx.body = kpiCsv(report, q.lang);
          return;
        }
        ctx.type = 'application/json';
        ctx.body = kpiJson(report);
      },
    },
  ];
}
