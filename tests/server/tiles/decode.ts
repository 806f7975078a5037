// Decoding tiles for the tests: every layer and feature with its id, properties and a
// geometry summary (kind, parts, bounding box, area or length in tile units) that two
// encoders of the same features agree on within a unit of rounding.
import { VectorTile, VectorTileFeature } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

export interface FeatureSummary {
  id: number | null;
  type: 'Point' | 'LineString' | 'Polygon';
  properties: Record<string, string | number | boolean>;
  /** Points, lines, or polygons (an exterior ring starts a polygon). */
  parts: number;
  /** [xmin, ymin, xmax, ymax] in tile units. */
  bbox: [number, number, number, number];
  /** Polygons: area (exteriors minus holes); lines: length; points: 0. */
  measure: number;
  /** Polygons: perimeter of every ring (for the rounding tolerance); else 0. */
  perimeter: number;
}

export type TileSummary = Record<string, FeatureSummary[]>;

type Pt = { x: number; y: number };

/** Twice the signed surveyor's area; positive for an MVT exterior ring (clockwise, y down). */
function area2(ring: Pt[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += ring[j]!.x * ring[i]!.y - ring[i]!.x * ring[j]!.y;
  return s;
}

function pathLength(path: Pt[]): number {
  let s = 0;
  for (let i = 1; i < path.length; i++) s += Math.hypot(path[i]!.x - path[i - 1]!.x, path[i]!.y - path[i - 1]!.y);
  return s;
}

const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d;

export function summarizeFeature(f: VectorTileFeature): FeatureSummary {
  const geom = f.loadGeometry() as Pt[][];
  const all = geom.flat();
  const xs = all.map((p) => p.x);
  const ys = all.map((p) => p.y);
  const type = VectorTileFeature.types[f.type] as FeatureSummary['type'];
  let parts = geom.length;
  let measure = 0;
  let perimeter = 0;
  if (type === 'Point') parts = all.length;
  if (type === 'LineString') measure = geom.reduce((s, l) => s + pathLength(l), 0);
  if (type === 'Polygon') {
    parts = 0;
    for (const ring of geom) {
      const a = area2(ring) / 2;
      if (a > 0) parts++;
      measure += a;
      perimeter += pathLength([...ring, ring[0]!]);
    }
  }
  return {
    id: f.id ?? null,
    type,
    properties: { ...f.properties },
    parts,
    bbox: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    measure: round(measure),
    perimeter: round(perimeter),
  };
}

const order = (a: FeatureSummary, b: FeatureSummary) =>
  (a.id ?? -1) - (b.id ?? -1) || JSON.stringify(a.properties).localeCompare(JSON.stringify(b.properties)) || a.bbox[0] - b.bbox[0] || a.bbox[1] - b.bbox[1];

/** Every layer of a tile, its features summarised and sorted (by id, then properties and place). */
export function summarizeTile(buf: Uint8Array): TileSummary {
  const tile = new VectorTile(new PbfReader(buf));
  const out: TileSummary = {};
  for (const name of Object.keys(tile.layers).sort()) {
    const layer = tile.layers[name]!;
    const features: FeatureSummary[] = [];
    for (let i = 0; i < layer.length; i++) features.push(summarizeFeature(layer.feature(i)));
    out[name] = features.sort(order);
  }
  return out;
}

export interface Mismatch {
  layer: string;
  what: string;
}

/** A feature identity that does not depend on geometry rounding. */
const identity = (f: FeatureSummary) => `${f.id ?? ''}|${f.type}|${JSON.stringify(Object.entries(f.properties).sort())}`;

/**
 * Where two summaries of the same tile differ: layers, features (id, type and
 * properties exactly), geometry within the rounding of integer tile coordinates.
 */
export function compareSummaries(actual: TileSummary, expected: TileSummary, tolerance = 2): Mismatch[] {
  const out: Mismatch[] = [];
  const layers = [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort();
  for (const name of layers) {
    const a = actual[name];
    const e = expected[name];
    if (!a || !e) {
      out.push({ layer: name, what: a ? 'layer not expected' : 'layer missing' });
      continue;
    }
    const byId = new Map<string, FeatureSummary[]>();
    for (const f of e) byId.set(identity(f), [...(byId.get(identity(f)) ?? []), f]);
    for (const f of a) {
      const candidates = byId.get(identity(f));
      if (!candidates?.length) {
        out.push({ layer: name, what: `unexpected feature ${identity(f)}` });
        continue;
      }
      // Features without an id (labels, cells) pair with the nearest of their kind.
      const dist = (g: FeatureSummary) => Math.abs(g.bbox[0] - f.bbox[0]) + Math.abs(g.bbox[1] - f.bbox[1]);
      const best = candidates.reduce((m, g) => (dist(g) < dist(m) ? g : m));
      candidates.splice(candidates.indexOf(best), 1);
      const problems: string[] = [];
      if (f.bbox.some((v, i) => Math.abs(v - best.bbox[i]!) > tolerance)) problems.push(`bbox ${f.bbox} vs ${best.bbox}`);
      if (f.type === 'Polygon') {
        // Moving every vertex by up to a unit changes the area by about the perimeter.
        if (Math.abs(f.measure - best.measure) > Math.max(f.perimeter, best.perimeter) * 0.75 + tolerance) problems.push(`area ${f.measure} vs ${best.measure}`);
        if (f.parts !== best.parts && Math.abs(f.measure - best.measure) > tolerance * 4) problems.push(`polygons ${f.parts} vs ${best.parts}`);
      } else if (f.type === 'LineString') {
        if (Math.abs(f.measure - best.measure) > 0.02 * best.measure + tolerance * 4) problems.push(`length ${f.measure} vs ${best.measure}`);
      } else if (f.parts !== best.parts) problems.push(`points ${f.parts} vs ${best.parts}`);
      if (problems.length) out.push({ layer: name, what: `feature ${identity(f)}: ${problems.join('; ')}` });
    }
    for (const [key, left] of byId) for (const _ of left) out.push({ layer: name, what: `missing feature ${key}` });
  }
  return out;
}

/** One line per feature for golden files: id|type|parts|bbox|measure|perimeter|properties. */
export function featureLine(f: FeatureSummary): string {
  const props = Object.fromEntries(Object.entries(f.properties).sort(([a], [b]) => a.localeCompare(b)));
  return [f.id ?? '', f.type, f.parts, f.bbox.join(','), f.measure, f.perimeter, JSON.stringify(props)].join('|');
}

export function parseFeatureLine(line: string): FeatureSummary {
  const parts = line.split('|');
  const [id, type, n, bbox, measure, perimeter] = parts;
  return {
    id: id === '' ? null : Number(id),
    type: type as FeatureSummary['type'],
    parts: Number(n),
    bbox: bbox!.split(',').map(Number) as FeatureSummary['bbox'],
    measure: Number(measure),
    perimeter: Number(perimeter),
    properties: JSON.parse(parts.slice(6).join('|')) as FeatureSummary['properties'],
  };
}

export const toLines = (s: TileSummary): Record<string, string[]> =>
  Object.fromEntries(Object.entries(s).map(([layer, fs]) => [layer, fs.map(featureLine)]));

export const fromLines = (s: Record<string, string[]>): TileSummary =>
  Object.fromEntries(Object.entries(s).map(([layer, lines]) => [layer, lines.map(parseFeatureLine)]));

/** The tile (XYZ, Web Mercator) holding a point at zoom z. */
export function tileAt(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  };
}
