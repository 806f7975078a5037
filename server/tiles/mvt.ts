// A Mapbox Vector Tile 2.1 encoder for the embedded backend (PGlite has no ST_AsMVT):
// geometry already in tile coordinates (integers, y down) as GeoJSON, properties as
// strings, numbers and booleans. Commands are zigzag-encoded deltas; polygon rings
// are written exterior clockwise (positive surveyor's area in tile coordinates), holes
// anticlockwise; keys and values are shared within a layer; degenerate parts (a line of
// one point, a ring without area) are dropped, and a feature left with nothing is too.
import type { Geometry, Position } from 'geojson';
import { PbfWriter } from 'pbf';

export type PropertyValue = string | number | boolean;

export interface MvtFeature {
  id?: number;
  /** Null and undefined values are left out, as ST_AsMVT leaves out NULLs. */
  properties: Record<string, PropertyValue | null | undefined>;
  geometry: Geometry;
}

export interface MvtLayer {
  name: string;
  extent: number;
  features: MvtFeature[];
}

const enum GeomType {
  Point = 1,
  LineString = 2,
  Polygon = 3,
}

const MOVE_TO = 1;
const LINE_TO = 2;
const CLOSE_PATH = 7;

const command = (id: number, count: number) => (id & 0x7) | (count << 3);
const zigzag = (n: number) => (n << 1) ^ (n >> 31);

type Ring = [number, number][];

/** Integer points with consecutive duplicates (and a closing repeat) removed. */
function cleanPath(coords: Position[], closed: boolean): Ring {
  const out: Ring = [];
  for (const c of coords) {
    const x = Math.round(c[0]!);
    const y = Math.round(c[1]!);
    const last = out[out.length - 1];
    if (!last || last[0] !== x || last[1] !== y) out.push([x, y]);
  }
  if (closed && out.length > 1) {
    const [fx, fy] = out[0]!;
    const [lx, ly] = out[out.length - 1]!;
    if (fx === lx && fy === ly) out.pop();
  }
  return out;
}

/** Twice the surveyor's area in tile coordinates: positive is clockwise on screen (y down). */
export function ringArea(ring: readonly (readonly [number, number])[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  }
  return sum;
}

class GeometryWriter {
  readonly out: number[] = [];
  private x = 0;
  private y = 0;

  private point(x: number, y: number): void {
    this.out.push(zigzag(x - this.x), zigzag(y - this.y));
    this.x = x;
    this.y = y;
  }

  points(points: Ring): void {
    this.out.push(command(MOVE_TO, points.length));
    for (const [x, y] of points) this.point(x, y);
  }

  path(points: Ring, close: boolean): void {
    this.out.push(command(MOVE_TO, 1));
    this.point(points[0]![0], points[0]![1]);
    this.out.push(command(LINE_TO, points.length - 1));
    for (let i = 1; i < points.length; i++) this.point(points[i]![0], points[i]![1]);
    if (close) this.out.push(command(CLOSE_PATH, 1));
  }
}

/** Polygons as rings oriented for MVT; degenerate rings dropped (with their holes when the shell goes). */
function polygonRings(polygons: Position[][][]): Ring[] {
  const rings: Ring[] = [];
  for (const polygon of polygons) {
    for (let i = 0; i < polygon.length; i++) {
      const ring = cleanPath(polygon[i]!, true);
      const area = ring.length >= 3 ? ringArea(ring) : 0;
      if (area === 0) {
        if (i === 0) break; // the shell collapsed: its holes go with it
        continue;
      }
      const exterior = i === 0;
      rings.push(area > 0 === exterior ? ring : ring.reverse());
    }
  }
  return rings;
}

