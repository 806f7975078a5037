// Planning by spatial demand, the part that reads PostGIS: the demand surface of a
// scope on H3 (charging or vending), the constraint layers (arterials, fire lanes,
// school and hospital gates and grounds, existing facilities) and the candidate sites
// (every cell, open spaces and parking, or sites the officer drew), each candidate
// marked excluded where a rule forbids it. The arithmetic is in server/spatial/planning/.
import type { MultiPolygon, Position } from 'geojson';
import { cellToLatLng, polygonToCells } from 'h3-js';
import { localHourSql } from '../cases/local-time.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { cellCover } from '../spatial/cover.ts';
import { EXCLUSION_DEFAULTS, exclusionReasons, type ConstraintLayers, type ExclusionReason, type ExclusionRules } from '../spatial/planning/constraints.ts';
import {
  chargingDemand,
  CHARGING_DEFAULTS,
  FLYING_WIRE_TYPES,
  vendingDemand,
  VENDING_DEFAULTS,
  VENDING_TYPE_PREFIXES,
  type CellCount,
  type ChargingWeights,
  type DemandCell,
  type VendingWeights,
} from '../spatial/planning/demand.ts';
import type { RunDemand, RunSite } from '../spatial/planning/run.ts';
import { scopeGrids, type PlanningScope } from './units.ts';

export type Facility = 'charging_shed' | 'vendor_zone';
export type CandidateSource = 'cells' | 'open_spaces' | 'drawn';

/** Parking lots (停车场) in the component census. */
export const PARKING_CLASS = '0201';
/** Largest distance matrix (demand cells × candidates) a run may build: 8 M doubles, 64 MB. */
export const MAX_MATRIX = 8_000_000;

export interface DemandRequest {
  facility: Facility;
  res: number;
  weights?: Partial<ChargingWeights & VendingWeights>;
  /** Vending: local hours of interest (cases counted in them, proxies weighted by them). */
  hours?: number[] | null;
  scope?: PlanningScope;
}

export interface DemandSurface {
  facility: Facility;
  res: number;
  weights: ChargingWeights | VendingWeights;
  hours: number[] | null;
  grids: number[];
  cells: (DemandCell & { lon: number; lat: number })[];
  total: number;
}

const counts = (rows: { cell: string; n: string | number }[]): CellCount[] => rows.map((r) => ({ cell: r.cell.padStart(15, '0'), n: Number(r.n) }));

export function weightsFor(facility: Facility, given: DemandRequest['weights'] = {}): ChargingWeights | VendingWeights {
  const defaults: Record<string, number> = facility === 'charging_shed' ? { ...CHARGING_DEFAULTS } : { ...VENDING_DEFAULTS };
  const unknown = Object.keys(given).filter((k) => !(k in defaults));
  if (unknown.length) throw new AppError(400, 'bad_weights', `weights ${unknown.join(', ')} do not apply to ${facility}; use ${Object.keys(defaults).join(', ')}`, { unknown });
  return { ...defaults, ...given } as unknown as ChargingWeights | VendingWeights;
}

