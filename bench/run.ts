// npm run bench [-- --quick]: runs the benchmarks against the configured store
// (DATABASE_URL, or the embedded store in ./data) and writes BENCHMARKS.md.
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { loadConfig, loadDotEnv } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openDb } from '../server/db/open.ts';
import { hasCity } from '../seed/index.ts';
import { benchHeatmap, heatmapMarkdown } from './heatmap.ts';
import { benchLocate } from './locate.ts';
import { benchPropose, proposeMarkdown } from './propose.ts';
import { benchTiles, tilesMarkdown } from './tiles.ts';

loadDotEnv();
const quick = process.argv.includes('--quick');
const config = loadConfig();
const db = await openDb({ ...config, statementTimeoutMs: 600_000 });
try {
  await migrate(db);
  if (!(await hasCity(db))) throw new Error('the store holds no city: run `npm start` once or `npm run seed` first');
  const counts = (await db.query<{ cases: number; components: number }>(
    'select (select count(*)::int from cases) as cases, (select count(*)::int from components) as components',
  )).rows[0]!;
  const locate = await benchLocate(db, quick ? 2_000 : 50_000);
  const tiles = await benchTiles(db, config, quick ? { samples: 6, cachedSeconds: 1 } : { samples: 24, cachedSeconds: 5 });
  const heatmap = await benchHeatmap(db, quick ? { runs: 1, hexagonRuns: 1, quick } : { runs: 5, hexagonRuns: 1 });
  const proposals = await benchPropose(db);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
  const md = `# Benchmarks

Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${machine};
${db.kind} backend; city with ${counts.components.toLocaleString('en')} components and ${counts.cases.toLocaleString('en')} cases.
Each figure is a ratio against a baseline measured in the same run.

## Point to grid, sub-grid and block (SQL)

${locate.points.toLocaleString('en')} random points in the district's bounding box, looked up through the
stored H3 covers (parent of the point's cell at the cover resolution; exact \`ST_Covers\`
only on boundary cells, ${(locate.boundaryShare * 100).toFixed(1)}% of the points inside the district) against the
baseline, a plain \`ST_Covers\` lookup on the polygons' GiST index.

| units found | H3 cover | ST_Covers (baseline) | ratio | agreement |
| --- | ---: | ---: | ---: | ---: |
${locate.rows.map((r) => `| ${r.what} | ${r.coverMs.toFixed(0)} ms | ${r.joinMs.toFixed(0)} ms | ${(r.joinMs / r.coverMs).toFixed(2)}× | ${(r.agreement * 100).toFixed(2)}% |`).join('\n')}

A ratio above 1 means the cover is faster.

${tilesMarkdown(tiles, db.kind)}
${heatmapMarkdown(heatmap)}
${proposeMarkdown(proposals, db.kind)}`;
  writeFileSync('BENCHMARKS.md', md);
  console.log(md);
} finally {
  await db.close();
}
