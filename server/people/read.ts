// People and the seats they hold, for the planner's staffing view: a search by name
// or phone prefix with every grid seat each person holds across grids, and one person
// with all their seats (grid teams, sub-grids, blocks). Read in the request's scope:
// a grid chief sees the people of their own grid and those seats only (row-level
// security on people, grid_seats, subgrid_members and block_chiefs). Phone numbers are
// personal data: only admins and planners see them whole; the others get 138****1234,
// masked in SQL so the number never leaves the database.
import type { Role } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { notFound } from '../errors.ts';

/** Roles that read phone numbers in full (and may search by them). */
export const FULL_PHONE_ROLES: readonly Role[] = ['admin', 'planner'];

export const seesFullPhone = (role: Role) => FULL_PHONE_ROLES.includes(role);

/** 13812341234 → 138****1234 (the same rule as the SQL below; for other callers). */
export function maskPhone(phone: string | null): string | null {
  if (phone === null) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}` : '*'.repeat(phone.length);
}

const PHONE = (full: string) => `case when ${full} or p.phone is null then p.phone else left(p.phone, 3) || repeat('*', length(p.phone) - 7) || right(p.phone, 4) end`;

const GRID_SEATS = `coalesce((select json_agg(json_build_object('grid_id', g.id, 'grid_code', trim(g.code), 'grid_name', g.name,
          'seat_kind', s.seat_kind, 'seat_group', k.seat_group, 'seat_name_zh', k.name_zh, 'seat_name_en', k.name_en, 'since', s.since)
          order by g.code, k.sort)
     from grid_seats s join grids g on g.id = s.grid_id join seat_kinds k on k.code = s.seat_kind
    where s.person_id = p.id), '[]'::json)`;

const PERSON = (full: string) => `'id', p.id, 'name', p.name, 'title', p.title, 'kind', p.kind,
  'department', p.department, 'department_zh', d.name_zh, 'department_en', d.name_en, 'phone', ${PHONE(full)},
  'seats', ${GRID_SEATS}`;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface PeopleQuery {
  /** A name prefix, or (for admins and planners) a phone prefix. */
  q?: string;
  limit: number;
  offset: number;
}

export interface PersonSeat {
  grid_id: number;
  grid_code: string;
  grid_name: string;
  seat_kind: string;
  seat_group: string;
  seat_name_zh: string;
  seat_name_en: string;
  since: string;
}

export interface Person {
  id: number;
  name: string;
  title: string;
  kind: string;
  department: string | null;
  department_zh: string | null;
  department_en: string | null;
  phone: string | null;
  seats: PersonSeat[];
}

/** People whose name (or, for those who see phones, phone) starts with `q`, by name; with their grid seats. */
export async function searchPeople(tx: Queryable, role: Role, f: PeopleQuery): Promise<{ total: number; people: Person[] }> {
  const full = seesFullPhone(role);
  const prefix = f.q ? `${escapeLike(f.q.trim())}%` : null;
  const r = await tx.query<{ person: Person; total: number }>(
    `select json_build_object(${PERSON('$1::boolean')}) as person, count(*) over ()::int as total
       from people p left join departments d on d.code = p.department
      where $2::text is null or p.name like $2 or ($1::boolean and p.phone like $2)
      order by p.name, p.id limit $3 offset $4`,
    [full, prefix, f.limit, f.offset],
  );
  let total = r.rows[0]?.total ?? 0;
  if (r.rows.length === 0 && f.offset > 0) {
    const c = await tx.query<{ n: number }>(`select count(*)::int as n from people p where $2::text is null or p.name like $2 or ($1::boolean and p.phone like $2)`, [full, prefix]);
    total = c.rows[0]!.n;
  }
  return { total, people: r.rows.map((row) => row.person) };
}

/** One person with every seat they hold: grid seats, sub-grid chief or member, block or environment chief, and their account. */
export async function getPerson(tx: Queryable, role: Role, id: number): Promise<Person & { subgrids: unknown[]; blocks: unknown[] }> {
  const r = await tx.query<{ person: Person & { subgrids: unknown[]; blocks: unknown[] } }>(
    `select json_build_object(${PERSON('$1::boolean')},
       'subgrids', coalesce((select json_agg(json_build_object('subgrid_id', s.id, 'subgrid_code', trim(s.code), 'subgrid_name', s.name,
                     'grid_id', g.id, 'grid_code', trim(g.code), 'role', m.role, 'source', m.source) order by s.code)
                     from subgrid_members m join subgrids s on s.id = m.subgrid_id join grids g on g.id = s.grid_id
                    where m.person_id = p.id), '[]'::json),
       'blocks', coalesce((select json_agg(json_build_object('block_id', b.id, 'block_code', trim(b.code), 'block_name', b.name, 'role', c.role) order by b.code, c.role)
                     from block_chiefs c join blocks b on b.id = c.block_id where c.person_id = p.id), '[]'::json)) as person
       from people p left join departments d on d.code = p.department
      where p.id = $2`,
    [seesFullPhone(role), id],
  );
  const person = r.rows[0]?.person;
  if (!person) throw notFound(`no person ${id}${role === 'grid_chief' ? ' in your grids' : ''}`);
  return person;
}
