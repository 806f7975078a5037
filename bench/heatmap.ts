// Heatmap aggregation: case counts per cell through the stored resolution-15 H3 cell
// and its SQL parent (heatmapCounts, what GET /api/heatmap runs, in the request's
// scoped transaction under row-level security) against two geometric aggregations of
// the same cases in the same run and the same scope: a join with an ST_HexagonGrid of
// hexagons about as large as the H3 cells (edge length alike, in Web Mercator scaled
// to the ground at the city's latitude, using the GiST index on the points), the
// aggregation that gives the same answer shape, and ST_SnapToGrid of the projected
// points to squares of the same area (faster, but a different answer: squares). The
// targets are judged against the hexagons; the squares' ratio is reported beside it.
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { getHexagonAreaAvg, getHexagonEdgeLengthAvg } from 'h3-js';
import { scopeTransaction, type Principal } from '../server/auth/principal.ts';
import { heatmapCounts, heatmapSql, heatmapWhere, type HeatmapFilter } from '../server/cases/heatmap.ts';
import type { Db, Queryable } from '../server/db/types.ts';
import type { Figure } from './targets.ts';

export interface HeatmapRow {
  what: string;
  res: number;
  /** Who asks: the command centre (the whole city) or a grid chief (their grids). */
  who: string;
  cases: number;
  h3: { ms: number; cells: number; counted: number };
  hexagons: { ms: number; cells: number; counted: number };
  squares: { ms: number; cells: number; counted: number };
  /** How the H3 query read the cases (EXPLAIN ANALYZE in the same scope, after the timed runs). */
  plan: HeatmapPlan;
  /**
   * For the rows with targets: the same filter counted without grouping (reading the
   * cases alone, median), the database backend's CPU time per heatmap query (from
   * /proc, when the database runs on this machine; null otherwise), and the one-minute
   * load average when the row was measured.
   */
  detail: { bareCountMs: number; backendCpuMs: number | null; load: number } | null;
}

export interface HeatmapPlan {
  /** Scan nodes, e.g. "Index Only Scan on cases_heatmap_week_hour". */
  scans: string[];
  /** Rows the scans returned (index entries or table rows kept by their conditions). */
  rows: number;
  /** Rows the scans read and threw away (a filter, e.g. an hour tested on every case). */
  removed: number;
  heapFetches: number;
  workers: number;
}

export interface HeatmapFigures {
  /** Cases in the store. */
  total: number;
  runs: number;
  hexagonRuns: number;
  rows: HeatmapRow[];
  /**
   * The size a rollup table would have (full runs): groups of hour of the week,
   * resolution-8 cell and grid (what the evenings heatmap needs), and of hour of the
   * week, resolution-11 cell, grid, type, channel and status (what every filter needs).
   */
  rollup: { coarse: number; full: number } | null;
}

export interface HeatmapBenchOptions {
  /** Timed runs of the H3 and square queries (median). */
  runs: number;
  /** Timed runs of the hexagon join (it takes seconds on a million cases). */
  hexagonRuns: number;
  /** Only the first two filters. */
  quick?: boolean;
}

/** The two scenarios with targets: under 100 ms, at least 10× faster than the geometric aggregation. */
export const SEVEN_DAYS = 'last 7 days, res 8';
export const HOURS = 'evenings (18-22 h) of every day, res 8';
export const CHIEF_HOURS = "evenings (18-22 h) of every day, a grid chief's grids, res 8";

const NONE: HeatmapFilter = { type: null, channels: null, statuses: null, grid: null, from: null, to: null, hours: null, weekdays: null, scope: null };
const EVENINGS = [18, 19, 20, 21, 22];
const COMMAND: Principal = { userId: null, username: 'bench', role: 'command', grids: [] };

async function median(runs: number, fn: () => Promise<{ cells: number; counted: number }>): Promise<{ ms: number; cells: number; counted: number }> {
  let last = await fn(); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, ...last };
}

/** User + system CPU time of a process in ms, from /proc (null where there is no such file, e.g. a remote database). */
function cpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

const tally = (rows: { n: number }[]) => ({ cells: rows.length, counted: rows.reduce((s, r) => s + r.n, 0) });

interface PlanNode { 'Node Type': string; 'Index Name'?: string; 'Actual Rows'?: number; 'Actual Loops'?: number; 'Rows Removed by Filter'?: number; 'Heap Fetches'?: number; 'Workers Launched'?: number; Plans?: PlanNode[] }

