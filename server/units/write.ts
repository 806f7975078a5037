// Creating, editing and deleting grids, sub-grids and blocks: geometry validated,
// version checked, neighbours checked for gaps and overlaps, then the H3 cover rebuilt
// and the points in the changed area (components, open cases, buildings, ...) given
// their new units. All in the request's transaction, serialized by one advisory lock
// so that two planners editing neighbours at the same moment cannot together create
// an overlap.
//
// Every write goes through `applyChanges`: a set of creates, updates and deletes of
// one layer, validated and version-checked as a whole, written, and checked as a whole
// (a shared edge moved, a grid split or two merged never pass through an overlap or a
// gap). A single POST, PATCH or DELETE is a set of one. A dry run does all of it
// inside a savepoint, reports what it found and rolls the savepoint back.
import type { Geometry } from 'geojson';
import { asSystem, type Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, BusyError, notFound, toAppError } from '../errors.ts';
import { assertValidGeometry } from '../geometry/validity.ts';
import { rebuildCover } from '../locate/covers.ts';
import { coverResolution, locateRows, LOCATABLE, type LocatableTable } from '../locate/sql.ts';
import { checkGeometry } from '../spatial/geojson/index.ts';
import type { UnitLayerSpec } from './layers.ts';
import { problemsAfterWrite, topologyError, type Problem, type WrittenFeature } from './topology.ts';

/** One lock for all boundary writes (pg_advisory_xact_lock key). */
const BOUNDARY_LOCK = 0x67726964;

export interface UnitWriteOptions {
  principal: Principal;
  maxVertices: number;
}

export interface WriteResult {
  id: number;
  version: number;
  /** Tables the write changed, for the caches. */
  tables: string[];
}

export interface Current {
  id: number;
  version: number;
  geojson: string;
  status: string | null;
  grid_id: number | null;
  [column: string]: unknown;
}

/** Waits for the boundary lock (imports: a streamed body cannot be read twice). */
export async function lock(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [BOUNDARY_LOCK]);
}

/**
 * Takes the boundary lock if it is free, else throws BusyError: the route rolls the
 * transaction back and runs it again shortly, so that writers queueing for the lock
 * do not hold pooled connections while one write rebuilds its covers (with 20 writers
 * on a pool of 4, waiting in the database left the other requests 503 after the
 * pool's connection timeout). Re-entrant within a transaction.
 */
export async function tryLock(tx: Queryable): Promise<void> {
  const r = await tx.query<{ ok: boolean }>('select pg_try_advisory_xact_lock($1) as ok', [BOUNDARY_LOCK]);
  if (!r.rows[0]!.ok) throw new BusyError('another boundary edit is being saved; try again in a moment');
}

async function cleanGeometry(tx: Queryable, input: unknown, maxVertices: number, path: string): Promise<string> {
  const geometry = checkGeometry(input, { types: ['Polygon', 'MultiPolygon'], maxVertices, path }) as Geometry;
  await assertValidGeometry(tx, geometry, path);
  return JSON.stringify(geometry);
}

const CURRENT_SQL = (spec: UnitLayerSpec) =>
  `select f.*, st_asgeojson(f.geom, 9) as geojson, ${spec.layer === 'grid' ? 'f.status' : 'null::text as status'},
          ${spec.layer === 'subgrid' ? 'f.grid_id' : 'null::int as grid_id'}
     from ${spec.table} f where f.id = $1 for update`;

export async function current(tx: Queryable, spec: UnitLayerSpec, id: number): Promise<Current> {
  const row = await currentOrNull(tx, spec, id);
  if (!row) throw notFound(`no ${spec.layer} ${id}`);
  return row;
}

async function currentOrNull(tx: Queryable, spec: UnitLayerSpec, id: number): Promise<Current | null> {
  return (await tx.query<Current>(CURRENT_SQL(spec), [id])).rows[0] ?? null;
}

