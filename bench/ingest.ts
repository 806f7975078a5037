// Ingest: single cases through POST /api/cases (validation, reference codes, routing
// to grid, sub-grid and block, duplicate check, deadline, first event), driven by
// autocannon from a process of its own; and a bulk CSV import through
// POST /api/imports/cases against the baseline, raw COPY of the same CSV into a table
// of its columns (psql \copy). The single POSTs' baseline is the bare write they make:
// one case a transaction (a plain INSERT with its units, committed) over as many
// connections straight to the database. The server runs in this process: its CPU time over the
// run tells whether Node or the database limits it. Everything written is deleted
// afterwards (cases above the largest id before the run; their events cascade).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { Random } from '../seed/random.ts';
import { loadTest, type LoadResult } from './cannon.ts';
import { profiledDb, type StatementTime } from './profile-db.ts';
import { serve } from './serve-app.ts';
import type { Figure } from './targets.ts';

export interface IngestFigures {
  post: LoadResult & { connections: number; created: number; bare: { perSecond: number; rows: number; seconds: number }; serverCpuShare: number; sqlMsPerCase: number; statementsPerCase: number; codeStatements: number; loadAverage: number; top: StatementTime[] };
  bulk: { rows: number; seconds: number; rowsPerSecond: number; copySeconds: number; copyRowsPerSecond: number; serverCpuShare: number; copyMethod: string; statements: number; sqlMs: number; bareSeconds: number; bareRowsPerSecond: number; top: StatementTime[] };
}

const cpuShare = (before: NodeJS.CpuUsage, ms: number) => {
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000 / ms;
};

