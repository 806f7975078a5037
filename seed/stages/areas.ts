// Stage: admin areas, grids, sub-grids and blocks. The lattice faces of the district
// go into a scratch table; every unit is the PostGIS union of its faces, so shared
// edges stay shared and the grids cover the district exactly.
import type { Pt } from '../city/frame.ts';
import type { Layout } from '../city/layout.ts';
import type { CityPlan } from '../city/plan.ts';
import { DISTRICT } from '../city/names.ts';
import { bulkInsert } from '../bulk.ts';
import { wktPolygon, type SeedContext } from '../context.ts';

/** Counter-clockwise ring of a lattice face: south edge east, east edge north, north edge west, west edge south. */
export function faceRing(layout: Layout, face: number): Pt[] {
  const i = face % layout.nx;
  const j = Math.floor(face / layout.nx);
  const south = layout.hSeg(i, j);
  const east = layout.vSeg(i + 1, j);
  const north = [...layout.hSeg(i, j + 1)].reverse();
  const west = [...layout.vSeg(i, j)].reverse();
  return [...south, ...east.slice(1), ...north.slice(1), ...west.slice(1)];
}

/** Ids of admin areas: the district is 1, street offices follow, then communities. */
export const streetAreaId = (street: number): number => 2 + street;
export const communityAreaId = (plan: CityPlan, community: number): number => 2 + plan.hierarchy.streets.length + community;

export async function seedAreas(ctx: SeedContext): Promise<void> {
  const { plan, frame } = ctx;
  const { layout, hierarchy: h } = plan;
  await ctx.db.transaction(async (tx) => {
    await tx.query(`select set_config('app.user', 'seed', true)`);
    await tx.exec(`create temp table seed_faces (face integer primary key, block integer not null,
                     geom geometry(Polygon, 4326) not null) on commit drop;
                   create temp table seed_units (block integer primary key, subgrid integer not null,
                     grid integer not null, community integer not null, street integer not null) on commit drop;`);
    const faces: number[] = [];
    const faceBlocks: number[] = [];
    const wkts: string[] = [];
    layout.blocks.forEach((b) => {
      for (const f of b.faces) {
        faces.push(f);
        faceBlocks.push(b.index + 1);
        wkts.push(wktPolygon(frame, faceRing(layout, f)));
      }
    });
    await bulkInsert(tx, {
      table: 'seed_faces', columns: ['face', 'block', 'geom'],
      inputs: [['face', 'int'], ['block', 'int'], ['wkt', 'text']],
      values: ['face', 'block', 'st_geomfromtext(wkt, 4326)'],
    }, { face: faces, block: faceBlocks, wkt: wkts });
    await bulkInsert(tx, {
      table: 'seed_units', columns: ['block', 'subgrid', 'grid', 'community', 'street'],
      inputs: [['block', 'int'], ['subgrid', 'int'], ['grid', 'int'], ['community', 'int'], ['street', 'int']],
    }, {
      block: h.blocks.map((_, b) => b + 1),
      subgrid: h.blocks.map((b) => b.subgrid + 1),
      grid: h.blocks.map((b) => b.grid + 1),
      community: h.blocks.map((b) => b.community + 1),
      street: h.blocks.map((b) => h.communities[b.community]!.street + 1),
    });
    const streetId = streetAreaId;
    const communityId = (c: number) => communityAreaId(plan, c);

    await tx.query(
      `insert into admin_areas (id, level, code, name, name_en, parent_id, geom)
       select 1, 'district', $1, $2, $3, null, st_multi(st_union(geom)) from seed_faces`,
      [DISTRICT.code, DISTRICT.zh, DISTRICT.en],
    );
    await tx.query(
      `insert into admin_areas (id, level, code, name, name_en, parent_id, geom)
       select n.id, 'street', n.code, n.name, n.name_en, 1, u.geom
         from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[]) as n(idx, id, code, name, name_en)
         join (select s.street, st_multi(st_union(f.geom)) as geom
                 from seed_faces f join seed_units s using (block) group by s.street) u on u.street = n.idx
        order by n.id`,
      [h.streets.map((_, s) => s + 1), h.streets.map((_, s) => streetId(s)), h.streets.map((s) => s.code),
        h.streets.map((s) => s.name.zh), h.streets.map((s) => s.name.en)],
    );
    await tx.query(
      `insert into admin_areas (id, level, code, name, name_en, parent_id, geom)
       select n.id, 'community', n.code, n.name, n.name_en, n.parent, u.geom
         from unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int[]) as n(idx, id, code, name, name_en, parent)
         join (select s.community, st_multi(st_union(f.geom)) as geom
                 from seed_faces f join seed_units s using (block) group by s.community) u on u.community = n.idx
        order by n.id`,
      [h.communities.map((_, c) => c + 1), h.communities.map((_, c) => communityId(c)), h.communities.map((c) => c.code),
        h.communities.map((c) => c.name.zh), h.communities.map((c) => c.name.en), h.communities.map((c) => streetId(c.street))],
    );
    await tx.query(
      `insert into grids (id, code, name, community_id, geom, updated_by)
       select n.idx, n.code, n.name, n.community, u.geom, 'seed'
         from unnest($1::int[], $2::text[], $3::text[], $4::int[]) as n(idx, code, name, community)
         join (select s.grid, st_multi(st_union(f.geom)) as geom
                 from seed_faces f join seed_units s using (block) group by s.grid) u on u.grid = n.idx
        order by n.idx`,
      [h.grids.map((_, g) => g + 1), h.grids.map((g) => g.code), h.grids.map((g) => g.name.zh), h.grids.map((g) => communityId(g.community))],
    );
    await tx.query(
      `insert into subgrids (id, grid_id, code, name, geom, updated_by)
       select n.idx, n.grid, n.code, n.name, u.geom, 'seed'
         from unnest($1::int[], $2::int[], $3::text[], $4::text[]) as n(idx, grid, code, name)
         join (select s.subgrid, st_multi(st_union(f.geom)) as geom
                 from seed_faces f join seed_units s using (block) group by s.subgrid) u on u.subgrid = n.idx
        order by n.idx`,
      [h.subgrids.map((_, k) => k + 1), h.subgrids.map((s) => s.grid + 1), h.subgrids.map((s) => s.code), h.subgrids.map((s) => s.name.zh)],
    );
    await tx.query(
      `insert into blocks (id, code, name, community_id, landuse, geom, updated_by)
       select n.idx, n.code, n.name, n.community, n.landuse, u.geom, 'seed'
         from unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[]) as n(idx, code, name, community, landuse)
         join (select block, st_multi(st_union(geom)) as geom from seed_faces group by block) u on u.block = n.idx
        order by n.idx`,
      [h.blocks.map((_, b) => b + 1), h.blocks.map((b) => b.code), h.blocks.map((b) => b.name.zh),
        h.blocks.map((b) => communityId(b.community)), layout.blocks.map((b) => b.landuse)],
    );
    for (const table of ['admin_areas', 'grids', 'subgrids', 'blocks']) {
      await tx.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
  });
}
