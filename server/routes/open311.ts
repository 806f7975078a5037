// Open311 GeoReport v2 at /open311/v2: discovery, services (the leaf case types),
// service definitions, filing a request with an API key (a case through the usual
// pipeline, on the client's channel), and reading requests (public: only public
// columns, through schema/014's open311_requests). Every answer in JSON or XML by
// the path's extension; errors as the spec's list of {code, description} (the error
// middleware). ?lang=en (or locale=en) answers in English; extensions=true adds our
// detailed status, grid, deadlines and history as extended_attributes. The admins'
// routes for API keys (open311-clients.ts) come with them.
import { Type, type TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { asClient, clientOfKey, DEMO_KEY } from '../open311/clients.ts';
import { fileRequest } from '../open311/file.ts';
import { apiKeyOf, BODY_TYPES, parseRequestForm, readForm } from '../open311/form.ts';
import { FORMATS, send, type Format } from '../open311/format.ts';
import { LANG_PATTERN, langOf } from '../open311/labels.ts';
import { MAX_REQUESTS, REQUESTS_QUERY, requestFilter, WINDOW_DAYS, type RequestsQuery } from '../open311/query.ts';
import { readRequests } from '../open311/requests.ts';
import { open311ClientRoutes } from './open311-clients.ts';
import { listServices, serviceDefinition } from '../open311/services.ts';

const BASE = '/open311/v2';
const strict = { additionalProperties: false } as const;
const TAGS = ['open311'];
const SPEC_URL = 'http://wiki.open311.org/GeoReport_v2';
/** When this endpoint last changed in a way clients should notice (the discovery changeset). */
const CHANGESET = '2026-12-02T00:00:00+08:00';

const FORMAT = StringEnum(FORMATS, { description: 'the answer format: json or xml' });
const FormatParams = Type.Object({ format: FORMAT }, strict);

const COMMON = {
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 200, description: 'accepted and ignored: this endpoint serves one jurisdiction' })),
  lang: Type.Optional(Type.String({ pattern: LANG_PATTERN, description: 'zh (default) or en' })),
  locale: Type.Optional(Type.String({ pattern: LANG_PATTERN, description: 'the same as lang' })),
};
const EXTENSIONS = {
  extensions: Type.Optional(Type.Boolean({ description: 'true adds extended_attributes: detailed status, channel, grid, deadlines, overdue, duplicate, status history' })),
};
const CommonQuery = Type.Object(COMMON, strict);

type Common = { jurisdiction_id?: string; lang?: string; locale?: string };

const errors = (more: Record<number, string> = {}) =>
  Object.fromEntries(Object.entries({ 400: 'Open311 errors: [{code, description}] (JSON or XML)', ...more }).map(([k, v]) => [k, { description: v }]));

