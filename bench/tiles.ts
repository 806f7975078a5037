// Vector tiles: for z10-z18, tiles over the city's buildings, the time of the HTTP tile
// with the tile cache off (sign-in scope, row-level security, SQL, encoding, gzip,
// HTTP) against the same tile's raw SQL in the same run (server: the layers' ST_AsMVT
// queries; embedded: the feature queries and the JS encoder), and the cached tiles per
// second at z16 over keep-alive connections.
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { loadManifest } from '../server/tiles/manifest.ts';
import { parseTileParams } from '../server/tiles/params.ts';
import { renderTile, TileSql } from '../server/tiles/render.ts';
import type { RenderMode } from '../server/tiles/sql.ts';
import { Random } from '../seed/random.ts';
import { loadTest } from './cannon.ts';
import { serve } from './serve-app.ts';
import type { Figure } from './targets.ts';

/** Every source but `blocks`, whose layer name the basemap also uses: what a full map asks for. */
export const BENCH_SOURCES = ['basemap', 'grids', 'subgrids', 'components', 'cases', 'service_points'];

export interface TileZoomRow {
  z: number;
  tiles: number;
  samples: number;
  meanBytes: number;
  httpP50: number;
  httpP99: number;
  sqlP50: number;
  sqlP99: number;
}

export interface TileFigures {
  sources: string[];
  rows: TileZoomRow[];
  /** z14, the cases layer alone (points): HTTP against the raw ST_AsMVT query. */
  points: TileZoomRow;
  cached: { z: number; tiles: number; requests: number; seconds: number; perSecond: number; concurrency: number; p50Ms: number; p99Ms: number; notModified: number };
}

