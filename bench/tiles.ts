// Vector tiles: for z10-z18, tiles over the city's buildings, the time of the HTTP tile
// with the tile cache off (sign-in scope, row-level security, SQL, encoding, gzip,
// HTTP) against the same tile's raw SQL in the same run (server: the layers' ST_AsMVT
// queries; embedded: the feature queries and the JS encoder); for the points tile,
// where the difference goes (the same SQL in the caller's scope, gzip, the rest). Every
// sample tile is fetched both ways once before the timed runs, and the two are timed in
// alternating order, so neither reads pages the other just brought in. Then the cached
// tiles per second at z16 over keep-alive connections: the tiles the maps ask for
// (the basemap style's sources, one request each), against a bare node:http server
// answering the same bytes from memory in the same run (the machine's ceiling).
import { createServer, get as httpGet } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { scopeTransaction } from '../server/auth/principal.ts';
import { GZIP_LEVEL } from '../server/tiles/service.ts';
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

/** Every source but `blocks`, whose layer name the basemap also uses: every layer at once. */
export const BENCH_SOURCES = ['basemap', 'grids', 'subgrids', 'components', 'cases', 'service_points'];
/**
 * What the map views ask for: the sources of the basemap style (tiles/styles/basemap.json),
 * each its own tile request; components and cases only when a planner switches them on.
 */
export const MAP_SOURCES = ['basemap', 'grids', 'subgrids'];

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

export interface CachedLoad {
  sources: string[];
  /** Distinct tile URLs requested in turn. */
  tiles: number;
  /** Mean gzipped body of those URLs. */
  meanGzipBytes: number;
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of the server's process per answer (user + system), during the load. */
  serverCpuUs: number;
}

