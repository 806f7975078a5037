// The bad-input corpus, geometry half: GeoJSON geometries that must be refused (OGC
// invalid, malformed, out of range, empty, 3D/4D, `crs`, oversized, wrong types) and
// valid ones beside them, so that "our verdict agrees with ST_IsValid" cannot be met
// by refusing everything. Generated deterministically: each shape at several places
// and sizes around the seeded city (Loudi, 112.0 E 27.73 N).
import { mulberry32 } from '../../../server/spatial/facility/random.ts';

/** What the corpus expects of a geometry. */
export type Expect =
  /** OGC-valid and within the platform's rules: accepted. */
  | 'valid'
  /** Parsed by PostGIS but OGC-invalid (ST_IsValid false): refused with PostGIS's reason and place. */
  | 'ogc_invalid'
  /** Refused before PostGIS: malformed, out of range, empty, 3D/4D, crs, too many vertices, wrong type. */
  | 'malformed';

export interface GeometryCase {
  name: string;
  /** The geometry as sent (may hold NaN/Infinity: see `raw`). */
  geometry: unknown;
  expect: Expect;
  /** The JSON text when JSON.stringify cannot carry the value (NaN, Infinity as 1e999). */
  raw?: string;
  /** Polygonal ('polygon'), a point ('point') or a line ('line'): which endpoints take it. */
  kind: 'polygon' | 'point' | 'line' | 'any';
}

type P = [number, number];

/** A deterministic PRNG: the solvers' mulberry32. */
export const prng = mulberry32;

/** Places and sizes (degrees) the shapes are drawn at: inside the city and at the edges of the range. */
const PLACES: { at: P; s: number; label: string }[] = [
  { at: [111.99, 27.72], s: 0.002, label: 'city-200m' },
  { at: [112.01, 27.74], s: 0.0005, label: 'city-50m' },
  { at: [112.0, 27.73], s: 0.02, label: 'city-2km' },
  { at: [111.98, 27.71], s: 0.00001, label: 'city-1m' },
  { at: [0, 0], s: 0.05, label: 'origin' },
  { at: [179.0, 89.0], s: 0.3, label: 'north-east-edge' },
  { at: [-179.5, -89.5], s: 0.25, label: 'south-west-edge' },
  { at: [-73.98, 40.75], s: 0.01, label: 'elsewhere' },
];

const sq = ([x, y]: P, s: number): P[] => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
const at = ([x, y]: P, s: number, dx: number, dy: number): P => [x + dx * s, y + dy * s];