export async function demandSurface(tx: Queryable, req: DemandRequest): Promise<DemandSurface> {
  const grids = (await scopeGrids(tx, req.scope ?? {})).map((g) => g.id);
  const weights = weightsFor(req.facility, req.weights);
  const hours = req.facility === 'vendor_zone' && req.hours && req.hours.length ? [...new Set(req.hours)].sort((a, b) => a - b) : null;
  const households = counts(
    (await tx.query<{ cell: string; n: string }>(`select to_hex(h3_parent(h3, $2)) as cell, sum(households) as n from buildings where grid_id = any($1::int[]) and households > 0 group by 1`, [grids, req.res])).rows,
  );
  let cells: DemandCell[];
  if (req.facility === 'charging_shed') {
    const wires = await tx.query<{ cell: string; n: string }>(
      `select to_hex(h3_parent(h3, $2)) as cell, count(*) as n from cases where grid_id = any($1::int[]) and type_code = any($3::text[]) group by 1`,
      [grids, req.res, [...FLYING_WIRE_TYPES]],
    );
    cells = chargingDemand({ households, flyingWire: counts(wires.rows) }, weights as ChargingWeights);
  } else {
    const vending = await tx.query<{ cell: string; n: string }>(
      `select to_hex(h3_parent(h3, $2)) as cell, count(*) as n from cases
        where grid_id = any($1::int[]) and (substr(type_code, 1, 6) = any($3::text[]) or type_code = any($3::text[]))
          and ($4::int[] is null or ${localHourSql('reported_at')} = any($4::int[]))
        group by 1`,
      [grids, req.res, [...VENDING_TYPE_PREFIXES], hours],
    );
    const places = await tx.query<{ cell: string; kind: string; n: string }>(
      `select to_hex(h3_parent(h3, $2)) as cell, kind, count(*) as n from service_points
        where grid_id = any($1::int[]) and kind in ('market', 'school', 'transit_stop') group by 1, 2`,
      [grids, req.res],
    );
    const of = (kind: string) => counts(places.rows.filter((r) => r.kind === kind));
    cells = vendingDemand({ cases: counts(vending.rows), households, market: of('market'), school: of('school'), transit_stop: of('transit_stop') }, weights as VendingWeights, hours);
  }
  const withCentres = cells.map((c) => {
    const [lat, lon] = cellToLatLng(c.h3);
    return { ...c, lon: +lon.toFixed(7), lat: +lat.toFixed(7) };
  });
  return { facility: req.facility, res: req.res, weights, hours, grids, cells: withCentres, total: withCentres.reduce((s, c) => s + c.weight, 0) };
}

export interface ConstraintRequest {
  facility: Facility;
  res: number;
  exclusions?: Partial<ExclusionRules>;
  candidates: CandidateSource;
  drawn_sites?: [number, number][];
  fixed_existing: boolean;
}

export interface Candidates {
  rules: ExclusionRules;
  sites: (RunSite & { reason: ExclusionReason | null })[];
  layers: ConstraintLayers;
  existing: { id: number; name: string; lon: number; lat: number }[];
}

const lines = (rows: { g: string }[]): Position[][] =>
  rows.flatMap((r) => {
    const g = JSON.parse(r.g) as { type: string; coordinates: Position[] | Position[][] };
    return g.type === 'LineString' ? [g.coordinates as Position[]] : (g.coordinates as Position[][]);
  });

