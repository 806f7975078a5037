// Each benchmark as a section of BENCHMARKS.md: its markdown, its headline figures
// (with baseline, ratio, target, met) and the metrics the growth table follows.
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { benchHeatmap, heatmapFigures, heatmapMarkdown } from './heatmap.ts';
import { benchIngest, ingestFigures, ingestMarkdown } from './ingest.ts';
import { benchLocate } from './locate.ts';
import { benchPropose, proposeMarkdown } from './propose.ts';
import { benchRouting, routingFigures, routingMarkdown } from './routing.ts';
import { benchSolver, solverMarkdown } from './solver.ts';
import type { Figure } from './targets.ts';
import { benchTiles, tileFigures, tilesMarkdown } from './tiles.ts';
import { benchWeb, webFigures, webMarkdown } from './web.ts';

export interface SectionInput {
  db: Db;
  config: Config;
  quick: boolean;
  counts: { cases: number; components: number; grids: number };
}

export interface Section {
  name: string;
  markdown: string;
  figures: Figure[];
  /** Figures the growth table follows across scales, by a stable name. */
  metrics: Record<string, number>;
  seconds?: number;
  /** Set when a correctness check of the benchmark failed (the run then exits 1). */
  broken?: string;
}

export const benchSections: Record<string, (input: SectionInput) => Promise<Section>> = {
  async routing({ db, quick }) {
    const f = await benchRouting(db, quick ? 20_000 : 1_000_000);
    const figures = routingFigures(f);
    return {
      name: 'routing', markdown: routingMarkdown(f), figures,
      metrics: { 'routing: H3 lookup, ms per 1M points': (f.lookupMs / f.points) * 1e6, 'routing: ST_Covers join, ms per 1M points': (f.joinMs / f.points) * 1e6 },
      broken: f.agreement < 1 ? `routing agreed on ${(f.agreement * 100).toFixed(3)}% of the points` : undefined,
    };
  },
  async locate({ db, quick }) {
    const locate = await benchLocate(db, quick ? 2_000 : 50_000);
    const markdown = `## Point to grid, sub-grid and block (SQL, what a new case runs)

${locate.points.toLocaleString('en')} random points in the district's bounding box, looked up in SQL through the
stored H3 covers (parent of the point's cell at the cover resolution; exact \`ST_Covers\`
only on boundary cells, ${(locate.boundaryShare * 100).toFixed(1)}% of the points inside the district) against the
baseline, a plain \`ST_Covers\` lookup on the polygons' GiST index.

| units found | H3 cover | ST_Covers (baseline) | ratio | agreement |
| --- | ---: | ---: | ---: | ---: |
${locate.rows.map((r) => `| ${r.what} | ${r.coverMs.toFixed(0)} ms | ${r.joinMs.toFixed(0)} ms | ${(r.joinMs / r.coverMs).toFixed(2)}× | ${(r.agreement * 100).toFixed(2)}% |`).join('\n')}

A ratio above 1 means the cover is faster.
`;
    return { name: 'locate', markdown, figures: [], metrics: {} };
  },
  async tiles({ db, config, quick }) {
    const t = await benchTiles(db, config, quick ? { samples: 6, pointSamples: 6, cachedSeconds: 2, quick } : { samples: 6, pointSamples: 12, cachedSeconds: 10 });
    const z14 = t.points;
    return {
      name: 'tiles', markdown: tilesMarkdown(t, db.kind), figures: tileFigures(t),
      metrics: {
        'tiles: z14 all layers HTTP p50, ms': t.rows.find((r) => r.z === 14)?.httpP50 ?? NaN,
        'tiles: z14 points HTTP p50, ms': z14.httpP50,
        'tiles: cached z16 tiles/s': t.cached.map.perSecond,
      },
    };
  },
  async heatmap({ db, quick }) {
    const h = await benchHeatmap(db, quick ? { runs: 1, hexagonRuns: 1, quick } : { runs: 3, hexagonRuns: 1 });
    const mismatch = h.rows.find((r) => r.h3.counted !== r.squares.counted);
    return {
      name: 'heatmap', markdown: heatmapMarkdown(h), figures: heatmapFigures(h),
      metrics: Object.fromEntries(h.rows.map((r) => [`heatmap: ${r.what}, ms`, r.h3.ms])),
      broken: mismatch ? `heatmap "${mismatch.what}": H3 counted ${mismatch.h3.counted}, squares ${mismatch.squares.counted}` : undefined,
    };
  },
  async ingest({ db, config, quick }) {
    const f = await benchIngest(db, config, quick);
    return {
      name: 'ingest', markdown: ingestMarkdown(f), figures: ingestFigures(f),
      metrics: { 'ingest: single POST cases/s': f.post.perSecond, 'ingest: bulk import rows/s': f.bulk.rowsPerSecond, 'ingest: raw COPY rows/s': f.bulk.copyRowsPerSecond },
    };
  },
  async propose({ db }) {
    const rows = await benchPropose(db);
    return { name: 'propose', markdown: proposeMarkdown(rows, db.kind), figures: [], metrics: Object.fromEntries(rows.map((r) => [`propose: ${r.what}, ms`, r.totalMs])) };
  },
  async solver({ quick }) {
    const s = benchSolver({ quick });
    const worst = Math.max(...s.rows.map((r) => (100 * (r.ours - r.optimum)) / r.optimum));
    return {
      name: 'solver', markdown: solverMarkdown(s),
      figures: [{
        name: `solver: largest gap to the optimum, ${s.rows.length} OR-Library instances`, value: worst, unit: '%',
        baseline: { what: 'greedy + interchange', value: Math.max(...s.rows.map((r) => (100 * (r.baseline - r.optimum)) / r.optimum)), unit: '%' },
        ratio: null, target: 'reported (no target set)', met: null,
      }],
      metrics: {},
    };
  },
  async web({ db, config, quick }) {
    const w = await benchWeb(db, config, quick);
    return { name: 'web', markdown: webMarkdown(w), figures: webFigures(w), metrics: { 'web: wall time to first heatmap, ms': w.firstHeatmapMs ?? NaN } };
  },
};
