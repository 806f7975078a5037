// The tile service behind the routes: which sources a request names, whether its tile
// address is one, and the tile itself — from the cache of compressed tiles, or made in
// a transaction scoped to the caller (row-level security) under a statement timeout,
// gzipped, and stored unless an edit to one of its tables came in meanwhile. Edits
// reach the cache through `changes`, so the next read after a committed write shows it.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Config } from '../config.ts';
import type { BackendKind, Queryable } from '../db/types.ts';
import { AppError, badRequest } from '../errors.ts';
import type { Changes } from '../http/changes.ts';
import { type Principal, visibilityKey } from '../auth/principal.ts';
import { TileCache, type CachedTile } from './cache.ts';
import { loadManifest, type TileManifest, type TileSource } from './manifest.ts';
import type { TileParams } from './params.ts';
import { layersAt, renderTile, TileSql, type TileAddress } from './render.ts';
import type { RenderMode } from './sql.ts';

export interface TileServiceDeps {
  db: { kind: BackendKind };
  config: Pick<Config, 'tileCacheBytes' | 'statementTimeoutMs'>;
  changes: Changes;
}

export interface TileRequest {
  sources: TileSource[];
  address: TileAddress;
  params: TileParams;
  principal: Principal;
  scoped<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

export interface TileResult extends CachedTile {
  /** True when the tile came from the cache. */
  cached: boolean;
}

const MAX_ZOOM = 30;
/**
 * zlib level of the stored tiles. A miss waits for the compression: level 3 took a fifth
 * of level 6's time on the demo city's z14-16 tiles for 2.7 % more bytes (45.4 % of the
 * raw tile against 44.2 %); bench/tiles.ts reports the time and sizes at each run.
 */
export const GZIP_LEVEL = 3;
const TILE_SETTINGS = `select set_config('statement_timeout', $1, true), set_config('max_parallel_workers_per_gather', '0', true),
                              set_config('jit', 'off', true)`;
const DIGITS = /^\d{1,10}$/;

const zoomRange = (s: { minzoom: number; maxzoom: number }) => `${s.minzoom}-${s.maxzoom}`;

export class TileService {
  readonly manifest: TileManifest;
  readonly cache: TileCache;
  readonly mode: RenderMode;
  private readonly sql: TileSql;
  private readonly inflight = new Map<string, { tables: ReadonlySet<string>; promise: Promise<CachedTile> }>();

  constructor(private readonly deps: TileServiceDeps, manifest: TileManifest = loadManifest()) {
    this.manifest = manifest;
    this.sql = new TileSql(manifest);
    this.cache = new TileCache(deps.config.tileCacheBytes);
    this.mode = deps.db.kind === 'server' ? 'mvt' : 'js';
    deps.changes.on(({ tables }) => {
      this.cache.invalidate(tables);
      for (const [key, job] of this.inflight) if (tables.some((t) => job.tables.has(t))) this.inflight.delete(key);
    });
  }

  /** The sources named by a path segment `a` or `a,b,c`; 404 names the known ones. */
  sources(segment: string): TileSource[] {
    const names = segment.split(',');
    const unknown = names.filter((n) => !this.manifest.sources.has(n));
    const known = [...this.manifest.sources.keys()];
    if (unknown.length) {
      throw new AppError(404, 'unknown_tile_layer', `no tile layer named ${unknown.map((n) => `"${n}"`).join(', ')}; the layers are ${known.join(', ')}`, { unknown, layers: known });
    }
    const twice = names.filter((n, i) => names.indexOf(n) !== i);
    if (twice.length) throw badRequest(`tile layer ${twice[0]} is named twice`, { layers: names });
    const sources = names.map((n) => this.manifest.sources.get(n)!);
    const owner = new Map<string, string>();
    for (const s of sources) {
      for (const l of s.layers) {
        const other = owner.get(l.name);
        if (other) throw badRequest(`${other} and ${s.name} both hold a layer named ${l.name}; ask for them in separate tiles`, { layers: names });
        owner.set(l.name, s.name);
      }
    }
    return sources;
  }

