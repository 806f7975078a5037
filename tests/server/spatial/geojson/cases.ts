// The geometry fixtures shared by the pure and the database tests: JSON files in
// tests/fixtures/in/geojson, plus the inputs JSON cannot hold (NaN, Infinity) and
// one too big to keep as a file.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GeometryType } from '../../../../server/spatial/geojson/index.ts';
import { fixtureIn } from '../../../helpers/golden.ts';

export interface GeometryCase {
  name: string;
  description: string;
  types: GeometryType[];
  input: unknown;
  maxVertices: number;
}

/** The cap the fixtures are checked with (the huge case exceeds it). */
export const MAX_VERTICES = 1_000;

const X = 112.0;
const Y = 27.73;

function fileCases(): GeometryCase[] {
  const dir = fileURLToPath(new URL('../../../fixtures/in/geojson/', import.meta.url));
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((file) => {
    const f = fixtureIn<{ description: string; types: GeometryType[]; input: unknown }>(`geojson/${file}`);
    return { name: file.replace(/\.json$/, ''), ...f, maxVertices: MAX_VERTICES };
  });
}

function circle(n: number): number[][] {
  const ring = Array.from({ length: n }, (_, i) => [X + 0.01 * Math.cos((2 * Math.PI * i) / n), Y + 0.01 * Math.sin((2 * Math.PI * i) / n)]);
  ring.push([...ring[0]!]);
  return ring;
}

const P: GeometryType[] = ['Polygon', 'MultiPolygon'];

function codeCases(): GeometryCase[] {
  return [
    { name: 'nan', description: 'NaN as a JS value (JSON cannot carry it).', types: P, maxVertices: MAX_VERTICES,
      input: { type: 'Polygon', coordinates: [[[X, Y], [X + 0.002, Y], [Number.NaN, Y + 0.002], [X, Y]]] } },
    { name: 'infinity', description: 'Infinity as a JS value.', types: ['Point'], maxVertices: MAX_VERTICES,
      input: { type: 'Point', coordinates: [X, Number.POSITIVE_INFINITY] } },
    { name: 'negative-infinity-longitude', description: '-Infinity longitude.', types: ['Point'], maxVertices: MAX_VERTICES,
      input: { type: 'Point', coordinates: [Number.NEGATIVE_INFINITY, Y] } },
    { name: 'huge', description: 'A ring of 100,000 vertices against a cap of 1,000.', types: P, maxVertices: MAX_VERTICES,
      input: { type: 'Polygon', coordinates: [circle(99_999)] } },
    { name: 'at-the-cap', description: 'A ring of exactly the cap: accepted.', types: P, maxVertices: MAX_VERTICES,
      input: { type: 'Polygon', coordinates: [circle(MAX_VERTICES - 1)] } },
  ];
}

export function geometryCases(): GeometryCase[] {
  return [...fileCases(), ...codeCases()];
}

/** The fixtures that are valid once rewound (every other one must be refused). */
export const VALID = new Set(['winding-reversed', 'multipolygon-mixed-winding', 'valid-point', 'at-the-cap']);