/** Gives the points in `areaSql` (over bound $1 geojson texts) their units again; returns the tables touched. */
async function relocate(tx: Queryable, principal: Principal, areas: (string | null)[]): Promise<string[]> {
  const touched: string[] = [];
  const geoms = areas.filter((a): a is string => a !== null);
  if (geoms.length === 0) return touched;
  await asSystem(tx, principal, async () => {
    for (const table of Object.keys(LOCATABLE) as LocatableTable[]) {
      const point = LOCATABLE[table].point;
      // Closed cases keep the units they were handled in.
      const open = table === 'cases' ? ` and t.status not in ('closed', 'evaluated', 'cancelled')` : '';
      const ids = await tx.query<{ id: string }>(
        `select t.id::text as id from ${table} t,
                (select st_union(st_setsrid(st_geomfromgeojson(g), 4326), 1e-9) as geom from unnest($1::text[]) g) a
          where t.${point} && a.geom and st_intersects(t.${point}, a.geom)${open}`,
        [geoms],
      );
      if (ids.rows.length && (await locateRows(tx, table, ids.rows.map((r) => r.id))) > 0) touched.push(table);
    }
  });
  return touched;
}

/** Rebuilds the H3 covers of written features and relocates the points in the changed areas; returns the tables touched. */
export async function coverAndRelocate(tx: Queryable, spec: UnitLayerSpec, rebuilt: number[], deleted: number[], principal: Principal, areas: (string | null)[]): Promise<string[]> {
  const res = await coverResolution(tx);
  if (deleted.length) await tx.query('delete from h3_cover where layer = $1 and feature_id = any($2::int[])', [spec.layer, deleted]);
  if (rebuilt.length) await rebuildCover(tx, spec.layer, res, rebuilt);
  return [spec.table, 'h3_cover', 'boundary_history', ...(await relocate(tx, principal, areas))];
}

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

function activeAfter(spec: UnitLayerSpec, status: unknown): boolean {
  return spec.layer !== 'grid' || status === 'active';
}

/** Inserts one unit (geometry as cleaned GeoJSON text); the trigger writes its history. */
export async function insertUnitRow(tx: Queryable, spec: UnitLayerSpec, props: Record<string, unknown>, geojson: string) {
  const cols = spec.columns.filter((k) => props[k] !== undefined);
  const r = await tx.query<{ id: number; version: number; code: string; status: string | null }>(
    `insert into ${spec.table} (${cols.join(', ')}, geom)
     values (${cols.map((_, k) => `$${k + 1}`).join(', ')}${cols.length ? ', ' : ''}st_multi(st_setsrid(st_geomfromgeojson($${cols.length + 1}), 4326)))
     returning id, version, code, ${spec.layer === 'grid' ? 'status' : 'null::text as status'}`,
    [...cols.map((k) => props[k]), geojson],
  );
  return r.rows[0]!;
}

/** Updates one unit at `version` (its properties, and its geometry when given); null when the version is no longer current. */
export async function updateUnitRow(tx: Queryable, spec: UnitLayerSpec, id: number, version: number, props: Record<string, unknown>, geojson: string | undefined) {
  const cols = spec.columns.filter((c) => props[c] !== undefined);
  const sets = cols.map((c, k) => `${c} = $${k + 3}`);
  if (geojson !== undefined) sets.push(`geom = st_multi(st_setsrid(st_geomfromgeojson($${cols.length + 3}), 4326))`);
  const r = await tx.query<{ version: number; status: string | null; code: string }>(
    `update ${spec.table} set ${sets.join(', ')} where id = $1 and version = $2
     returning version, code, ${spec.layer === 'grid' ? 'status' : 'null::text as status'}`,
    [id, version, ...cols.map((c) => props[c]), ...(geojson !== undefined ? [geojson] : [])],
  );
  return r.rows[0] ?? null;
}

// ---------------------------------------------------------------------------------
// A set of changes of one layer.

export interface UnitCreate {
  props: Record<string, unknown>;
  geometry: unknown;
}

export interface UnitEdit {
  id: number;
  version: number;
  props: Record<string, unknown>;
  geometry?: unknown;
}

export interface UnitDelete {
  id: number;
  version: number;
}

export interface UnitChanges {
  creates?: readonly UnitCreate[];
  updates?: readonly UnitEdit[];
  deletes?: readonly UnitDelete[];
}

export interface ApplyOptions extends UnitWriteOptions {
  /** Check everything, report, and roll back (a savepoint): nothing is kept. */
  dryRun?: boolean;
  /** Name the features in messages by their place in the request (creates[0], updates[2]). */
  batch?: boolean;
  /** Report the workload before and after of each unit whose extent changed (a few queries per unit). */
  workload?: boolean;
}

