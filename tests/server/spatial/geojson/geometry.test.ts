// The pure geometry checks against golden outputs, and the rules behind them: every
// refusal names a path, a reason and (where there is one) a position; what is
// accepted is rewound to the right-hand rule and stripped to type and coordinates.
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../server/errors.ts';
import { checkFeature, checkFeatureCollection, checkGeometry, inspectGeometry } from '../../../../server/spatial/geojson/index.ts';
import { golden } from '../../../helpers/golden.ts';
import { geometryCases, MAX_VERTICES, VALID } from './cases.ts';

/** Shoelace sum: positive for a counter-clockwise ring in lon/lat. */
function signedArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return a / 2;
}

function outcome(input: unknown, types: Parameters<typeof checkGeometry>[1]['types'], maxVertices = MAX_VERTICES) {
  try {
    const g = checkGeometry(input, { types, maxVertices });
    const n = JSON.stringify(g).split('],[').length;
    return { ok: n > 50 ? { type: g.type, summary: `${n} positions` } : g };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { error: { status: err.status, code: err.code, message: err.message, details: err.details } };
  }
}

describe('checkGeometry golden fixtures', () => {
  for (const c of geometryCases()) {
    it(`${c.name}: ${c.description}`, () => {
      const actual = outcome(c.input, c.types, c.maxVertices);
      expect(actual).toEqual(golden(`geojson/${c.name}.json`, actual));
      // Topological problems are PostGIS's: the pure stage lets them through.
      const topological = ['bowtie', 'spike', 'hole-outside-shell', 'nested-shells', 'zero-area'];
      if (VALID.has(c.name) || topological.includes(c.name)) expect(actual).toHaveProperty('ok');
      else {
        expect(actual).toHaveProperty('error');
        const e = (actual as { error: { status: number; code: string; message: string; details: { path: string; reason: string } } }).error;
        expect(e.status).toBe(422);
        expect(e.code).toBe('invalid_geometry');
        expect(e.message.startsWith(`${e.details.path}: `)).toBe(true);
        expect(e.details.path).toMatch(/^geometry/);
      }
    });
  }
});

describe('checkGeometry rules', () => {
  const byName = new Map(geometryCases().map((c) => [c.name, c]));
  const refuse = (name: string) => {
    const c = byName.get(name)!;
    try {
      checkGeometry(c.input, { types: c.types, maxVertices: c.maxVertices });
    } catch (err) {
      return err as AppError & { details: { path: string; reason: string; location?: [number, number] } };
    }
    throw new Error(`${name} was accepted`);
  };

  it('names the position and the range of an out-of-range coordinate', () => {
    const e = refuse('latitude-200');
    expect(e.message).toMatch(/^geometry\.coordinates\[0\]\[2\]: latitude 200 is outside -90\.\.90/);
    expect(e.details).toEqual({ path: 'geometry.coordinates[0][2]', reason: 'latitude_out_of_range', location: [112.002, 200] });
    expect(refuse('longitude-181').details.reason).toBe('longitude_out_of_range');
    expect(refuse('swapped-axes').message).toMatch(/swapped/);
  });

  it('refuses NaN and Infinity with the axis named', () => {
    expect(refuse('nan').message).toBe('geometry.coordinates[0][2][0]: longitude NaN is not a finite number');
    expect(refuse('infinity').message).toBe('geometry.coordinates[1]: latitude Infinity is not a finite number');
    expect(refuse('negative-infinity-longitude').details.reason).toBe('not_finite');
  });

  it('refuses 3D and 4D positions, saying what to drop', () => {
    expect(refuse('3d').details).toMatchObject({ path: 'geometry.coordinates[0][0]', reason: 'too_many_dimensions' });
    expect(refuse('3d').message).toMatch(/3D .*drop the elevation$/);
    expect(refuse('4d').message).toMatch(/4D .*drop the elevation and measure$/);
  });

  it('refuses unclosed rings, short rings and lines, and empty geometries', () => {
    expect(refuse('unclosed-ring').details).toMatchObject({ reason: 'ring_not_closed', location: [112, 27.73] });
    expect(refuse('too-few-points').message).toMatch(/needs at least 4 positions.*has 3/);
    expect(refuse('line-one-position').message).toMatch(/a line needs at least 2 positions, this one has 1/);
    for (const name of ['empty-polygon', 'empty-ring', 'empty-point']) expect(refuse(name).details.reason, name).toBe('empty_geometry');
  });

  it('refuses crs members, wrong and unknown types, and the vertex cap', () => {
    expect(refuse('crs-member').details.reason).toBe('crs_not_supported');
    expect(refuse('wrong-type').message).toBe('geometry.type: a LineString is not accepted here; send one of Polygon, MultiPolygon');
    expect(refuse('unknown-type').details.reason).toBe('unknown_type');
    expect(refuse('feature-not-geometry').message).toMatch(/a Feature is not a geometry; send the geometry itself/);
    expect(refuse('huge').message).toBe('geometry: has 100,000 vertices; at most 1,000 are accepted: simplify the geometry or split it');
    expect(refuse('string-coordinate').message).toBe('geometry.coordinates[0]: longitude must be a number, got the string "112.0"');
  });

  it('rewinds to the right-hand rule: exteriors counter-clockwise, holes clockwise', () => {
    for (const name of ['winding-reversed', 'multipolygon-mixed-winding']) {
      const c = byName.get(name)!;
      const g = checkGeometry(c.input, { types: c.types, maxVertices: c.maxVertices });
      const polygons = g.type === 'Polygon' ? [g.coordinates] : (g as { coordinates: Position[][][] }).coordinates;
      for (const rings of polygons) {
        expect(signedArea(rings[0]!)).toBeGreaterThan(0);
        for (const hole of rings.slice(1)) expect(signedArea(hole)).toBeLessThan(0);
      }
    }
  });

  it('does not change its input and drops foreign members and bbox', () => {
    const c = byName.get('winding-reversed')!;
    const before = JSON.stringify(c.input);
    checkGeometry(c.input, { types: c.types, maxVertices: c.maxVertices });
    expect(JSON.stringify(c.input)).toBe(before);
    const p = checkGeometry({ type: 'Point', coordinates: [112, 27], bbox: [1, 2, 3, 4], name: 'x' }, { types: ['Point'], maxVertices: 10 });
    expect(p).toEqual({ type: 'Point', coordinates: [112, 27] });
  });

  it('uses the path it is given and refuses non-objects', () => {
    const r = inspectGeometry({ type: 'Point', coordinates: [0, 95] }, { types: ['Point'], maxVertices: 1, path: 'features[7].geometry' });
    expect(r).toMatchObject({ problem: { path: 'features[7].geometry.coordinates' } });
    for (const bad of [null, 'POINT(1 2)', [1, 2], 42]) {
      expect(inspectGeometry(bad, { types: ['Point'], maxVertices: 1 })).toMatchObject({ problem: { reason: 'not_an_object' } });
    }
    expect(inspectGeometry({ type: 'Point' }, { types: ['Point'], maxVertices: 1 })).toMatchObject({ problem: { reason: 'missing_coordinates' } });
  });
});

