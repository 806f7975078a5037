// /api/openapi.json: a valid OpenAPI 3.1 document that holds every route of the route
// table with its method, path and query parameters, and the schema of every body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Type } from '@sinclair/typebox';
import { openApiDocument } from '../../../server/http/openapi.ts';
import type { RouteSpec } from '../../../server/http/route.ts';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { emptyDb, type TestDb } from '../../helpers/store.ts';

interface Parameter { name: string; in: string; required?: boolean; schema?: unknown }
interface Operation {
  operationId: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: unknown }> };
  responses: Record<string, unknown>;
  security?: unknown[];
  'x-roles': unknown;
}
interface Doc {
  openapi: string;
  info: { title: string; version?: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown> };
}

const openApiPath = (koaPath: string) => koaPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
const templateParams = (p: string) => [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
const propsOf = (schema: unknown) => Object.keys((schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
const requiredOf = (schema: unknown) => new Set((schema as { required?: string[] } | undefined)?.required ?? []);
/** The schema as it travels in JSON (TypeBox's symbol keys dropped). */
const asJson = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as unknown;

describe(`the OpenAPI document (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let doc: Doc;
  let specs: readonly RouteSpec[];
  beforeAll(async () => {
    db = await emptyDb();
    app = await startApp(db);
    const r = await app.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    doc = (await r.json()) as Doc;
    specs = app.app.routeSpecs;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('the validator refuses a broken document (so the check above can fail)', async () => {
    const broken = structuredClone(doc) as Doc & { info: { version?: string } };
    const [path] = Object.keys(broken.paths);
    const [method] = Object.keys(broken.paths[path!]!);
    (broken.paths[path!]![method!] as unknown as { responses: unknown }).responses = 'none';
    delete broken.info.version;
    const result = await new Validator().validate(broken as unknown as Record<string, unknown>);
    expect(result.valid).toBe(false);
  });

  it('holds every route of the table with its method, and nothing else but itself', () => {
    expect(specs.length).toBeGreaterThan(10);
    for (const spec of specs) {
      const op = doc.paths[openApiPath(spec.path)]?.[spec.method];
      expect(op, `${spec.method.toUpperCase()} ${spec.path}`).toBeDefined();
      expect(op!.responses, spec.path).toBeDefined();
      expect(op!['x-roles']).toEqual(spec.roles);
      if (spec.roles === 'anyone') expect(op!.security, spec.path).toBeUndefined();
      else if (spec.tokenInQuery) expect(op!.security, spec.path).toEqual([{ bearer: [] }, { accessToken: [] }]);
      else expect(op!.security, spec.path).toEqual([{ bearer: [] }]);
    }
    expect(specs.filter((s) => s.tokenInQuery).map((s) => `${s.method} ${s.path}`)).toEqual(['get /api/events']);
    const declared = new Set(specs.map((s) => `${s.method} ${openApiPath(s.path)}`));
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.filter((d) => !declared.has(d))).toEqual(['get /api/openapi.json'].filter((d) => documented.includes(d)));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.securitySchemes.accessToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'access_token' });
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(ids.filter((id, k) => ids.indexOf(id) !== k)).toEqual([]);
  });

  it('declares every path parameter, required, with its schema', () => {
    for (const spec of specs) {
      const path = openApiPath(spec.path);
      const op = doc.paths[path]![spec.method]!;
      const inPath = op.parameters.filter((p) => p.in === 'path');
      const names = templateParams(path);
      expect(inPath.map((p) => p.name).sort(), `${spec.method} ${spec.path}`).toEqual([...names].sort());
      expect(inPath.every((p) => p.required === true), spec.path).toBe(true);
      // A route with path parameters declares their schema, and the document carries it.
      if (names.length) {
        expect(propsOf(spec.params).sort(), `${spec.path} params schema`).toEqual([...names].sort());
        const props = (asJson(spec.params) as { properties: Record<string, unknown> }).properties;
        for (const p of inPath) expect(p.schema, `${spec.path} {${p.name}}`).toEqual(props[p.name]);
      }
    }
  });

  it('declares every query parameter with its schema and whether it is required', () => {
    let checked = 0;
    for (const spec of specs) {
      const op = doc.paths[openApiPath(spec.path)]![spec.method]!;
      const inQuery = op.parameters.filter((p) => p.in === 'query');
      const declared = propsOf(spec.query);
      expect(inQuery.map((p) => p.name).sort(), `${spec.method} ${spec.path}`).toEqual([...declared].sort());
      const required = requiredOf(spec.query);
      const props = (asJson(spec.query ?? {}) as { properties?: Record<string, unknown> }).properties ?? {};
      for (const p of inQuery) {
        expect(!!p.required, `${spec.path}?${p.name} required`).toBe(required.has(p.name));
        expect(p.schema, `${spec.path}?${p.name}`).toEqual(props[p.name]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('gives every route that declares a body a requestBody with its schema', () => {
    let bodies = 0;
    for (const spec of specs) {
      const op = doc.paths[openApiPath(spec.path)]![spec.method]!;
      if (spec.body) {
        bodies++;
        expect(op.requestBody, `${spec.method} ${spec.path}`).toBeDefined();
        const content = Object.entries(op.requestBody!.content);
        expect(content.length, spec.path).toBeGreaterThan(0);
        const json = content.filter(([type]) => /json/.test(type));
        expect(json.length, `${spec.path} has a JSON body type`).toBeGreaterThan(0);
        for (const [type, media] of json) expect(media.schema, `${spec.path} ${type}`).toEqual(asJson(spec.body));
      } else if (!(spec.kind === 'raw' && spec.bodyTypes)) {
        expect(op.requestBody, `${spec.method} ${spec.path} takes no body`).toBeUndefined();
      }
    }
    expect(bodies).toBeGreaterThan(0);
  });

  it('keeps the body schema of a raw route that also names its media types', () => {
    const body = Type.Object({ name: Type.String() }, { additionalProperties: false });
    const raw: RouteSpec = {
      kind: 'raw', method: 'post', path: '/api/things/:id', summary: 'A thing', tags: ['test'], roles: ['admin'],
      params: Type.Object({ id: Type.Integer() }), body, bodyTypes: ['application/json', 'text/csv'], handler: async () => {},
    };
    const d = openApiDocument([raw], { version: '0', demo: false }) as unknown as Doc;
    const content = d.paths['/api/things/{id}']!.post!.requestBody!.content;
    expect(content['application/json']!.schema).toEqual(body);
    expect(content['text/csv']).toEqual({});
  });

  it('documents the OGC API – Features routes with the GeoJSON media type of items', () => {
    const items = doc.paths['/ogc/collections/{collectionId}/items']!.get!;
    expect(Object.keys((items.responses['200'] as { content: Record<string, unknown> }).content)).toEqual(['application/geo+json']);
    expect(items.parameters.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['bbox', 'datetime', 'f', 'limit', 'offset']);
    for (const p of ['/ogc', '/ogc/conformance', '/ogc/collections', '/ogc/collections/{collectionId}', '/ogc/collections/{collectionId}/items/{featureId}']) {
      expect(doc.paths[p]?.get, p).toBeDefined();
    }
  });
});
