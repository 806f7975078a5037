// The residents' maps (no sign-in): public places of a kind in a box, and the nearest
// ones to a point with their distance in metres. See server/public/places.ts.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { BBOX_QUERY, parseBbox } from '../http/bbox.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { listPlaces, nearestPlaces, PLACE_KINDS, type PlaceKind } from '../public/places.ts';

const strict = { additionalProperties: false } as const;
const KIND = StringEnum(PLACE_KINDS, { description: 'toilet (public toilets), park, vendor_zone (疏导区), service_station (驿站 and community workstations), charging_shed (e-bike charging sheds in operation)' });

const PlacesQuery = Type.Object(
  {
    kind: KIND,
    bbox: Type.Optional(BBOX_QUERY),
    limit: Type.Integer({ minimum: 1, maximum: 2000, default: 500, description: 'at most this many places, by id' }),
  },
  strict,
);

const NearestQuery = Type.Object(
  {
    kind: KIND,
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'longitude of the point (EPSG:4326)' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'latitude of the point (EPSG:4326)' }),
    limit: Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'how many places, nearest first' }),
  },
  strict,
);

export function publicRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/public/places',
      summary: 'Public places of a kind (toilets, parks, vendor zones, service stations, charging sheds), optionally in a bbox: name, hours, address, point and area',
      tags: ['public'],
      roles: 'anyone',
      query: PlacesQuery,
      async handler({ ctx, tx, query }) {
        const q = query as { kind: PlaceKind; bbox?: string; limit: number };
        const bbox = q.bbox ? parseBbox(q.bbox) : null;
        const places = await listPlaces(tx, q.kind, bbox, q.limit);
        ctx.body = { kind: q.kind, bbox, count: places.length, places };
      },
    },
    {
      method: 'get',
      path: '/api/public/nearest',
      summary: 'The public places of a kind nearest to a point, nearest first, with the distance in metres (to the nearest edge of a park or zone) and the direction',
      tags: ['public'],
      roles: 'anyone',
      query: NearestQuery,
      async handler({ ctx, tx, query }) {
        const q = query as { kind: PlaceKind; lon: number; lat: number; limit: number };
        const places = await nearestPlaces(tx, q.kind, q.lon, q.lat, q.limit);
        ctx.body = { kind: q.kind, from: [q.lon, q.lat], places };
      },
    },
  ];
}
