// "Propose": a balanced cover of N grids over a scope, from its street blocks or H3
// cells, starting from today's grids (or grown afresh), with each grid's workload
// before and after, the spread figures and the proposed geometries. Reads only.
// "Apply": writes an assignment of units to grids as new grid geometries through the
// unit write path (versions, gap and overlap checks, history, covers), all or nothing.
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { districts, DistrictingError, districtPieces, spreadOf, type Spread } from '../spatial/districting/index.ts';
import { UNIT_LAYERS } from '../units/layers.ts';
import type { WorkloadWeights } from '../units/workload.ts';
import { DEFAULT_WEIGHTS } from '../units/workload.ts';
import { updateUnits } from '../units/write.ts';
import { districtGeometries, planningUnits, scopeGrids, unitSubgrids, type PlanningScope, type PlanningUnits, type UnitKind } from './units.ts';

export interface ProposeRequest {
  unit: UnitKind;
  res: number;
  /** Number of grids; default: as many as the scope has today. */
  n?: number;
  band: number;
  weights?: Partial<WorkloadWeights>;
  scope?: PlanningScope;
  /** Start from this assignment (unit id → grid id or a new name) instead of today's grids. */
  seed?: Record<string, number | string>;
  /** Grow N new regions instead of starting from today's grids. */
  fresh?: boolean;
  /** Units that keep their grid of the start. */
  locked?: string[];
  /** Seed of the search's visiting order (the same seed, the same answer). */
  random_seed?: number;
  compactness?: number;
  stickiness?: number;
  /** Leave the geometries out (faster; the figures only). */
  geometry?: boolean;
}

