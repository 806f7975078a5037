// People: a search by name or phone prefix with each person's seats across grids, and
// one person with every seat they hold. Phones are masked for roles other than admin
// and planner; a grid chief sees the people of their own grid (row-level security).
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import type { RouteSpec } from '../http/route.ts';
import { getPerson, searchPeople } from '../people/read.ts';

const strict = { additionalProperties: false } as const;
const READERS = ['admin', 'planner', 'command', 'officer', 'grid_chief'] as const;

export function peopleRoutes(_deps: AppDeps): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/api/people',
      summary: 'People by name prefix (admins and planners: or phone prefix), with the grid seats each holds; phones masked (138****1234) except for admins and planners',
      tags: ['people'],
      roles: READERS,
      query: Type.Object(
        {
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a name prefix, or a phone prefix (admins and planners)' })),
          limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        },
        strict,
      ),
      responses: { 200: { description: '{total, limit, offset, next, people: [{id, name, title, kind, department, phone, seats: [{grid_id, grid_code, seat_kind, ...}]}]}' } },
      async handler({ ctx, tx, query, principal }) {
        const q = query as { q?: string; limit: number; offset: number };
        const { total, people } = await searchPeople(tx, principal.role, q);
        let next: string | null = null;
        if (q.offset + people.length < total) {
          const params = new URLSearchParams(ctx.querystring);
          params.set('offset', String(q.offset + q.limit));
          next = `/api/people?${params}`;
        }
        ctx.body = { total, limit: q.limit, offset: q.offset, next, people };
      },
    },
    {
      method: 'get',
      path: '/api/people/:id',
      summary: 'One person with every seat they hold: grid team seats, sub-grid chief or member, block or environment chief',
      tags: ['people'],
      roles: READERS,
      params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }, strict),
      responses: { 404: { description: 'No such person, or not one a grid chief may see' } },
      async handler({ ctx, tx, params, principal }) {
        ctx.body = await getPerson(tx, principal.role, (params as { id: number }).id);
      },
    },
  ];
}
