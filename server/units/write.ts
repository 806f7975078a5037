// Creating, editing and deleting grids, sub-grids and blocks: geometry validated,
// version checked, neighbours checked for gaps and overlaps, then the H3 cover rebuilt
// and the points in the changed area (components, open cases, buildings, ...) given
// their new units. All in the request's transaction, serialized by one advisory lock
// so that two planners editing neighbours at the same moment cannot together create
// an overlap.
import type { Geometry } from 'geojson';
import { asSystem, type Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { assertValidGeometry } from '../geometry/validity.ts';
import { rebuildCover } from '../locate/covers.ts';
import { coverResolution, locateRows, LOCATABLE, type LocatableTable } from '../locate/sql.ts';
import { checkGeometry } from '../spatial/geojson/index.ts';
import type { UnitLayerSpec } from './layers.ts';
import { checkAfterWrite, type WrittenFeature } from './topology.ts';

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

export async function lock(tx: Queryable): Promise<void> {
  await tx.query('select pg_advisory_xact_lock($1)', [BOUNDARY_LOCK]);
}

async function cleanGeometry(tx: Queryable, input: unknown, maxVertices: number): Promise<string> {
  const geometry = checkGeometry(input, { types: ['Polygon', 'MultiPolygon'], maxVertices, path: 'geometry' }) as Geometry;
  await assertValidGeometry(tx, geometry, 'geometry');
  return JSON.stringify(geometry);
}

export async function current(tx: Queryable, spec: UnitLayerSpec, id: number): Promise<Current> {
  const r = await tx.query<Current>(
    `select f.*, st_asgeojson(f.geom, 9) as geojson, ${spec.layer === 'grid' ? 'f.status' : 'null::text as status'},
            ${spec.layer === 'subgrid' ? 'f.grid_id' : 'null::int as grid_id'}
       from ${spec.table} f where f.id = $1 for update`,
    [id],
  );
  const row = r.rows[0];
  if (!row) throw notFound(`no ${spec.layer} ${id}`);
  return row;
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

function assertVersion(spec: UnitLayerSpec, row: Current, expected: number): void {
  if (row.version !== expected) {
    throw new AppError(412, 'version_conflict', `the ${spec.layer} ${String(row.code).trim()} was changed by ${row.updated_by} at ${new Date(row.updated_at as string).toISOString()} (now version ${row.version}, you edited version ${expected}); reload it and apply your edit again`, {
      currentVersion: row.version,
      yourVersion: expected,
      updatedBy: row.updated_by,
      updatedAt: row.updated_at,
      current: { type: 'Feature', id: row.id, geometry: JSON.parse(row.geojson), properties: Object.fromEntries(spec.columns.map((c) => [c, typeof row[c] === 'string' ? (row[c] as string).trim() : row[c]])) },
    });
  }
}

function activeAfter(spec: UnitLayerSpec, status: unknown): boolean {
  return spec.layer !== 'grid' || status === 'active';
}

export async function createUnit(tx: Queryable, spec: UnitLayerSpec, props: Record<string, unknown>, geometry: unknown, o: UnitWriteOptions): Promise<WriteResult> {
  const geojson = await cleanGeometry(tx, geometry, o.maxVertices);
  await lock(tx);
  const cols = spec.columns.filter((c) => props[c] !== undefined);
  const r = await tx.query<{ id: number; version: number; status: string | null }>(
    `insert into ${spec.table} (${cols.join(', ')}, geom)
     values (${cols.map((_, i) => `$${i + 1}`).join(', ')}${cols.length ? ', ' : ''}st_multi(st_setsrid(st_geomfromgeojson($${cols.length + 1}), 4326)))
     returning id, version, ${spec.layer === 'grid' ? 'status' : 'null::text as status'}`,
    [...cols.map((c) => props[c]), geojson],
  );
  const { id, version, status } = r.rows[0]!;
  await checkAfterWrite(tx, spec, [{ id, before: null, wasActive: false, isActive: activeAfter(spec, status), gridIdBefore: null }]);
  const tables = await coverAndRelocate(tx, spec, [id], [], o.principal, [geojson]);
  return { id, version, tables };
}

export interface UnitEdit {
  id: number;
  version: number;
  props: Record<string, unknown>;
  geometry?: unknown;
}

/**
 * Applies edits of several features of one layer at once (a shared edge moved, cells
 * painted from one grid to another), then checks the result as a whole: a boundary can
 * move between neighbours without passing through an overlap or a gap.
 */
export async function updateUnits(tx: Queryable, spec: UnitLayerSpec, edits: readonly UnitEdit[], o: UnitWriteOptions): Promise<WriteResult[]> {
  const ids = edits.map((e) => e.id);
  if (new Set(ids).size !== ids.length) throw new AppError(422, 'duplicate_feature', 'each feature may be edited once per request');
  const cleaned: (string | undefined)[] = [];
  for (const [i, e] of edits.entries()) {
    if (e.geometry === undefined) cleaned.push(undefined);
    else cleaned.push(await cleanGeometry(tx, e.geometry, o.maxVertices).catch((err: unknown) => {
      if (err instanceof AppError && edits.length > 1) throw new AppError(err.status, err.code, `feature ${e.id}: ${err.message}`, { feature: e.id, index: i, ...(err.details as object) });
      throw err;
    }));
  }
  await lock(tx);
  const rows: Current[] = [];
  for (const e of edits) rows.push(await current(tx, spec, e.id));
  const stale = edits.filter((e, i) => rows[i]!.version !== e.version);
  if (stale.length === 1 && edits.length === 1) assertVersion(spec, rows[0]!, edits[0]!.version);
  if (stale.length) {
    throw new AppError(412, 'version_conflict', `${stale.length} of the features were changed since you read them (${stale.map((e) => e.id).join(', ')}); reload them and apply your edit again`, {
      stale: stale.map((e) => {
        const row = rows[edits.indexOf(e)]!;
        return { id: e.id, currentVersion: row.version, yourVersion: e.version, updatedBy: row.updated_by, updatedAt: row.updated_at };
      }),
    });
  }
  const results: WriteResult[] = [];
  const written: WrittenFeature[] = [];
  const moved: number[] = [];
  const areas: (string | null)[] = [];
  for (const [i, e] of edits.entries()) {
    const row = rows[i]!;
    const geojson = cleaned[i];
    const cols = spec.columns.filter((c) => e.props[c] !== undefined);
    const sets = cols.map((c, k) => `${c} = $${k + 3}`);
    if (geojson !== undefined) sets.push(`geom = st_multi(st_setsrid(st_geomfromgeojson($${cols.length + 3}), 4326))`);
    if (sets.length === 0) throw new AppError(422, 'empty_update', `the edit of ${spec.layer} ${e.id} changes nothing: give a geometry or properties`);
    const r = await tx.query<{ version: number; status: string | null }>(
      `update ${spec.table} set ${sets.join(', ')} where id = $1 and version = $2
       returning version, ${spec.layer === 'grid' ? 'status' : 'null::text as status'}`,
      [e.id, e.version, ...cols.map((c) => e.props[c]), ...(geojson !== undefined ? [geojson] : [])],
    );
    const after = r.rows[0]!;
    written.push({ id: e.id, before: row.geojson, wasActive: activeAfter(spec, row.status), isActive: activeAfter(spec, after.status), gridIdBefore: row.grid_id });
    if (geojson !== undefined) {
      moved.push(e.id);
      areas.push(await symDifference(tx, row.geojson, geojson));
    }
    results.push({ id: e.id, version: after.version, tables: [] });
  }
  await checkAfterWrite(tx, spec, written);
  const tables = moved.length ? await coverAndRelocate(tx, spec, moved, [], o.principal, areas) : [spec.table, 'boundary_history'];
  for (const r of results) r.tables = tables;
  return results;
}

export async function updateUnit(tx: Queryable, spec: UnitLayerSpec, edit: UnitEdit, o: UnitWriteOptions): Promise<WriteResult> {
  return (await updateUnits(tx, spec, [edit], o))[0]!;
}

export async function deleteUnit(tx: Queryable, spec: UnitLayerSpec, id: number, expectedVersion: number, o: UnitWriteOptions): Promise<WriteResult> {
  await lock(tx);
  const row = await current(tx, spec, id);
  assertVersion(spec, row, expectedVersion);
  if (spec.layer === 'grid') {
    const subs = await tx.query<{ code: string }>('select code from subgrids where grid_id = $1 order by code', [id]);
    if (subs.rows.length) {
      throw new AppError(409, 'has_subgrids', `the grid still has ${subs.rows.length} sub-grid(s) (${subs.rows.map((s) => s.code).join(', ')}); move or delete them first`, {
        subgrids: subs.rows.map((s) => s.code),
      });
    }
  }
  await tx.query(`delete from ${spec.table} where id = $1 and version = $2`, [id, expectedVersion]);
  const wasActive = activeAfter(spec, row.status);
  await checkAfterWrite(tx, spec, [{ id, before: row.geojson, wasActive, isActive: wasActive, gridIdBefore: row.grid_id }]);
  const tables = await coverAndRelocate(tx, spec, [], [id], o.principal, [row.geojson]);
  return { id, version: row.version + 1, tables };
}

export async function symDifference(tx: Queryable, a: string, b: string): Promise<string | null> {
  const r = await tx.query<{ g: string | null }>(
    `select case when st_isempty(d) then null else st_asgeojson(d, 9) end as g
       from (select st_symdifference(st_setsrid(st_geomfromgeojson($1), 4326), st_setsrid(st_geomfromgeojson($2), 4326), 1e-9) as d) x`,
    [a, b],
  );
  return r.rows[0]?.g ?? null;
}
