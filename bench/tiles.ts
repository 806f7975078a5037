// Vector tiles: for z10-z18, tiles over the city's buildings, the time of the HTTP tile
// with the tile cache off (sign-in scope, row-level security, SQL, encoding, gzip,
// HTTP) against the same tile's raw SQL in the same run (server: the layers' ST_AsMVT
// queries; embedded: the feature queries and the JS encoder), and the cached tiles per
// second at z16 over keep-alive connections.
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { loadManifest } from '../server/tiles/manifest.ts';
import { parseTileParams } from '../server/tiles/params.ts';
import { renderTile, TileSql } from '../server/tiles/render.ts';
import type { RenderMode } from '../server/tiles/sql.ts';
import { Random } from '../seed/random.ts';

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
  cached: { z: number; tiles: number; requests: number; seconds: number; perSecond: number; concurrency: number };
}

interface Served {
  url: string;
  close(): Promise<void>;
  login(user: string): Promise<string>;
}

async function serve(db: Db, config: Config): Promise<Served> {
  const app = createApp({ db, config: { ...config, webDist: '/nonexistent' }, logger: pino({ level: 'silent' }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
    async login(username) {
      const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gridcity' }) });
      if (r.status !== 200) throw new Error(`bench: cannot sign in as ${username} (${r.status}); the store needs the seeded demo users`);
      return ((await r.json()) as { token: string }).token;
    },
  };
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

export async function benchTiles(db: Db, config: Config, options: { samples: number; cachedSeconds: number }): Promise<TileFigures> {
  const rng = new Random(11, 'bench-tiles');
  const anchors = (await db.query<{ lon: number; lat: number }>('select st_x(point) as lon, st_y(point) as lat from buildings order by id')).rows;
  if (!anchors.length) throw new Error('bench: the store holds no buildings');
  const points = Array.from({ length: options.samples }, () => anchors[rng.int(0, anchors.length - 1)]!);
  const layers = BENCH_SOURCES.join(',');
  const uncached = await serve(db, { ...config, tileCacheBytes: 0 });
  const rows: TileZoomRow[] = [];
  let cachedFigures: TileFigures['cached'];
  try {
    const token = await uncached.login('command');
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const get = async (t: { z: number; x: number; y: number }) => {
      const r = await fetch(`${uncached.url}/tiles/${layers}/${t.z}/${t.x}/${t.y}.mvt`, { headers });
      if (r.status !== 200 && r.status !== 204) throw new Error(`bench: tile ${t.z}/${t.x}/${t.y} answered ${r.status}: ${await r.text()}`);
      return (await r.arrayBuffer()).byteLength;
    };
    const manifest = loadManifest();
    const sql = new TileSql(manifest);
    const sources = BENCH_SOURCES.map((s) => manifest.sources.get(s)!);
    const params = parseTileParams(sources, {});
    const mode: RenderMode = db.kind === 'server' ? 'mvt' : 'js';
    const raw = (t: { z: number; x: number; y: number }) => db.transaction(async (tx) => {
      await tx.query(`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
      return timed(() => renderTile(tx, mode, sql, manifest.extent, sources, t, params));
    });
    for (let z = 10; z <= 18; z++) {
      const tiles = points.map((p) => tileAt(p.lon, p.lat, z));
      const distinct = new Set(tiles.map((t) => `${t.x}/${t.y}`)).size;
      // Warm the plans and the pages once, then measure each sample.
      for (const t of tiles.slice(0, 3)) {
        await get(t);
        await raw(t);
      }
      const http: number[] = [];
      const sqlMs: number[] = [];
      let bytes = 0;
      for (const t of tiles) {
        http.push(await timed(async () => {
          bytes += await get(t);
        }));
        sqlMs.push(await raw(t));
      }
      http.sort((a, b) => a - b);
      sqlMs.sort((a, b) => a - b);
      rows.push({
        z, tiles: distinct, samples: tiles.length, meanBytes: bytes / tiles.length,
        httpP50: quantile(http, 0.5), httpP99: quantile(http, 0.99), sqlP50: quantile(sqlMs, 0.5), sqlP99: quantile(sqlMs, 0.99),
      });
    }
  } finally {
    await uncached.close();
  }

  const cached = await serve(db, config);
  try {
    const token = await cached.login('command');
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    const z = 16;
    const urls = [...new Set(points.map((p) => tileAt(p.lon, p.lat, z)).map((t) => `${cached.url}/tiles/${layers}/${t.z}/${t.x}/${t.y}.mvt`))];
    for (const u of urls) await (await fetch(u, { headers })).arrayBuffer();
    const concurrency = 8;
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const fetchCached = (url: string) => new Promise<string | undefined>((resolve, reject) => {
      request(url, { agent, headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => resolve(res.headers['x-tile-cache'] as string | undefined));
        res.on('error', reject);
      }).on('error', reject).end();
    });
    let requests = 0;
    const end = performance.now() + options.cachedSeconds * 1000;
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
      for (let i = w; performance.now() < end; i++) {
        if ((await fetchCached(urls[i % urls.length]!)) !== 'hit') throw new Error('bench: a z16 tile missed the warmed cache');
        requests++;
      }
    }));
    agent.destroy();
    const seconds = (performance.now() - start) / 1000;
    cachedFigures = { z, tiles: urls.length, requests, seconds, perSecond: requests / seconds, concurrency };
  } finally {
    await cached.close();
  }
  return { sources: BENCH_SOURCES, rows, cached: cachedFigures };
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

A ratio near 1 means the HTTP path adds little to the query. Cached: ${f.cached.tiles} z${f.cached.z} tiles
fetched in a loop by ${f.cached.concurrency} concurrent keep-alive clients in the same process for
${f.cached.seconds.toFixed(1)} s: **${Math.round(f.cached.perSecond).toLocaleString('en')} tiles/s** (${f.cached.requests.toLocaleString('en')} requests, gzip, answered from the
in-process cache).
`;
}
