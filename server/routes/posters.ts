// QR posters (码上反映): a printable A4 SVG per community and per grid whose QR code
// holds the full report link (PUBLIC_BASE_URL, or the address the poster was asked
// from, + /report?c=<code>), and the list of posters of a street office or the city for
// the staff's print page. Grids are read under the caller's row-level security (a grid
// chief prints their own grids' posters).
import { Type } from '@sinclair/typebox';
import type { RouterContext } from '@koa/router';
import type { AppDeps } from '../app.ts';
import type { Config } from '../config.ts';
import { notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { posterSvg, reportUrl } from '../posters/svg.ts';
import { reportPlace } from '../public/report-places.ts';

const STAFF = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;
const strict = { additionalProperties: false } as const;
const KINDS = { community: '^[0-9]{12}$', grid: '^[0-9]{15}$' } as const;
type Kind = keyof typeof KINDS;

/** Where residents reach the app: the configured public base URL, or this request's origin. */
export function publicBase(config: Config, ctx: RouterContext): string {
  return config.publicBaseUrl ?? `${ctx.protocol}://${ctx.host}`;
}

const LIST_SQL = `
  select * from (
    select 'community' as kind, a.code, a.name, a.name_en, a.name as community, s.name as street, s.code as street_code
      from admin_areas a join admin_areas s on s.id = a.parent_id
     where a.level = 'community' and ($1::text is null or s.code = $1) and ($2::text is null or $2 = 'community')
    union all
    select 'grid', trim(g.code), g.name, null, c.name, s.name, s.code
      from grids g join admin_areas c on c.id = g.community_id join admin_areas s on s.id = c.parent_id
     where g.status = 'active' and ($1::text is null or s.code = $1) and ($2::text is null or $2 = 'grid')
  ) p order by p.street_code, left(p.code, 12), p.kind, p.code`;

interface ListRow {
  kind: Kind;
  code: string;
  name: string;
  name_en: string | null;
  community: string;
  street: string;
  street_code: string;
}

export function posterRoutes({ config }: AppDeps): RouteSpec[] {
  const svgRoutes = (Object.keys(KINDS) as Kind[]).map((kind): RouteSpec => ({
    method: 'get',
    path: `/api/posters/${kind}/:code.svg`,
    summary: `A printable A4 poster (SVG) for a ${kind}: "scan to report a problem" with a QR code of its report link /report?c=<code>`,
    tags: ['posters'],
    roles: STAFF,
    params: Type.Object({ code: Type.String({ pattern: KINDS[kind], description: `the ${kind} code` }) }, strict),
    query: Type.Object({ download: Type.Optional(Type.Boolean({ description: 'as an attachment (poster-<code>.svg)' })) }, strict),
    responses: { 200: { description: 'The poster', contentType: 'image/svg+xml' } },
    async handler({ ctx, tx, params, query }) {
      const code = (params as { code: string }).code;
      const place = await reportPlace(tx, code);
      if (!place) throw notFound(`no ${kind === 'grid' ? 'active grid' : 'community'} with code ${code}${kind === 'grid' ? ' that you may see' : ''}`);
      const under = kind === 'grid' ? `${place.community} · ${place.street}` : place.street;
      ctx.type = 'image/svg+xml; charset=utf-8';
      ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
      ctx.set('Cache-Control', 'private, max-age=300');
      if ((query as { download?: boolean }).download) ctx.set('Content-Disposition', `attachment; filename="poster-${code}.svg"`);
      ctx.body = posterSvg({ kind, code, name: place.name, name_en: place.name_en, under, url: reportUrl(publicBase(config, ctx), code) });
    },
  }));
  return [
    ...svgRoutes,
    {
      method: 'get',
      path: '/api/posters',
      summary: 'The QR posters of a street office (or the whole city): each community and active grid you may see, with its report link and poster URL',
      tags: ['posters'],
      roles: STAFF,
      query: Type.Object(
        {
          street: Type.Optional(Type.String({ pattern: '^[0-9]{9}$', description: 'a street office code (9 digits); the whole city when absent' })),
          kind: Type.Optional(StringEnum(['community', 'grid'] as const, { description: 'only communities or only grids' })),
        },
        strict,
      ),
      async handler({ ctx, tx, query }) {
        const q = query as { street?: string; kind?: Kind };
        let street: { code: string; name: string; name_en: string | null } | null = null;
        if (q.street) {
          street = (await tx.query<{ code: string; name: string; name_en: string | null }>(
            `select code, name, name_en from admin_areas where level = 'street' and code = $1`, [q.street])).rows[0] ?? null;
          if (!street) throw notFound(`no street office with code ${q.street}`);
        }
        const rows = (await tx.query<ListRow>(LIST_SQL, [q.street ?? null, q.kind ?? null])).rows;
        const base = publicBase(config, ctx);
        ctx.body = {
          street, base_url: base, count: rows.length,
          posters: rows.map((r) => ({ ...r, report_url: reportUrl(base, r.code), svg: `/api/posters/${r.kind}/${r.code}.svg` })),
        };
      },
    },
  ];
}