export interface TileFigures {
  sources: string[];
  rows: TileZoomRow[];
  /** z14, the cases layer alone: HTTP against the raw ST_AsMVT query. */
  points: TileZoomRow;
  /** Where the points tile's HTTP time goes (p50 of the same samples, ms). */
  pointsSteps: { scopedSql: number; gzip: number; gzipLevel: number; rawBytes: number; gzipBytes: number };
  cached: {
    z: number;
    concurrency: number;
    /** The map views' tiles (MAP_SOURCES, one source a request). */
    map: CachedLoad;
    /** Tiles of every layer at once (BENCH_SOURCES in one request). */
    all: CachedLoad;
    /** A bare node:http server sending the map tiles' gzipped bytes from memory, same load. */
    bare: { perSecond: number; p50Ms: number; serverCpuUs: number };
    /** 304 answers to If-None-Match of the map tiles. */
    notModified: number;
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

export async function benchTiles(db: Db, config: Config, options: { samples: number; pointSamples: number; cachedSeconds: number; quick?: boolean }): Promise<TileFigures> {
  const rng = new Random(11, 'bench-tiles');
  const anchors = (await db.query<{ lon: number; lat: number }>('select st_x(point) as lon, st_y(point) as lat from buildings order by id')).rows;
  if (!anchors.length) throw new Error('bench: the store holds no buildings');
  const points = Array.from({ length: options.samples }, () => anchors[rng.int(0, anchors.length - 1)]!);
  const pointSpots = Array.from({ length: options.pointSamples }, () => anchors[rng.int(0, anchors.length - 1)]!);
  const uncached = await serve(db, { ...config, tileCacheBytes: 0 });
  const rows: TileZoomRow[] = [];
  let cachedFigures: TileFigures['cached'] | undefined;
  let pointsRow: TileZoomRow;
  let pointsSteps: TileFigures['pointsSteps'];
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
    const scoped = { userId: null, username: 'command', role: 'command' as const, grids: [] };
    const measure = async (names: string[], z: number, withSteps = false, samples = points): Promise<TileZoomRow & { steps?: TileFigures['pointsSteps'] }> => {
      const sources = names.map((s) => manifest.sources.get(s)!);
      const params = parseTileParams(sources, {});
      const raw = (t: { z: number; x: number; y: number }) => db.transaction(async (tx) => {
        await tx.query(`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`);
        return timed(() => renderTile(tx, mode, sql, manifest.extent, sources, t, params));
      });
      // The same SQL in the caller's scope, as the route runs it (scope, settings, RLS), without HTTP.
      let lastTile: Buffer = Buffer.alloc(0);
      const inScope = (t: { z: number; x: number; y: number }) => timed(() => scopeTransaction(db, scoped, async (tx) => {
        await tx.query(`select set_config('statement_timeout', $1, true), set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`, [String(config.statementTimeoutMs)]);
        lastTile = await renderTile(tx, mode, sql, manifest.extent, sources, t, params);
      }));
      const tiles = samples.map((p) => tileAt(p.lon, p.lat, z));
      const distinct = new Set(tiles.map((t) => `${t.x}/${t.y}`)).size;
      // Warm the plans and the pages of every sample tile both ways, then measure each
      // sample, alternating which of the two goes first.
      for (const t of tiles) {
        await get(names.join(','), t);
        await raw(t);
      }
      const http: number[] = [];
      const sqlMs: number[] = [];
      const scopedMs: number[] = [];
      const gzipMs: number[] = [];
      let bytes = 0;
      let rawBytes = 0;
      let gzipBytes = 0;
      for (const [i, t] of tiles.entries()) {
        const viaHttp = async () => {
          http.push(await timed(async () => {
            bytes += await get(names.join(','), t);
          }));
        };
        const viaRaw = async () => {
          sqlMs.push(await raw(t));
        };
        const viaScope = async () => {
          scopedMs.push(await inScope(t));
        };
        // Each way takes each place in turn (the first may meet pages the others then find warm).
        const ways = withSteps ? [viaHttp, viaRaw, viaScope] : [viaHttp, viaRaw];
        for (let k = 0; k < ways.length; k++) await ways[(i + k) % ways.length]!();
        if (withSteps) {
          gzipMs.push(await timed(async () => {
            gzipBytes += gzipSync(lastTile, { level: GZIP_LEVEL }).length;
          }));
          rawBytes += lastTile.length;
        }
      }
      for (const a of [http, sqlMs, scopedMs, gzipMs]) a.sort((x, y) => x - y);
      return {
        z, tiles: distinct, samples: tiles.length, meanBytes: bytes / tiles.length,
        httpP50: quantile(http, 0.5), httpP99: quantile(http, 0.99), sqlP50: quantile(sqlMs, 0.5), sqlP99: quantile(sqlMs, 0.99),
        ...(withSteps ? { steps: { scopedSql: quantile(scopedMs, 0.5), gzip: quantile(gzipMs, 0.5), gzipLevel: GZIP_LEVEL, rawBytes: rawBytes / tiles.length, gzipBytes: gzipBytes / tiles.length } } : {}),
      };
    };
    for (let z = 10; z <= 18; z++) rows.push(await measure(BENCH_SOURCES, z));
    // The target's figure: more samples, from spots of their own.
    const { steps, ...row } = await measure(['cases'], 14, true, pointSpots);
    pointsRow = row;
    pointsSteps = steps!;
  } finally {
    await uncached.close();
  }

  const cached = await serve(db, config);
  const z = 16;
  const concurrency = 16;
  const spots = [...new Set(points.map((p) => tileAt(p.lon, p.lat, z)).map((t) => `${t.z}/${t.x}/${t.y}`))];
  try {
    const token = await cached.login('command');
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' };
    /** The paths of these sources at every spot (one source a request, or all in one), fetched once into the cache. */
    const prepare = async (names: string[], together: boolean) => {
      const paths = spots.flatMap((spot) => (together ? [names.join(',')] : names).map((n) => `/tiles/${n}/${spot}.mvt`));
      const bodies: Buffer[] = [];
      const etags: string[] = [];
      for (const p of paths) {
        await (await fetch(cached.url + p, { headers })).arrayBuffer();
        // The second answer comes from the cache; keep its gzipped bytes (fetch would inflate them).
        const r = await new Promise<{ body: Buffer; etag: string; status: number }>((resolve, reject) => {
          const u = new URL(cached.url + p);
          const req = httpGet(u, { headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ body: Buffer.concat(chunks), etag: String(res.headers.etag ?? ''), status: res.statusCode ?? 0 }));
          });
          req.on('error', reject);
        });
        if (r.status !== 200 && r.status !== 204) throw new Error(`bench: tile ${p} answered ${r.status}`);
        bodies.push(r.body);
        etags.push(r.etag);
      }
      return { paths, bodies, etags };
    };
    const load = async (names: string[], set: { paths: string[]; bodies: Buffer[] }, url: string, extra: Record<string, string>[] = []): Promise<CachedLoad> => {
      const cpu = process.cpuUsage();
      const r = await loadTest({ url, connections: concurrency, seconds: options.cachedSeconds, requests: set.paths.map((p, i) => ({ path: p, headers: { ...headers, ...extra[i] } })) });
      const used = process.cpuUsage(cpu);
      if (r.errors || r.statuses['5xx'] || r.statuses['4xx']) throw new Error(`bench: cached tiles answered ${JSON.stringify(r.statuses)} with ${r.errors} errors`);
      return {
        sources: names, tiles: set.paths.length, meanGzipBytes: set.bodies.reduce((a, b) => a + b.length, 0) / set.bodies.length,
        requests: r.requests, seconds: r.seconds, perSecond: r.perSecond, p50Ms: r.p50Ms, p99Ms: r.p99Ms, serverCpuUs: ((used.user + used.system) / r.requests),
      };
    };
    const mapSet = await prepare(MAP_SOURCES, false);
    const allSet = await prepare(BENCH_SOURCES, true);
    const map = await load(MAP_SOURCES, mapSet, cached.url);
    const all = await load(BENCH_SOURCES, allSet, cached.url);
    // 304: the same map tiles revalidated with the ETag each client holds.
    const revalidated = await load(MAP_SOURCES, mapSet, cached.url, mapSet.etags.map((e) => ({ 'if-none-match': e })));
    // The ceiling: a bare node:http server in this process sends the same gzipped bytes
    // with the same kind of headers, no routing, no token, no cache lookup.
    const byPath = new Map(mapSet.paths.map((p, i) => [p, { body: mapSet.bodies[i]!, etag: mapSet.etags[i]! }]));
    const bareServer = createServer((req, res) => {
      const hit = byPath.get(req.url ?? '');
      if (!hit) {
        res.writeHead(404).end();
        return;
      }
      if (!hit.body.length) {
        res.writeHead(204).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/vnd.mapbox-vector-tile', 'Content-Encoding': 'gzip', ETag: hit.etag, 'Cache-Control': 'private, no-cache', Vary: 'Accept-Encoding, Authorization', 'Content-Length': hit.body.length }).end(hit.body);
    });
    await new Promise<void>((resolve) => bareServer.listen(Number(process.env.BENCH_PORT ?? 0) ? Number(process.env.BENCH_PORT) + 8 : 0, '127.0.0.1', resolve));
    let bare: CachedLoad;
    try {
      bare = await load(MAP_SOURCES, mapSet, `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`);
    } finally {
      bareServer.closeAllConnections();
      await new Promise((resolve) => bareServer.close(resolve));
    }
    cachedFigures = {
      z, concurrency, map, all,
      bare: { perSecond: bare.perSecond, p50Ms: bare.p50Ms, serverCpuUs: bare.serverCpuUs },
      notModified: revalidated.perSecond,
    };
  } finally {
    await cached.close();
  }
  return { sources: BENCH_SOURCES, rows, points: pointsRow!, pointsSteps: pointsSteps!, cached: cachedFigures! };
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