/** What the points in a unit add up to: the planner's workload measures. */
export interface Workload {
  households: number;
  buildings: number;
  components: number;
  open_cases: number;
  area_m2: number;
}

export interface ChangeReport {
  layer: UnitLayerSpec['layer'];
  dry_run: boolean;
  /** True when the set is (or, in a dry run, would be) accepted. */
  ok: boolean;
  /** In a dry run, the ids are the ones the creates would have had. */
  created: { index: number; id: number; code: string; version: number }[];
  updated: { id: number; code: string; version: number }[];
  deleted: { id: number; code: string; version: number }[];
  /** Overlaps, gaps and sub-grids outside their grid the set leaves (only a dry run answers with them; a write is refused). */
  problems: Problem[];
  /** With the workload option: per created, updated or deleted unit whose extent changed, the workload in it before and after the set (null: it did not exist). */
  workload: { id: number; code: string; before: Workload | null; after: Workload | null }[];
  /** Tables the set wrote (empty for a dry run), for the caches. */
  tables: string[];
}

interface StaleEntry {
  op: 'update' | 'delete';
  id: number;
  yourVersion: number;
  /** null when the unit has been deleted since. */
  currentVersion: number | null;
  updatedBy: unknown;
  updatedAt: unknown;
  deleted?: boolean;
}

const OPEN_CASES = `o.status not in ('closed', 'evaluated', 'cancelled')`;
/**
 * The workload measures of the geometry `geom`: a JSON object, and the lateral joins it
 * reads. Buildings are found through the index of their footprints (a building's point
 * lies within its footprint's box).
 */
const WORKLOAD = (geom: string) => ({
  json: `json_build_object('households', wb.households, 'buildings', wb.n, 'components', wk.n, 'open_cases', wo.n, 'area_m2', round(st_area(${geom}::geography))::float8)`,
  joins: `cross join lateral (select coalesce(sum(b.households), 0)::int as households, count(*)::int as n from buildings b where b.geom && ${geom} and st_intersects(${geom}, b.point)) wb
          cross join lateral (select count(*)::int as n from components k where k.geom && ${geom} and st_intersects(${geom}, k.geom)) wk
          cross join lateral (select count(*)::int as n from cases o where o.geom && ${geom} and st_intersects(${geom}, o.geom) and ${OPEN_CASES}) wo`,
});

/** The workload inside each given geometry (GeoJSON texts), counted from the points. */
async function workloadOfGeometries(tx: Queryable, geoms: string[]): Promise<Workload[]> {
  if (geoms.length === 0) return [];
  const r = await tx.query<{ w: Workload }>(
    `select ${WORKLOAD('x.geom').json} as w
       from unnest($1::text[]) with ordinality as u(g, ord) cross join lateral (select st_setsrid(st_geomfromgeojson(u.g), 4326) as geom) x
       ${WORKLOAD('x.geom').joins}
      order by u.ord`,
    [geoms],
  );
  return r.rows.map((row) => row.w);
}

async function workloadOfUnits(tx: Queryable, spec: UnitLayerSpec, ids: number[]): Promise<Map<number, Workload>> {
  if (ids.length === 0) return new Map();
  const r = await tx.query<{ id: number; w: Workload }>(`select u.id, ${WORKLOAD('u.geom').json} as w from ${spec.table} u ${WORKLOAD('u.geom').joins} where u.id = any($1::int[])`, [ids]);
  return new Map(r.rows.map((row) => [row.id, row.w]));
}

/** The database's refusal of one row (duplicate code, unknown community, ...) named by its place in the set. */
function rowError(err: unknown, label: string, details: Record<string, unknown>): unknown {
  if (err instanceof AppError) return err;
  const e = toAppError(err);
  if (e.status >= 500) return err;
  return new AppError(e.status, e.code, `${label}: ${e.message}`, { ...details, ...(e.details as object | undefined) });
}