describe('checkFeature and checkFeatureCollection', () => {
  const square: Polygon = { type: 'Polygon', coordinates: [[[112, 27.7], [112.001, 27.7], [112.001, 27.701], [112, 27.701], [112, 27.7]]] };
  const opts = { types: ['Polygon'] as const, maxVertices: 100 };

  it('keeps id and properties, rewinds the geometry', () => {
    const cw = { ...square, coordinates: [[...square.coordinates[0]!].reverse()] };
    const f = checkFeature({ type: 'Feature', id: 'g-1', geometry: cw, properties: { name: 'A' }, extra: 1 }, opts);
    expect(f).toEqual({ type: 'Feature', id: 'g-1', geometry: square, properties: { name: 'A' } });
    expect(checkFeature({ type: 'Feature', geometry: square }, opts).properties).toBeNull();
  });

  it('refuses a bad envelope as invalid_feature and a bad geometry as invalid_geometry', () => {
    const code = (input: unknown) => {
      try {
        checkFeature(input, opts);
        return 'accepted';
      } catch (err) {
        return `${(err as AppError).code} ${(err as AppError).message}`;
      }
    };
    expect(code({ type: 'Feature', geometry: square, properties: [1] })).toMatch(/^invalid_feature feature\.properties: properties must be an object or null/);
    expect(code({ type: 'Feature', id: { a: 1 }, geometry: square })).toMatch(/^invalid_feature feature\.id/);
    expect(code({ type: 'feature', geometry: square })).toMatch(/^invalid_feature feature\.type/);
    expect(code({ type: 'Feature', geometry: null })).toMatch(/^invalid_geometry feature\.geometry: the feature has no geometry/);
    expect(code({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 91], [0, 0]]] } }))
      .toMatch(/^invalid_geometry feature\.geometry\.coordinates\[0\]\[3\]: latitude 91/);
  });

  it('checks collections feature by feature against a cap', () => {
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square, properties: {} }] };
    expect(checkFeatureCollection(fc, { ...opts, maxFeatures: 1 }).features).toHaveLength(1);
    expect(() => checkFeatureCollection({ ...fc, features: [...fc.features, ...fc.features] }, { ...opts, maxFeatures: 1 })).toThrow(/at most 1 are accepted/);
    expect(() => checkFeatureCollection({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] } }] }, { ...opts, maxFeatures: 5 }))
      .toThrow(/^body\.features\[0\]\.geometry\.type: a Point is not accepted here/);
  });
});