/** The scans of the heatmap query as it ran (EXPLAIN ANALYZE), in the caller's scope. */
async function explainScans(tx: Queryable, sql: string, params: unknown[]): Promise<HeatmapPlan> {
  const r = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (analyze, format json) ${sql}`, params);
  const plan: HeatmapPlan = { scans: [], rows: 0, removed: 0, heapFetches: 0, workers: 0 };
  const walk = (n: PlanNode) => {
    if (n['Node Type'].includes('Scan') && !n['Node Type'].startsWith('Bitmap Index')) {
      const loops = n['Actual Loops'] ?? 1;
      plan.scans.push(`${n['Node Type']}${n['Index Name'] ? ` on ${n['Index Name']}` : ''}`);
      plan.rows += (n['Actual Rows'] ?? 0) * loops;
      plan.removed += (n['Rows Removed by Filter'] ?? 0) * loops;
      plan.heapFetches += n['Heap Fetches'] ?? 0;
    }
    plan.workers += n['Workers Launched'] ?? 0;
    for (const c of n.Plans ?? []) walk(c);
  };
  walk(r.rows[0]!['QUERY PLAN'][0].Plan);
  plan.scans = [...new Set(plan.scans)];
  return plan;
}

export async function benchHeatmap(db: Db, { runs, hexagonRuns, quick = false }: HeatmapBenchOptions): Promise<HeatmapFigures> {
  const span = (await db.query<{ t1: Date; lat: number; chief: number[] | null }>(
    `select (select max(reported_at) from cases) as t1, (select st_y(st_centroid(st_extent(geom))) from grids) as lat,
            (select array_agg(s.grid_id order by s.grid_id) from user_grid_scopes s
              where s.user_id = (select min(u.id) from app_users u join user_grid_scopes x on x.user_id = u.id where u.role = 'grid_chief')) as chief`,
  )).rows[0]!;
  const end = span.t1.getTime();
  const month = { ...NONE, from: new Date(end - 30 * 86_400_000), to: new Date(end + 1) };
  const week = { ...NONE, from: new Date(end - 7 * 86_400_000), to: new Date(end + 1) };
  const chief: Principal | null = span.chief ? { userId: null, username: 'bench-chief', role: 'grid_chief', grids: span.chief } : null;
  const scenarios: [string, number, HeatmapFilter, Principal][] = ([
    [SEVEN_DAYS, 8, week, COMMAND],
    [HOURS, 8, { ...NONE, hours: EVENINGS }, COMMAND],
    ['every case, res 8', 8, NONE, COMMAND],
    ...(chief ? [[CHIEF_HOURS, 8, { ...NONE, hours: EVENINGS, scope: chief.grids }, chief]] : []),
    ['evenings (18-22 h) of weekdays, category 02, res 9', 9, { ...NONE, hours: EVENINGS, weekdays: [1, 2, 3, 4, 5], type: '02' }, COMMAND],
    ['last 30 days, res 8', 8, month, COMMAND],
  ] as [string, number, HeatmapFilter, Principal][]).slice(0, quick ? 2 : 5);
  const scale = 1 / Math.cos((span.lat * Math.PI) / 180);
  const rows: HeatmapRow[] = [];
  for (const [what, res, f, who] of scenarios) {
    // Every query runs as the route runs it: in a transaction scoped to the principal,
    // as the non-owner role the row-level-security policies apply to.
    const scoped = <T>(fn: (tx: Queryable) => Promise<T>) => scopeTransaction(db, who, fn);
    const where = heatmapWhere(f, 2);
    const plain = heatmapWhere(f, 1);
    const cases = (await scoped((tx) => tx.query<{ n: number }>(`select count(*)::int as n from cases c where ${plain.sql}`, plain.params))).rows[0]!.n;
    const h3 = await median(runs, () => scoped(async (tx) => {
      const counts = await heatmapCounts(tx, res, f);
      return { cells: counts.cells.size, counted: counts.total };
    }));
    let detail: HeatmapRow['detail'] = null;
    if (what === SEVEN_DAYS || what === HOURS) {
      const bare = await median(runs, () => scoped(async (tx) => {
        const r = await tx.query<{ n: number }>(`select count(*)::int as n from cases c where ${plain.sql}`, plain.params);
        return { cells: 0, counted: r.rows[0]!.n };
      }));
      // The backend's CPU time over several runs (clock ticks of 10 ms, so summed).
      const cpuRuns = Math.max(5, runs);
      let cpu: number | null = 0;
      for (let i = 0; i < cpuRuns && cpu !== null; i++) {
        const used = await scoped(async (tx) => {
          const pid = (await tx.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
          const before = cpuMs(pid);
          await heatmapCounts(tx, res, f);
          const after = cpuMs(pid);
          return before === null || after === null ? null : after - before;
        });
        cpu = used === null ? null : cpu + used;
      }
      detail = { bareCountMs: bare.ms, backendCpuMs: cpu === null ? null : cpu / cpuRuns, load: loadavg()[0]! };
    }
    const plan = await scoped((tx) => {
      const { sql, params } = heatmapSql(res, f);
      return explainScans(tx, sql, params);
    });
    const hexagons = await median(hexagonRuns, () => scoped(async (tx) => {
      const r = await tx.query<{ n: number }>(
        `with box as (select st_transform(st_setsrid(st_extent(geom)::geometry, 4326), 3857) as b from grids),
              hex as materialized (select h.i, h.j, st_transform(h.geom, 4326) as geom from box, st_hexagongrid($1::float8, box.b) h)
         select count(*)::int as n
           from hex h join cases c on c.geom && h.geom and st_intersects(h.geom, c.geom)
          where ${where.sql}
          group by h.i, h.j`,
        [getHexagonEdgeLengthAvg(res, 'm') * scale, ...where.params],
      );
      return tally(r.rows);
    }));
    const squares = await median(runs, () => scoped(async (tx) => {
      const r = await tx.query<{ n: number }>(
        `select count(*)::int as n from cases c where ${where.sql} group by st_snaptogrid(st_transform(c.geom, 3857), $1::float8)`,
        [Math.sqrt(getHexagonAreaAvg(res, 'm2')) * scale, ...where.params],
      );
      return tally(r.rows);
    }));
    rows.push({ what, res, who: who.role === 'grid_chief' ? `grid chief (${who.grids.length} grid${who.grids.length === 1 ? '' : 's'})` : 'command centre', cases, h3, hexagons, squares, plan, detail });
  }
  const total = (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
  const rollup = quick ? null : (await db.query<{ coarse: number; full: number }>(
    `select count(distinct (app.local_week_hour(reported_at), h3_parent(h3, 8), grid_id))::int as coarse,
            count(distinct (app.local_week_hour(reported_at), h3_parent(h3, 11), grid_id, type_code, channel, status))::int as full
       from cases`,
  )).rows[0]!;
  return { total, runs, hexagonRuns, rows, rollup };
}

const describePlan = (p: HeatmapPlan) =>
  `${p.scans.join(' + ')}: ${p.rows.toLocaleString('en')} rows kept${p.removed ? `, ${p.removed.toLocaleString('en')} read and filtered out` : ''}${p.scans.some((s) => s.startsWith('Index Only')) ? `, ${p.heapFetches.toLocaleString('en')} heap fetches` : ''}${p.workers ? `, ${p.workers} parallel workers` : ''}`;

export function heatmapMarkdown(f: HeatmapFigures): string {
  const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  const n = (v: number) => v.toLocaleString('en');
  return `## Heatmap aggregation (SQL)

Cases counted per cell as \`GET /api/heatmap\` does it (\`heatmapCounts\`: parent of the
stored resolution-15 H3 cell by bit arithmetic, \`h3_parent\`, no geometry), timed the way
the route runs it: in a transaction scoped to the principal (the command centre, or a
grid chief), as the non-owner role, under row-level security. Against two geometric
aggregations of the same filter in the same scope and run: a join of the points with an
\`ST_HexagonGrid\` of hexagons of the H3 edge length over the grids' extent (GiST index
on the points), the geometric aggregation with the same answer shape, which the
targets are judged against; and \`ST_SnapToGrid\` of the projected points to squares of
the H3 cell area, the faster one, but a different answer (squares, not hexagons).
Median of ${f.runs} runs (hexagons: ${f.hexagonRuns}) after a warm-up.

Hours of the day and days of the week are one condition on the local hour of the week
(\`app.local_week_hour\`, schema/042: immutable, and leakproof where a superuser
migrated): evenings of every day are 35 hours of the week, read from the index
\`cases_heatmap_week_hour\` (a grid chief's from \`cases_heatmap_grid\`, grid first); the
heatmap indexes carry the column the read policy tests, so a request counts from an index alone.

| filter | asked by | cases | H3 parent | ST_HexagonGrid | ratio | ST_SnapToGrid | ratio | cells (H3 / hex / squares) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${f.rows.map((r) => `| ${r.what} | ${r.who} | ${n(r.cases)} | ${ms(r.h3.ms)} ms | ${ms(r.hexagons.ms)} ms | ${(r.hexagons.ms / r.h3.ms).toFixed(1)}× | ${ms(r.squares.ms)} ms | ${(r.squares.ms / r.h3.ms).toFixed(1)}× | ${n(r.h3.cells)} / ${n(r.hexagons.cells)} / ${n(r.squares.cells)} |`).join('\n')}

A ratio above 1 means the H3 query is faster. Cases counted by the H3, square and hexagon
queries: ${f.rows.map((r) => `${n(r.h3.counted)} / ${n(r.squares.counted)} / ${n(r.hexagons.counted)}`).join('; ')} (the hexagon join
misses points outside the grids' extent and counts a point on a shared edge twice).

How the H3 query read the cases (EXPLAIN ANALYZE in the same scope), and for the
rows with targets the same filter counted without grouping (the cost of reading the
cases alone) and the database backend's CPU time per query (from /proc; the rest of
the wall time is waiting, for a core or for I/O):

${f.rows.map((r) => `- ${r.what} (${r.who}): ${describePlan(r.plan)}${r.detail ? `; without grouping ${r.detail.bareCountMs.toFixed(1)} ms; backend CPU ${r.detail.backendCpuMs === null ? 'not measured (the database runs elsewhere)' : `${r.detail.backendCpuMs.toFixed(0)} ms`} of ${r.h3.ms.toFixed(1)} ms; load average ${r.detail.load.toFixed(1)}` : ''}`).join('\n')}
${f.rollup ? `
A rollup table was weighed and not built: counts by hour of the week, resolution-8 cell
and grid would be ${n(f.rollup.coarse)} rows (${(f.total / Math.max(1, f.rollup.coarse)).toFixed(0)}× fewer than the ${n(f.total)} cases), but they answer only
heatmaps without type, channel, status or time range at resolution 8 or coarser; with
those columns at resolution 11, what every filter needs, they would be ${n(f.rollup.full)} rows,
${((100 * f.rollup.full) / Math.max(1, f.total)).toFixed(0)} % of the cases. Either would also need a write on every new case and status change.
` : ''}`;
}