A ratio near 1 means the HTTP path adds little to the query. Points alone (the \`cases\` source,
z14, the target's case; its \`case_cells\` layer, the cases counted per H3 cell), ${f.points.samples} samples: HTTP p50 ${ms(f.points.httpP50)} ms (p99 ${ms(f.points.httpP99)} ms) against the raw query's
${ms(f.points.sqlP50)} ms (p99 ${ms(f.points.sqlP99)} ms), ${(f.points.httpP50 / f.points.sqlP50).toFixed(2)}×, ${(f.points.meanBytes / 1024).toFixed(1)} kB a tile. Where the
difference goes (p50 of the same tiles): the same SQL in the caller's scope (begin, scope, settings, row-level
security, commit) ${ms(f.pointsSteps.scopedSql)} ms; gzip at level ${f.pointsSteps.gzipLevel} ${f.pointsSteps.gzip.toFixed(2)} ms (${(f.pointsSteps.rawBytes / 1024).toFixed(1)} kB to ${(f.pointsSteps.gzipBytes / 1024).toFixed(1)} kB);
the rest (token, routing, the socket and the client) ${ms(Math.max(0, f.points.httpP50 - f.pointsSteps.scopedSql - f.pointsSteps.gzip))} ms.

${cachedMarkdown(f.cached)}`;
}

