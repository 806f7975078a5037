// The seeded city: units nest and cover as a city's must, teams are staffed as seeded.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseTypeHints } from '../../seed/taxonomy/hints.ts';
import { BACKEND } from '../helpers/options.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

describe(`seeded city (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => db?.dispose());

  const one = async <T extends object>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows[0]!;

  it('has one district, six street offices, 21 communities, 63 grids, 4 sub-grids per grid', async () => {
    const c = await one<Record<string, number>>(`
      select (select count(*)::int from admin_areas where level = 'district') as district,
             (select count(*)::int from admin_areas where level = 'street') as streets,
             (select count(*)::int from admin_areas where level = 'community') as communities,
             (select count(*)::int from grids) as grids,
             (select min(n)::int from (select count(*) as n from subgrids group by grid_id) s) as min_sub,
             (select max(n)::int from (select count(*) as n from subgrids group by grid_id) s) as max_sub`);
    expect(c).toEqual({ district: 1, streets: 6, communities: 21, grids: 63, min_sub: 4, max_sub: 4 });
  });

  it('codes grids as community code + 3 digits and sub-grids as grid code + 2', async () => {
    const bad = await one<{ grids: number; subgrids: number; blocks: number }>(`
      select (select count(*)::int from grids g join admin_areas c on c.id = g.community_id
               where left(g.code, 12) <> c.code or length(g.code) <> 15) as grids,
             (select count(*)::int from subgrids s join grids g on g.id = s.grid_id
               where left(s.code, 15) <> g.code or length(s.code) <> 17) as subgrids,
             (select count(*)::int from blocks b join admin_areas c on c.id = b.community_id
               where left(b.code, 12) <> c.code) as blocks`);
    expect(bad).toEqual({ grids: 0, subgrids: 0, blocks: 0 });
  });

  it('covers the district with its grids: union within 0.01% of the area, no overlap above 1 m²', async () => {
    const r = await one<{ district: number; grids: number; sum: number; max_overlap: number | null }>(`
      select (select st_area(geom::geography) from admin_areas where level = 'district') as district,
             (select st_area(st_union(geom)::geography) from grids) as grids,
             (select sum(st_area(geom::geography)) from grids) as sum,
             (select max(st_area(st_intersection(a.geom, b.geom)::geography))
                from grids a join grids b on a.id < b.id and st_intersects(a.geom, b.geom)
               where st_relate(a.geom, b.geom, '2********')) as max_overlap`);
    expect(Math.abs(r.grids - r.district) / r.district).toBeLessThan(1e-4);
    // Sum of areas equal to the union's means no overlaps anywhere.
    expect(Math.abs(r.sum - r.district) / r.district).toBeLessThan(1e-4);
    expect(r.max_overlap ?? 0).toBeLessThanOrEqual(1);
    expect(r.district).toBeGreaterThan(20e6);
  });

  it('keeps every sub-grid inside its grid, the four covering it exactly', async () => {
    const r = await db.query<{ grid_id: number; outside: number; grid_area: number; union_area: number; sum_area: number }>(`
      select g.id as grid_id,
             (select coalesce(sum(st_area(st_difference(s.geom, g.geom)::geography)), 0) from subgrids s where s.grid_id = g.id) as outside,
             st_area(g.geom::geography) as grid_area,
             (select st_area(st_union(s.geom)::geography) from subgrids s where s.grid_id = g.id) as union_area,
             (select sum(st_area(s.geom::geography)) from subgrids s where s.grid_id = g.id) as sum_area
        from grids g`);
    expect(r.rows).toHaveLength(63);
    for (const g of r.rows) {
      expect(g.outside, `sub-grids of grid ${g.grid_id} outside it`).toBeLessThan(0.01);
      expect(Math.abs(g.union_area - g.grid_area) / g.grid_area).toBeLessThan(1e-6);
      expect(Math.abs(g.sum_area - g.grid_area) / g.grid_area).toBeLessThan(1e-6);
    }
  });

  it('keeps every block and every community inside the district', async () => {
    const r = await one<{ blocks: number; outside_blocks: number; outside_communities: number }>(`
      with d as (select geom from admin_areas where level = 'district')
      select (select count(*)::int from blocks) as blocks,
             (select count(*)::int from blocks b, d where st_area(st_difference(b.geom, d.geom)::geography) > 0.01) as outside_blocks,
             (select count(*)::int from admin_areas a, d where a.level = 'community'
                 and st_area(st_difference(a.geom, d.geom)::geography) > 0.01) as outside_communities`);
    expect(r.blocks).toBeGreaterThan(500);
    expect(r.outside_blocks).toBe(0);
    expect(r.outside_communities).toBe(0);
  });

  it('lets each grid stay inside its community and each community inside its street office', async () => {
    const r = await one<{ grids: number; communities: number }>(`
      select (select count(*)::int from grids g join admin_areas c on c.id = g.community_id
               where st_area(st_difference(g.geom, c.geom)::geography) > 0.01) as grids,
             (select count(*)::int from admin_areas c join admin_areas s on s.id = c.parent_id
               where c.level = 'community' and st_area(st_difference(c.geom, s.geom)::geography) > 0.01) as communities`);
    expect(r).toEqual({ grids: 0, communities: 0 });
  });

  it('gives a complete team 1+3+5 distinct seat holders', async () => {
    const complete = await db.query<{ grid_id: number }>('select grid_id from grid_team_status where complete order by grid_id');
    expect(complete.rows.length).toBeGreaterThan(50);
    for (const { grid_id } of complete.rows) {
      const seats = await db.query<{ seat_group: string; seat_kind: string; person_id: number }>(
        `select k.seat_group, s.seat_kind, s.person_id from grid_seats s join seat_kinds k on k.code = s.seat_kind
          where s.grid_id = $1 and k.seat_group <> 'participant'`,
        [grid_id],
      );
      const group = (g: string) => seats.rows.filter((s) => s.seat_group === g);
      expect(group('chief')).toHaveLength(1);
      expect(new Set(group('coordinator').map((s) => s.seat_kind)).size).toBe(3);
      expect(group('coordinator')).toHaveLength(3);
      expect(new Set(group('specialist').map((s) => s.seat_kind)).size).toBe(5);
      expect(group('specialist')).toHaveLength(5);
      expect(new Set(seats.rows.map((s) => s.person_id)).size).toBe(9);
    }
  });

  it('reports which seats of an incomplete team are empty, and who holds two required seats', async () => {
    const r = await db.query<{ grid_id: number; empty_seats: string[]; shared_holders: { person_id: number; seats: string[] }[] }>(
      'select grid_id, empty_seats, shared_holders from grid_team_status where not complete order by grid_id',
    );
    const withEmpty = r.rows.filter((x) => x.empty_seats.length > 0);
    const withShared = r.rows.filter((x) => x.shared_holders.length > 0);
    expect(withEmpty).toHaveLength(4);
    expect(withShared).toHaveLength(2);
    for (const g of withEmpty) {
      const held = await db.query<{ seat_kind: string }>('select distinct seat_kind from grid_seats where grid_id = $1', [g.grid_id]);
      const heldKinds = new Set(held.rows.map((x) => x.seat_kind));
      for (const seat of g.empty_seats) expect(heldKinds.has(seat), `${seat} of grid ${g.grid_id}`).toBe(false);
      expect(heldKinds.size + g.empty_seats.length).toBeGreaterThanOrEqual(10);
    }
    for (const g of withShared) {
      expect(g.shared_holders[0]!.seats).toEqual(['spec_sanitation', 'spec_street_mgmt']);
    }
  });

  it('refuses a second holder of a one-holder seat', async () => {
    const p = await one<{ id: number }>('select min(id) as id from people');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`insert into grid_seats (grid_id, seat_kind, person_id) values (1, 'chief', $1)
                        on conflict do nothing`, [p.id]);
        await tx.query(`insert into grid_seats (grid_id, seat_kind, person_id) values (1, 'chief', $1 + 1)`, [p.id]);
      }),
    ).rejects.toThrow(/allows 1 holder/);
  });

  it('puts hot spots near markets and schools, and waterlogging in the rainy months', async () => {
    const r = await one<{ near: number; overall: number }>(`
      with near as (select st_union(st_buffer(geom::geography, 150)::geometry) as geom
                      from service_points where kind in ('market', 'school')),
           d as (select geom from admin_areas where level = 'district')
      select (select count(*) from cases c, near where st_intersects(c.geom, near.geom))::float8
               / (select st_area(st_intersection(near.geom, d.geom)::geography) from near, d) as near,
             (select count(*) from cases)::float8 / (select st_area(geom::geography) from d) as overall`);
    expect(r.near / r.overall).toBeGreaterThan(2);
    const rainy = Object.entries(caseTypeHints).filter(([, h]) => h.season === 'rainy').map(([code]) => code);
    const months = await one<{ wet: number; dry: number }>(`
      select count(*) filter (where extract(month from reported_at at time zone 'Asia/Shanghai') in (5, 6))::int as wet,
             count(*) filter (where extract(month from reported_at at time zone 'Asia/Shanghai') in (11, 12))::int as dry
        from cases where type_code = any($1)`, [rainy]);
    expect(months.wet).toBeGreaterThan(2 * months.dry);
  });

  it('records the seed in the boundary history with its actor', async () => {
    const r = await one<{ n: number; actors: string[] }>(
      `select count(*)::int as n, array_agg(distinct actor) as actors from boundary_history where op = 'create'`,
    );
    expect(r.actors).toEqual(['seed']);
    expect(r.n).toBeGreaterThan(1000);
  });

  it('spreads a year of cases over every channel, with evening vending and night noise', async () => {
    const channels = await one<{ missing: string[] }>(
      `select array_agg(code order by code) as missing from channels ch
        where not exists (select 1 from cases c where c.channel = ch.code)`,
    );
    expect(channels.missing ?? []).toEqual([]);
    const span = await one<{ first: Date; last: Date }>('select min(reported_at) as first, max(reported_at) as last from cases');
    expect((span.last.getTime() - span.first.getTime()) / 86_400_000).toBeGreaterThan(360);
    const ofProfile = (profile: string) => Object.entries(caseTypeHints).filter(([, h]) => h.hours === profile).map(([code]) => code);
    const hours = await one<{ evening: number; night: number; vending: number }>(`
      with c as (select type_code, extract(hour from reported_at at time zone 'Asia/Shanghai') as h from cases)
      select avg((h between 17 and 22)::int) filter (where type_code = any($1))::float8 as evening,
             avg((h >= 21 or h < 3)::int) filter (where type_code = any($2))::float8 as night,
             avg((h between 17 and 22)::int) filter (where type_code like '020201%')::float8 as vending
        from c`, [ofProfile('evening'), ofProfile('night')]);
    expect(hours.evening).toBeGreaterThan(0.5);
    expect(hours.night).toBeGreaterThan(0.5);
    expect(hours.vending).toBeGreaterThan(0.4);
  });
});
