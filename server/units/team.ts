// A grid's team: the seats of its team model ("1+3+5+N": one chief, three
// coordinators, five specialists, any number of participants) with their holders,
// the chiefs and members of its sub-grids, and the block and environment chiefs of
// the blocks in it. Read as one document with a content tag; replaced as one.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';

export interface TeamInput {
  seats: { seat_kind: string; person_id: number }[];
  subgrids?: { subgrid_id: number; chief_id: number | null; members: { person_id: number; source: string }[] }[];
  blocks?: { block_id: number; block_chief_id: number | null; environment_chief_id: number | null }[];
}

/** A seat holder; the phone masked in the database for roles that do not call the team (schema/040: app.sees_team_phones). */
const PERSON = (alias: string) =>
  `json_build_object('person_id', ${alias}.id, 'name', ${alias}.name, 'title', ${alias}.title, 'kind', ${alias}.kind, 'department', ${alias}.department,
     'phone', case when app.sees_team_phones() then ${alias}.phone else app.mask_phone(${alias}.phone) end)`;

const TEAM_SQL = `
select json_build_object(
  'grid', json_build_object('id', g.id, 'code', g.code, 'name', g.name, 'team_model', g.team_model),
  'complete', coalesce(t.complete, false), 'required_seats', t.required_seats, 'filled_seats', t.filled_seats,
  'empty_seats', t.empty_seats, 'shared_holders', t.shared_holders, 'participants', t.participants,
  'seats', (select json_agg(json_build_object(
               'seat_kind', k.code, 'group', k.seat_group, 'name_zh', k.name_zh, 'name_en', k.name_en,
               'min_holders', ms.min_holders, 'max_holders', ms.max_holders,
               'holders', coalesce((select json_agg(${PERSON('p')}::jsonb || jsonb_build_object('since', s.since) order by p.id)
                                      from grid_seats s join people p on p.id = s.person_id
                                     where s.grid_id = g.id and s.seat_kind = k.code), '[]'::json)) order by k.sort)
              from team_model_seats ms join seat_kinds k on k.code = ms.seat_kind where ms.model_code = g.team_model),
  'subgrids', coalesce((select json_agg(json_build_object(
               'id', sg.id, 'code', sg.code, 'name', sg.name,
               'chief', (select ${PERSON('p')} from subgrid_members m join people p on p.id = m.person_id where m.subgrid_id = sg.id and m.role = 'chief'),
               'members', coalesce((select json_agg(${PERSON('p')}::jsonb || jsonb_build_object('source', m.source) order by p.id)
                                      from subgrid_members m join people p on p.id = m.person_id where m.subgrid_id = sg.id and m.role = 'member'), '[]'::json))
               order by sg.code) from subgrids sg where sg.grid_id = g.id), '[]'::json),
  'blocks', coalesce((select json_agg(json_build_object(
               'id', b.id, 'code', b.code, 'name', b.name,
               'block_chief', (select ${PERSON('p')} from block_chiefs c join people p on p.id = c.person_id where c.block_id = b.id and c.role = 'block_chief'),
               'environment_chief', (select ${PERSON('p')} from block_chiefs c join people p on p.id = c.person_id where c.block_id = b.id and c.role = 'environment_chief'))
               order by b.code)
              from blocks b where b.geom && g.geom and st_relate(g.geom, b.geom, '2********')), '[]'::json)
) as team
from grids g left join grid_team_status t on t.grid_id = g.id
where g.id = $1`;

export interface Team {
  team: Record<string, unknown> & { seats: unknown[]; subgrids: { id: number }[]; blocks: { id: number }[] };
  tag: string;
}

/** The team and its tag (an ETag over who holds what, so a stale replace is caught). */
export async function readTeam(q: Queryable, gridId: number): Promise<Team> {
  const r = await q.query<{ team: Team['team'] }>(TEAM_SQL, [gridId]);
  const team = r.rows[0]?.team;
  if (!team) throw notFound(`no grid ${gridId}`);
  const digest = createHash('sha256').update(JSON.stringify([team.seats, team.subgrids, team.blocks])).digest('base64url').slice(0, 16);
  return { team, tag: `"t${digest}"` };
}

const invalid = (message: string, details?: unknown) => new AppError(422, 'invalid_team', message, details);