export async function benchIngest(db: Db, config: Config, quick: boolean): Promise<IngestFigures> {
  const rng = new Random(13, 'bench-ingest');
  const maxId = (await db.query<{ id: string }>('select coalesce(max(id), 0)::text as id from cases')).rows[0]!.id;
  const types = (await db.query<{ code: string }>(
    `select code from case_types t where not exists (select 1 from case_types c where c.code <> t.code and starts_with(c.code, t.code)) order by code limit 20`,
  )).rows.map((r) => r.code);
  const channels = (await db.query<{ code: string }>('select code from channels order by code')).rows.map((r) => r.code);
  const spots = (await db.query<{ lon: number; lat: number; grid: number | null; subgrid: number | null; block: number | null }>(
    'select st_x(point) as lon, st_y(point) as lat, grid_id as grid, subgrid_id as subgrid, block_id as block from buildings order by id',
  )).rows;
  const caseAt = (i: number) => {
    const s = spots[rng.int(0, spots.length - 1)]!;
    return {
      lon: s.lon + rng.uniform(-0.0005, 0.0005), lat: s.lat + rng.uniform(-0.0005, 0.0005),
      channel: channels[i % channels.length]!, type_code: types[i % types.length]!, description: `bench ingest ${i}`,
      grid: s.grid, subgrid: s.subgrid, block: s.block,
    };
  };
  const profile = profiledDb(db);
  const app = await serve(profile.db, config);
  try {
    const token = await app.login('officer');
    // Single cases.
    const connections = quick ? 4 : 16;
    const bodies = Array.from({ length: 2_000 }, (_, i) => {
      const c = caseAt(i);
      return JSON.stringify({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { channel: c.channel, type_code: c.type_code, description: c.description } });
    });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/geo+json' };
    profile.reset();
    let cpu = process.cpuUsage();
    let t = performance.now();
    const post = await loadTest({ url: app.url, connections, seconds: quick ? 3 : 15, requests: bodies.map((body) => ({ method: 'POST', path: '/api/cases', headers, body })) });
    const postCpu = cpuShare(cpu, performance.now() - t);
    if (post.statuses['2xx'] === 0) throw new Error(`bench: no case was created (${JSON.stringify(post.statuses)})`);
    const postTop = profile.top(5);
    const postSqlMs = profile.totalMs();
    const postStatements = profile.top(1_000).reduce((a, x) => a + x.calls, 0);
    // Code reservations are shared by the cases asked for at the same moment (server/cases/codes.ts).
    const codeStatements = profile.top(1_000).filter((x) => /next_case_codes|set_config\('synchronous_commit'/.test(x.sql)).reduce((a, x) => a + x.calls, 0);
    const loadAverage = loadavg()[0]!;
    const created = (await db.query<{ n: number }>('select count(*)::int as n from cases where id > $1::int8', [maxId])).rows[0]!.n;
    const bareSingles = await timeBareSingles(db, connections, quick ? 2 : 10, (i) => caseAt(100_000 + i));

    // Bulk import, then raw COPY of the same file.
    const rows = quick ? 2_000 : 10_000;
    const dir = mkdtempSync(path.join(tmpdir(), 'gridcity-bench-'));
    try {
      const lines = ['lon,lat,channel,type_code,description'];
      const bulkRows: ReturnType<typeof caseAt>[] = [];
      for (let i = 0; i < rows; i++) {
        const c = caseAt(i);
        bulkRows.push(c);
        lines.push(`${c.lon.toFixed(7)},${c.lat.toFixed(7)},${c.channel},${c.type_code},${c.description}`);
      }
      const csv = `${lines.join('\n')}\n`;
      const file = path.join(dir, 'cases.csv');
      writeFileSync(file, csv);
      profile.reset();
      cpu = process.cpuUsage();
      t = performance.now();
      const r = await postText(`${app.url}/api/imports/cases`, { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, csv);
      const body = r.body;
      const importMs = performance.now() - t;
      const importCpu = cpuShare(cpu, importMs);
      if (r.status !== 201) throw new Error(`bench: the bulk import answered ${r.status}: ${body.slice(0, 500)}`);
      const bulkStatements = profile.top(1_000).reduce((a, x) => a + x.calls, 0);
      const bulkSqlMs = profile.totalMs();
      const copy = timeCopy(db, file);
      const bare = await timeBareInsert(db, bulkRows);
      return {
        post: {
          ...post, connections, created, bare: bareSingles, serverCpuShare: postCpu, sqlMsPerCase: postSqlMs / Math.max(1, post.requests), top: postTop,
          statementsPerCase: postStatements / Math.max(1, post.requests), codeStatements, loadAverage,
        },
        bulk: {
          rows, seconds: importMs / 1000, rowsPerSecond: rows / (importMs / 1000), copySeconds: copy.seconds, copyRowsPerSecond: rows / copy.seconds, serverCpuShare: importCpu,
          copyMethod: copy.method, top: profile.top(5), statements: bulkStatements, sqlMs: bulkSqlMs, bareSeconds: bare, bareRowsPerSecond: rows / bare,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await app.close();
    // By id, and by the marker in the description: requests still in flight when the load stopped commit later.
    await db.query(`delete from cases where id > $1::int8 or description like 'bench ingest %'`, [maxId]);
    // The pages those rows touched are no longer all-visible until a vacuum: without it the
    // heatmaps' index-only scans of the next run fetch them from the heap (98,181 heap
    // fetches and twice the time for the evenings at 1M cases, measured).
    await db.query('vacuum (analyze) cases');
  }
}

/** POST without a client-side time limit (fetch gives up on headers after 300 s; a slow import may take longer). */
function postText(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Raw COPY of the CSV into a fresh table of its columns, timed around psql's \copy (server backend). */
function timeCopy(db: Db, file: string): { seconds: number; method: string } {
  const url = process.env.DATABASE_URL;
  if (db.kind !== 'server' || !url) return { seconds: NaN, method: 'not measured on the embedded store' };
  const psql = (sql: string) => {
    const r = spawnSync('psql', [url, '-qAtX', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`bench: psql failed: ${r.stderr}`);
  };
  psql('drop table if exists bench_copy; create table bench_copy (lon float8, lat float8, channel text, type_code text, description text)');
  try {
    const t = performance.now();
    psql(`\\copy bench_copy from '${file}' with (format csv, header true)`);
    return { seconds: (performance.now() - t) / 1000, method: 'psql \\copy into a table of the CSV\'s five columns (no geometry, no index, no checks)' };
  } finally {
    psql('drop table if exists bench_copy');
  }
}

/** What the two bare baselines write of a case: the point with its units, a status and due time (the same for both). */
const BARE_COLUMNS = 'code, channel, type_code, description, geom, h3, grid_id, subgrid_id, block_id, status, reported_at, respond_due';

/**
 * The floor of writing these rows into cases: one INSERT … SELECT of the same rows with
 * their units (from the buildings they were drawn around), through every index, foreign
 * key and trigger of the table, as the system; no checks, no routing, no events; rolled back.
 */
async function timeBareInsert(db: Db, rows: readonly { lon: number; lat: number; channel: string; type_code: string; description: string; grid: number | null; subgrid: number | null; block: number | null }[]): Promise<number> {
  const ROLLBACK = new Error('bench: rolled back on purpose');
  let seconds = NaN;
  try {
    await db.transaction(async (tx) => {
      const t = performance.now();
      await tx.query(
        `insert into cases (${BARE_COLUMNS})
         select '20991231' || lpad(u.n::text, 6, '0'), u.channel, u.type_code, u.description, st_setsrid(st_makepoint(u.lon, u.lat), 4326),
                (select h3 from cases limit 1), u.grid, u.subgrid, u.block, 'reported', now(), now() + interval '30 minutes'
           from unnest($1::float8[], $2::float8[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[]) with ordinality
                as u(lon, lat, channel, type_code, description, grid, subgrid, block, n)`,
        [rows.map((r) => r.lon), rows.map((r) => r.lat), rows.map((r) => r.channel), rows.map((r) => r.type_code), rows.map((r) => r.description),
          rows.map((r) => r.grid), rows.map((r) => r.subgrid), rows.map((r) => r.block)],
      );
      seconds = (performance.now() - t) / 1000;
      throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return seconds;
}

/**
 * The single POSTs' baseline: the write each of them makes at its core, alone — one case
 * a transaction, a plain INSERT of the point with its units (from the building it was
 * drawn around) and a due time, committed — from `connections` loops straight to the
 * database for `seconds`, as the system; no checks, routing, code, events or HTTP. Codes
 * '20991230…' and the description mark them; the cleanup deletes them with the rest.
 */
async function timeBareSingles(
  db: Db, connections: number, seconds: number,
  caseAt: (i: number) => { lon: number; lat: number; channel: string; type_code: string; grid: number | null; subgrid: number | null; block: number | null },
): Promise<{ perSecond: number; rows: number; seconds: number }> {
  const h3 = (await db.query<{ h3: string }>('select h3::text as h3 from cases limit 1')).rows[0]!.h3;
  let next = 0;
  const end = performance.now() + seconds * 1000;
  const t = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const i = next++;
      const c = caseAt(i);
      await db.query(
        `insert into cases (${BARE_COLUMNS})
         values ('20991230' || lpad($1::text, 6, '0'), $2, $3, 'bench ingest bare ' || $1::text, st_setsrid(st_makepoint($4, $5), 4326), $6::int8,
                 $7, $8, $9, 'reported', now(), now() + interval '30 minutes')`,
        [i, c.channel, c.type_code, c.lon, c.lat, h3, c.grid, c.subgrid, c.block],
      );
    }
  }));
  const ms = performance.now() - t;
  return { perSecond: next / (ms / 1000), rows: next, seconds: ms / 1000 };
}

/** "`sql…` 12.3 ms a case (40 %)" for the first statements. */
function topLine(top: StatementTime[], per: number, unit: 'ms' | 's' = 'ms'): string {
  const total = top.reduce((a, b) => a + b.ms, 0) || 1;
  return top.slice(0, 3).map((s) => `\`${s.sql.slice(0, 60).replace(/`/g, "'")}…\` ${unit === 'ms' ? `${(s.ms / per).toFixed(1)} ms a case` : `${(s.ms / 1000).toFixed(1)} s in ${s.calls} calls`}`).join(', ')
    + ` (${((100 * top.slice(0, 3).reduce((a, b) => a + b.ms, 0)) / total).toFixed(0)} % of the five longest)`;
}

export function ingestFigures(f: IngestFigures): Figure[] {
  return [
    {
      name: `ingest: single case POST (autocannon, ${f.post.connections} connections)`, value: f.post.perSecond, unit: '/s',
      baseline: { what: `bare one-row INSERT transactions into cases, ${f.post.connections} connections`, value: f.post.bare.perSecond, unit: '/s' }, ratio: f.post.bare.perSecond / f.post.perSecond,
      target: '≥ 1,500/s', met: f.post.perSecond >= 1500,
      limit: `the table and the two cores: a bare one-row INSERT of a case committed ${Math.round(f.post.bare.perSecond).toLocaleString('en')} times a second on the same connections${f.post.bare.perSecond < 1500 ? ' (below the target itself)' : ''}; then round trips on a shared, loaded machine (load average ${f.post.loadAverage.toFixed(1)} on 2 cores): ${f.post.statementsPerCase.toFixed(1)} statements a case `
        + `(the scoped transaction, routing, insert, events, the live feed, the answer; codes reserved in ${f.post.codeStatements.toLocaleString('en')} shared statements for ${f.post.requests.toLocaleString('en')} cases), `
        + `${f.post.sqlMsPerCase.toFixed(0)} ms of SQL per case summed over them (p50 latency ${f.post.p50Ms} ms), the longest ${topLine(f.post.top, f.post.requests)}; the server's Node thread was busy ${(f.post.serverCpuShare * 100).toFixed(0)} % of the run`,
    },
    {
      name: `ingest: bulk import of ${f.bulk.rows.toLocaleString('en')} CSV rows`, value: f.bulk.rowsPerSecond, unit: 'rows/s',
      baseline: { what: 'raw COPY', value: f.bulk.copyRowsPerSecond, unit: 'rows/s' }, ratio: f.bulk.copyRowsPerSecond / f.bulk.rowsPerSecond,
      target: '≥ 100,000 rows/s', met: f.bulk.rowsPerSecond >= 100_000,
      limit: `the database: ${f.bulk.statements.toLocaleString('en')} statements for ${f.bulk.rows.toLocaleString('en')} rows (set-based, per chunk), ${(f.bulk.sqlMs / 1000).toFixed(1)} s of SQL; `
        + `the longest ${topLine(f.bulk.top, 1, 's')}; the same rows written into cases alone by one INSERT … SELECT (its indexes, foreign keys and trigger; no checks, routing or events) `
        + `ran at ${Math.round(f.bulk.bareRowsPerSecond).toLocaleString('en')} rows/s, the ceiling of any import into this table here; the server's Node thread was busy ${(f.bulk.serverCpuShare * 100).toFixed(0)} % of the import`,
    },
  ];
}

export function ingestMarkdown(f: IngestFigures): string {
  const n = (v: number) => Math.round(v).toLocaleString('en');
  return `## Ingest: single cases and bulk import

Single cases: \`POST /api/cases\` (GeoJSON Point with channel, leaf type and description;
the server checks it, routes it to grid, sub-grid and block, looks for duplicates, sets the
deadline and writes the first event) as the officer, by autocannon from a process of its
own over ${f.post.connections} keep-alive connections for ${f.post.seconds} s: **${n(f.post.perSecond)} cases/s**
(${f.post.statementsPerCase.toFixed(1)} statements a case; each case's code reserved before its transaction, ${n(f.post.codeStatements)} reservations shared by the ${n(f.post.requests)} cases)
(${n(f.post.requests)} requests; ${JSON.stringify(f.post.statuses)}; ${n(f.post.created)} cases written; latency p50 ${f.post.p50Ms} ms, p99 ${f.post.p99Ms} ms).
The server's Node thread was on the CPU ${(f.post.serverCpuShare * 100).toFixed(0)} % of the run.
Baseline, the write at the core of each POST alone: one case a transaction by a plain
\`INSERT\` (the point, its units, a due time; no checks, routing, code, events or HTTP),
committed, over ${f.post.connections} connections straight to the database for ${f.post.bare.seconds.toFixed(0)} s: ${n(f.post.bare.perSecond)} cases/s
(${n(f.post.bare.rows)} rows), ${(f.post.bare.perSecond / f.post.perSecond).toFixed(1)}× the POSTs.

Bulk: ${n(f.bulk.rows)} CSV rows through \`POST /api/imports/cases\` (all or nothing, in chunks of 2,000; codes reserved in one
statement before the import's transaction; per chunk a few set-based statements: validity, units, routing with the duplicate check, the cases, the events; ${n(f.bulk.statements)} statements in all)
in ${f.bulk.seconds.toFixed(1)} s: **${n(f.bulk.rowsPerSecond)} rows/s** (Node thread busy ${(f.bulk.serverCpuShare * 100).toFixed(0)} %).
Baseline, the same file by raw COPY (${f.bulk.copyMethod}): ${Number.isFinite(f.bulk.copySeconds) ? `${f.bulk.copySeconds.toFixed(2)} s, ${n(f.bulk.copyRowsPerSecond)} rows/s, ${(f.bulk.copyRowsPerSecond / f.bulk.rowsPerSecond).toFixed(1)}× the import` : 'not measured'}.
The same rows written into \`cases\` alone by one \`INSERT … SELECT\` (every index, foreign key and trigger of the table; no checks, routing or events; rolled back): ${f.bulk.bareSeconds.toFixed(2)} s, ${n(f.bulk.bareRowsPerSecond)} rows/s, the ceiling of an import into this table.
The cases written by this benchmark are deleted at its end.

SQL time by statement (the five longest; measured around each statement the server ran):

| load | statement | calls | total |
| --- | --- | ---: | ---: |
${[...f.post.top.map((s) => ['single POSTs', s] as const), ...f.bulk.top.map((s) => ['bulk import', s] as const)].map(([w, s]) => `| ${w} | \`${s.sql.replace(/\|/g, '\\|').replace(/`/g, "'")}\` | ${s.calls} | ${Math.round(s.ms).toLocaleString('en')} ms |`).join('\n')}
`;
}