function cachedMarkdown(c: TileFigures['cached']): string {
  const line = (what: string, l: CachedLoad) => `| ${what} | ${l.tiles} | ${(l.meanGzipBytes / 1024).toFixed(1)} kB | **${Math.round(l.perSecond).toLocaleString('en')}/s** | ${((l.perSecond * l.meanGzipBytes) / 1e6).toFixed(0)} MB/s | ${l.p50Ms} ms | ${l.p99Ms} ms | ${l.serverCpuUs.toFixed(0)} µs |`;
  return `Cached: z${c.z} tiles answered from the server's in-memory tile cache (the stored gzip
bytes and ETag, ahead of the router: token checked, no transaction), requested in turn by
autocannon (a process of its own) over ${c.concurrency} keep-alive connections for ${c.map.seconds.toFixed(0)} s. The map tiles
are what the map views ask for: the basemap style's sources ${c.map.sources.join(', ')}, one request each,
at the sample spots; the all-layer tile asks for every source in one request. The ceiling
is a bare node:http server in the same process sending the same gzipped map tiles from
memory with the same headers, under the same load. Server CPU is the server process's
user and system time per answer during the load.

| requests | URLs | mean gzip body | answers/s | body bytes/s | p50 | p99 | server CPU per answer |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${line('map tiles (basemap, grids, subgrids)', c.map)}
${line('all layers in one tile', c.all)}
| bare node:http, the map tiles' bytes | ${c.map.tiles} | ${(c.map.meanGzipBytes / 1024).toFixed(1)} kB | ${Math.round(c.bare.perSecond).toLocaleString('en')}/s | ${((c.bare.perSecond * c.map.meanGzipBytes) / 1e6).toFixed(0)} MB/s | ${c.bare.p50Ms} ms | – | ${c.bare.serverCpuUs.toFixed(0)} µs |

Revalidated with If-None-Match (304 Not Modified, no body): ${Math.round(c.notModified).toLocaleString('en')}/s.
`;
}

export function tileFigures(f: TileFigures): Figure[] {
  const p = f.points;
  const s = f.pointsSteps;
  const c = f.cached;
  const rest = Math.max(0, p.httpP50 - s.scopedSql - s.gzip);
  const z14 = f.rows.find((r) => r.z === 14)!;
  return [
    {
      name: 'tiles: z14 points, HTTP p50', value: p.httpP50, unit: 'ms', baseline: { what: 'raw ST_AsMVT query', value: p.sqlP50, unit: 'ms' },
      ratio: p.httpP50 / p.sqlP50, target: '≤ 1.15× at p50', met: p.httpP50 / p.sqlP50 <= 1.15,
      limit: `the HTTP path adds ${(p.httpP50 - p.sqlP50).toFixed(1)} ms to a ${p.sqlP50.toFixed(1)} ms query at p50: the same SQL in the caller's scope (row-level security) takes ${s.scopedSql.toFixed(1)} ms (${(s.scopedSql - p.sqlP50).toFixed(1)} ms more), gzip ${s.gzip.toFixed(1)} ms, token, routing and the socket ${rest.toFixed(1)} ms; the fixed cost is ${(z14.httpP50 - z14.sqlP50).toFixed(1)} ms on the all-layer z14 tile`,
    },
    {
      name: `tiles: cached z${c.z} map tiles per second (autocannon, ${c.concurrency} connections)`, value: c.map.perSecond, unit: '/s',
      baseline: { what: 'bare node:http sending the same bytes', value: c.bare.perSecond, unit: '/s' }, ratio: c.map.perSecond / c.bare.perSecond,
      target: '≥ 10,000/s on 2 cores', met: c.map.perSecond >= 10_000,
      limit: `a bare node:http server sending the same ${(c.map.meanGzipBytes / 1024).toFixed(1)} kB bodies from memory reached ${Math.round(c.bare.perSecond).toLocaleString('en')}/s under the same load (autocannon, the server and the rest of the machine share 2 cores); the tile server spent ${c.map.serverCpuUs.toFixed(0)} µs of CPU per answer (${Math.round(1e6 / c.map.serverCpuUs).toLocaleString('en')}/s for a core of its own), the bare server ${c.bare.serverCpuUs.toFixed(0)} µs; all layers in one tile (${(c.all.meanGzipBytes / 1024).toFixed(0)} kB gzipped): ${Math.round(c.all.perSecond).toLocaleString('en')}/s, ${((c.all.perSecond * c.all.meanGzipBytes) / 1e6).toFixed(0)} MB/s`,
    },
  ];
}
