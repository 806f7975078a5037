// The OpenAPI 3.1 document, generated from the route table and its schemas.
import type { TSchema } from '@sinclair/typebox';
import { JSON_TYPES, TOKEN_QUERY, type RouteSpec } from './route.ts';

type Json = Record<string, unknown>;

const openApiPath = (koaPath: string) => koaPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');

function parametersOf(schema: TSchema | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const props = (schema as { properties?: Record<string, TSchema> }).properties ?? {};
  const required = new Set((schema as { required?: string[] }).required ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...((s as { description?: string }).description ? { description: (s as { description?: string }).description } : {}),
    schema: s,
  }));
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
    },
  },
};

export function openApiDocument(specs: readonly RouteSpec[], info: { version: string; demo: boolean }): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of specs) {
    const p = openApiPath(spec.path);
    const op: Json = {
      summary: spec.summary,
      tags: spec.tags,
      operationId: `${spec.method}${p.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      'x-roles': spec.roles,
      parameters: [
        ...parametersOf(spec.params, 'path'),
        ...parametersOf(spec.query, 'query'),
        ...(spec.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: !!h.required, description: h.description, schema: { type: 'string' } })),
      ],
      responses: {
        ...Object.fromEntries(
          Object.entries(spec.responses ?? { 200: { description: 'OK' } }).map(([status, r]) => [
            status,
            {
              description: r.description,
              ...(r.schema || r.contentType ? { content: { [r.contentType ?? 'application/json']: r.schema ? { schema: r.schema } : {} } } : {}),
            },
          ]),
        ),
        default: { description: 'An error, saying what was wrong', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (spec.roles !== 'anyone') op.security = spec.tokenInQuery ? [{ bearer: [] }, { accessToken: [] }] : [{ bearer: [] }];
    if (spec.kind === 'raw' && spec.bodyTypes) {
      // A raw route with a body schema parses JSON: its JSON media types carry the schema.
      op.requestBody = { required: true, content: Object.fromEntries(spec.bodyTypes.map((t) => [t, spec.body && JSON_TYPES.includes(t) ? { schema: spec.body } : {}])) };
    } else if (spec.body) {
      op.requestBody = { required: true, content: Object.fromEntries(JSON_TYPES.map((t) => [t, { schema: spec.body }])) };
    }
    (paths[p] ??= {})[spec.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gridcity API',
      version: info.version,
      description: 'Grids, sub-grids, blocks, teams, components and cases of the city; GeoJSON in and out. Sign in at /api/auth/login and send the token as "Authorization: Bearer <token>".',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        accessToken: { type: 'apiKey', in: 'query', name: TOKEN_QUERY, description: 'The sign-in token as a query parameter, on the routes that accept it (GET /api/events, for EventSource)' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