/** Replaces the seats (and the listed sub-grid and block teams) of a grid. */
export async function replaceTeam(q: Queryable, gridId: number, input: TeamInput): Promise<void> {
  const people = new Set<number>([
    ...input.seats.map((s) => s.person_id),
    ...(input.subgrids ?? []).flatMap((s) => [...(s.chief_id ? [s.chief_id] : []), ...s.members.map((m) => m.person_id)]),
    ...(input.blocks ?? []).flatMap((b) => [b.block_chief_id, b.environment_chief_id].filter((x): x is number => x !== null)),
  ]);
  const known = await q.query<{ id: number }>('select id from people where id = any($1::int[])', [[...people]]);
  const missing = [...people].filter((id) => !known.rows.some((r) => r.id === id));
  if (missing.length) throw invalid(`no person with id ${missing.join(', ')}`, { missing });

  const model = await q.query<{ seat_kind: string; min_holders: number; max_holders: number | null }>(
    `select s.seat_kind, s.min_holders, s.max_holders from grids g join team_model_seats s on s.model_code = g.team_model where g.id = $1`,
    [gridId],
  );
  const seatKinds = new Map(model.rows.map((s) => [s.seat_kind, s]));
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const [i, s] of input.seats.entries()) {
    if (!seatKinds.has(s.seat_kind)) throw invalid(`seats[${i}]: ${s.seat_kind} is not a seat of this grid's team model (${[...seatKinds.keys()].join(', ')})`);
    const key = `${s.seat_kind}|${s.person_id}`;
    if (seen.has(key)) throw invalid(`seats[${i}]: person ${s.person_id} is listed twice for ${s.seat_kind}`);
    seen.add(key);
    counts.set(s.seat_kind, (counts.get(s.seat_kind) ?? 0) + 1);
  }
  for (const [kind, n] of counts) {
    const max = seatKinds.get(kind)!.max_holders;
    if (max !== null && n > max) throw invalid(`seat ${kind} allows ${max} holder(s), ${n} given`, { seat_kind: kind, max, given: n });
  }
  // Holders who keep their seat keep it with its date (since); only the others change.
  const kinds = input.seats.map((s) => s.seat_kind);
  const holders = input.seats.map((s) => s.person_id);
  await q.query(
    `delete from grid_seats s where s.grid_id = $1
        and not exists (select 1 from unnest($2::text[], $3::int[]) as t(k, p) where t.k = s.seat_kind and t.p = s.person_id)`,
    [gridId, kinds, holders],
  );
  if (input.seats.length) {
    await q.query(
      `insert into grid_seats (grid_id, seat_kind, person_id) select $1, k, p from unnest($2::text[], $3::int[]) as t(k, p)
       on conflict (grid_id, seat_kind, person_id) do nothing`,
      [gridId, kinds, holders],
    );
  }

  if (input.subgrids?.length) {
    const own = await q.query<{ id: number }>('select id from subgrids where grid_id = $1', [gridId]);
    const ids = new Set(own.rows.map((r) => r.id));
    for (const [i, s] of input.subgrids.entries()) {
      if (!ids.has(s.subgrid_id)) throw invalid(`subgrids[${i}]: sub-grid ${s.subgrid_id} is not in this grid`);
      if (s.chief_id !== null && s.members.some((m) => m.person_id === s.chief_id)) throw invalid(`subgrids[${i}]: the chief is also listed as a member`);
      if (new Set(s.members.map((m) => m.person_id)).size !== s.members.length) throw invalid(`subgrids[${i}]: a member is listed twice`);
    }
    const rows = input.subgrids.flatMap((s) => [
      ...(s.chief_id !== null ? [{ sg: s.subgrid_id, p: s.chief_id, role: 'chief', source: 'community' }] : []),
      ...s.members.map((m) => ({ sg: s.subgrid_id, p: m.person_id, role: 'member', source: m.source })),
    ]);
    const cols = [rows.map((r) => r.sg), rows.map((r) => r.p), rows.map((r) => r.role), rows.map((r) => r.source)];
    // Only what changed is removed and added (team_history records each).
    await q.query(
      `delete from subgrid_members m where m.subgrid_id = any($5::int[])
          and not exists (select 1 from unnest($1::int[], $2::int[], $3::text[], $4::text[]) as t(sg, p, role, source)
                           where t.sg = m.subgrid_id and t.p = m.person_id and t.role = m.role and t.source = m.source)`,
      [...cols, input.subgrids.map((s) => s.subgrid_id)],
    );
    if (rows.length) {
      await q.query(
        `insert into subgrid_members (subgrid_id, person_id, role, source)
         select * from unnest($1::int[], $2::int[], $3::text[], $4::text[]) on conflict (subgrid_id, person_id) do nothing`,
        cols,
      );
    }
  }

  if (input.blocks?.length) {
    const inGrid = await q.query<{ id: number }>(
      `select b.id from blocks b join grids g on g.id = $1 where b.id = any($2::int[]) and b.geom && g.geom and st_relate(g.geom, b.geom, '2********')`,
      [gridId, input.blocks.map((b) => b.block_id)],
    );
    for (const [i, b] of input.blocks.entries()) {
      if (!inGrid.rows.some((r) => r.id === b.block_id)) throw invalid(`blocks[${i}]: block ${b.block_id} does not lie in this grid`);
    }
    const rows = input.blocks.flatMap((b) => [
      ...(b.block_chief_id !== null ? [{ b: b.block_id, role: 'block_chief', p: b.block_chief_id }] : []),
      ...(b.environment_chief_id !== null ? [{ b: b.block_id, role: 'environment_chief', p: b.environment_chief_id }] : []),
    ]);
    const cols = [rows.map((r) => r.b), rows.map((r) => r.role), rows.map((r) => r.p)];
    await q.query(
      `delete from block_chiefs c where c.block_id = any($4::int[])
          and not exists (select 1 from unnest($1::int[], $2::text[], $3::int[]) as t(b, role, p)
                           where t.b = c.block_id and t.role = c.role and t.p = c.person_id)`,
      [...cols, input.blocks.map((b) => b.block_id)],
    );
    if (rows.length) {
      await q.query(
        `insert into block_chiefs (block_id, role, person_id) select * from unnest($1::int[], $2::text[], $3::int[]) on conflict (block_id, role) do nothing`,
        cols,
      );
    }
  }
}