  /** Checks a tile address: 400 when it is not one, 404 when no source has tiles at its zoom. */
  address(sources: readonly TileSource[], zs: string, xs: string, ys: string): TileAddress {
    if (!DIGITS.test(zs) || Number(zs) > MAX_ZOOM) {
      throw new AppError(400, 'invalid_tile', `zoom must be an integer from 0 to ${MAX_ZOOM}, got "${zs}"`, { z: zs });
    }
    const z = Number(zs);
    const max = 2 ** z - 1;
    for (const [name, v] of [['x', xs], ['y', ys]] as const) {
      if (!DIGITS.test(v) || Number(v) > max) {
        throw new AppError(400, 'invalid_tile', `${name} must be an integer from 0 to ${max} at zoom ${z}, got "${v}"`, { z: zs, x: xs, y: ys });
      }
    }
    if (!sources.some((s) => z >= s.minzoom && z <= s.maxzoom)) {
      const ranges = sources.map((s) => `${s.name} ${zoomRange(s)}`).join(', ');
      throw new AppError(404, 'zoom_out_of_range', `no tiles at zoom ${z}: ${sources.length > 1 ? 'the layers have tiles at zooms ' : 'tiles exist at zooms '}${sources.length > 1 ? ranges : zoomRange(sources[0]!)}`, {
        zoom: z,
        ranges: Object.fromEntries(sources.map((s) => [s.name, [s.minzoom, s.maxzoom]])),
      });
    }
    return { z, x: Number(xs), y: Number(ys) };
  }

  /** How long a client may keep the tile: the shortest of the sources'. */
  maxAge(sources: readonly TileSource[]): number {
    return Math.min(...sources.map((s) => s.maxAge));
  }

  /** The tables a tile of these sources reads at zoom z. */
  private tables(sources: readonly TileSource[], z: number): Set<string> {
    return new Set(layersAt(sources, z).flatMap(({ layer }) => layer.tables));
  }

  /** The cache key: the sources, the address, the filters and what the caller may see. */
  private key({ sources, address, params, principal }: Omit<TileRequest, 'scoped'>): string {
    return `${sources.map((s) => s.name).join(',')}|${address.z}/${address.x}/${address.y}|${params.key}|${visibilityKey(principal)}`;
  }

  /** The tile from the cache, or undefined (never touches the database). */
  cached(req: Omit<TileRequest, 'scoped'>): TileResult | undefined {
    const hit = this.cache.get(this.key(req));
    return hit && { ...hit, cached: true };
  }

  async tile(req: TileRequest): Promise<TileResult> {
    const { sources, address } = req;
    const key = this.key(req);
    const hit = this.cache.get(key);
    if (hit) return { ...hit, cached: true };
    let job = this.inflight.get(key);
    if (!job) {
      const tables = this.tables(sources, address.z);
      const stamp = this.cache.stamp(tables);
      const promise = this.make(req, tables).then((tile) => {
        this.cache.set(key, tile, stamp);
        return tile;
      }).finally(() => {
        if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
      });
      job = { tables, promise };
      this.inflight.set(key, job);
    }
    return { ...(await job.promise), cached: false };
  }

  private describe({ sources, address }: TileRequest): string {
    return `${sources.map((s) => s.name).join(',')}/${address.z}/${address.x}/${address.y}`;
  }

  private timeout(req: TileRequest, ms: number): AppError {
    return new AppError(503, 'statement_timeout', `tile ${this.describe(req)} took longer than the statement timeout of ${ms} ms; try again, or ask for fewer layers or a narrower filter`, {
      tile: this.describe(req),
      timeoutMs: ms,
    });
  }

  private async make(req: TileRequest, tables: ReadonlySet<string>): Promise<CachedTile> {
    const ms = this.deps.config.statementTimeoutMs;
    const work = req.scoped(async (tx) => {
      // The timeout is per statement. Parallel workers slow small tile queries on few
      // cores, and JIT compiling costs ~100 ms where row-level security makes the plan
      // look expensive (a seq scan: the policies keep the non-leakproof && off the index).
      await tx.query(TILE_SETTINGS, [String(ms)]);
      return renderTile(tx, this.mode, this.sql, this.manifest.extent, req.sources, req.address, req.params);
    });
    let raw: Buffer;
    try {
      raw = this.mode === 'mvt' ? await work : await deadline(work, ms, () => this.timeout(req, ms));
    } catch (err) {
      if ((err as { code?: string }).code === '57014') throw this.timeout(req, ms);
      throw err;
    }
    if (!raw.length) return { gzip: null, etag: null, rawBytes: 0, tables };
    return {
      gzip: gzipSync(raw, { level: GZIP_LEVEL }),
      etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 27)}"`,
      rawBytes: raw.length,
      tables,
    };
  }
}

/**
 * The embedded store cannot cancel a running statement (PGlite ignores
 * statement_timeout) and runs on this thread, so a timer may only fire once the work is
 * done: answer at the deadline when the event loop gets there first, and refuse a
 * result that came later than the deadline, as the server would have cancelled it.
 */
async function deadline<T>(work: Promise<T>, ms: number, error: () => Error): Promise<T> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error()), ms);
  });
  work.catch(() => undefined);
  try {
    const result = await Promise.race([work, late]);
    if (performance.now() - start > ms) throw error();
    return result;
  } finally {
    clearTimeout(timer);
  }
}
