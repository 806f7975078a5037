// The JSON documents of OGC API – Features Part 1: landing page, conformance,
// collection descriptions. Links are absolute, built from the address the request
// came to.
import type { CollectionDef } from './collections.ts';

export const MEDIA = {
  json: 'application/json',
  geojson: 'application/geo+json',
  openapi: 'application/vnd.oai.openapi+json;version=3.1',
} as const;

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/**
 * Conformance classes this server meets. Not `oas30`: the API definition at
 * /api/openapi.json is OpenAPI 3.1, and Part 1 1.0 defines a class for 3.0 only.
 */
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

export interface Extent {
  bbox: [number, number, number, number] | null;
  interval: [string | null, string | null] | null;
}

export function landingPage(base: string, origin: string): Record<string, unknown> {
  return {
    title: 'gridcity OGC API – Features',
    description: '网格城市：行政区划、网格、子网格、街区、部件、案件与城市底图图层。Grids, sub-grids, blocks, components, cases and the basemap of the city as OGC API – Features collections.',
    links: [
      { href: base, rel: 'self', type: MEDIA.json, title: 'This document' },
      { href: `${origin}/api/openapi.json`, rel: 'service-desc', type: MEDIA.openapi, title: 'The API definition (OpenAPI 3.1)' },
      { href: `${base}/conformance`, rel: 'conformance', type: MEDIA.json, title: 'Conformance classes' },
      { href: `${base}/collections`, rel: 'data', type: MEDIA.json, title: 'The collections' },
    ] satisfies Link[],
  };
}

export function conformance(base: string): Record<string, unknown> {
  return {
    conformsTo: CONFORMANCE,
    links: [{ href: `${base}/conformance`, rel: 'self', type: MEDIA.json }] satisfies Link[],
  };
}

export function collectionDoc(c: CollectionDef, base: string, extent: Extent): Record<string, unknown> {
  const self = `${base}/collections/${c.id}`;
  const ext: Record<string, unknown> = {};
  if (extent.bbox) ext.spatial = { bbox: [extent.bbox], crs: CRS84 };
  if (c.temporalColumn && extent.interval) {
    ext.temporal = { interval: [extent.interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' };
  }
  return {
    id: c.id,
    title: c.title,
    description: c.titleZh,
    itemType: 'feature',
    crs: [CRS84],
    ...(Object.keys(ext).length ? { extent: ext } : {}),
    links: [
      { href: self, rel: 'self', type: MEDIA.json, title: c.title },
      { href: `${self}/items`, rel: 'items', type: MEDIA.geojson, title: `${c.title} as GeoJSON` },
    ] satisfies Link[],
  };
}

export function collectionsDoc(base: string, collections: Record<string, unknown>[]): Record<string, unknown> {
  return {
    links: [{ href: `${base}/collections`, rel: 'self', type: MEDIA.json }] satisfies Link[],
    collections,
  };
}
