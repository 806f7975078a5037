// GET/PUT /api/grids/{id}/team: the 1+3+5+N team with completeness, sub-grid chiefs
// and members, block and environment chiefs. A replace carries the team's ETag.
// GET /api/grids/{id}/team/history: who changed the team, what and when.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app.ts';
import { AppError } from '../errors.ts';
import type { RouteSpec } from '../http/route.ts';
import { StringEnum } from '../http/validate.ts';
import { readTeam, replaceTeam, type TeamInput } from '../units/team.ts';
import { teamHistory } from '../units/team-history.ts';

const strict = { additionalProperties: false } as const;
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const SOURCES = ['community', 'enforcement', 'housing_security', 'owners_committee', 'property', 'other'] as const;

const TeamBody = Type.Object(
  {
    seats: Type.Array(Type.Object({ seat_kind: Type.String({ minLength: 1, maxLength: 40 }), person_id: Id }, strict), { maxItems: 500 }),
    subgrids: Type.Optional(
      Type.Array(
        Type.Object(
          {
            subgrid_id: Id,
            chief_id: Type.Union([Id, Type.Null()]),
            members: Type.Array(Type.Object({ person_id: Id, source: StringEnum(SOURCES) }, strict), { maxItems: 200 }),
          },
          strict,
        ),
        { maxItems: 100 },
      ),
    ),
    blocks: Type.Optional(
      Type.Array(Type.Object({ block_id: Id, block_chief_id: Type.Union([Id, Type.Null()]), environment_chief_id: Type.Union([Id, Type.Null()]) }, strict), {
        maxItems: 500,
      }),
    ),
  },
  strict,
);

export function teamRoutes(_deps: AppDeps): RouteSpec[] {
  const params = Type.Object({ id: Id }, strict);
  return [
    {
      method: 'get',
      path: '/api/grids/:id/team',
      summary: "A grid's team: seats and holders, completeness, sub-grid chiefs and members, block and environment chiefs",
      tags: ['teams'],
      roles: ['admin', 'planner', 'command', 'officer', 'grid_chief'],
      params,
      async handler({ ctx, tx, params: p }) {
        const { team, tag } = await readTeam(tx, (p as { id: number }).id);
        ctx.set('ETag', tag);
        ctx.body = team;
      },
    },
    {
      method: 'get',
      path: '/api/grids/:id/team/history',
      summary: "Changes of a grid's team, newest first: each seat, sub-grid chief or member and block chief added or removed, with who and when",
      tags: ['teams'],
      roles: ['admin', 'planner', 'command', 'officer'],
      params,
      query: Type.Object(
        {
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
          before: Type.Optional(Type.Integer({ minimum: 1, description: 'only changes older than this id (the next_before of the page before)' })),
        },
        strict,
      ),
      async handler({ ctx, tx, params: p, query }) {
        ctx.body = await teamHistory(tx, (p as { id: number }).id, query as { limit: number; before?: number });
      },
    },
    {
      method: 'put',
      path: '/api/grids/:id/team',
      summary: "Replace a grid's seats (and the listed sub-grid and block teams); If-Match with the team's ETag",
      tags: ['teams'],
      roles: ['admin', 'planner'],
      params,
      body: TeamBody,
      headers: [{ name: 'If-Match', description: "the team's ETag from GET", required: true }],
      responses: { 200: { description: 'The team as saved, with completeness' }, 412: { description: 'The team changed since it was read' }, 422: { description: 'A seat rule is broken' }, 428: { description: 'If-Match missing' } },
      async handler({ ctx, tx, params: p, body, changed }) {
        const id = (p as { id: number }).id;
        const ifMatch = ctx.get('if-match');
        if (!ifMatch) throw new AppError(428, 'precondition_required', "send If-Match with the team's ETag (read it with GET first)");
        // One replace at a time per grid: a second waits here and then sees the new tag (412).
        await tx.query('select 1 from grids where id = $1 for update', [id]);
        const before = await readTeam(tx, id);
        if (ifMatch.replace(/^W\//, '').trim() !== before.tag) {
          throw new AppError(412, 'version_conflict', 'the team was changed since you read it; reload it and apply your change again', { current: before.team });
        }
        await replaceTeam(tx, id, body as TeamInput);
        changed('grid_seats', 'subgrid_members', 'block_chiefs');
        const after = await readTeam(tx, id);
        ctx.set('ETag', after.tag);
        ctx.body = after.team;
      },
    },
  ];
}
