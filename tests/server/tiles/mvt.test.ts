// The JS MVT encoder against the spec's own examples (vector-tile-spec 2.1, 4.3.5),
// ring winding, shared keys and values, value types and dropped degenerate geometry,
// decoded with @mapbox/vector-tile.
import { describe, expect, it } from 'vitest';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import type { Geometry } from 'geojson';
import { PbfReader } from 'pbf';
import { encodeGeometry, encodeTile, ringArea, type MvtFeature } from '../../../server/tiles/mvt.ts';

const layerOf = (features: MvtFeature[], name = 'test'): VectorTileLayer | undefined =>
  new VectorTile(new PbfReader(encodeTile([{ name, extent: 4096, features }]))).layers[name];

const ring = (...pts: [number, number][]) => [...pts, pts[0]!];

describe('MVT encoder', () => {
  it('writes the spec examples command for command', () => {
    const cases: [Geometry, number[]][] = [
      [{ type: 'Point', coordinates: [25, 17] }, [9, 50, 34]],
      [{ type: 'MultiPoint', coordinates: [[5, 7], [3, 2]] }, [17, 10, 14, 3, 9]],
      [{ type: 'LineString', coordinates: [[2, 2], [2, 10], [10, 10]] }, [9, 4, 4, 18, 0, 16, 16, 0]],
      [{ type: 'MultiLineString', coordinates: [[[2, 2], [2, 10], [10, 10]], [[1, 1], [3, 5]]] }, [9, 4, 4, 18, 0, 16, 16, 0, 9, 17, 17, 10, 4, 8]],
      [{ type: 'Polygon', coordinates: [ring([3, 6], [8, 12], [20, 34])] }, [9, 6, 12, 18, 10, 12, 24, 44, 15]],
      [{
        type: 'MultiPolygon',
        coordinates: [
          [ring([0, 0], [10, 0], [10, 10], [0, 10])],
          [ring([11, 11], [20, 11], [20, 20], [11, 20]), ring([13, 13], [13, 17], [17, 17], [17, 13])],
        ],
      }, [9, 0, 0, 26, 20, 0, 0, 20, 19, 0, 15, 9, 22, 2, 26, 18, 0, 0, 18, 17, 0, 15, 9, 4, 13, 26, 0, 8, 8, 0, 0, 7, 15]],
    ];
    for (const [geometry, commands] of cases) expect(encodeGeometry(geometry)?.commands, geometry.type).toEqual(commands);
  });

  it('winds exteriors clockwise and holes anticlockwise in tile coordinates, whatever it is given', () => {
    // Exterior anticlockwise on screen (negative area), hole clockwise: both must turn.
    const outer: [number, number][] = [[0, 0], [0, 100], [100, 100], [100, 0]];
    const hole: [number, number][] = [[20, 20], [80, 20], [80, 80], [20, 80]];
    expect(ringArea(outer)).toBeLessThan(0);
    const layer = layerOf([{ properties: {}, geometry: { type: 'Polygon', coordinates: [ring(...outer), ring(...hole)] } }])!;
    const rings = layer.feature(0).loadGeometry().map((r) => r.map((p) => [p.x, p.y] as [number, number]));
    expect(rings).toHaveLength(2);
    expect(ringArea(rings[0]!)).toBe(2 * 100 * 100);
    expect(ringArea(rings[1]!)).toBe(-2 * 60 * 60);
    expect(layer.feature(0).toGeoJSON(0, 0, 0).geometry.type).toBe('Polygon');
  });

  it('shares keys and values within a layer and keeps their types', () => {
    const layer = layerOf([
      { id: 7, properties: { kind: 'park', floors: 3, households: 0, ratio: 0.25, below: -4, open: true, note: null }, geometry: { type: 'Point', coordinates: [1, 2] } },
      { id: 8, properties: { kind: 'park', floors: 3, open: false }, geometry: { type: 'Point', coordinates: [3, 4] } },
      { properties: { kind: 'lake' }, geometry: { type: 'Point', coordinates: [5, 6] } },
    ])!;
    expect(layer.length).toBe(3);
    expect(layer.version).toBe(2);
    expect(layer.extent).toBe(4096);
    const inner = layer as unknown as { _keys: string[]; _values: unknown[] };
    expect(inner._keys).toEqual(['kind', 'floors', 'households', 'ratio', 'below', 'open']);
    expect(inner._values).toEqual(['park', 3, 0, 0.25, -4, true, false, 'lake']);
    expect(layer.feature(0).properties).toEqual({ kind: 'park', floors: 3, households: 0, ratio: 0.25, below: -4, open: true });
    expect(layer.feature(0).id).toBe(7);
    expect(layer.feature(1).properties).toEqual({ kind: 'park', floors: 3, open: false });
    expect(layer.feature(2).id).toBeUndefined();
  });

  it('drops degenerate parts, and features left with nothing', () => {
    const layer = layerOf([
      { id: 1, properties: {}, geometry: { type: 'LineString', coordinates: [[5, 5], [5, 5], [5.2, 4.9]] } },
      { id: 2, properties: {}, geometry: { type: 'Polygon', coordinates: [ring([0, 0], [10, 10], [20, 20])] } },
      // A hole without area goes; the shell stays.
      { id: 3, properties: {}, geometry: { type: 'Polygon', coordinates: [ring([0, 0], [10, 0], [10, 10], [0, 10]), ring([2, 2], [4, 4], [6, 6])] } },
      // A collapsed shell takes its holes with it; the other polygon stays.
      { id: 4, properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[ring([0, 0], [0, 0], [0, 0]), ring([1, 1], [2, 1], [2, 2])], [ring([30, 30], [40, 30], [40, 40])]] } },
      { id: 5, properties: {}, geometry: { type: 'MultiLineString', coordinates: [[[1, 1], [1, 1]], [[0, 0], [3, 0], [3, 0]]] } },
    ])!;
    expect(Array.from({ length: layer.length }, (_, i) => layer.feature(i).id)).toEqual([3, 4, 5]);
    expect(layer.feature(0).loadGeometry()).toHaveLength(1);
    expect(layer.feature(1).loadGeometry().map((r) => r.length)).toEqual([4]);
    expect(layer.feature(2).loadGeometry().map((l) => l.map((p) => [p.x, p.y]))).toEqual([[[0, 0], [3, 0]]]);
  });

  it('writes an empty tile as no bytes and leaves empty layers out', () => {
    expect(encodeTile([]).length).toBe(0);
    expect(encodeTile([{ name: 'a', extent: 4096, features: [] }]).length).toBe(0);
    const tile = new VectorTile(new PbfReader(encodeTile([
      { name: 'a', extent: 4096, features: [] },
      { name: 'b', extent: 4096, features: [{ properties: { n: 1 }, geometry: { type: 'Point', coordinates: [-64, 4160] } }] },
    ])));
    expect(Object.keys(tile.layers)).toEqual(['b']);
    expect(tile.layers.b!.feature(0).loadGeometry()[0]![0]).toMatchObject({ x: -64, y: 4160 });
  });

  it('refuses a geometry collection', () => {
    expect(() => encodeGeometry({ type: 'GeometryCollection', geometries: [] })).toThrow(/not a GeometryCollection/);
  });
});
