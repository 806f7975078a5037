// The write endpoints that take a geometry, and how to put one into each: found from
// the route table (a body schema that names GeoJSON, or an import target), with a
// request template per route. A route that takes a geometry and has no template here
// fails the coverage test, so a new geometry endpoint cannot slip past the corpus.
import type { TSchema } from '@sinclair/typebox';
import type { RouteSpec } from '../../server/http/route.ts';
import type { TestDb } from '../helpers/store.ts';
import type { TestServer } from '../helpers/http.ts';
import type { GeometryCase } from './corpus/geometries.ts';

export type Kind = GeometryCase['kind'];

export interface Fixtures {
  grid: { id: number; version: number; community_id: number; code: string };
  subgrid: { id: number; version: number };
  block: { id: number; version: number };
  case: { id: number; version: number };
  component: { id: number; version: number };
  channel: string;
  typeCode: string;
  classCode: string;
}

export async function loadFixtures(db: TestDb): Promise<Fixtures> {
  const one = async <T extends object>(sql: string) => (await db.query<T>(sql)).rows[0]!;
  const grid = await one<{ id: number; version: number; community_id: number; code: string }>('select id, version, community_id, code from grids order by id limit 1');
  return {
    grid: { ...grid, id: Number(grid.id), version: Number(grid.version), community_id: Number(grid.community_id) },
    subgrid: await one<{ id: number; version: number }>('select id::int, version::int from subgrids order by id limit 1'),
    block: await one<{ id: number; version: number }>('select id::int, version::int from blocks order by id limit 1'),
    case: await one<{ id: number; version: number }>("select id::int, version::int from cases where grid_id is not null order by id limit 1"),
    component: await one<{ id: number; version: number }>('select id::int, version::int from components where grid_id is not null order by id limit 1'),
    channel: (await one<{ code: string }>('select code from channels order by code limit 1')).code,
    typeCode: (await one<{ code: string }>('select code from case_types where level = 4 order by code limit 1')).code,
    classCode: (await one<{ code: string }>('select code from component_classes where length(code) = 4 order by code limit 1')).code,
  };
}

/** A valid square inside the city (another argument beside the one under test). */
export const SQUARE = '{"type":"Polygon","coordinates":[[[112,27.73],[112.001,27.73],[112.001,27.731],[112,27.731],[112,27.73]]]}';
export const LINE = '{"type":"LineString","coordinates":[[111.999,27.7305],[112.002,27.7305]]}';

export interface GeometryTarget {
  /** "POST /api/grids" (+ a variant after a space). */
  name: string;
  /** The route of the table, "post /api/grids". */
  route: string;
  kinds: readonly Kind[];
  send(app: TestServer, token: string, g: string): Promise<Response>;
}

const json = (app: TestServer, method: string, path: string, token: string, text: string, headers: Record<string, string> = {}) =>
  app.request(method, path, { token, body: text, headers: { 'content-type': 'application/json', ...headers } });