export function heatmapFigures(f: HeatmapFigures): Figure[] {
  return f.rows.filter((r) => r.what === SEVEN_DAYS || r.what === HOURS).map((r) => {
    const hexRatio = r.hexagons.ms / r.h3.ms;
    const squareRatio = r.squares.ms / r.h3.ms;
    const fast = r.h3.ms < 100;
    const limits: string[] = [];
    if (!fast) {
      const d = r.detail;
      const perRow = (r.h3.ms * 1000) / Math.max(1, r.plan.rows + r.plan.removed);
      limits.push(`the count reads ${describePlan(r.plan)}, ${perRow.toFixed(2)} µs a row read` +
        (d ? `; counting the same rows without grouping them takes ${d.bareCountMs.toFixed(0)} ms` +
          (d.backendCpuMs === null ? '' : `; the database backend was on a CPU ${d.backendCpuMs.toFixed(0)} ms of the query's ${r.h3.ms.toFixed(0)} ms`) +
          ` (load average ${d.load.toFixed(1)} on ${cpus().length} cores)` : ''));
    }
    if (hexRatio < 10) limits.push(`the ST_HexagonGrid join is only ${hexRatio.toFixed(1)}× slower on ${r.cases.toLocaleString('en')} cases`);
    return {
      name: `heatmap: ${r.cases.toLocaleString('en')} cases of ${r.what}`, value: r.h3.ms, unit: 'ms',
      baseline: { what: `ST_HexagonGrid join; ST_SnapToGrid squares, a different answer, ${r.squares.ms.toFixed(0)} ms, ${squareRatio.toFixed(1)}×`, value: r.hexagons.ms, unit: 'ms' },
      ratio: hexRatio,
      target: '< 100 ms and ≥ 10× faster than ST_HexagonGrid',
      met: fast && hexRatio >= 10,
      ...(limits.length ? { limit: limits.join('; ') } : {}),
    };
  });
}
