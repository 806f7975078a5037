// Stage: roads, the river and ponds, green areas, and buildings with households.
import { ColumnBuffer, bulkInsert } from '../bulk.ts';
import { RIVER_HALF_WIDTH } from '../city/layout.ts';
import { wktLine, wktPolygon, type SeedContext } from '../context.ts';
import { locatePoints } from '../../server/locate/sql.ts';
import { pointCell } from '../../server/spatial/h3cells.ts';

export async function seedBasemap(ctx: SeedContext): Promise<void> {
  const { plan, frame } = ctx;
  await ctx.db.transaction(async (tx) => {
    const roads = plan.network.roads;
    await bulkInsert(tx, {
      table: 'roads', columns: ['name', 'name_en', 'class', 'width_m', 'geom'],
      inputs: [['name', 'text'], ['name_en', 'text'], ['class', 'text'], ['width', 'real'], ['wkt', 'text']],
      values: ['name', 'name_en', 'class', 'width', 'st_geomfromtext(wkt, 4326)'],
    }, {
      name: roads.map((r) => r.name.zh), name_en: roads.map((r) => r.name.en), class: roads.map((r) => r.cls),
      width: roads.map((r) => r.width), wkt: roads.map((r) => wktLine(frame, r.line)),
    });

    // The river: its centreline bent like the streets, buffered on the ellipsoid.
    const river = plan.layout.riverLine.map((p) => plan.layout.place(p));
    await tx.query(
      `insert into water_areas (name, kind, geom)
       values ('孙水河', 'river', st_multi(st_buffer(st_geomfromtext($1, 4326)::geography, $2, 'quad_segs=4')::geometry))`,
      [wktLine(frame, river), RIVER_HALF_WIDTH],
    );

    // Parks: the park blocks drawn in from their streets; ponds in the larger ones.
    const parks = plan.places.filter((p) => p.kind === 'park');
    await tx.query(
      `insert into green_areas (name, kind, geom)
       select n.name, 'park', st_multi(st_buffer(b.geom::geography, -9, 'quad_segs=2')::geometry)
         from unnest($1::int[], $2::text[]) as n(block, name) join blocks b on b.id = n.block
        order by n.block`,
      [parks.map((p) => p.block + 1), parks.map((p) => p.name.zh)],
    );
    await tx.query(
      `insert into water_areas (name, kind, geom)
       select b.name || '湖', 'pond',
              st_multi(st_buffer(st_pointonsurface(b.geom)::geography, least(45, sqrt(st_area(b.geom::geography)) / 6), 'quad_segs=6')::geometry)
         from blocks b
        where b.landuse = 'park' and st_area(b.geom::geography) > 40000
          and not exists (select 1 from water_areas w where w.kind = 'river' and st_intersects(w.geom, b.geom))
        order by b.id`,
    );
    const greens = plan.buildings.greens;
    await bulkInsert(tx, {
      table: 'green_areas', columns: ['name', 'kind', 'geom'],
      inputs: [['name', 'text'], ['kind', 'text'], ['wkt', 'text']],
      values: ['name', 'kind', 'st_multi(st_geomfromtext(wkt, 4326))'],
    }, {
      name: greens.map((g) => `${plan.hierarchy.blocks[g.block]!.name.zh}${g.kind === 'sports' ? '运动场' : '广场'}`),
      kind: greens.map((g) => g.kind),
      wkt: greens.map((g) => wktPolygon(frame, g.ring)),
    });

    // Buildings: residential ones numbered within their block (1栋, 2栋, ...).
    const perBlock = new Map<number, number>();
    const buf = new ColumnBuffer(['use', 'floors', 'households', 'name', 'wkt', 'lon', 'lat', 'h3'] as const);
    const bar = ctx.progress.bar('buildings', plan.buildings.buildings.length);
    for (const b of plan.buildings.buildings) {
      const [lon, lat] = frame.toLonLat(b.point);
      let name: string | null = null;
      if (b.use === 'residential' || b.use === 'mixed') {
        const n = (perBlock.get(b.block) ?? 0) + 1;
        perBlock.set(b.block, n);
        name = `${plan.hierarchy.blocks[b.block]!.name.zh}${n}栋`;
      }
      buf.push({ use: b.use, floors: b.floors, households: b.households, name, wkt: wktPolygon(frame, b.ring), lon, lat, h3: pointCell(lon, lat) });
    }
    const units = await locatePoints(tx, buf.data.h3.map((h3, i) => ({ h3: h3 as string, lon: buf.data.lon[i] as number, lat: buf.data.lat[i] as number })));
    await bulkInsert(tx, {
      table: 'buildings', columns: ['use', 'floors', 'households', 'name', 'geom', 'point', 'h3', 'grid_id', 'subgrid_id', 'block_id'],
      inputs: [['use', 'text'], ['floors', 'int'], ['households', 'int'], ['name', 'text'], ['wkt', 'text'], ['lon', 'float8'], ['lat', 'float8'],
        ['h3', 'int8'], ['grid', 'int'], ['subgrid', 'int'], ['block', 'int']],
      values: ['use', 'floors', 'households', 'name', 'st_geomfromtext(wkt, 4326)', 'st_setsrid(st_makepoint(lon, lat), 4326)', 'h3', 'grid', 'subgrid', 'block'],
    }, { ...buf.data, grid: units.map((u) => u.grid), subgrid: units.map((u) => u.subgrid), block: units.map((u) => u.block) }, (n) => bar.add(n), 5_000);
    bar.done();
  });
}