export function geometryTargets(f: Fixtures): GeometryTarget[] {
  const out: GeometryTarget[] = [];
  const POLY: Kind[] = ['polygon', 'any'];
  const layers = [
    { plural: 'grids', unit: f.grid, create: { code: `${f.grid.code.slice(0, 12)}999`, name: 'corpus', community_id: f.grid.community_id, status: 'draft' } },
    { plural: 'subgrids', unit: f.subgrid, create: { code: `${f.grid.code}99`, name: 'corpus', grid_id: f.grid.id } },
    { plural: 'blocks', unit: f.block, create: { code: `${f.grid.code.slice(0, 12)}9999`, name: 'corpus', community_id: f.grid.community_id, landuse: 'mixed' } },
  ];
  for (const l of layers) {
    const base = `/api/${l.plural}`;
    const props = JSON.stringify(l.create);
    out.push({ name: `POST ${base}`, route: `post ${base}`, kinds: POLY, send: (a, t, g) => json(a, 'POST', base, t, `{"type":"Feature","geometry":${g},"properties":${props}}`) });
    out.push({ name: `PATCH ${base}/:id`, route: `patch ${base}/:id`, kinds: POLY, send: (a, t, g) => json(a, 'PATCH', `${base}/${l.unit.id}`, t, `{"type":"Feature","geometry":${g},"properties":{}}`, { 'if-match': `"v${l.unit.version}"` }) });
    out.push({ name: `PATCH ${base}`, route: `patch ${base}`, kinds: POLY, send: (a, t, g) => json(a, 'PATCH', base, t, `{"type":"FeatureCollection","features":[{"type":"Feature","id":${l.unit.id},"geometry":${g},"properties":{"version":${l.unit.version}}}]}`) });
    out.push({ name: `POST ${base}/changes creates`, route: `post ${base}/changes`, kinds: POLY, send: (a, t, g) => json(a, 'POST', `${base}/changes`, t, `{"creates":[{"properties":${props},"geometry":${g}}]}`) });
    out.push({ name: `POST ${base}/changes updates (dry run)`, route: `post ${base}/changes`, kinds: POLY, send: (a, t, g) => json(a, 'POST', `${base}/changes`, t, `{"updates":[{"id":${l.unit.id},"version":${l.unit.version},"geometry":${g}}],"dry_run":true}`) });
    out.push({ name: `POST /api/imports/${l.plural}`, route: 'post /api/imports/:target', kinds: POLY, send: (a, t, g) => json(a, 'POST', `/api/imports/${l.plural}`, t, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":${g},"properties":${props}}]}`) });
  }
  out.push({ name: 'POST /api/geometry/split geometry', route: 'post /api/geometry/split', kinds: POLY, send: (a, t, g) => json(a, 'POST', '/api/geometry/split', t, `{"geometry":${g},"line":${LINE}}`) });
  out.push({ name: 'POST /api/geometry/split line', route: 'post /api/geometry/split', kinds: ['line', 'any'], send: (a, t, g) => json(a, 'POST', '/api/geometry/split', t, `{"geometry":${SQUARE},"line":${g}}`) });
  out.push({ name: 'POST /api/geometry/merge', route: 'post /api/geometry/merge', kinds: POLY, send: (a, t, g) => json(a, 'POST', '/api/geometry/merge', t, `{"geometries":[${SQUARE},${g}]}`) });
  const PT: Kind[] = ['point', 'any'];
  const caseProps = JSON.stringify({ channel: f.channel, type_code: f.typeCode, description: 'corpus' });
  const compProps = JSON.stringify({ class_code: f.classCode });
  out.push({ name: 'POST /api/cases', route: 'post /api/cases', kinds: PT, send: (a, t, g) => json(a, 'POST', '/api/cases', t, `{"type":"Feature","geometry":${g},"properties":${caseProps}}`) });
  out.push({ name: 'PATCH /api/cases/:id', route: 'patch /api/cases/:id', kinds: PT, send: (a, t, g) => json(a, 'PATCH', `/api/cases/${f.case.id}`, t, `{"type":"Feature","geometry":${g},"properties":{}}`, { 'if-match': `"v${f.case.version}"` }) });
  out.push({ name: 'POST /api/imports/cases', route: 'post /api/imports/:target', kinds: PT, send: (a, t, g) => json(a, 'POST', '/api/imports/cases', t, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":${g},"properties":${caseProps}}]}`) });
  out.push({ name: 'POST /api/components', route: 'post /api/components', kinds: PT, send: (a, t, g) => json(a, 'POST', '/api/components', t, `{"type":"Feature","geometry":${g},"properties":${compProps}}`) });
  out.push({ name: 'PATCH /api/components/:id', route: 'patch /api/components/:id', kinds: PT, send: (a, t, g) => json(a, 'PATCH', `/api/components/${f.component.id}`, t, `{"type":"Feature","geometry":${g},"properties":{}}`, { 'if-match': `"v${f.component.version}"` }) });
  out.push({ name: 'POST /api/imports/components', route: 'post /api/imports/:target', kinds: PT, send: (a, t, g) => json(a, 'POST', '/api/imports/components', t, `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":${g},"properties":${compProps}}]}`) });
  return out;
}

/** Does a schema take GeoJSON somewhere (a property whose description names GeoJSON)? */
export function takesGeoJson(schema: TSchema | undefined): boolean {
  if (!schema) return false;
  return /GeoJSON/.test(JSON.stringify(schema));
}

/** The routes of the table that take a geometry: JSON bodies naming GeoJSON, and the imports. */
export function geometryRoutes(specs: readonly RouteSpec[]): string[] {
  return specs
    .filter((s) => s.method !== 'get' && (takesGeoJson(s.body) || s.path.startsWith('/api/imports/')))
    .map((s) => `${s.method} ${s.path}`);
}

/** A route's path with its parameters filled with things that exist. */
export function concretePath(s: RouteSpec, fx: Fixtures): string {
  const idFor = (path: string): number => {
    if (path.startsWith('/api/grids')) return fx.grid.id;
    if (path.startsWith('/api/subgrids')) return fx.subgrid.id;
    if (path.startsWith('/api/blocks')) return fx.block.id;
    if (path.startsWith('/api/cases')) return fx.case.id;
    if (path.startsWith('/api/components')) return fx.component.id;
    return 1;
  };
  const fill: Record<string, string> = {
    id: String(idFor(s.path)), target: 'components', format: 'json', day: '2026-10-01', prefix: '01', collectionId: 'grids', featureId: String(fx.grid.id),
    service_code: fx.typeCode, service_request_id: '1', fontstack: 'Noto Sans Regular', range: '0-255', layers: 'grids', z: '12', x: '3297', y: '1712',
  };
  return s.path.replace(/:([A-Za-z_]+)/g, (_, k: string) => encodeURIComponent(fill[k] ?? '1'));
}