/** The scope's constraint layers and its candidate sites, each with the rule that excludes it (or null). */
export async function candidateSites(tx: Queryable, grids: number[], req: ConstraintRequest): Promise<Candidates> {
  const rules: ExclusionRules = { ...EXCLUSION_DEFAULTS[req.facility], ...req.exclusions };
  const area = `(select st_union(geom, 1e-9) as geom from grids where id = any($1::int[]))`;
  const near = `(select st_expand(st_envelope(geom), 0.01) as geom from ${area} a)`;
  const roads = await tx.query<{ g: string; class: string }>(
    `select st_asgeojson(r.geom, 7) as g, r.class from roads r, ${near} s where r.class in ('arterial', 'lane') and r.geom && s.geom`,
    [grids],
  );
  const gates = await tx.query<{ lon: number; lat: number }>(
    `select st_x(p.geom) as lon, st_y(p.geom) as lat from service_points p, ${near} s where p.kind in ('school', 'hospital') and p.geom && s.geom`,
    [grids],
  );
  const grounds = await tx.query<{ g: string }>(
    `select st_asgeojson(b.geom, 7) as g from blocks b, ${near} s where b.landuse in ('education', 'health') and b.geom && s.geom`,
    [grids],
  );
  const existing = await tx.query<{ id: number; name: string; lon: number; lat: number }>(
    req.facility === 'charging_shed'
      ? `select c.id, c.name, st_x(c.geom) as lon, st_y(c.geom) as lat from charging_sheds c, ${near} s where c.status <> 'closed' and c.geom && s.geom order by c.id`
      : `select v.id, v.name, st_x(st_pointonsurface(v.geom)) as lon, st_y(st_pointonsurface(v.geom)) as lat from vendor_zones v, ${near} s where v.status <> 'closed' and v.geom && s.geom order by v.id`,
    [grids],
  );
  const layers: ConstraintLayers = {
    arterials: lines(roads.rows.filter((r) => r.class === 'arterial')),
    fireLanes: lines(roads.rows.filter((r) => r.class === 'lane')),
    gates: gates.rows.map((g) => [g.lon, g.lat]),
    grounds: grounds.rows.flatMap((r) => (JSON.parse(r.g) as MultiPolygon).coordinates),
    existing: existing.rows.map((e) => [e.lon, e.lat]),
  };
  const sites: RunSite[] = [];
  if (req.fixed_existing) for (const e of existing.rows) sites.push({ lon: e.lon, lat: e.lat, status: 'existing', kind: 'existing', label: e.name });
  const firstNew = sites.length;
  if (req.candidates === 'cells') {
    const scope = JSON.parse((await tx.query<{ g: string }>(`select st_asgeojson(geom, 9) as g from ${area} a`, [grids])).rows[0]!.g) as MultiPolygon;
    const inside = new Set<string>();
    for (const poly of scope.type === 'MultiPolygon' ? scope.coordinates : [(scope as unknown as { coordinates: Position[][] }).coordinates]) for (const c of polygonToCells(poly, req.res, true)) inside.add(c);
    const cells = inside.size ? [...inside].sort() : cellCover(scope, req.res).map((c) => c.cell);
    for (const c of cells) {
      const [lat, lon] = cellToLatLng(c);
      sites.push({ lon: +lon.toFixed(7), lat: +lat.toFixed(7), kind: 'cell', label: c });
    }
  } else if (req.candidates === 'open_spaces') {
    const open = await tx.query<{ kind: string; name: string; lon: number; lat: number }>(
      `select 'open_space' as kind, g.name, st_x(st_pointonsurface(g.geom)) as lon, st_y(st_pointonsurface(g.geom)) as lat
         from green_areas g, ${area} a where g.kind in ('park', 'square') and st_intersects(g.geom, a.geom)
       union all
       select 'parking', c.code, st_x(c.geom), st_y(c.geom) from components c where c.class_code = $2 and c.grid_id = any($1::int[])
       order by 1, 2`,
      [grids, PARKING_CLASS],
    );
    for (const o of open.rows) sites.push({ lon: o.lon, lat: o.lat, kind: o.kind as 'open_space' | 'parking', label: o.name });
  } else {
    if (!req.drawn_sites?.length) throw new AppError(422, 'no_drawn_sites', 'candidates "drawn" needs drawn_sites: [[lon, lat], …] — the sites drawn on the map');
    req.drawn_sites.forEach(([lon, lat], k) => sites.push({ lon, lat, kind: 'drawn', label: `#${k + 1}` }));
  }
  const keep = new Set(sites.flatMap((_, j) => (j < firstNew ? [j] : [])));
  const reasons = exclusionReasons(sites.map((s) => [s.lon, s.lat]), layers, rules, keep);
  return {
    rules,
    sites: sites.map((s, j) => {
      // Existing facilities fixed in stay open whatever the rules say (they are there).
      const reason = j < firstNew ? null : reasons[j]!;
      return { ...s, ...(reason ? { status: 'excluded' as const } : {}), reason };
    }),
    layers,
    existing: existing.rows,
  };
}

/** Demand cells as the run takes them. */
export const runDemand = (s: DemandSurface): RunDemand[] => s.cells.map((c) => ({ h3: c.h3, lon: c.lon, lat: c.lat, weight: c.weight, households: c.households }));
