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
    // Each unit is the union of the faces of its blocks, joined to its attributes by
    // the unit's index (t.idx, 1-based).
    const unionOf = (unit: 'street' | 'community' | 'grid' | 'subgrid' | 'block') =>
      `join (select s.${unit} as unit, st_multi(st_union(f.geom)) as geom
               from seed_faces f join seed_units s using (block) group by s.${unit}) u on u.unit = t.idx`;
    const area = (level: 'street' | 'community') => ({
      table: 'admin_areas', columns: ['id', 'level', 'code', 'name', 'name_en', 'parent_id', 'geom'],
      inputs: [['idx', 'int'], ['id', 'int'], ['code', 'text'], ['name', 'text'], ['name_en', 'text'], ['parent', 'int']] as [string, string][],
      values: ['t.id', `'${level}'`, 't.code', 't.name', 't.name_en', 't.parent', 'u.geom'],
      from: unionOf(level),
    });
    await bulkInsert(tx, area('street'), {
      idx: h.streets.map((_, s) => s + 1), id: h.streets.map((_, s) => streetId(s)), code: h.streets.map((s) => s.code),
      name: h.streets.map((s) => s.name.zh), name_en: h.streets.map((s) => s.name.en), parent: h.streets.map(() => 1),
    });
    await bulkInsert(tx, area('community'), {
      idx: h.communities.map((_, c) => c + 1), id: h.communities.map((_, c) => communityId(c)), code: h.communities.map((c) => c.code),
      name: h.communities.map((c) => c.name.zh), name_en: h.communities.map((c) => c.name.en), parent: h.communities.map((c) => streetId(c.street)),
    });
    await bulkInsert(tx, {
      table: 'grids', columns: ['id', 'code', 'name', 'community_id', 'geom', 'updated_by'],
      inputs: [['idx', 'int'], ['code', 'text'], ['name', 'text'], ['community', 'int']],
      values: ['t.idx', 't.code', 't.name', 't.community', 'u.geom', `'seed'`],
      from: unionOf('grid'),
    }, { idx: h.grids.map((_, g) => g + 1), code: h.grids.map((g) => g.code), name: h.grids.map((g) => g.name.zh), community: h.grids.map((g) => communityId(g.community)) });
    await bulkInsert(tx, {
      table: 'subgrids', columns: ['id', 'grid_id', 'code', 'name', 'geom', 'updated_by'],
      inputs: [['idx', 'int'], ['grid', 'int'], ['code', 'text'], ['name', 'text']],
      values: ['t.idx', 't.grid', 't.code', 't.name', 'u.geom', `'seed'`],
      from: unionOf('subgrid'),
    }, { idx: h.subgrids.map((_, k) => k + 1), grid: h.subgrids.map((sg) => sg.grid + 1), code: h.subgrids.map((sg) => sg.code), name: h.subgrids.map((sg) => sg.name.zh) });
    await bulkInsert(tx, {
      table: 'blocks', columns: ['id', 'code', 'name', 'community_id', 'landuse', 'geom', 'updated_by'],
      inputs: [['idx', 'int'], ['code', 'text'], ['name', 'text'], ['community', 'int'], ['landuse', 'text']],
      values: ['t.idx', 't.code', 't.name', 't.community', 't.landuse', 'u.geom', `'seed'`],
      from: unionOf('block'),
    }, {
      idx: h.blocks.map((_, b) => b + 1), code: h.blocks.map((b) => b.code), name: h.blocks.map((b) => b.name.zh),
      community: h.blocks.map((b) => communityId(b.community)), landuse: layout.blocks.map((b) => b.landuse),
    });
    for (const table of ['admin_areas', 'grids', 'subgrids', 'blocks']) {
      await tx.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
  });
}
