// Stage: service points (stations, workstations, kiosks, toilets, parks, markets,
// schools, hospitals, transit stops), charging sheds and vendor zones.
import { locateRows } from '../../server/locate/sql.ts';
import { pointCell } from '../../server/spatial/h3cells.ts';
import { bulkInsert } from '../bulk.ts';
import { wktPolygon, type SeedContext } from '../context.ts';

export async function seedPlaces(ctx: SeedContext): Promise<void> {
  const { plan, frame } = ctx;
  await ctx.db.transaction(async (tx) => {
    const places = plan.places;
    const placeLL = places.map((p) => frame.toLonLat(p.point));
    await bulkInsert(tx, {
      table: 'service_points', columns: ['kind', 'name', 'name_en', 'address', 'open_hours', 'geom', 'h3'],
      inputs: [['kind', 'text'], ['name', 'text'], ['name_en', 'text'], ['address', 'text'], ['hours', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['h3', 'int8']],
      values: ['kind', 'name', 'name_en', 'address', 'hours', 'st_setsrid(st_makepoint(lon, lat), 4326)', 'h3'],
    }, {
      kind: places.map((p) => p.kind), name: places.map((p) => p.name.zh), name_en: places.map((p) => p.name.en),
      address: places.map((p) => plan.hierarchy.blocks[p.block]?.name.zh ?? null), hours: places.map((p) => p.openHours),
      lon: placeLL.map((c) => c[0]), lat: placeLL.map((c) => c[1]), h3: placeLL.map(([lon, lat]) => pointCell(lon, lat)),
    });
    const sheds = plan.sheds;
    const shedLL = sheds.map((s) => frame.toLonLat(s.point));
    await bulkInsert(tx, {
      table: 'charging_sheds', columns: ['name', 'piles', 'geom', 'h3'],
      inputs: [['name', 'text'], ['piles', 'int'], ['lon', 'float8'], ['lat', 'float8'], ['h3', 'int8']],
      values: ['name', 'piles', 'st_setsrid(st_makepoint(lon, lat), 4326)', 'h3'],
    }, {
      name: sheds.map((s) => s.name), piles: sheds.map((s) => s.piles),
      lon: shedLL.map((c) => c[0]), lat: shedLL.map((c) => c[1]), h3: shedLL.map(([lon, lat]) => pointCell(lon, lat)),
    });
    const zones = plan.vendorZones;
    await bulkInsert(tx, {
      table: 'vendor_zones', columns: ['name', 'stalls', 'hours', 'geom'],
      inputs: [['name', 'text'], ['stalls', 'int'], ['hours', 'text'], ['wkt', 'text']],
      values: ['name', 'stalls', 'hours', 'st_multi(st_geomfromtext(wkt, 4326))'],
    }, { name: zones.map((z) => z.name), stalls: zones.map((z) => z.stalls), hours: zones.map((z) => z.hours), wkt: zones.map((z) => wktPolygon(frame, z.ring)) });
    await locateRows(tx, 'service_points');
    await locateRows(tx, 'charging_sheds');
    await tx.query(`update vendor_zones v set grid_id = (select min(g.id) from grids g where st_covers(g.geom, st_pointonsurface(v.geom)))`);
  });
}