function polygonShapes(o: P, s: number): { name: string; geometry: unknown; expect: Expect }[] {
  const p = (dx: number, dy: number) => at(o, s, dx, dy);
  const poly = (...rings: P[][]) => ({ type: 'Polygon', coordinates: rings });
  const multi = (...polys: P[][][]) => ({ type: 'MultiPolygon', coordinates: polys });
  const shell = sq(o, s);
  const hole = [p(0.25, 0.25), p(0.25, 0.75), p(0.75, 0.75), p(0.75, 0.25), p(0.25, 0.25)];
  return [
    // valid
    { name: 'square', geometry: poly(shell), expect: 'valid' },
    { name: 'square-clockwise', geometry: poly([...shell].reverse()), expect: 'valid' },
    { name: 'square-with-hole', geometry: poly(shell, hole), expect: 'valid' },
    { name: 'triangle', geometry: poly([p(0, 0), p(1, 0), p(0.5, 1), p(0, 0)]), expect: 'valid' },
    { name: 'two-squares', geometry: multi([shell], [sq(p(2, 0), s)]), expect: 'valid' },
    { name: 'multipolygon-touching-at-a-point', geometry: multi([shell], [sq(p(1, 1), s)]), expect: 'valid' },
    { name: 'hole-touching-shell-at-a-point', geometry: poly(shell, [p(0, 0.5), p(0.5, 0.75), p(0.5, 0.25), p(0, 0.5)]), expect: 'valid' },
    // OGC-invalid
    { name: 'bowtie', geometry: poly([p(0, 0), p(1, 1), p(1, 0), p(0, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'bowtie-in-multipolygon', geometry: multi([shell], [[p(2, 0), p(3, 1), p(3, 0), p(2, 1), p(2, 0)]]), expect: 'ogc_invalid' },
    { name: 'spike', geometry: poly([p(0, 0), p(1, 0), p(1, 0.5), p(2, 0.5), p(1, 0.5), p(1, 1), p(0, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'inner-spike', geometry: poly([p(0, 0), p(1, 0), p(1, 1), p(0.5, 1), p(0.5, 0.3), p(0.5, 1), p(0, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'hole-outside-shell', geometry: poly(shell, sq(p(2, 2), s / 4)), expect: 'ogc_invalid' },
    { name: 'hole-crossing-shell', geometry: poly(shell, [p(0.5, 0.5), p(1.5, 0.5), p(1.5, 0.8), p(0.5, 0.8), p(0.5, 0.5)]), expect: 'ogc_invalid' },
    { name: 'hole-equals-shell', geometry: poly(shell, [...shell].reverse()), expect: 'ogc_invalid' },
    { name: 'nested-shells', geometry: multi([shell], [hole]), expect: 'ogc_invalid' },
    { name: 'overlapping-shells', geometry: multi([shell], [sq(p(0.5, 0.5), s)]), expect: 'ogc_invalid' },
    { name: 'duplicate-polygons', geometry: multi([shell], [shell]), expect: 'ogc_invalid' },
    { name: 'nested-holes', geometry: poly(shell, [p(0.1, 0.1), p(0.1, 0.9), p(0.9, 0.9), p(0.9, 0.1), p(0.1, 0.1)], hole), expect: 'ogc_invalid' },
    { name: 'disconnected-interior', geometry: poly(shell, [p(0, 0), p(0.5, 0.5), p(1, 0), p(0, 0)].reverse(), [p(0, 1), p(0.5, 0.5), p(1, 1), p(0, 1)]), expect: 'ogc_invalid' },
    { name: 'zero-area-line', geometry: poly([p(0, 0), p(1, 0), p(2, 0), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'zero-area-back-and-forth', geometry: poly([p(0, 0), p(1, 1), p(0, 0), p(1, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'too-few-distinct-points', geometry: poly([p(0, 0), p(1, 1), p(1, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'all-one-point', geometry: poly([p(0, 0), p(0, 0), p(0, 0), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'ring-self-touching', geometry: poly([p(0, 0), p(1, 0), p(1, 1), p(0.5, 0), p(0, 1), p(0, 0)]), expect: 'ogc_invalid' },
    { name: 'figure-eight-with-hole', geometry: poly([p(0, 0), p(1, 1), p(1, 0), p(0, 1), p(0, 0)], hole), expect: 'ogc_invalid' },
    // malformed (refused before PostGIS)
    { name: 'unclosed-ring', geometry: poly([p(0, 0), p(1, 0), p(1, 1), p(0, 1)]), expect: 'malformed' },
    { name: 'unclosed-hole', geometry: poly(shell, hole.slice(0, 4)), expect: 'malformed' },
    { name: 'ring-of-three', geometry: poly([p(0, 0), p(1, 0), p(0, 0)]), expect: 'malformed' },
    { name: 'ring-of-two', geometry: poly([p(0, 0), p(0, 0)]), expect: 'malformed' },
    { name: '3d-positions', geometry: poly(shell.map(([x, y]) => [x, y, 10] as unknown as P)), expect: 'malformed' },
    { name: '4d-positions', geometry: poly(shell.map(([x, y]) => [x, y, 10, 1] as unknown as P)), expect: 'malformed' },
    { name: 'crs-member', geometry: { ...poly(shell), crs: { type: 'name', properties: { name: 'EPSG:3857' } } }, expect: 'malformed' },
    { name: 'swapped-axes', geometry: poly(shell.map(([x, y]) => [y, 91 + Math.abs(x)] as P)), expect: 'malformed' },
  ];
}

function ogcOrMalformedOutOfRange(): { name: string; geometry: unknown; expect: Expect }[] {
  const out: { name: string; geometry: unknown; expect: Expect }[] = [];
  const bad: [string, P][] = [
    ['lon-181', [181, 27.7]], ['lon--180.5', [-180.5, 27.7]], ['lat-90.1', [112, 90.1]], ['lat--91', [112, -91]],
    ['lat-200', [112, 200]], ['lon-1e7', [1e7, 27.7]], ['projected-metres', [12467000, 3213000]], ['lat-1e308', [112, 1e308]],
  ];
  for (const [name, q] of bad) {
    out.push({ name: `point-${name}`, geometry: { type: 'Point', coordinates: q }, expect: 'malformed' });
    out.push({ name: `polygon-${name}`, geometry: { type: 'Polygon', coordinates: [[[112, 27.7], q, [112.01, 27.71], [112, 27.7]]] }, expect: 'malformed' });
  }
  return out;
}

/** Cases whose JSON text must be written by hand: Infinity (1e999 parses to it), and NaN-like values. */
function nonFinite(): GeometryCase[] {
  const out: GeometryCase[] = [];
  const texts: [string, string][] = [
    ['lon-1e999', '[1e999, 27.7]'], ['lat--1e999', '[112, -1e999]'], ['both-1e400', '[1e400, 1e400]'],
  ];
  for (const [name, pos] of texts) {
    out.push({ name: `point-${name}`, kind: 'point', expect: 'malformed', geometry: { type: 'Point', coordinates: [Infinity, 27.7] }, raw: `{"type":"Point","coordinates":${pos}}` });
    out.push({ name: `polygon-${name}`, kind: 'polygon', expect: 'malformed', geometry: { type: 'Polygon', coordinates: [[[112, 27.7], [Infinity, 27.7], [112, 27.71], [112, 27.7]]] }, raw: `{"type":"Polygon","coordinates":[[[112,27.7],${pos},[112,27.71],[112,27.7]]]}` });
  }
  // In-process only (JSON cannot carry them): NaN and Infinity given to the validator directly.
  for (const [name, v] of [['nan', NaN], ['infinity', Infinity], ['-infinity', -Infinity]] as const) {
    out.push({ name: `point-js-${name}`, kind: 'point', expect: 'malformed', geometry: { type: 'Point', coordinates: [112, v] } });
    out.push({ name: `polygon-js-${name}`, kind: 'polygon', expect: 'malformed', geometry: { type: 'Polygon', coordinates: [[[112, 27.7], [v, 27.7], [112, 27.71], [112, 27.7]]] } });
  }
  return out;
}

function emptiesAndWrongTypes(): { name: string; geometry: unknown; expect: Expect; kind: GeometryCase['kind'] }[] {
  const ok: P = [112, 27.73];
  const c = (kind: GeometryCase['kind'], name: string, geometry: unknown): { name: string; geometry: unknown; expect: Expect; kind: GeometryCase['kind'] } => ({ name, geometry, expect: 'malformed', kind });
  return [
    c('polygon', 'empty-polygon', { type: 'Polygon', coordinates: [] }),
    c('polygon', 'polygon-empty-ring', { type: 'Polygon', coordinates: [[]] }),
    c('polygon', 'polygon-ring-of-empties', { type: 'Polygon', coordinates: [[[], [], [], []]] }),
    c('polygon', 'empty-multipolygon', { type: 'MultiPolygon', coordinates: [] }),
    c('polygon', 'multipolygon-empty-polygon', { type: 'MultiPolygon', coordinates: [[]] }),
    c('polygon', 'multipolygon-empty-ring', { type: 'MultiPolygon', coordinates: [[[]]] }),
    c('point', 'empty-point', { type: 'Point', coordinates: [] }),
    c('point', 'point-one-value', { type: 'Point', coordinates: [112] }),
    c('point', 'point-3d', { type: 'Point', coordinates: [112, 27.7, 50] }),
    c('point', 'point-4d', { type: 'Point', coordinates: [112, 27.7, 50, 1] }),
    c('point', 'point-strings', { type: 'Point', coordinates: ['112', '27.7'] }),
    c('point', 'point-null-coordinate', { type: 'Point', coordinates: [112, null] }),
    c('point', 'point-boolean', { type: 'Point', coordinates: [true, false] }),
    c('point', 'point-nested', { type: 'Point', coordinates: [[112, 27.7]] }),
    c('point', 'point-crs', { type: 'Point', coordinates: ok, crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4490' } } }),
    c('point', 'point-as-polygon-type', { type: 'Polygon', coordinates: ok }),
    
    c('line', 'empty-line', { type: 'LineString', coordinates: [] }),
    c('line', 'line-one-position', { type: 'LineString', coordinates: [ok] }),
    c('line', 'line-3d', { type: 'LineString', coordinates: [[112, 27.7, 1], [112.1, 27.7, 1]] }),
    c('any', 'null', null),
    c('any', 'string', 'POLYGON((0 0,1 0,1 1,0 0))'),
    c('any', 'number', 42),
    c('any', 'array', [[112, 27.7]]),
    c('any', 'no-type', { coordinates: [[[112, 27.7], [112.1, 27.7], [112.1, 27.8], [112, 27.7]]] }),
    c('any', 'type-number', { type: 7, coordinates: ok }),
    c('any', 'unknown-type', { type: 'Circle', coordinates: ok, radius: 10 }),
    c('any', 'lowercase-type', { type: 'polygon', coordinates: [[[112, 27.7], [112.1, 27.7], [112.1, 27.8], [112, 27.7]]] }),
    c('any', 'geometry-collection', { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: ok }] }),
    c('any', 'feature-as-geometry', { type: 'Feature', geometry: { type: 'Point', coordinates: ok }, properties: {} }),
    c('any', 'feature-collection-as-geometry', { type: 'FeatureCollection', features: [] }),
    c('any', 'no-coordinates', { type: 'Polygon' }),
    c('any', 'coordinates-null', { type: 'Polygon', coordinates: null }),
    c('any', 'coordinates-object', { type: 'Polygon', coordinates: { 0: [112, 27.7] } }),
    c('any', 'coordinates-string', { type: 'MultiPolygon', coordinates: '[[[[112,27.7]]]]' }),
    c('any', 'polygon-too-deep', { type: 'Polygon', coordinates: [[[[112, 27.7], [112.1, 27.7], [112.1, 27.8], [112, 27.7]]]] }),
    c('any', 'polygon-too-shallow', { type: 'Polygon', coordinates: [[112, 27.7], [112.1, 27.7], [112.1, 27.8], [112, 27.7]] }),
    c('any', 'deeply-nested-arrays', { type: 'Polygon', coordinates: JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown }),
  ];
}

/** A ring of `n` vertices on a circle (valid), radius `r` degrees. */
export function circle(n: number, center: P = [112, 27.73], r = 0.01): P[] {
  const ring: P[] = [];
  for (let i = 0; i < n; i++) {
    const t = (2 * Math.PI * i) / n;
    ring.push([Number((center[0] + r * Math.cos(t)).toFixed(9)), Number((center[1] + r * Math.sin(t)).toFixed(9))]);
  }
  ring.push(ring[0]!);
  return ring;
}

function huge(maxVertices: number): GeometryCase[] {
  return [
    { name: 'huge-ring-over-cap', kind: 'polygon', expect: 'malformed', geometry: { type: 'Polygon', coordinates: [circle(maxVertices + 10)] } },
    { name: 'huge-multipolygon-over-cap', kind: 'polygon', expect: 'malformed', geometry: { type: 'MultiPolygon', coordinates: Array.from({ length: Math.ceil(maxVertices / 5) + 2 }, (_, i) => [sq([112 + (i % 300) * 0.0001, 27.7 + Math.floor(i / 300) * 0.0001], 0.00005)]) } },
    { name: 'huge-line-over-cap', kind: 'line', expect: 'malformed', geometry: { type: 'LineString', coordinates: circle(maxVertices + 10).slice(0, -1) } },
    { name: 'large-ring-under-cap', kind: 'polygon', expect: 'valid', geometry: { type: 'Polygon', coordinates: [circle(Math.min(maxVertices - 1, 5_000))] } },
    { name: 'large-self-crossing-ring-under-cap', kind: 'polygon', expect: 'ogc_invalid', geometry: { type: 'Polygon', coordinates: [(() => { const r = circle(Math.min(maxVertices - 1, 5_000)); const m = Math.floor(r.length / 2); const a = r[10]!; r[10] = r[m]!; r[m] = a; return r; })()] } },
  ];
}

/** Random polygons with a few vertices jittered: valid or not, PostGIS says which (only the agreement test uses them). */
function randomPolygons(n: number, seed: number): GeometryCase[] {
  const rnd = prng(seed);
  const out: GeometryCase[] = [];
  for (let i = 0; i < n; i++) {
    const k = 3 + Math.floor(rnd() * 6);
    const ring: P[] = [];
    for (let j = 0; j < k; j++) ring.push([Number((112 + rnd() * 0.01).toFixed(6)), Number((27.73 + rnd() * 0.01).toFixed(6))]);
    ring.push(ring[0]!);
    out.push({ name: `random-${i}`, kind: 'polygon', expect: 'valid', geometry: { type: 'Polygon', coordinates: [ring] } });
  }
  return out;
}

export interface CorpusOptions {
  maxVertices: number;
}

/**
 * Every geometry case. `expect` for the random polygons is not known in advance
 * (`random-*`): the agreement test asks PostGIS; the endpoint tests skip them.
 */
export function geometryCorpus(o: CorpusOptions): GeometryCase[] {
  const out: GeometryCase[] = [];
  for (const place of PLACES) {
    for (const c of polygonShapes(place.at, place.s)) out.push({ ...c, name: `${c.name}@${place.label}`, kind: 'polygon' });
  }
  for (const c of ogcOrMalformedOutOfRange()) out.push({ ...c, kind: c.name.startsWith('point') ? 'point' : 'polygon' });
  out.push(...nonFinite(), ...emptiesAndWrongTypes(), ...huge(o.maxVertices));
  // Lines for the split blade: one of two equal points is OGC-invalid (too few points).
  out.push({ name: 'line-two-equal-points', kind: 'line', expect: 'ogc_invalid', geometry: { type: 'LineString', coordinates: [[112, 27.73], [112, 27.73]] } });
  out.push({ name: 'line-valid', kind: 'line', expect: 'valid', geometry: { type: 'LineString', coordinates: [[111.9, 27.73], [112.1, 27.73]] } });
  // Too large to index with H3 cells (found by the fuzzing: a 1-degree triangle aborted the H3 engine).
  out.push({ name: 'too-large-triangle', kind: 'polygon', expect: 'malformed', geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0.5, 1], [0, 0]]] } });
  out.push({ name: 'too-large-multipolygon', kind: 'polygon', expect: 'malformed', geometry: { type: 'MultiPolygon', coordinates: [[sq([112, 27.5], 0.07)], [sq([112.1, 27.5], 0.07)]] } });
  out.push({ name: 'point-valid', kind: 'point', expect: 'valid', geometry: { type: 'Point', coordinates: [112, 27.73] } });
  out.push({ name: 'point-valid-extreme', kind: 'point', expect: 'valid', geometry: { type: 'Point', coordinates: [-180, 90] } });
  out.push(...randomPolygons(40, 8));
  return out;
}

/** The JSON text of a case's geometry as it goes over the wire. */
export function geometryText(c: GeometryCase): string {
  return c.raw ?? JSON.stringify(c.geometry);
}

/** Cases that travel over HTTP (NaN cannot be written in JSON; Infinity goes as 1e999). */
export const overHttp = (c: GeometryCase) => !c.name.includes('-js-');