function versionConflict(spec: UnitLayerSpec, stale: StaleEntry[], rows: Map<number, Current>): AppError {
  const first = stale[0]!;
  const row = rows.get(first.id);
  if (stale.length === 1 && row) {
    // One stale unit: say who saved it and when, with the unit as it is now.
    return new AppError(
      412,
      'version_conflict',
      `the ${spec.layer} ${String(row.code).trim()} was changed by ${row.updated_by} at ${new Date(row.updated_at as string).toISOString()} (now version ${row.version}, you edited version ${first.yourVersion}); reload it and apply your edit again`,
      {
        currentVersion: row.version,
        yourVersion: first.yourVersion,
        updatedBy: row.updated_by,
        updatedAt: row.updated_at,
        current: { type: 'Feature', id: row.id, geometry: JSON.parse(row.geojson), properties: Object.fromEntries(spec.columns.map((c) => [c, trimmed(row[c])])) },
        stale,
      },
    );
  }
  const what = stale.map((s) =>
    s.deleted
      ? `${spec.layer} ${s.id} was deleted by ${String(s.updatedBy)}`
      : `${spec.layer} ${String(trimmed(rows.get(s.id)?.code ?? s.id))} (${s.id}) is at version ${s.currentVersion}, you edited version ${s.yourVersion}`,
  );
  return new AppError(
    412,
    'version_conflict',
    `${stale.length === 1 ? 'a unit' : `${stale.length} units`} changed since you read ${stale.length === 1 ? 'it' : 'them'}: ${what.join('; ')}; reload and apply your edit again`,
    { stale },
  );
}

/** Who deleted a unit, from the history; null when it never existed. */
async function deletion(tx: Queryable, spec: UnitLayerSpec, id: number): Promise<{ actor: string; at: Date } | null> {
  const r = await tx.query<{ actor: string; at: Date }>(
    `select actor, at from boundary_history where layer = $1 and feature_id = $2 and op = 'delete' order by id desc limit 1`,
    [spec.layer, id],
  );
  return r.rows[0] ?? null;
}

/**
 * Applies a set of creates, updates and deletes of one layer as one change: each
 * geometry validated (422 naming the feature and the place), every version checked
 * (412 listing each stale unit with its current version), the rows written (history
 * by the tables' trigger), then the cover checked as a whole (409 with the overlaps,
 * gaps and sub-grids outside their grid, unless a dry run, which reports them), the
 * H3 covers rebuilt and the points relocated. In a dry run everything after the
 * validation runs inside a savepoint that is rolled back.
 */
