// Stage: the component census. Classes are drawn by their census weight and placed
// where such things stand: on kerbs, at street corners (some exactly on the corner,
// which lies on grid and block boundaries), inside blocks, in parks, at buildings,
// at bus stops, on the river bank.
import { locatePoints, type Units } from '../../server/locate/sql.ts';
import { pointCell } from '../../server/spatial/h3cells.ts';
import { ColumnBuffer, bulkInsert } from '../bulk.ts';
import { withoutForeignKeysAndIndexes } from '../bulkload.ts';
import { faceFrame } from '../city/buildings.ts';
import type { Pt } from '../city/frame.ts';
import { DISTRICT } from '../city/names.ts';
import { kerbEdges, kerbPicker, kerbPoint, riverBank } from '../city/sampling.ts';
import type { SeedContext } from '../context.ts';
import { WeightedPicker, type Random } from '../random.ts';
import { componentHints, type Placement } from '../taxonomy/hints.ts';

export interface ComponentClassRow {
  code: string;
  owner_dept: string;
  maintainer_dept: string;
}

/** Where the seeded components stand, by class, for cases about them. */
export interface SeededComponents {
  byClass: Map<string, { id: number; p: Pt; block: number }[]>;
}

const STATUS = new WeightedPicker(['intact', 'damaged', 'missing', 'occupied'] as const, (s) => ({ intact: 88, damaged: 6.5, missing: 2, occupied: 3.5 })[s]);

export async function seedComponents(ctx: SeedContext): Promise<SeededComponents> {
  const rng = ctx.rng('components');
  const { plan, frame } = ctx;
  const { layout } = plan;
  const classes = (await ctx.db.query<ComponentClassRow>(
    'select code, owner_dept, maintainer_dept from component_classes order by code',
  )).rows;
  const missing = classes.filter((c) => !componentHints[c.code]);
  if (missing.length) throw new Error(`no seed hint for component classes ${missing.map((c) => c.code).join(', ')}`);
  const classPicker = new WeightedPicker(classes, (c) => componentHints[c.code]!.weight);

  const edges = kerbEdges(layout, plan.network);
  const anyKerb = kerbPicker(edges);
  const districtFaces: number[] = [];
  for (let f = 0; f < layout.nx * layout.ny; f++) if (layout.faceInDistrict[f] === 1) districtFaces.push(f);
  const parkFaces = districtFaces.filter((f) => layout.blocks[layout.faceBlock[f]!]!.landuse === 'park');
  const stops = plan.places.filter((p) => p.kind === 'transit_stop');
  const bank = riverBank(layout);
  const buildings = plan.buildings.buildings;
  const jitter = (r: Random, p: Pt, d: number): Pt => ({ x: p.x + r.uniform(-d, d), y: p.y + r.uniform(-d, d) });
  const inFace = (r: Random, face: number): { p: Pt; block: number } => ({
    p: faceFrame(layout, face).map(r.uniform(0.12, 0.88), r.uniform(0.12, 0.88)),
    block: layout.faceBlock[face]!,
  });
  const place: Record<Placement, (r: Random) => { p: Pt; block: number }> = {
    roadside: (r) => {
      const k = kerbPoint(r, anyKerb);
      return { p: k.p, block: k.edge.block };
    },
    intersection: (r) => {
      const node = r.pick(plan.intersections);
      // Two in five stand exactly on the corner point, which is a vertex of the
      // blocks (and often grids) that meet there.
      return { p: r.chance(0.4) ? node : jitter(r, node, 12), block: -1 };
    },
    block: (r) => inFace(r, r.pick(districtFaces)),
    park: (r) => inFace(r, r.pick(parkFaces.length ? parkFaces : districtFaces)),
    building: (r) => {
      const b = r.pick(buildings);
      return { p: jitter(r, b.point, 3), block: b.block };
    },
    bus_stop: (r) => {
      const s = r.pick(stops);
      return { p: jitter(r, s.point, 4), block: s.block };
    },
    waterfront: (r) => {
      const b = r.pick(bank);
      return { p: jitter(r, b.p, 3), block: layout.faceBlock[b.face]! };
    },
  };

  const total = ctx.spec.components;
  const sequence = new Map<string, number>();
  const buf = new ColumnBuffer(['id', 'code', 'cls', 'status', 'owner', 'maintainer', 'lon', 'lat', 'h3', 'installed', 'checked'] as const);
  const byClass: SeededComponents['byClass'] = new Map();
  const untilMs = Date.parse(`${ctx.options.until}T16:00:00Z`);
  for (let n = 0; n < total; n++) {
    const cls = classPicker.pick(rng);
    const where = place[componentHints[cls.code]!.placement](rng);
    const seq = (sequence.get(cls.code) ?? 0) + 1;
    if (seq > 999_999) throw new Error(`component class ${cls.code} ran out of sequence numbers`);
    sequence.set(cls.code, seq);
    const [lon, lat] = frame.toLonLat(where.p);
    const id = n + 1;
    buf.push({
      id,
      code: `${DISTRICT.code}${cls.code}${String(seq).padStart(6, '0')}`,
      cls: cls.code,
      status: STATUS.pick(rng),
      owner: cls.owner_dept,
      maintainer: cls.maintainer_dept,
      lon,
      lat,
      h3: pointCell(lon, lat),
      installed: new Date(untilMs - rng.uniform(60, 7000) * 86_400_000).toISOString().slice(0, 10),
      checked: new Date(untilMs - rng.uniform(0, 180) * 86_400_000),
    });
    const list = byClass.get(cls.code) ?? [];
    list.push({ id, p: where.p, block: where.block });
    byClass.set(cls.code, list);
  }

  await ctx.db.transaction(async (tx) => withoutForeignKeysAndIndexes(tx, ['components'], async () => {
    const bar = ctx.progress.bar('components', total * 2);
    const units: Units[] = [];
    for (let start = 0; start < total; start += 20_000) {
      const end = Math.min(total, start + 20_000);
      units.push(...await locatePoints(tx, buf.data.h3.slice(start, end).map((h3, i) => ({
        h3: h3 as string, lon: buf.data.lon[start + i] as number, lat: buf.data.lat[start + i] as number,
      }))));
      bar.add(end - start);
    }
    await bulkInsert(tx, {
      table: 'components',
      columns: ['id', 'code', 'class_code', 'status', 'owner_dept', 'maintainer_dept', 'geom', 'h3', 'installed_on', 'checked_at',
        'grid_id', 'subgrid_id', 'block_id'],
      inputs: [['id', 'int8'], ['code', 'text'], ['cls', 'text'], ['status', 'text'], ['owner', 'text'], ['maintainer', 'text'],
        ['lon', 'float8'], ['lat', 'float8'], ['h3', 'int8'], ['installed', 'date'], ['checked', 'timestamptz'],
        ['grid', 'int'], ['subgrid', 'int'], ['block', 'int']],
      values: ['id', 'code', 'cls', 'status', 'owner', 'maintainer', 'st_setsrid(st_makepoint(lon, lat), 4326)', 'h3', 'installed', 'checked',
        'grid', 'subgrid', 'block'],
    }, { ...buf.data, grid: units.map((u) => u.grid), subgrid: units.map((u) => u.subgrid), block: units.map((u) => u.block) }, (k) => bar.add(k));
    bar.done();
    await tx.query(`select setval(pg_get_serial_sequence('components', 'id'), (select max(id) from components))`);
  }));
  return { byClass };
}
