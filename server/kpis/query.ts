// The KPI report: one pass of conditional aggregates over the cohort of cases reported
// in the current and the previous period (a range on reported_at, so the index on it
// bounds the scan), grouped by one dimension and by period, with the totals of both
// periods from the same pass (grouping sets). Rates are divided here, from the counts
// of the same pass. Row-level security limits the rows a grid chief's query sees.
import type { Queryable } from '../db/types.ts';
import { invalidQuery } from '../components/collection.ts';
import { DIMENSIONS, KPI_TIME_ZONE, type KpiDimension } from './dimensions.ts';
import { countCondition, DECIMALS, MEASURES, round, type Measure } from './measures.ts';
import type { Period } from './period.ts';

export interface KpiFilter {
  grid: number | null;
  street: number | null;
  /** A case type code or a category prefix (2, 4 or 6 digits). */
  type: string | null;
  channel: string | null;
}

export interface KpiRequest {
  by: KpiDimension;
  /** by=type: the taxonomy level (1 to 4) the types are rolled up to. */
  level: number | null;
  current: Period;
  previous: Period;
  filter: KpiFilter;
}

/** Measure values by key: counts are numbers, rates and means null when their base is empty. */
export type KpiValues = Record<string, number | null>;

export interface KpiGroupRow {
  key: string | number | null;
  code: string | null;
  label_zh: string | null;
  label_en: string | null;
  values: KpiValues;
  previous: KpiValues;
}

export interface KpiReport {
  by: KpiDimension;
  level: number | null;
  current: Period;
  previous: Period;
  filter: KpiFilter;
  generatedAt: Date;
  rows: KpiGroupRow[];
  totals: { values: KpiValues; previous: KpiValues };
}

const aggregate = (m: Measure): string => {
  switch (m.kind) {
    case 'count':
      return `count(*) filter (where ${m.where})::int as "${m.key}"`;
    case 'rate':
      return `count(*) filter (where (${countCondition(m.of)}) and (${m.where}))::int as "${m.key}"`;
    case 'mean':
      return `(avg(${m.expr}) filter (where ${countCondition(m.of)}))::float8 as "${m.key}"`;
  }
};

/** Measure values from one aggregate row: rates divided by their base count, rounded. */
function valuesOf(raw: Record<string, unknown> | undefined): KpiValues {
  const number = (key: string) => {
    const x = raw?.[key];
    return x === undefined || x === null ? null : Number(x);
  };
  const v: KpiValues = {};
  for (const m of MEASURES) {
    if (m.kind === 'count') v[m.key] = number(m.key) ?? 0;
    else if (m.kind === 'mean') v[m.key] = round(number(m.key), DECIMALS.mean);
    else {
      const base = number(m.of) ?? 0;
      v[m.key] = base === 0 ? null : round((number(m.key) ?? 0) / base, DECIMALS.rate);
    }
  }
  return v;
}

/** 400 when a filter names a grid, street office, case type or channel that does not exist (or, for a grid chief, is not theirs). */
export async function checkFilter(q: Queryable, f: KpiFilter): Promise<void> {
  const r = await q.query<{ grid: boolean; street: boolean; type: boolean; channel: boolean }>(
    `select ($1::int is null or exists (select 1 from grids where id = $1)) as grid,
            ($2::int is null or exists (select 1 from admin_areas where id = $2 and level = 'street')) as street,
            ($3::text is null or exists (select 1 from case_types where code = $3)) as type,
            ($4::text is null or exists (select 1 from channels where code = $4)) as channel`,
    [f.grid, f.street, f.type, f.channel],
  );
  const ok = r.rows[0]!;
  if (!ok.grid) throw invalidQuery('grid', `${f.grid} is no grid you can see`);
  if (!ok.street) throw invalidQuery('street', `${f.street} is no street office (GET /api/areas lists them)`);
  if (!ok.type) throw invalidQuery('type', `${f.type} is no case type or category (GET /api/case-types lists them)`);
  if (!ok.channel) throw invalidQuery('channel', `${f.channel} is no intake channel (GET /api/channels lists them)`);
}

