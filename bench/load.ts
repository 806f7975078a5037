// Mixed traffic under load with autocannon: the requests the views make all day, at
// once, against a running server (`url`), signed in as an officer (reads everything,
// files cases):
//  - tiles: vector tiles of the basemap, grids, sub-grids, blocks, cases and components
//    at zooms 12–16 over the whole city (every tile address of the city's bounding box);
//  - lists: cases (by grid and status, by bounding box and month, by type, overdue),
//    components (by grid and status, by class and bounding box), grids (by street
//    office, by text, all of them);
//  - posts: new cases (POST /api/cases) made by the case simulator (scripts/simulate):
//    a leaf type weighted like the seed's, a point inside a grid, the seed's channels.
// One autocannon instance per kind, run together, so each kind has its own latency
// histogram; the connections are shared out between them. Each request is drawn from
// its kind's list by a seeded generator.
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Random } from '../seed/random.ts';
import { CaseMaker, gridsOf } from '../scripts/simulate/cases.ts';
import { leafTypes } from '../scripts/simulate/taxonomy.ts';

export type LoadKind = 'tiles' | 'lists' | 'posts';

export interface LoadOptions {
  url: string;
  /** An officer's bearer token. */
  token: string;
  /** Connections in all (default 50), shared out as `share`. */
  connections?: number;
  durationS: number;
  /** Share of the connections per kind (default tiles 0.5, lists 0.3, posts 0.2). */
  share?: Record<LoadKind, number>;
  /** Seconds of light traffic first (one connection per kind, not counted): a freshly started server's caches are cold (default 5). */
  warmupS?: number;
  /** A request unanswered this long counts as a timeout (s, default 10). */
  timeoutS?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface KindFigures {
  connections: number;
  requests: number;
  /** Answers per second. */
  rate: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Status codes seen and how often. */
  statuses: Record<string, number>;
  /** The first few refusals, method, path, status and body. */
  samples: string[];
}

export interface LoadFigures {
  url: string;
  connections: number;
  durationS: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  kinds: Record<LoadKind, KindFigures>;
  /** 1-minute load average of the machine before and after. */
  loadBefore: number;
  loadAfter: number;
  /** Cases created by the posts (201s). */
  created: number;
}

type Bbox = [number, number, number, number];

interface GridFeature extends GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon, { name?: string; cases_last_365d?: number }> {
  id: number;
}

/** Tile x, y of a longitude/latitude at zoom z. */
export function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

/** Every tile address of a bounding box from zoom `z0` to `z1`, as z/x/y. */
export function tilesOver(b: Bbox, z0: number, z1: number): string[] {
  const out: string[] = [];
  for (let z = z0; z <= z1; z++) {
    const [x0, y0] = tileOf(b[0], b[3], z);
    const [x1, y1] = tileOf(b[2], b[1], z);
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) out.push(`${z}/${x}/${y}`);
  }
  return out;
}

/** The tile sources the views show at a zoom. */
function tileSourcesAt(z: number): string[] {
  const s = ['basemap', 'grids', 'cases'];
  if (z >= 12) s.push('service_points');
  if (z >= 12) s.push('subgrids');
  if (z >= 13) s.push('blocks');
  if (z >= 14) s.push('components');
  return s;
}

async function getJson<T>(url: string, token: string): Promise<T> {
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

function bboxOfGrids(grids: GridFeature[]): Bbox {
  const b: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      b[0] = Math.min(b[0], x); b[1] = Math.min(b[1], y); b[2] = Math.max(b[2], x); b[3] = Math.max(b[3], y);
    } else for (const d of c as unknown[]) visit(d);
  };
  for (const g of grids) visit(g.geometry.coordinates);
  return b;
}

/** What the load draws from: tile paths, list paths and a case maker, read from the server. */
export async function loadPlan(url: string, token: string, seed = 8) {
  const grids = (await getJson<{ features: GridFeature[] }>(`${url}/api/grids?limit=1000`, token)).features;
  const streets = (await getJson<{ features: { id: number }[] }>(`${url}/api/areas?level=street`, token)).features.map((f) => f.id);
  const types = (await getJson<{ code: string }[]>(`${url}/api/reference/case-types`, token)).map((t) => t.code);
  if (grids.length === 0 || streets.length === 0) throw new Error('the account sees no grids or street offices');
  const city = bboxOfGrids(grids);
  const rng = new Random(seed, 'load');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  // One source per request, as the views ask for them (each source is its own map source).
  const tiles = tilesOver(city, 12, 16).flatMap((t) => tileSourcesAt(Number(t.split('/')[0])).map((s) => `/tiles/${s}/${t}.mvt`));
  // Small boxes inside the city, a few blocks across, as a map view at z15–16 asks.
  const box = () => {
    const w = (city[2] - city[0]) * 0.08, h = (city[3] - city[1]) * 0.08;
    const x = city[0] + rng.next() * (city[2] - city[0] - w), y = city[1] + rng.next() * (city[3] - city[1] - h);
    return [x, y, x + w, y + h].map((v) => v.toFixed(5)).join(',');
  };
  const categories = [...new Set(types.map((t) => t.slice(0, 2)))];
  const lists: string[] = [];
  for (let i = 0; i < 200; i++) {
    const g = pick(grids).id;
    lists.push(
      [
        `/api/cases?grid=${g}&status=reported,registered,dispatched,handling&limit=50`,
        `/api/cases?bbox=${box()}&from=2026-06-01&to=2026-06-30&limit=100`,
        `/api/cases?type=${pick(categories)}&street=${pick(streets)}&limit=50`,
        `/api/cases/due?due=overdue&limit=8`,
        `/api/components?grid=${g}&status=damaged,missing&limit=100`,
        `/api/components?bbox=${box()}&limit=200`,
        `/api/grids?street=${pick(streets)}`,
        `/api/grids?q=${encodeURIComponent(pick(grids).properties.name?.slice(0, 2) ?? '网格')}&limit=20`,
        `/api/grids?limit=1000`,
      ][i % 9]!,
    );
  }
  const maker = new CaseMaker(leafTypes(), gridsOf(grids), new Random(seed, 'load-cases'));
  return { city, tiles, lists, maker, pick };
}

