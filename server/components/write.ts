// Writing components: one from the API or many from an import, through the same
// bulk insert (unnest of parameter arrays). The code, H3 cell, grid, sub-grid and
// block come from the point; owner and maintainer default to the class's. Edits
// carry the version they read and re-locate a moved point.
import type { Point } from 'geojson';
import type { Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { checkGeometry } from '../spatial/geojson/index.ts';
import { allocateComponentCodes, districtCodes } from './codes.ts';
import { explainWriteError, placePoints, type Placed } from './place.ts';
import { checkComponentCodes, checkDepartment, loadComponentReferences, referenceError, type ComponentReferences } from './references.ts';
import type { ComponentCreate, ComponentUpdate } from './schema.ts';

export interface NewComponent {
  placed: Placed;
  props: ComponentCreate;
}

const INSERT_SQL = `
  insert into components (code, class_code, status, owner_dept, maintainer_dept, geom, h3, grid_id, subgrid_id, block_id, installed_on, checked_at)
  select code, cls, status, owner, maintainer, st_setsrid(st_makepoint(lon, lat), 4326), h3, grid, subgrid, block, installed, checked
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[], $8::int8[],
                $9::int[], $10::int[], $11::int[], $12::date[], $13::timestamptz[])
         with ordinality as t(code, cls, status, owner, maintainer, lon, lat, h3, grid, subgrid, block, installed, checked, ord)
   order by ord
  returning id, code`;

/**
 * Inserts components (codes handed out here) and returns their ids in input order.
 * Owner and maintainer must be resolved already (see `withDefaults`).
 */
export async function insertComponents(tx: Queryable, principal: Principal, rows: readonly NewComponent[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const districts = await districtCodes(tx, rows.map((r) => r.placed));
  const codes = await allocateComponentCodes(tx, principal, rows.map((r, i) => ({ district: districts[i]!, classCode: r.props.class_code })));
  const col = <T>(f: (r: NewComponent) => T) => rows.map(f);
  const r = await tx.query<{ id: string; code: string }>(INSERT_SQL, [
    codes, col((r) => r.props.class_code), col((r) => r.props.status ?? 'intact'), col((r) => r.props.owner_dept), col((r) => r.props.maintainer_dept),
    col((r) => r.placed.lon), col((r) => r.placed.lat), col((r) => r.placed.h3), col((r) => r.placed.grid), col((r) => r.placed.subgrid),
    col((r) => r.placed.block), col((r) => r.props.installed_on ?? null), col((r) => r.props.checked_at ?? null),
  ]);
  const byCode = new Map(r.rows.map((x) => [x.code.trim(), Number(x.id)]));
  return codes.map((c) => byCode.get(c)!);
}

/** Owner and maintainer from the class where not given. */
export function withDefaults(refs: ComponentReferences, p: ComponentCreate): ComponentCreate {
  const cls = refs.classes.get(p.class_code);
  return { ...p, owner_dept: p.owner_dept ?? cls?.owner, maintainer_dept: p.maintainer_dept ?? cls?.maintainer };
}

export function checkPoint(geometry: unknown, maxVertices: number): Point {
  return checkGeometry(geometry, { types: ['Point'], maxVertices, path: 'geometry' }) as Point;
}

export async function createComponent(tx: Queryable, principal: Principal, geometry: unknown, props: ComponentCreate, maxVertices: number): Promise<number> {
  const point = checkPoint(geometry, maxVertices);
  const refs = await loadComponentReferences(tx);
  const problems = checkComponentCodes(refs, props);
  if (problems.length) throw referenceError(problems);
  const [placed] = await placePoints(tx, principal, [{ lon: point.coordinates[0]!, lat: point.coordinates[1]! }]);
  try {
    const [id] = await insertComponents(tx, principal, [{ placed: placed!, props: withDefaults(refs, props) }]);
    return id!;
  } catch (err) {
    throw explainWriteError(err, principal, placed!, 'component');
  }
}

const UPDATABLE = ['status', 'owner_dept', 'maintainer_dept', 'installed_on', 'checked_at'] as const;

export async function updateComponent(
  tx: Queryable,
  principal: Principal,
  edit: { id: number; version: number; geometry?: unknown; props: ComponentUpdate },
  maxVertices: number,
): Promise<void> {
  const point = edit.geometry === undefined ? null : checkPoint(edit.geometry, maxVertices);
  const cur = await tx.query<{ version: number }>('select version from components where id = $1 for update', [edit.id]);
  const row = cur.rows[0];
  if (!row) throw notFound(`no component ${edit.id}`);
  if (row.version !== edit.version) {
    throw new AppError(412, 'version_conflict', `component ${edit.id} was changed since you read it (now version ${row.version}, you edited version ${edit.version}); reload it and apply your edit again`, {
      currentVersion: row.version, yourVersion: edit.version,
    });
  }
  if (edit.props.owner_dept !== undefined || edit.props.maintainer_dept !== undefined) {
    const refs = await loadComponentReferences(tx);
    const problems = [...checkDepartment(refs, 'owner_dept', edit.props.owner_dept), ...checkDepartment(refs, 'maintainer_dept', edit.props.maintainer_dept)];
    if (problems.length) throw referenceError(problems);
  }
  const cols = UPDATABLE.filter((c) => edit.props[c] !== undefined);
  const sets = cols.map((c, i) => `${c} = $${i + 2}`);
  const params: unknown[] = [edit.id, ...cols.map((c) => edit.props[c])];
  let placed: Placed | null = null;
  if (point) {
    placed = (await placePoints(tx, principal, [{ lon: point.coordinates[0]!, lat: point.coordinates[1]! }]))[0]!;
    const n = params.length;
    sets.push(`geom = st_setsrid(st_makepoint($${n + 1}, $${n + 2}), 4326)`, `h3 = $${n + 3}`, `grid_id = $${n + 4}`, `subgrid_id = $${n + 5}`, `block_id = $${n + 6}`);
    params.push(placed.lon, placed.lat, placed.h3, placed.grid, placed.subgrid, placed.block);
  }
  sets.push('version = version + 1');
  try {
    await tx.query(`update components set ${sets.join(', ')} where id = $1`, params);
  } catch (err) {
    throw explainWriteError(err, principal, placed, 'component');
  }
}
