// People search (GET /api/people, /api/people/{id}): by name or phone prefix, each
// person with the seats they hold across grids; phones masked for roles other than
// admin and planner (and no phone search for them); a grid chief sees the people and
// seats of their own grid only.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Seat {
  grid_id: number;
  grid_code: string;
  seat_kind: string;
}
interface Person {
  id: number;
  name: string;
  title: string;
  kind: string;
  phone: string | null;
  seats: Seat[];
}
interface Page {
  total: number;
  next: string | null;
  people: Person[];
}

describe(`people search (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let officer: string;
  let chief: string;
  /** A person holding seats in several grids. */
  let shared: { id: number; name: string; phone: string; grids: string[] };
  let chiefGrid: number;

  const search = async (query: string, token: string) => {
    const r = await app.get(`/api/people?${query}`, { token });
    expect(r.status, query).toBe(200);
    return (await r.json()) as Page;
  };

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    [planner, officer, chief] = [await app.login('planner'), await app.login('officer'), await app.login('chief01')];
    const s = await db.query<{ id: number; name: string; phone: string; grids: string[] }>(
      `select p.id, p.name, p.phone, array_agg(distinct trim(g.code) order by trim(g.code)) as grids
         from people p join grid_seats s on s.person_id = p.id join grids g on g.id = s.grid_id
        where p.phone is not null group by p.id having count(distinct s.grid_id) > 1 order by count(distinct s.grid_id) desc, p.id limit 1`,
    );
    shared = s.rows[0]!;
    chiefGrid = (await db.query<{ grid_id: number }>(`select s.grid_id from user_grid_scopes s join app_users u on u.id = s.user_id where u.username = 'chief01'`)).rows[0]!.grid_id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('finds people by name prefix with the seats they hold across grids, phones in full for a planner', async () => {
    const page = await search(`q=${encodeURIComponent(shared.name)}`, planner);
    const found = page.people.find((p) => p.id === shared.id)!;
    expect(found).toBeDefined();
    expect(page.people.every((p) => p.name.startsWith(shared.name))).toBe(true);
    expect(found.phone).toBe(shared.phone);
    expect([...new Set(found.seats.map((s) => s.grid_code))].sort()).toEqual(shared.grids);
    expect(found.seats[0]).toMatchObject({ grid_code: expect.stringMatching(/^\d{15}$/), seat_kind: expect.any(String), seat_name_zh: expect.any(String) });
    // A surname prefix finds more than the one person, every one starting with it.
    const surname = await search(`q=${encodeURIComponent(shared.name.slice(0, 1))}&limit=200`, planner);
    expect(surname.total).toBeGreaterThan(1);
    expect(surname.people.every((p) => p.name.startsWith(shared.name.slice(0, 1)))).toBe(true);
    // And by phone prefix.
    const byPhone = await search(`q=${shared.phone.slice(0, 8)}`, planner);
    expect(byPhone.people.map((p) => p.id)).toContain(shared.id);
    expect(byPhone.people.every((p) => p.phone!.startsWith(shared.phone.slice(0, 8)) || p.name.startsWith(shared.phone.slice(0, 8)))).toBe(true);
    // LIKE wildcards are text, not patterns.
    expect((await search('q=%25', planner)).total).toBe(0);
  });

  it('masks phones for an officer and does not search by them', async () => {
    const page = await search(`q=${encodeURIComponent(shared.name)}`, officer);
    const found = page.people.find((p) => p.id === shared.id)!;
    expect(found.phone).toBe(`${shared.phone.slice(0, 3)}****${shared.phone.slice(-4)}`);
    expect(page.people.every((p) => p.phone === null || /^1\d\d\*{4}\d{4}$/.test(p.phone))).toBe(true);
    expect((await search(`q=${shared.phone.slice(0, 8)}`, officer)).total).toBe(0);
    const one = await (await app.get(`/api/people/${shared.id}`, { token: officer })).json();
    expect(one.phone).toBe(found.phone);
  });

  it('pages with a next link and refuses bad parameters and the public', async () => {
    const all = await search('limit=200', planner);
    const people = (await db.query<{ n: number }>('select count(*)::int as n from people')).rows[0]!.n;
    expect(all.total).toBe(people);
    const first = await search('limit=2', planner);
    expect(first.people).toHaveLength(2);
    expect(first.next).toBe('/api/people?limit=2&offset=2');
    const second = await search(first.next!.replace('/api/people?', ''), planner);
    expect(second.people.map((p) => p.id)).toEqual(all.people.slice(2, 4).map((p) => p.id));
    for (const [q, reason] of [['limit=0', /limit must be >= 1/], ['limit=500', /limit must be <= 200/], ['colour=red', /unknown query parameter "colour"/]] as const) {
      const r = await app.get(`/api/people?${q}`, { token: planner });
      expect(r.status, q).toBe(400);
      expect((await r.json()).error.message).toMatch(reason);
    }
    expect((await app.get('/api/people')).status).toBe(401);
    expect((await app.get('/api/people', { token: await app.login('public') })).status).toBe(403);
    expect((await app.get('/api/people/abc', { token: planner })).status).toBe(400);
    expect((await app.get('/api/people/99999999', { token: planner })).status).toBe(404);
  });

  it('shows one person with every seat: grid seats, sub-grids and blocks', async () => {
    const r = await app.get(`/api/people/${shared.id}`, { token: planner });
    expect(r.status).toBe(200);
    const p = await r.json();
    expect(p).toMatchObject({ id: shared.id, name: shared.name, phone: shared.phone, subgrids: expect.any(Array), blocks: expect.any(Array) });
    const seats = await db.query<{ n: number }>('select count(*)::int as n from grid_seats where person_id = $1', [shared.id]);
    expect(p.seats).toHaveLength(seats.rows[0]!.n);
    const member = await db.query<{ person_id: number; n: number }>(`select person_id, count(*)::int as n from subgrid_members group by 1 order by 1 limit 1`);
    const m = await (await app.get(`/api/people/${member.rows[0]!.person_id}`, { token: planner })).json();
    expect(m.subgrids).toHaveLength(member.rows[0]!.n);
    expect(m.subgrids[0]).toMatchObject({ subgrid_code: expect.stringMatching(/^\d{17}$/), role: expect.stringMatching(/^(chief|member)$/) });
  });

  it("shows a grid chief only the people and seats of the chief's grid", async () => {
    const page = await search('limit=200', chief);
    const planners = await search('limit=200', planner);
    expect(page.total).toBeGreaterThan(0);
    expect(page.total).toBeLessThan(planners.total);
    expect(page.people.flatMap((p) => p.seats).every((s) => s.grid_id === chiefGrid)).toBe(true);
    expect(page.people.every((p) => p.phone === null || p.phone.includes('****'))).toBe(true);
    // A person with seats in other grids too is seen with this grid's seat only.
    const multi = await db.query<{ id: number }>(
      `select person_id as id from grid_seats group by person_id having bool_or(grid_id = $1) and count(distinct grid_id) > 1 limit 1`,
      [chiefGrid],
    );
    if (multi.rows[0]) {
      const p = await (await app.get(`/api/people/${multi.rows[0].id}`, { token: chief })).json();
      expect(p.seats.length).toBeGreaterThan(0);
      expect(p.seats.every((s: Seat) => s.grid_id === chiefGrid)).toBe(true);
    }
    // Someone with no seat in the grid is not found.
    const outside = await db.query<{ id: number }>(
      `select p.id from people p where not exists (select 1 from grid_seats s where s.person_id = p.id and s.grid_id = $1)
          and not exists (select 1 from subgrid_members m join subgrids g on g.id = m.subgrid_id where m.person_id = p.id and g.grid_id = $1)
          and not exists (select 1 from block_chiefs c where c.person_id = p.id)
          and not exists (select 1 from app_users u where u.person_id = p.id) order by p.id limit 1`,
      [chiefGrid],
    );
    expect((await app.get(`/api/people/${outside.rows[0]!.id}`, { token: chief })).status).toBe(404);
  });
});