export async function runLoad(o: LoadOptions): Promise<LoadFigures> {
  const log = o.log ?? ((l: string) => console.log(l));
  const total = o.connections ?? 50;
  const share = o.share ?? { tiles: 0.5, lists: 0.3, posts: 0.2 };
  const plan = await loadPlan(o.url, o.token, o.seed);
  const kinds: LoadKind[] = ['tiles', 'lists', 'posts'];
  const conns = Object.fromEntries(kinds.map((k) => [k, Math.max(1, Math.round(total * share[k]))])) as Record<LoadKind, number>;
  conns.tiles = Math.max(1, total - conns.lists - conns.posts);
  const headers = { authorization: `Bearer ${o.token}` };
  const samples: Record<LoadKind, string[]> = { tiles: [], lists: [], posts: [] };
  const statuses: Record<LoadKind, Record<string, number>> = { tiles: {}, lists: {}, posts: {} };
  let created = 0;
  const onResponse = (kind: LoadKind) => (status: number, body: string, context: Record<string, unknown>) => {
    statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
    if (kind === 'posts' && status === 201) created++;
    if ((status < 200 || status >= 300) && samples[kind].length < 5) samples[kind].push(`${String(context.path)} → ${status} ${body.slice(0, 300)}`);
  };
  const request = (kind: LoadKind): autocannon.Request => ({
    method: kind === 'posts' ? 'POST' : 'GET',
    setupRequest: (req, context) => {
      const ctx = context as Record<string, unknown>;
      if (kind === 'posts') {
        ctx.path = '/api/cases';
        return { ...req, path: '/api/cases', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(plan.maker.make(Date.now())) };
      }
      const path = plan.pick(kind === 'tiles' ? plan.tiles : plan.lists);
      ctx.path = path;
      return { ...req, path, headers };
    },
    onResponse: onResponse(kind) as autocannon.Request['onResponse'],
  });
  const warmupS = o.warmupS ?? 5;
  if (warmupS > 0) {
    await Promise.all(kinds.map((kind) => autocannon({ url: o.url, connections: 1, duration: warmupS, timeout: 60, requests: [request(kind)] })));
    for (const kind of kinds) {
      statuses[kind] = {};
      samples[kind] = [];
    }
    created = 0;
  }
  const loadBefore = loadavg()[0]!;
  log(`[load] ${total} connections (tiles ${conns.tiles}, lists ${conns.lists}, posts ${conns.posts}) for ${o.durationS} s after ${warmupS} s of warm-up against ${o.url}; ${plan.tiles.length} tile addresses, ${plan.lists.length} list queries; load average ${loadBefore.toFixed(1)}`);
  const results = await Promise.all(
    kinds.map((kind) =>
      autocannon({
        url: o.url,
        connections: conns[kind],
        duration: o.durationS,
        timeout: o.timeoutS ?? 10,
        requests: [request(kind)],
      }).then((r) => [kind, r] as const),
    ),
  );
  const loadAfter = loadavg()[0]!;
  const figures = {} as Record<LoadKind, KindFigures>;
  for (const [kind, r] of results) {
    figures[kind] = {
      connections: conns[kind],
      requests: r.requests.total,
      rate: +(r.requests.total / r.duration).toFixed(1),
      non2xx: r.non2xx,
      errors: r.errors,
      timeouts: r.timeouts,
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      statuses: statuses[kind],
      samples: samples[kind],
    };
  }
  const sum = (f: (k: KindFigures) => number) => kinds.reduce((s, k) => s + f(figures[k]), 0);
  const out: LoadFigures = {
    url: o.url,
    connections: total,
    durationS: o.durationS,
    requests: sum((k) => k.requests),
    non2xx: sum((k) => k.non2xx),
    errors: sum((k) => k.errors),
    timeouts: sum((k) => k.timeouts),
    kinds: figures,
    loadBefore,
    loadAfter,
    created,
  };
  for (const line of loadLines(out)) log(line);
  return out;
}

export function loadLines(f: LoadFigures): string[] {
  const lines = [`[load] ${f.requests} requests in ${f.durationS} s at ${f.connections} connections: non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts}; ${f.created} cases created; load average ${f.loadBefore.toFixed(1)} → ${f.loadAfter.toFixed(1)}`];
  for (const [kind, k] of Object.entries(f.kinds)) {
    lines.push(`[load]   ${kind.padEnd(5)} ${String(k.connections).padStart(2)} conns  ${String(k.requests).padStart(6)} req  ${k.rate.toFixed(1).padStart(6)}/s  p50 ${k.p50} ms  p90 ${k.p90} ms  p99 ${k.p99} ms  max ${k.max} ms  non-2xx ${k.non2xx}  errors ${k.errors}  timeouts ${k.timeouts}  ${JSON.stringify(k.statuses)}`);
    for (const s of k.samples) lines.push(`[load]     ${s}`);
  }
  return lines;
}

/** Signs in and returns the bearer token. */
export async function signIn(url: string, username: string, password = 'gridcity'): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`sign-in ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
