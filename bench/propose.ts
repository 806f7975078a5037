// "Propose" on the whole city: a balanced cover of as many grids as today (63 on the
// demo city) from street blocks and from H3 cells at resolution 10, against the
// baseline of today's grids measured on the same units in the same run: max/min
// workload ratio, coefficient of variation, grids inside ±15 % of the mean, and time
// (units read from PostGIS, search, geometries). Runs as the planner, under row-level
// security, and writes nothing.
//
//   npx tsx bench/propose.ts     (also part of npm run bench)
import { pathToFileURL } from 'node:url';
import { scopeTransaction, type Principal } from '../server/auth/principal.ts';
import { loadConfig, loadDotEnv } from '../server/config.ts';
import { openDb } from '../server/db/open.ts';
import type { Db } from '../server/db/types.ts';
import { propose, type SpreadOut } from '../server/planning/propose.ts';

export interface ProposeRow {
  what: string;
  units: number;
  n: number;
  before: SpreadOut;
  after: SpreadOut;
  moved: number;
  passes: number;
  loadMs: number;
  solveMs: number;
  geometryMs: number;
  totalMs: number;
}

async function planner(db: Db): Promise<Principal> {
  const r = await db.query<{ id: number; username: string }>(`select id, username from app_users where role = 'planner' order by id limit 1`);
  const u = r.rows[0];
  if (!u) throw new Error('no planner account in the store');
  return { userId: u.id, username: u.username, role: 'planner', grids: [] };
}

export async function benchPropose(db: Db): Promise<ProposeRow[]> {
  const who = await planner(db);
  const rows: ProposeRow[] = [];
  for (const [what, unit, fresh] of [
    ['street blocks', 'blocks', false],
    ['H3 cells, res 10', 'cells', false],
    ['street blocks, grown afresh', 'blocks', true],
    ['H3 cells, res 10, grown afresh', 'cells', true],
  ] as const) {
    const r = await scopeTransaction(db, who, (tx) => propose(tx, { unit, res: 10, band: 0.15, fresh }));
    rows.push({
      what,
      units: r.units,
      n: r.n,
      before: r.spread.before,
      after: r.spread.after,
      moved: r.units_moved,
      passes: r.search.passes,
      loadMs: r.timing_ms.load,
      solveMs: r.timing_ms.solve,
      geometryMs: r.timing_ms.geometry,
      totalMs: r.timing_ms.total,
    });
  }
  return rows;
}

const ratio = (x: number | null) => (x === null ? '∞' : x.toFixed(2));

export function proposeMarkdown(rows: ProposeRow[], backend: string): string {
  return `## Propose: a balanced cover of grids (planning)

\`POST /api/planning/propose\` city-wide with N = today's number of grids, default
weights and band ±15 %, starting from today's grids (or grown afresh from N far-apart
seeds and matched to today's grid ids); "before" is today's grids measured
on the same units in the same run (the baseline). ${backend} backend.

| units | count | N | max/min before → after | CV before → after | inside ±15 % before → after | units moved | passes | read units | search | geometries | total |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows
  .map(
    (r) =>
      `| ${r.what} | ${r.units} | ${r.n} | ${ratio(r.before.maxMinRatio)} → ${ratio(r.after.maxMinRatio)} | ${r.before.cv.toFixed(3)} → ${r.after.cv.toFixed(3)} | ${r.before.inBand} → ${r.after.inBand} of ${r.n} | ${r.moved} | ${r.passes} | ${r.loadMs} ms | ${r.solveMs} ms | ${r.geometryMs} ms | ${r.totalMs} ms |`,
  )
  .join('\n')}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  loadDotEnv();
  const config = loadConfig();
  const db = await openDb({ ...config, statementTimeoutMs: 600_000 });
  try {
    console.log(proposeMarkdown(await benchPropose(db), db.kind));
  } finally {
    await db.close();
  }
}