export async function applyChanges(tx: Queryable, spec: UnitLayerSpec, changes: UnitChanges, o: ApplyOptions): Promise<ChangeReport> {
  const creates = changes.creates ?? [];
  const updates = changes.updates ?? [];
  const deletes = changes.deletes ?? [];
  const total = creates.length + updates.length + deletes.length;
  if (total === 0) throw new AppError(422, 'empty_changes', 'the set changes nothing: give at least one create, update or delete');
  const batch = o.batch ?? total > 1;
  const ids = [...updates.map((e) => e.id), ...deletes.map((d) => d.id)];
  if (new Set(ids).size !== ids.length) {
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    throw new AppError(422, 'duplicate_feature', `each feature may be changed once per request (${[...new Set(twice)].join(', ')} given more than once)`, { ids: [...new Set(twice)] });
  }
  const label = (op: 'creates' | 'updates' | 'deletes', i: number, id?: number) => (batch ? `${op}[${i}]${id !== undefined ? ` (${spec.layer} ${id})` : ''}` : '');

  // Geometry first: nothing is locked or read while the input is wrong.
  const clean = async (input: unknown, op: 'creates' | 'updates', i: number, id?: number) => {
    const path = batch ? `${op}[${i}].geometry` : 'geometry';
    try {
      return await cleanGeometry(tx, input, o.maxVertices, path);
    } catch (err) {
      if (err instanceof AppError && batch) {
        throw new AppError(err.status, err.code, `${label(op, i, id)}: ${err.message}`, { op: op.slice(0, -1), index: i, ...(id !== undefined ? { id } : {}), ...(err.details as object) });
      }
      throw err;
    }
  };
  const createGeoms: string[] = [];
  for (const [i, c] of creates.entries()) createGeoms.push(await clean(c.geometry, 'creates', i));
  const updateGeoms: (string | undefined)[] = [];
  for (const [i, e] of updates.entries()) {
    const cols = spec.columns.filter((c) => e.props[c] !== undefined);
    if (cols.length === 0 && e.geometry === undefined) {
      throw new AppError(422, 'empty_update', `${batch ? `${label('updates', i, e.id)}: ` : ''}the edit of ${spec.layer} ${e.id} changes nothing: give a geometry or properties`, { index: i, id: e.id });
    }
    updateGeoms.push(e.geometry === undefined ? undefined : await clean(e.geometry, 'updates', i, e.id));
  }

  await tryLock(tx);
  // Versions: every stale or vanished unit is listed at once, so the client reloads them together.
  const rows = new Map<number, Current>();
  const stale: StaleEntry[] = [];
  const missing: number[] = [];
  for (const [op, list] of [['update', updates], ['delete', deletes]] as const) {
    for (const e of list) {
      const row = await currentOrNull(tx, spec, e.id);
      if (row) {
        rows.set(e.id, row);
        if (row.version !== e.version) stale.push({ op, id: e.id, yourVersion: e.version, currentVersion: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at });
        continue;
      }
      const gone = await deletion(tx, spec, e.id);
      if (gone) stale.push({ op, id: e.id, yourVersion: e.version, currentVersion: null, updatedBy: gone.actor, updatedAt: gone.at, deleted: true });
      else missing.push(e.id);
    }
  }
  if (missing.length) throw notFound(`no ${spec.layer} ${missing.join(', ')}`, { missing });
  if (stale.length) throw versionConflict(spec, stale, rows);

  if (spec.layer === 'grid') {
    for (const d of deletes) {
      const subs = await tx.query<{ code: string }>('select code from subgrids where grid_id = $1 order by code', [d.id]);
      if (subs.rows.length) {
        throw new AppError(409, 'has_subgrids', `${batch ? `grid ${d.id}: ` : ''}the grid still has ${subs.rows.length} sub-grid(s) (${subs.rows.map((s) => s.code).join(', ')}); move or delete them first`, {
          id: d.id,
          subgrids: subs.rows.map((s) => s.code),
        });
      }
    }
  }

  if (o.dryRun) await tx.exec('savepoint unit_changes_dry_run');
  const report: ChangeReport = { layer: spec.layer, dry_run: !!o.dryRun, ok: true, created: [], updated: [], deleted: [], problems: [], workload: [], tables: [] };
  const written: WrittenFeature[] = [];
  const rebuilt: number[] = [];
  const areas: (string | null)[] = [];
  const before = new Map<number, string>();

  // Deletes first, so that a create may reuse a deleted unit's code.
  for (const [i, d] of deletes.entries()) {
    const row = rows.get(d.id)!;
    await tx.query(`delete from ${spec.table} where id = $1 and version = $2`, [d.id, d.version]).catch((err: unknown) => {
      throw rowError(err, label('deletes', i, d.id) || `${spec.layer} ${d.id}`, { op: 'delete', index: i, id: d.id });
    });
    const wasActive = activeAfter(spec, row.status);
    written.push({ id: d.id, before: row.geojson, wasActive, isActive: wasActive, gridIdBefore: row.grid_id });
    areas.push(row.geojson);
    before.set(d.id, row.geojson);
    report.deleted.push({ id: d.id, code: String(trimmed(row.code)), version: row.version + 1 });
  }

  for (const [i, e] of updates.entries()) {
    const row = rows.get(e.id)!;
    const geojson = updateGeoms[i];
    const after = await updateUnitRow(tx, spec, e.id, e.version, e.props, geojson).catch((err: unknown) => {
      throw rowError(err, label('updates', i, e.id) || `${spec.layer} ${e.id}`, { op: 'update', index: i, id: e.id });
    });
    // The row is locked and its version was checked above.
    if (!after) throw new AppError(412, 'version_conflict', `${spec.layer} ${e.id} changed while it was being saved; reload it`);
    written.push({ id: e.id, before: row.geojson, wasActive: activeAfter(spec, row.status), isActive: activeAfter(spec, after.status), gridIdBefore: row.grid_id });
    if (geojson !== undefined) {
      rebuilt.push(e.id);
      areas.push(await symDifference(tx, row.geojson, geojson));
      before.set(e.id, row.geojson);
    }
    report.updated.push({ id: e.id, code: after.code.trim(), version: after.version });
  }

  for (const [i, c] of creates.entries()) {
    const geojson = createGeoms[i]!;
    const { id, version, code, status } = await insertUnitRow(tx, spec, c.props, geojson).catch((err: unknown) => {
      throw rowError(err, label('creates', i) || `the new ${spec.layer}`, { op: 'create', index: i });
    });
    written.push({ id, before: null, wasActive: false, isActive: activeAfter(spec, status), gridIdBefore: null });
    rebuilt.push(id);
    areas.push(geojson);
    report.created.push({ index: i, id, code: code.trim(), version });
  }

  report.problems = await problemsAfterWrite(tx, spec, written);
  report.ok = report.problems.length === 0;
  if (!report.ok && !o.dryRun) throw topologyError(spec, report.problems);

  // Workload of the units whose extent changed, before (from their old geometry) and after.
  if (o.workload) report.workload = await workloads(tx, spec, report, rebuilt, before);

  if (o.dryRun) {
    await tx.exec('rollback to savepoint unit_changes_dry_run; release savepoint unit_changes_dry_run');
    return report;
  }
  const deleted = report.deleted.map((d) => d.id);
  report.tables = rebuilt.length || deleted.length ? await coverAndRelocate(tx, spec, rebuilt, deleted, o.principal, areas) : [spec.table, 'boundary_history'];
  return report;
}

