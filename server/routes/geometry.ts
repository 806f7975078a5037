// Geometry operations for drawing boundaries: split along a line, merge along shared
// edges. They answer geometries and write nothing; the client saves the pieces with
// POST /api/{layer}/changes.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { mergePolygons, splitPolygon } from '../units/geometry-ops.ts';

const strict = { additionalProperties: false } as const;
const EDITORS = ['admin', 'planner'] as const;
const GEOJSON = 'application/geo+json; charset=utf-8';

export function geometryRoutes({ config }: AppDeps): RouteSpec[] {
  const o = { maxVertices: config.maxVertices };
  return [
    {
      method: 'post',
      path: '/api/geometry/split',
      summary: 'Split a Polygon or MultiPolygon along a LineString drawn across it; answers the pieces (largest first) as a FeatureCollection',
      tags: ['geometry'],
      roles: EDITORS,
      body: Type.Object(
        {
          geometry: Type.Unknown({ description: 'the GeoJSON Polygon or MultiPolygon to cut (EPSG:4326)' }),
          line: Type.Unknown({ description: 'a GeoJSON LineString crossing it from outside to outside' }),
        },
        strict,
      ),
      responses: { 200: { description: 'FeatureCollection of the pieces, each with properties {index, area_m2}; `pieces` lists the same geometries' }, 422: { description: 'Invalid geometry, or the line does not cut the polygon' } },
      async handler({ ctx, tx, body }) {
        const b = body as { geometry: unknown; line: unknown };
        const pieces = await splitPolygon(tx, b.geometry, b.line, o);
        ctx.type = GEOJSON;
        ctx.body = {
          type: 'FeatureCollection',
          features: pieces.map((p, index) => ({ type: 'Feature', geometry: p.geometry, properties: { index, area_m2: p.area_m2 } })),
          // The same geometries as a plain list (a GeoJSON foreign member), for clients that want only them.
          pieces: pieces.map((p) => p.geometry),
        };
      },
    },
    {
      method: 'post',
      path: '/api/geometry/merge',
      summary: 'Merge two or more Polygons or MultiPolygons that touch along edges into one Polygon (a Feature)',
      tags: ['geometry'],
      roles: EDITORS,
      body: Type.Object(
        {
          geometries: Type.Array(Type.Unknown({ description: 'a GeoJSON Polygon or MultiPolygon' }), { minItems: 2, maxItems: 50 }),
        },
        strict,
      ),
      responses: { 200: { description: 'Feature with the merged Polygon and properties {area_m2, merged}' }, 422: { description: 'Invalid geometry, or a geometry shares no edge with the others' } },
      async handler({ ctx, tx, body }) {
        const { geometries } = body as { geometries: unknown[] };
        const merged = await mergePolygons(tx, geometries, o);
        ctx.type = GEOJSON;
        ctx.body = { type: 'Feature', geometry: merged.geometry, properties: { area_m2: merged.area_m2, merged: geometries.length } };
      },
    },
  ];
}