/** The feature's type and command stream, or null when nothing drawable is left. */
export function encodeGeometry(geometry: Geometry): { type: GeomType; commands: number[] } | null {
  const w = new GeometryWriter();
  switch (geometry.type) {
    case 'Point':
    case 'MultiPoint': {
      const coords = geometry.type === 'Point' ? [geometry.coordinates] : geometry.coordinates;
      const pts = coords.map((c) => [Math.round(c[0]!), Math.round(c[1]!)] as [number, number]);
      if (!pts.length) return null;
      w.points(pts);
      return { type: GeomType.Point, commands: w.out };
    }
    case 'LineString':
    case 'MultiLineString': {
      const lines = (geometry.type === 'LineString' ? [geometry.coordinates] : geometry.coordinates)
        .map((l) => cleanPath(l, false))
        .filter((l) => l.length >= 2);
      if (!lines.length) return null;
      for (const l of lines) w.path(l, false);
      return { type: GeomType.LineString, commands: w.out };
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const rings = polygonRings(geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates);
      if (!rings.length) return null;
      for (const r of rings) w.path(r, true);
      return { type: GeomType.Polygon, commands: w.out };
    }
    case 'GeometryCollection':
      throw new Error('a tile feature must be one point, line or polygon geometry, not a GeometryCollection');
  }
}

interface EncodedLayer {
  layer: MvtLayer;
  keys: string[];
  values: PropertyValue[];
  features: { id?: number; tags: number[]; type: GeomType; commands: number[] }[];
}

function valueKey(v: PropertyValue): string {
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'boolean') return `b:${v}`;
  return Number.isInteger(v) ? `i:${v}` : `d:${v}`;
}

function prepare(layer: MvtLayer): EncodedLayer {
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const values: PropertyValue[] = [];
  const valueIndex = new Map<string, number>();
  const features: EncodedLayer['features'] = [];
  for (const f of layer.features) {
    const geom = encodeGeometry(f.geometry);
    if (!geom) continue;
    const tags: number[] = [];
    for (const [k, v] of Object.entries(f.properties)) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'number' && !Number.isFinite(v)) continue;
      let ki = keyIndex.get(k);
      if (ki === undefined) {
        ki = keys.push(k) - 1;
        keyIndex.set(k, ki);
      }
      const vk = valueKey(v);
      let vi = valueIndex.get(vk);
      if (vi === undefined) {
        vi = values.push(v) - 1;
        valueIndex.set(vk, vi);
      }
      tags.push(ki, vi);
    }
    features.push({ ...(f.id !== undefined && f.id >= 0 ? { id: f.id } : {}), tags, ...geom });
  }
  return { layer, keys, values, features };
}

function writeValue(v: PropertyValue, pbf: PbfWriter): void {
  if (typeof v === 'string') pbf.writeStringField(1, v);
  else if (typeof v === 'boolean') pbf.writeBooleanField(7, v);
  else if (!Number.isInteger(v)) pbf.writeDoubleField(3, v);
  else if (v >= 0) pbf.writeVarintField(5, v);
  else pbf.writeSVarintField(6, v);
}

function writeFeature(f: EncodedLayer['features'][number], pbf: PbfWriter): void {
  if (f.id !== undefined) pbf.writeVarintField(1, f.id);
  if (f.tags.length) pbf.writePackedVarint(2, f.tags);
  pbf.writeVarintField(3, f.type);
  pbf.writePackedVarint(4, f.commands);
}

function writeLayer(l: EncodedLayer, pbf: PbfWriter): void {
  pbf.writeVarintField(15, 2);
  pbf.writeStringField(1, l.layer.name);
  for (const f of l.features) pbf.writeMessage(2, writeFeature, f);
  for (const k of l.keys) pbf.writeStringField(3, k);
  for (const v of l.values) pbf.writeMessage(4, writeValue, v);
  pbf.writeVarintField(5, l.layer.extent);
}

/** The tile's bytes; layers left without features are not written (an empty tile is 0 bytes). */
export function encodeTile(layers: readonly MvtLayer[]): Uint8Array {
  const pbf = new PbfWriter();
  for (const layer of layers) {
    const prepared = prepare(layer);
    if (prepared.features.length) pbf.writeMessage(3, writeLayer, prepared);
  }
  return pbf.finish();
}
