// The change log of a grid's team (team_history, written by triggers): every seat of
// the grid, chief or member of its sub-grids and chief of its blocks added or removed,
// with who and when, newest first. Read under the caller's scope: the log is for the
// roles that read everything (row-level security); others see an empty page.
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';

export interface TeamChange {
  id: number;
  at: string;
  actor: string;
  op: 'add' | 'remove';
  unit: 'grid' | 'subgrid' | 'block';
  unit_id: number;
  unit_name: string | null;
  /** A grid seat's kind, or a sub-grid's chief/member, or a block's block_chief/environment_chief. */
  seat: string;
  seat_name_zh: string | null;
  seat_name_en: string | null;
  person_id: number;
  person_name: string | null;
}

export async function teamHistory(tx: Queryable, gridId: number, opts: { limit: number; before?: number }): Promise<{ changes: TeamChange[]; next_before: number | null }> {
  const grid = await tx.query('select 1 from grids where id = $1', [gridId]);
  if (grid.rows.length === 0) throw notFound(`no grid ${gridId}`);
  const r = await tx.query<TeamChange & { id: string }>(
    `with units as (
       select 'grid'::text as unit, $1::int as unit_id, null::text as unit_name
       union all select 'subgrid', s.id, s.name from subgrids s where s.grid_id = $1
       union all select 'block', b.id, b.name from blocks b join grids g on g.id = $1
                  where b.geom && g.geom and st_relate(g.geom, b.geom, '2********'))
     select h.id::text, h.at, h.actor, h.op, h.unit, h.unit_id, u.unit_name, h.seat,
            k.name_zh as seat_name_zh, k.name_en as seat_name_en, h.person_id, p.name as person_name
       from team_history h
       join units u on u.unit = h.unit and u.unit_id = h.unit_id
       left join seat_kinds k on h.unit = 'grid' and k.code = h.seat
       left join people p on p.id = h.person_id
      where $3::bigint is null or h.id < $3
      order by h.id desc
      limit $2`,
    [gridId, opts.limit + 1, opts.before ?? null],
  );
  const rows = r.rows.slice(0, opts.limit).map((x) => ({ ...x, id: Number(x.id) }));
  return { changes: rows, next_before: r.rows.length > opts.limit ? rows[rows.length - 1]!.id : null };
}