function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n) };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchTiles(db: Db, config: Config, options: { samples: number; cachedSeconds: number; quick?: boolean }): Promise<TileFigures> {
  const rng = new Random(11, 'bench-tiles');
  const anchors = (await db.query<{ lon: number; lat: number }>('select st_x(point) as lon, st_y(point) as lat from buildings order by id')).rows;
  if (!anchors.length) throw new Error('bench: the store holds no buildings');
  const points = Array.from({ length: options.samples }, () => anchors[rng.int(0, anchors.length - 1)]!);
  const layers = BENCH_SOURCES.join(',');
  const uncached = await serve(db, { ...config, tileCacheBytes: 0 });
  const rows: TileZoomRow[] = [];
  let cachedFigures: TileFigures['cached'];
  let pointsRow: TileZoomRow;
  try {
    const token = await uncached.login('command');
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const get = async (names: string, t: { z: number; x: number; y: number }) => {
      const r = await fetch(`${uncached.url}/tiles/${names}/${t.z}/${t.x}/${t.y}.mvt`, { headers });
      if (r.status !== 200 && r.status !== 204) throw new Error(`bench: tile ${t.z}/${t.x}/${t.y} answered ${r.status}: ${await r.text()}`);
      return (await r.arrayBuffer()).byteLength;
    };
    const manifest = loadManifest();
    const sql = new TileSql(manifest);
    const mode: RenderMode = db.kind === 'server' ? 'mvt' : 'js';
    const measure = async (names: string[], z: number): Promise<TileZoomRow> => {
      const sources = names.map((s) => manifest.sources.get(s)!);
      const params = parseTileParams(sources, {});
      const raw = (t: { z: number; x: number; y: number }) => db.transaction(async (tx) => {
        await tx.query(`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
        return timed(() => renderTile(tx, mode, sql, manifest.extent, sources, t, params));
      });
      const tiles = points.map((p) => tileAt(p.lon, p.lat, z));
      const distinct = new Set(tiles.map((t) => `${t.x}/${t.y}`)).size;
      // Warm the plans and the pages once, then measure each sample.
      for (const t of tiles.slice(0, 3)) {
        await get(names.join(','), t);
        await raw(t);
      }
      const http: number[] = [];
      const sqlMs: number[] = [];
      let bytes = 0;
      for (const t of tiles) {
        http.push(await timed(async () => {
          bytes += await get(names.join(','), t);
        }));
        sqlMs.push(await raw(t));
      }
      http.sort((a, b) => a - b);
      sqlMs.sort((a, b) => a - b);
      return {
        z, tiles: distinct, samples: tiles.length, meanBytes: bytes / tiles.length,
        httpP50: quantile(http, 0.5), httpP99: quantile(http, 0.99), sqlP50: quantile(sqlMs, 0.5), sqlP99: quantile(sqlMs, 0.99),
      };
    };
    for (let z = 10; z <= 18; z++) rows.push(await measure(BENCH_SOURCES, z));
    pointsRow = await measure(['cases'], 14);
  } finally {
    await uncached.close();
  }

  const cached = await serve(db, config);
  try {
    const token = await cached.login('command');
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const z = 16;
    const urls = [...new Set(points.map((p) => tileAt(p.lon, p.lat, z)).map((t) => `${cached.url}/tiles/${layers}/${t.z}/${t.x}/${t.y}.mvt`))];
    const etags: string[] = [];
    for (const u of urls) {
      const r = await fetch(u, { headers });
      await r.arrayBuffer();
      etags.push(r.headers.get('etag') ?? '');
    }
    const concurrency = 16;
    const paths = urls.map((u) => u.slice(cached.url.length));
    // Answered from the in-memory cache (200 with the gzipped tile), then revalidated (If-None-Match: 304).
    const full = await loadTest({ url: cached.url, connections: concurrency, seconds: options.cachedSeconds, requests: paths.map((p) => ({ path: p, headers })) });
    const revalidated = await loadTest({
      url: cached.url, connections: concurrency, seconds: Math.max(1, options.cachedSeconds / 2),
      requests: paths.map((p, i) => ({ path: p, headers: { ...headers, 'if-none-match': etags[i]! } })),
    });
    if (full.statuses['2xx'] !== full.requests || full.errors) throw new Error(`bench: cached tiles answered ${JSON.stringify(full.statuses)} with ${full.errors} errors`);
    cachedFigures = {
      z, tiles: urls.length, requests: full.requests, seconds: full.seconds, perSecond: full.perSecond, concurrency, p50Ms: full.p50Ms, p99Ms: full.p99Ms,
      notModified: revalidated.statuses['3xx'] === revalidated.requests ? revalidated.perSecond : NaN,
    };
  } finally {
    await cached.close();
  }
  return { sources: BENCH_SOURCES, rows, points: pointsRow!, cached: cachedFigures };
}

export function tilesMarkdown(f: TileFigures, backend: string): string {
  const ms = (v: number) => (v < 10 ? v.toFixed(1) : v.toFixed(0));
  const encoder = backend === 'server' ? 'ST_AsMVT' : 'the JS encoder';
  return `## Vector tiles (HTTP)

Each request asks for one tile of ${f.sources.join(', ')}, signed
in as the command centre (the whole city), at tiles over random buildings. Each sample
is timed through HTTP with the tile cache off (sign-in, scoped transaction and
row-level security, SQL, ${encoder}, gzip) and as the raw SQL of the same tile in the
same run (baseline: the same layer queries and ${encoder}, run directly by the owner
role, without the scope). p99 of ${f.rows[0]?.samples ?? 0} samples is the slowest.

| zoom | tiles | samples | mean size | HTTP p50 | HTTP p99 | raw SQL p50 | raw SQL p99 | p50 ratio |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${f.rows.map((r) => `| ${r.z} | ${r.tiles} | ${r.samples} | ${(r.meanBytes / 1024).toFixed(1)} kB | ${ms(r.httpP50)} ms | ${ms(r.httpP99)} ms | ${ms(r.sqlP50)} ms | ${ms(r.sqlP99)} ms | ${(r.httpP50 / r.sqlP50).toFixed(2)}× |`).join('\n')}

A ratio near 1 means the HTTP path adds little to the query. Points alone (the \`cases\` layer,
z14, the target's case): HTTP p50 ${ms(f.points.httpP50)} ms (p99 ${ms(f.points.httpP99)} ms) against the raw query's
${ms(f.points.sqlP50)} ms (p99 ${ms(f.points.sqlP99)} ms), ${(f.points.httpP50 / f.points.sqlP50).toFixed(2)}×, ${(f.points.meanBytes / 1024).toFixed(1)} kB a tile.

Cached: ${f.cached.tiles} z${f.cached.z} tiles of all the layers above, requested in turn by autocannon (a
process of its own) over ${f.cached.concurrency} keep-alive connections for ${f.cached.seconds.toFixed(0)} s, answered from the server's
in-memory tile cache (gzip, ETag; edits to a tile's tables invalidate it): **${Math.round(f.cached.perSecond).toLocaleString('en')} tiles/s**
(${f.cached.requests.toLocaleString('en')} requests, latency p50 ${f.cached.p50Ms} ms, p99 ${f.cached.p99Ms} ms). Revalidated with
If-None-Match (304 Not Modified, no body): ${Number.isFinite(f.cached.notModified) ? `${Math.round(f.cached.notModified).toLocaleString('en')}/s` : 'not every answer was 304'}.
`;
}

export function tileFigures(f: TileFigures): Figure[] {
  const p = f.points;
  const added = p.httpP50 - p.sqlP50;
  return [
    {
      name: 'tiles: z14 points, HTTP p50', value: p.httpP50, unit: 'ms', baseline: { what: 'raw ST_AsMVT query', value: p.sqlP50, unit: 'ms' },
      ratio: p.httpP50 / p.sqlP50, target: '≤ 1.15× at p50', met: p.httpP50 / p.sqlP50 <= 1.15,
      limit: `the HTTP path (sign-in check, scoped transaction with row-level security, gzip, the socket) adds ${added.toFixed(1)} ms to a ${p.sqlP50.toFixed(1)} ms query at p50; the same fixed cost is ${((f.rows.find((r) => r.z === 14)!.httpP50 - f.rows.find((r) => r.z === 14)!.sqlP50)).toFixed(1)} ms on the all-layer z14 tile`,
    },
    {
      name: `tiles: cached z${f.cached.z} tiles per second (autocannon, ${f.cached.concurrency} connections)`, value: f.cached.perSecond, unit: '/s',
      baseline: null, ratio: null, target: '≥ 10,000/s on 2 cores', met: f.cached.perSecond >= 10_000,
      limit: `one Node process serves every request on one core (the other runs autocannon and PostgreSQL); p50 latency ${f.cached.p50Ms} ms with ${f.cached.concurrency} connections; 304 revalidation reached ${Math.round(f.cached.notModified).toLocaleString('en')}/s`,
    },
  ];
}