/** The workload before (from the old geometry) and after of each unit whose extent changed. */
async function workloads(tx: Queryable, spec: UnitLayerSpec, report: ChangeReport, rebuilt: number[], before: Map<number, string>): Promise<ChangeReport['workload']> {
  const moved = [...report.deleted.map((d) => d.id), ...rebuilt];
  const codes = new Map<number, string>([...report.deleted, ...report.updated, ...report.created].map((u) => [u.id, u.code]));
  const beforeIds = moved.filter((id) => before.has(id));
  const beforeLoads = await workloadOfGeometries(tx, beforeIds.map((id) => before.get(id)!));
  const afterLoads = await workloadOfUnits(tx, spec, rebuilt);
  return moved.map((id) => {
    const k = beforeIds.indexOf(id);
    return { id, code: codes.get(id)!, before: k >= 0 ? beforeLoads[k]! : null, after: afterLoads.get(id) ?? null };
  });
}

// Single writes: sets of one.

export async function createUnit(tx: Queryable, spec: UnitLayerSpec, props: Record<string, unknown>, geometry: unknown, o: UnitWriteOptions): Promise<WriteResult> {
  const r = await applyChanges(tx, spec, { creates: [{ props, geometry }] }, o);
  const c = r.created[0]!;
  return { id: c.id, version: c.version, tables: r.tables };
}

/**
 * Applies edits of several features of one layer at once (a shared edge moved, cells
 * painted from one grid to another), then checks the result as a whole: a boundary can
 * move between neighbours without passing through an overlap or a gap.
 */
export async function updateUnits(tx: Queryable, spec: UnitLayerSpec, edits: readonly UnitEdit[], o: UnitWriteOptions): Promise<WriteResult[]> {
  const r = await applyChanges(tx, spec, { updates: edits }, o);
  return r.updated.map((u) => ({ id: u.id, version: u.version, tables: r.tables }));
}

export async function updateUnit(tx: Queryable, spec: UnitLayerSpec, edit: UnitEdit, o: UnitWriteOptions): Promise<WriteResult> {
  return (await updateUnits(tx, spec, [edit], o))[0]!;
}

export async function deleteUnit(tx: Queryable, spec: UnitLayerSpec, id: number, expectedVersion: number, o: UnitWriteOptions): Promise<WriteResult> {
  const r = await applyChanges(tx, spec, { deletes: [{ id, version: expectedVersion }] }, o);
  return { id, version: r.deleted[0]!.version, tables: r.tables };
}

export async function symDifference(tx: Queryable, a: string, b: string): Promise<string | null> {
  const r = await tx.query<{ g: string | null }>(
    `select case when st_isempty(d) then null else st_asgeojson(d, 9) end as g
       from (select st_symdifference(st_setsrid(st_geomfromgeojson($1), 4326), st_setsrid(st_geomfromgeojson($2), 4326), 1e-9) as d) x`,
    [a, b],
  );
  return r.rows[0]?.g ?? null;
}
