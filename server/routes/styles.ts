// The basemap as a MapLibre style that needs nothing but this server, and the Latin
// glyphs its labels are drawn with. Both public: the map is drawn before sign-in.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { basemapStyle, LANGS, THEMES, type Lang, type Theme } from '../styles/basemap.ts';
import { glyphStore, parseRange } from '../styles/glyphs.ts';
import { sendCacheable } from '../styles/respond.ts';
import { cityView } from '../styles/view.ts';

const STYLE_QUERY = Type.Object({
  lang: Type.Optional(Type.Unsafe<Lang>({ type: 'string', enum: [...LANGS], default: 'zh', description: 'Label language: zh (Chinese names) or en (English names, Chinese where there is none)' })),
  theme: Type.Optional(Type.Unsafe<Theme>({ type: 'string', enum: [...THEMES], default: 'light', description: 'light, or dark for the command centre wall map' })),
}, { additionalProperties: false });

const GLYPH_PARAMS = Type.Object({
  fontstack: Type.String({ minLength: 1, maxLength: 512, description: 'Font names separated by commas; the first one served answers' }),
  range: Type.String({ minLength: 1, maxLength: 16, description: 'N-M: N a multiple of 256, M = N + 255' }),
}, { additionalProperties: false });

/** A host as browsers send it: a name or IPv4 address, or a bracketed IPv6 one, and a port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

const STYLE_CACHE = 'public, max-age=300';
const GLYPH_CACHE = 'public, max-age=2592000';

export function styleRoutes({ db }: AppDeps): RouteSpec[] {
  const glyphs = glyphStore();
  return [{
    kind: 'raw',
    method: 'get',
    path: '/styles/basemap.json',
    summary: 'The basemap as a MapLibre style (v8) whose sources and glyphs are all on this server',
    tags: ['tiles'],
    roles: 'anyone',
    query: STYLE_QUERY,
    responses: {
      200: { description: 'The style; URLs are absolute, on the origin the request came to', contentType: 'application/json' },
      304: { description: 'The client\'s copy (If-None-Match) is current' },
    },
    async handler({ ctx, query }) {
      const { lang = 'zh', theme = 'light' } = query as { lang?: Lang; theme?: Theme };
      if (!HOST.test(ctx.host)) throw new AppError(400, 'invalid_host', 'the Host header is not a host name and port, so the style cannot name its URLs', { host: ctx.host });
      // The city's extent is public (admin areas): read it outside any scoped transaction.
      const view = await cityView(db);
      // Koa 3's ctx.origin is the Origin request header; the style needs this server's own.
      const origin = `${ctx.protocol}://${ctx.host}`;
      const body = Buffer.from(JSON.stringify(basemapStyle({ origin, lang, theme, view })));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      sendCacheable(ctx, { body, gzip: gzipSync(body), etag, type: 'application/json; charset=utf-8', cacheControl: STYLE_CACHE });
    },
  }, {
    kind: 'raw',
    method: 'get',
    path: '/fonts/:fontstack/:range.pbf',
    summary: 'Latin SDF glyphs for map labels (CJK is drawn from local fonts and not served)',
    tags: ['tiles'],
    roles: 'anyone',
    params: GLYPH_PARAMS,
    responses: {
      200: { description: 'Glyphs of 256 code points (protocol buffer)', contentType: 'application/x-protobuf' },
      304: { description: 'The client\'s copy (If-None-Match) is current' },
      400: { description: 'The range is not N-M with N a multiple of 256 and M = N + 255' },
      404: { description: 'No font of the stack is served, the range is CJK, or the range is not generated' },
    },
    async handler({ ctx, params }) {
      const { fontstack, range } = params as { fontstack: string; range: string };
      const { range: glyphRange } = glyphs.find(fontstack, parseRange(range));
      sendCacheable(ctx, { body: glyphRange.body, gzip: glyphRange.gzip, etag: glyphRange.etag, type: 'application/x-protobuf', cacheControl: GLYPH_CACHE });
    },
  }];
}