/** The SQL and its parameters (exported for the plan check). */
export function kpiSql(r: KpiRequest): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const p = (value: unknown, type: string) => {
    params.push(value);
    return `$${params.length}::${type}`;
  };
  const from = p(r.current.start, 'timestamptz');
  const where = [`c.reported_at >= ${p(r.previous.start, 'timestamptz')}`, `c.reported_at < ${p(r.current.end, 'timestamptz')}`];
  if (r.filter.grid !== null) where.push(`c.grid_id = ${p(r.filter.grid, 'int')}`);
  if (r.filter.street !== null) where.push(`c.street_id = ${p(r.filter.street, 'int')}`);
  if (r.filter.type !== null) where.push(`c.type_code like ${p(`${r.filter.type}%`, 'text')}`);
  if (r.filter.channel !== null) where.push(`c.channel = ${p(r.filter.channel, 'text')}`);

  const dim = r.by === 'none' ? null : DIMENSIONS[r.by];
  let key = 'null';
  if (dim) {
    // Time buckets: a previous-period case is shifted by the period's length, so the
    // previous figures of a bucket are those of the same slice one period earlier.
    const at = dim.time ? `(c.reported_at + case when c.reported_at < ${from} then ${p(r.current.days, 'int')} * interval '1 day' else interval '0' end)` : 'c.reported_at';
    key = dim.key(at, r.by === 'type' ? p(2 * (r.level ?? 2), 'int') : '');
  }
  const cohort = `select c.*, c.reported_at >= ${from} as cur, ${key} as k from cases c where ${where.join(' and ')}`;
  const grouped = `select ${dim ? 'grouping(c.k) = 1' : 'true'} as total, c.k, c.cur, ${MEASURES.map(aggregate).join(',\n         ')}
    from (${cohort}) c
   group by ${dim ? 'grouping sets ((c.k, c.cur), (c.cur))' : 'c.cur, c.k'}`;
  const sql = dim
    ? `select a.*, ${dim.code} as code, ${dim.labelZh} as label_zh, ${dim.labelEn} as label_en
         from (${grouped}) a ${dim.join}
        order by a.total, ${dim.sort} nulls last, a.k nulls last`
    : `select a.*, null as code, null as label_zh, null as label_en from (${grouped}) a`;
  return { sql, params };
}

type RawRow = Record<string, unknown> & { total: boolean; k: string | number | null; cur: boolean; code: string | null; label_zh: string | null; label_en: string | null };

export async function kpiReport(q: Queryable, r: KpiRequest): Promise<KpiReport> {
  await checkFilter(q, r.filter);
  const { sql, params } = kpiSql(r);
  const result = await q.query<RawRow>(sql, params);
  const now = await q.query<{ now: Date }>('select now() as now');
  const dim = r.by === 'none' ? null : DIMENSIONS[r.by];
  const groups = new Map<string, { head: RawRow; cur?: RawRow; prev?: RawRow }>();
  const totals: { cur?: RawRow; prev?: RawRow } = {};
  for (const row of result.rows) {
    if (row.total) {
      totals[row.cur ? 'cur' : 'prev'] = row;
      continue;
    }
    const id = JSON.stringify(row.k);
    const g = groups.get(id) ?? { head: row };
    groups.set(id, g);
    g[row.cur ? 'cur' : 'prev'] = row;
  }
  const rows = [...groups.values()].map(({ head, cur, prev }): KpiGroupRow => {
    const none = head.k === null ? dim?.none ?? null : null;
    return {
      key: head.k,
      code: head.code,
      label_zh: none?.zh ?? head.label_zh ?? (head.k === null ? null : String(head.k)),
      label_en: none?.en ?? head.label_en,
      values: valuesOf(cur),
      previous: valuesOf(prev),
    };
  });
  return {
    by: r.by,
    level: r.level,
    current: r.current,
    previous: r.previous,
    filter: r.filter,
    generatedAt: now.rows[0]!.now,
    rows,
    totals: { values: valuesOf(totals.cur), previous: valuesOf(totals.prev) },
  };
}

/** The report as the JSON answer. */
export function kpiJson(report: KpiReport): unknown {
  const period = (p: Period) => ({ from: p.from, to: p.to, days: p.days });
  return {
    by: report.by,
    ...(report.by === 'type' ? { level: report.level } : {}),
    period: period(report.current),
    previous_period: period(report.previous),
    time_zone: KPI_TIME_ZONE,
    cohort: 'the cases reported in the period (reported_at from 00:00 of from to 24:00 of to, China Standard Time); each measure counts what has happened to them up to generated_at',
    generated_at: report.generatedAt.toISOString(),
    filter: report.filter,
    measures: MEASURES.map((m) => ({
      key: m.key, kind: m.kind, name_zh: m.zh, name_en: m.en, ...(m.kind === 'count' ? {} : { of: m.of }), ...(m.kind === 'mean' ? { unit: m.unit } : {}), definition: m.definition,
    })),
    rows: report.rows.map((r) => ({ key: r.key, code: r.code, label_zh: r.label_zh, label_en: r.label_en, ...r.values, previous: r.previous })),
    totals: { ...report.totals.values, previous: report.totals.previous },
  };
}