export function open311Routes(deps: AppDeps): RouteSpec[] {
  const { db, config, changes } = deps;
  return [
    {
      method: 'get',
      path: `${BASE}/discovery.:format`,
      summary: 'Open311 service discovery: the GeoReport v2 endpoint, its formats and how to get an API key',
      tags: TAGS,
      roles: 'anyone',
      params: FormatParams,
      query: CommonQuery,
      async handler({ ctx, params }) {
        const format = (params as { format: Format }).format;
        const keyService = `An administrator makes API keys (POST /api/open311/clients).${config.demo ? ` Demo mode: use api_key=${DEMO_KEY}.` : ''}`;
        send(ctx, format, 'discovery', {
          changeset: CHANGESET,
          contact: 'gridcity 网格城市 — urban management grid platform',
          key_service: keyService,
          endpoints: [{ specification: SPEC_URL, url: `${ctx.protocol}://${ctx.host}${BASE}`, changeset: CHANGESET, type: 'production', formats: ['text/xml', 'application/json'] }],
        });
      },
    },
    {
      method: 'get',
      path: `${BASE}/services.:format`,
      summary: 'Open311 services: every leaf case type, grouped by its level-1 and level-2 categories',
      tags: TAGS,
      roles: 'anyone',
      params: FormatParams,
      query: CommonQuery,
      responses: { 200: { description: 'services' }, ...errors() },
      async handler({ ctx, tx, params, query }) {
        send(ctx, (params as { format: Format }).format, 'services', await listServices(tx, langOf(query as Common)));
      },
    },
    {
      method: 'get',
      path: `${BASE}/services/:service_code.:format`,
      summary: 'Open311 service definition: its attributes (an optional component code)',
      tags: TAGS,
      roles: 'anyone',
      params: Type.Object({ service_code: Type.String({ maxLength: 20, description: 'a service code (8 digits)' }), format: FORMAT }, strict),
      query: CommonQuery,
      responses: { 200: { description: 'service_definition' }, ...errors({ 404: 'No such service' }) },
      async handler({ ctx, tx, params, query }) {
        const p = params as { service_code: string; format: Format };
        send(ctx, p.format, 'service_definition', await serviceDefinition(tx, p.service_code, langOf(query as Common)));
      },
    },
    {
      // Raw: the body is form-urlencoded (or JSON), and the transaction is the client's.
      kind: 'raw',
      method: 'post',
      path: `${BASE}/requests.:format`,
      summary: 'File an Open311 service request (api_key required): a case on the client\'s channel, located in its grid; answers [{service_request_id, service_notice, account_id}]',
      tags: TAGS,
      roles: 'anyone',
      params: FormatParams,
      query: Type.Object({ ...COMMON, api_key: Type.Optional(Type.String({ maxLength: 200, description: 'the client\'s API key (usually sent in the body)' })) }, strict),
      bodyTypes: BODY_TYPES,
      responses: {
        201: { description: 'service_requests: the new request' },
        ...errors({ 403: 'api_key missing, unknown or revoked', 404: 'No such service', 415: 'Not a form or JSON' }),
      },
      async handler({ ctx, params, query }) {
        const format = (params as { format: Format }).format;
        const form = await readForm(ctx);
        const client = await clientOfKey(db, config.demo, apiKeyOf(form, query as Record<string, unknown>));
        const input = parseRequestForm(form);
        const lang = langOf(query as Common);
        const filed = await asClient(deps, client, async (tx, principal, publish) => {
          const f = await fileRequest(tx, principal, client, input, lang, config);
          publish({ type: 'case.created', case_id: f.caseId });
          return f.filed;
        });
        changes.notify('cases', 'case_events');
        ctx.set('Location', `${BASE}/requests/${filed.service_request_id}.${format}`);
        send(ctx, format, 'service_requests', [filed], 201);
      },
    },
    {
      method: 'get',
      path: `${BASE}/requests.:format`,
      summary: `Open311 service requests (public fields only): by ids, or service codes, status and report time (default the last ${WINDOW_DAYS} days; at most ${MAX_REQUESTS}, newest first)`,
      tags: TAGS,
      roles: 'anyone',
      params: FormatParams,
      query: Type.Object({ ...COMMON, ...EXTENSIONS, ...REQUESTS_QUERY }, strict) as TSchema,
      responses: { 200: { description: 'service_requests' }, ...errors() },
      async handler({ ctx, tx, params, query }) {
        const q = query as Common & RequestsQuery & { extensions?: boolean };
        const requests = await readRequests(tx, requestFilter(q), { lang: langOf(q), extensions: q.extensions === true });
        send(ctx, (params as { format: Format }).format, 'service_requests', requests);
      },
    },
    {
      method: 'get',
      path: `${BASE}/requests/:service_request_id.:format`,
      summary: 'One Open311 service request (public fields only)',
      tags: TAGS,
      roles: 'anyone',
      params: Type.Object({ service_request_id: Type.String({ pattern: '^[0-9]{14}$', description: 'the case code (14 digits)' }), format: FORMAT }, strict),
      query: Type.Object({ ...COMMON, ...EXTENSIONS }, strict),
      responses: { 200: { description: 'service_requests with one request' }, ...errors({ 404: 'No such request' }) },
      async handler({ ctx, tx, params, query }) {
        const p = params as { service_request_id: string; format: Format };
        const q = query as Common & { extensions?: boolean };
        const filter = { codes: [p.service_request_id], types: null, from: null, to: null, open: null, limit: 1 };
        const requests = await readRequests(tx, filter, { lang: langOf(q), extensions: q.extensions === true });
        if (!requests.length) throw notFound(`no service request ${p.service_request_id}`);
        send(ctx, p.format, 'service_requests', requests);
      },
    },
    ...open311ClientRoutes(deps),
  ];
}