/** A spread with JSON-safe numbers (max/min is null when a grid has no workload). */
export interface SpreadOut extends Omit<Spread, 'maxMinRatio'> {
  maxMinRatio: number | null;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

export function spreadOut(s: Spread): SpreadOut {
  return { n: s.n, mean: r3(s.mean), min: r3(s.min), max: r3(s.max), maxMinRatio: Number.isFinite(s.maxMinRatio) ? r4(s.maxMinRatio) : null, cv: r4(s.cv), inBand: s.inBand };
}

export interface ProposedGrid {
  /** The grid this district becomes (null: a new grid, when N is above today's count). */
  grid_id: number | null;
  /** The district's name in the assignment: the grid id as text, or new-1, new-2, ... */
  key: string;
  code: string | null;
  name: string | null;
  version: number | null;
  before: { workload: number; units: number; deviation: number } | null;
  after: { workload: number; units: number; deviation: number; in_band: boolean; inertia: number; pieces: number };
  /** Units that join this grid. */
  units_gained: number;
  units_lost: number;
}

function weightsOf(w: Partial<WorkloadWeights> | undefined): WorkloadWeights {
  return { ...DEFAULT_WEIGHTS, ...w };
}

/** Gives grown districts (1..n) the grid ids of today's grids they share the most workload with, greedily. */
function matchGrown(pu: PlanningUnits, assignment: Record<string, string>): Map<string, string> {
  const shared = new Map<string, number>();
  for (const u of pu.units) {
    const k = `${assignment[u.id]}|${u.grid_id}`;
    shared.set(k, (shared.get(k) ?? 0) + u.workload + 1e-6 * u.area);
  }
  const pairs = [...shared.entries()].map(([k, v]) => ({ d: k.split('|')[0]!, g: k.split('|')[1]!, v })).sort((a, b) => b.v - a.v || (a.d < b.d ? -1 : 1));
  const out = new Map<string, string>();
  const usedGrids = new Set<string>();
  for (const p of pairs) {
    if (out.has(p.d) || usedGrids.has(p.g)) continue;
    out.set(p.d, p.g);
    usedGrids.add(p.g);
  }
  // Districts that share nothing with a grid still free take the free grid nearest to them.
  const centre = (pick: (u: PlanningUnits['units'][number]) => string) => {
    const sums = new Map<string, [number, number, number]>();
    for (const u of pu.units) {
      const k = pick(u);
      const c = sums.get(k) ?? [0, 0, 0];
      sums.set(k, [c[0] + u.area * u.centroid[0], c[1] + u.area * u.centroid[1], c[2] + u.area]);
    }
    return new Map([...sums].map(([k, [x, y, a]]) => [k, [x / a, y / a] as [number, number]]));
  };
  const districtCentres = centre((u) => assignment[u.id]!);
  const gridCentres = centre((u) => String(u.grid_id));
  const freeGrids = pu.grids.map((g) => String(g.id)).filter((g) => !usedGrids.has(g) && gridCentres.has(g));
  const unmatched = [...new Set(Object.values(assignment))].filter((d) => !out.has(d)).sort();
  const candidates = unmatched.flatMap((d) => freeGrids.map((g) => {
    const [dx, dy] = districtCentres.get(d)!;
    const [gx, gy] = gridCentres.get(g)!;
    return { d, g, dist: (dx - gx) ** 2 + (dy - gy) ** 2 };
  })).sort((a, b) => a.dist - b.dist || (a.d < b.d ? -1 : 1));
  for (const c of candidates) {
    if (out.has(c.d) || usedGrids.has(c.g)) continue;
    out.set(c.d, c.g);
    usedGrids.add(c.g);
  }
  let fresh = 1;
  for (const d of unmatched) if (!out.has(d)) out.set(d, `new-${fresh++}`);
  return out;
}

export async function propose(tx: Queryable, req: ProposeRequest) {
  const t0 = performance.now();
  const weights = weightsOf(req.weights);
  const pu = await planningUnits(tx, req.unit, req.res, req.scope ?? {}, weights);
  const tLoad = performance.now();
  const n = req.n ?? pu.grids.length;
  const today: Record<string, string> = {};
  for (const u of pu.units) today[u.id] = String(u.grid_id);
  let initial: Record<string, string> | undefined = req.fresh ? undefined : today;
  if (req.seed) {
    const known = new Set(pu.units.map((u) => u.id));
    const unknown = Object.keys(req.seed).filter((u) => !known.has(u));
    if (unknown.length) throw new AppError(422, 'unknown_unit', `the seed names ${unknown.length} unit(s) not in the scope: ${unknown.slice(0, 10).join(', ')}`, { units: unknown.slice(0, 100) });
    initial = { ...today, ...Object.fromEntries(Object.entries(req.seed).map(([u, g]) => [u, String(g)])) };
  }
  let result;
  try {
    result = districts(
      { units: pu.units, adjacency: pu.adjacency, n },
      {
        band: req.band,
        ...(initial ? { initial } : {}),
        ...(req.locked ? { locked: req.locked } : {}),
        ...(req.random_seed !== undefined ? { seed: req.random_seed } : {}),
        ...(req.compactness !== undefined ? { compactness: req.compactness } : {}),
        ...(req.stickiness !== undefined ? { stickiness: req.stickiness } : {}),
      },
    );
  } catch (err) {
    if (err instanceof DistrictingError) throw new AppError(422, 'cannot_propose', err.message, err.details);
    throw err;
  }
  // District names → grid ids.
  const rename = initial ? new Map(result.districts.map((d) => [d.id, d.id])) : matchGrown(pu, result.assignment);
  const assignment: Record<string, string> = {};
  for (const [u, d] of Object.entries(result.assignment)) assignment[u] = rename.get(d)!;

  const gridById = new Map(pu.grids.map((g) => [String(g.id), g]));
  const before = new Map<string, { workload: number; units: number }>();
  for (const g of pu.grids) before.set(String(g.id), { workload: 0, units: 0 });
  for (const u of pu.units) {
    const b = before.get(String(u.grid_id))!;
    b.workload += u.workload;
    b.units++;
  }
  const beforeSpread = spreadOf([...before.values()].map((b) => b.workload), req.band);
  const afterSpread = spreadOf(result.districts.map((d) => d.workload), req.band);
  const pieces = districtPieces({ units: pu.units, adjacency: pu.adjacency }, assignment);
  const gained = new Map<string, number>();
  const lost = new Map<string, number>();
  for (const u of pu.units) {
    const now = assignment[u.id]!;
    const was = String(u.grid_id);
    if (now !== was) {
      gained.set(now, (gained.get(now) ?? 0) + 1);
      lost.set(was, (lost.get(was) ?? 0) + 1);
    }
  }
  const mean = afterSpread.mean;
  const grids: ProposedGrid[] = result.districts
    .map((d) => {
      const key = rename.get(d.id)!;
      const g = gridById.get(key);
      const b = before.get(key);
      return {
        grid_id: g ? g.id : null,
        key,
        code: g?.code ?? null,
        name: g?.name ?? null,
        version: g?.version ?? null,
        before: b ? { workload: r3(b.workload), units: b.units, deviation: r4(beforeSpread.mean > 0 ? b.workload / beforeSpread.mean - 1 : 0) } : null,
        after: { workload: r3(d.workload), units: d.units, deviation: r4(d.deviation), in_band: Math.abs(d.workload - mean) <= req.band * mean + 1e-9, inertia: r3(d.inertia), pieces: pieces[key] ?? 0 },
        units_gained: gained.get(key) ?? 0,
        units_lost: lost.get(key) ?? 0,
      };
    })
    .sort((a, b) => (a.grid_id ?? Infinity) - (b.grid_id ?? Infinity) || (a.key < b.key ? -1 : 1));
  // Grids of today that the proposal drops (N below today's count).
  const dropped = pu.grids.filter((g) => !grids.some((p) => p.grid_id === g.id)).map((g) => ({ grid_id: g.id, code: g.code, version: g.version }));
  const tSolve = performance.now();
  let geometry: FeatureCollection<MultiPolygon> | null = null;
  if (req.geometry !== false) {
    const geoms = await districtGeometries(tx, pu.unit, pu.grids.map((g) => g.id), new Map(Object.entries(assignment)));
    const byKey = new Map(grids.map((g) => [g.key, g]));
    geometry = {
      type: 'FeatureCollection',
      features: geoms.map((x): Feature<MultiPolygon> => {
        const p = byKey.get(x.district)!;
        return {
          type: 'Feature',
          id: p.grid_id ?? p.key,
          geometry: JSON.parse(x.geojson) as MultiPolygon,
          properties: { key: p.key, grid_id: p.grid_id, code: p.code, name: p.name, workload: p.after.workload, deviation: p.after.deviation, in_band: p.after.in_band, before_workload: p.before?.workload ?? null, area_m2: Math.round(x.area_m2) },
        };
      }),
    };
  }
  const tEnd = performance.now();
  return {
    unit: pu.unit,
    res: pu.res,
    n,
    band: req.band,
    weights,
    scope: { grids: pu.grids.map((g) => g.id) },
    started_from: result.startedFrom === 'initial' ? (req.seed ? 'seed' : 'current') : 'fresh',
    units: pu.units.length,
    units_moved: [...gained.values()].reduce((s, k) => s + k, 0),
    assignment,
    grids,
    dropped,
    spread: { before: spreadOut(beforeSpread), after: spreadOut(afterSpread) },
    search: { passes: result.passes, moves: result.moves, ms: Math.round(result.ms) },
    timing_ms: { load: Math.round(tLoad - t0), solve: Math.round(tSolve - tLoad), geometry: Math.round(tEnd - tSolve), total: Math.round(tEnd - t0) },
    geometry,
  };
}

export interface ApplyRequest {
  unit: UnitKind;
  res: number;
  /** Every unit of the grids named in `grids` → one of those grid ids. */
  assignment: Record<string, number>;
  /** The grids being redrawn and the versions the proposal was made from. */
  grids: { id: number; version: number }[];
  /** recut (default): redraw the sub-grids of every changed grid from its units; keep: leave them (they then stick out of their grid). */
  subgrids?: 'recut' | 'keep';
}

/**
 * New sub-grids for the changed grids: each grid's units split into as many sub-grids
 * as it has, balanced the same way, starting from the sub-grid each unit lay in (units
 * new to the grid join a neighbouring sub-grid), clipped to the new grid.
 */
async function recutSubgrids(tx: Queryable, unit: UnitKind, pu: PlanningUnits, assignment: ReadonlyMap<string, string>, changed: number[], band: number) {
  if (!changed.length) return { edits: [], skipped: [] as { grid: number; reason: string }[] };
  const subs = await tx.query<{ id: number; grid_id: number; version: number }>('select id, grid_id, version from subgrids where grid_id = any($1::int[]) order by grid_id, id', [changed]);
  const held = await unitSubgrids(tx, unit, changed, pu.units.map((u) => u.id));
  const edits: { id: number; version: number; props: Record<string, unknown>; geometry: unknown }[] = [];
  const skipped: { grid: number; reason: string }[] = [];
  for (const grid of changed) {
    const mine = subs.rows.filter((s) => s.grid_id === grid);
    if (!mine.length) continue;
    const units = pu.units.filter((u) => assignment.get(u.id) === String(grid));
    if (units.length < mine.length) {
      skipped.push({ grid, reason: `${units.length} units cannot make its ${mine.length} sub-grids` });
      continue;
    }
    const ids = new Set(units.map((u) => u.id));
    const adjacency = pu.adjacency.filter(([a, b]) => ids.has(a) && ids.has(b));
    const initial: Record<string, string> = {};
    for (const u of units) {
      const h = held.get(u.id);
      if (h && h.grid === grid) initial[u.id] = String(h.subgrid);
    }
    let r;
    try {
      r = districts({ units, adjacency, n: mine.length }, { band, ...(Object.keys(initial).length ? { initial } : {}) });
    } catch (err) {
      if (!(err instanceof DistrictingError)) throw err;
      skipped.push({ grid, reason: err.message });
      continue;
    }
    // Names that are not sub-grid ids (grown afresh, or split off) take the sub-grids left without units.
    const names = [...new Set(Object.values(r.assignment))];
    const free = mine.map((s) => String(s.id)).filter((id) => !names.includes(id));
    const rename = new Map(names.map((n) => [n, mine.some((s) => String(s.id) === n) ? n : free.shift()!]));
    const split = new Map(units.map((u) => [u.id, rename.get(r.assignment[u.id]!)!]));
    const geoms = await districtGeometries(tx, unit, [grid], split);
    for (const x of geoms) {
      const sub = mine.find((s) => String(s.id) === x.district)!;
      edits.push({ id: sub.id, version: sub.version, props: {}, geometry: JSON.parse(x.geojson) as unknown });
    }
  }
  return { edits, skipped };
}

export async function apply(tx: Queryable, req: ApplyRequest, o: { principal: Principal; maxVertices: number }) {
  const ids = req.grids.map((g) => g.id);
  if (new Set(ids).size !== ids.length) throw new AppError(422, 'duplicate_grid', 'each grid may be named once');
  const current = await scopeGrids(tx, { grids: ids });
  const stale = req.grids.filter((g) => current.find((c) => c.id === g.id)!.version !== g.version);
  if (stale.length) {
    throw new AppError(412, 'version_conflict', `${stale.length} of the grids were changed since the proposal was made (${stale.map((g) => g.id).join(', ')}); propose again`, {
      stale: stale.map((g) => ({ id: g.id, yourVersion: g.version, currentVersion: current.find((c) => c.id === g.id)!.version })),
    });
  }
  const pu = await planningUnits(tx, req.unit, req.res, { grids: ids }, DEFAULT_WEIGHTS);
  const known = new Set(pu.units.map((u) => u.id));
  const idSet = new Set(ids);
  const missing = pu.units.filter((u) => req.assignment[u.id] === undefined).map((u) => u.id);
  const unknown = Object.keys(req.assignment).filter((u) => !known.has(u));
  const outside = Object.entries(req.assignment).filter(([, g]) => !idSet.has(g)).map(([u, g]) => ({ unit: u, grid: g }));
  if (missing.length || unknown.length || outside.length) {
    const parts = [
      missing.length ? `${missing.length} unit(s) of these grids have no grid (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''})` : '',
      unknown.length ? `${unknown.length} unit(s) are not in these grids (${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''})` : '',
      outside.length ? `${outside.length} unit(s) go to a grid not listed in grids (${outside.slice(0, 5).map((x) => `${x.unit} → ${x.grid}`).join(', ')})` : '',
    ].filter(Boolean);
    throw new AppError(422, 'bad_assignment', `the assignment does not match the units: ${parts.join('; ')}`, { missing: missing.slice(0, 100), unknown: unknown.slice(0, 100), outside: outside.slice(0, 100) });
  }
  const used = new Set(Object.values(req.assignment));
  const empty = ids.filter((id) => !used.has(id));
  if (empty.length) throw new AppError(422, 'empty_grid', `grid(s) ${empty.join(', ')} would get no unit; deleting grids is not part of apply`, { grids: empty });
  const assignment = new Map(pu.units.map((u) => [u.id, String(req.assignment[u.id])]));
  const geoms = await districtGeometries(tx, req.unit, ids, assignment);
  const same = await tx.query<{ id: number; same: boolean }>(
    `select g.id, st_area(st_symdifference(g.geom, st_setsrid(st_geomfromgeojson(n.g), 4326), 1e-9)::geography) < 1 as same
       from unnest($1::int[], $2::text[]) as n(id, g) join grids g on g.id = n.id`,
    [geoms.map((x) => Number(x.district)), geoms.map((x) => x.geojson)],
  );
  const unchanged = new Set(same.rows.filter((r) => r.same).map((r) => r.id));
  const edits = geoms
    .filter((x) => !unchanged.has(Number(x.district)))
    .map((x) => ({ id: Number(x.district), version: req.grids.find((g) => g.id === Number(x.district))!.version, props: {}, geometry: JSON.parse(x.geojson) as unknown }));
  const results = edits.length ? await updateUnits(tx, UNIT_LAYERS.grid, edits, o) : [];
  const versions = new Map(results.map((r) => [r.id, r.version]));
  const recut = req.subgrids === 'keep' ? { edits: [], skipped: [] } : await recutSubgrids(tx, req.unit, pu, assignment, results.map((r) => r.id), 0.15);
  const subResults = recut.edits.length ? await updateUnits(tx, UNIT_LAYERS.subgrid, recut.edits, o) : [];
  return {
    written: results.map((r) => r.id),
    unchanged: [...unchanged].sort((a, b) => a - b),
    grids: current.map((g) => ({ id: g.id, code: g.code, version: versions.get(g.id) ?? g.version, changed: versions.has(g.id) })),
    subgrids: subResults.map((r) => ({ id: r.id, version: r.version })),
    subgrids_skipped: recut.skipped,
    tables: [...new Set([...(results[0]?.tables ?? []), ...(subResults[0]?.tables ?? [])])],
  };
}
