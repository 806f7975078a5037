// What the residents' report page (/report?c=…, no sign-in) reads before a report: the
// short list of problem types in plain words, and the community or grid its QR code
// names (name, community, street office, a point inside it for the first pin).
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { asSystem } from '../auth/principal.ts';
import { notFound } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { PLACE_CODE, reportPlace } from '../public/report-places.ts';
import { REPORT_TYPES } from '../public/report-types.ts';

const strict = { additionalProperties: false } as const;

export function reportPageRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/public/report-types',
      summary: 'The problems the residents\' report page offers, in plain words (Chinese and English), each with its leaf case type code',
      tags: ['public'],
      roles: 'anyone',
      query: Type.Object({}, strict),
      async handler({ ctx }) {
        ctx.set('Cache-Control', 'public, max-age=300');
        ctx.body = { types: REPORT_TYPES };
      },
    },
    {
      method: 'get',
      path: '/api/public/report-places/:code',
      summary: 'The community (12 digits) or active grid (15 digits) a QR code names: name, community, street office, a point inside it and its bounding box (public fields only)',
      tags: ['public'],
      roles: 'anyone',
      params: Type.Object({ code: Type.String({ pattern: PLACE_CODE, description: 'a community code (12 digits) or a grid code (15 digits)' }) }, strict),
      query: Type.Object({}, strict),
      async handler({ ctx, tx, params, principal }) {
        const code = (params as { code: string }).code;
        // Grids are staff data under row-level security; a grid's name and a point inside it are what its poster prints anyway.
        const place = await asSystem(tx, principal, () => reportPlace(tx, code));
        if (!place) throw notFound(`no ${code.length === 12 ? 'community' : 'grid'} with code ${code}`);
        ctx.set('Cache-Control', 'public, max-age=300');
        ctx.body = place;
      },
    },
  ];
}
