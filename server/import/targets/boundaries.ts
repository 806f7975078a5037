// Import targets: grids, sub-grids and blocks (a boundary set). Each feature is a
// Polygon or MultiPolygon with the layer's properties; a feature whose `id` names an
// existing unit updates it (its `version` property must be the current one), any
// other creates one. Every feature is written, then the result is checked as a whole
// (overlaps, gaps, sub-grids outside their grid, drafts exempt) before the covers are
// rebuilt and the points relocated: a set that moves shared edges lands or nothing does.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Queryable } from '../../db/types.ts';
import { AppError } from '../../errors.ts';
import { UNIT_LAYERS, type UnitLayer, type UnitLayerSpec } from '../../units/layers.ts';
import type { WrittenFeature } from '../../units/topology.ts';
import { problemsAfterWrite } from '../../units/topology.ts';
import { coverAndRelocate, current, insertUnitRow, lock, symDifference, updateUnitRow } from '../../units/write.ts';
import { rowProblem, type ImportContext, type ImportRow, type ImportTarget, type RowProblem } from '../target.ts';

interface ImportState {
  written: WrittenFeature[];
  /** Feature id → upload row, to name the feature in a topology problem. */
  rows: Map<number, { index: number; id?: string | number }>;
  created: number[];
  moved: number[];
  areas: (string | null)[];
}

function state(ctx: ImportContext, layer: UnitLayer): ImportState {
  let s = ctx.memo.get(`boundaries:${layer}`) as ImportState | undefined;
  if (!s) {
    s = { written: [], rows: new Map(), created: [], moved: [], areas: [] };
    ctx.memo.set(`boundaries:${layer}`, s);
  }
  return s;
}

const existingId = (row: ImportRow) => (typeof row.id === 'number' && Number.isInteger(row.id) && row.id > 0 ? row.id : null);

function target(spec: UnitLayerSpec): ImportTarget<Record<string, unknown>> {
  const properties: TSchema = Type.Composite(
    [spec.createProps, Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1, description: 'with a feature id: the version being replaced' })) })],
    { additionalProperties: false },
  );
  return {
    name: spec.plural,
    summary: `${spec.plural}: Polygon or MultiPolygon features with the ${spec.layer} properties; a feature id with its version updates that ${spec.layer}; the set is checked for gaps and overlaps as a whole`,
    roles: ['admin', 'planner'],
    geometryTypes: ['Polygon', 'MultiPolygon'],
    properties,
    tables: [spec.table, 'h3_cover', 'boundary_history', 'components', 'cases', 'buildings', 'service_points', 'charging_sheds'],
    async check(tx, rows) {
      const problems: RowProblem[] = [];
      for (const r of rows) {
        const id = existingId(r);
        if (id === null) continue;
        if (r.properties.version === undefined) {
          problems.push(rowProblem(r, 'properties.version', 'version_required', `feature ${id} updates ${spec.layer} ${id}: give the version you edited in properties.version`));
          continue;
        }
        const v = await tx.query<{ version: number }>(`select version from ${spec.table} where id = $1`, [id]);
        const found = v.rows[0];
        if (!found) problems.push(rowProblem(r, 'id', 'not_found', `no ${spec.layer} ${id} to update`));
        else if (found.version !== r.properties.version) {
          problems.push(rowProblem(r, 'properties.version', 'version_conflict', `${spec.layer} ${id} is at version ${found.version}, the upload edits version ${String(r.properties.version)}; reload it`));
        }
      }
      return problems;
    },
    async write(tx, rows, ctx) {
      const s = state(ctx, spec.layer);
      if (s.written.length === 0) await lock(tx);
      for (const r of rows) {
        const { version, ...props } = r.properties;
        const geojson = JSON.stringify(r.geometry);
        const id = existingId(r);
        if (id !== null) {
          const before = await current(tx, spec, id);
          const after = await updateUnitRow(tx, spec, id, version as number, props, geojson);
          if (!after) throw new AppError(412, 'version_conflict', `${spec.layer} ${id} changed during the import; reload it`);
          s.written.push({ id, before: before.geojson, wasActive: spec.layer !== 'grid' || before.status === 'active', isActive: spec.layer !== 'grid' || after.status === 'active', gridIdBefore: before.grid_id });
          s.moved.push(id);
          s.areas.push(await symDifference(tx, before.geojson, geojson));
          s.rows.set(id, { index: r.index, ...(r.id !== undefined ? { id: r.id } : {}) });
        } else {
          const row = await insertUnitRow(tx, spec, props, geojson);
          s.written.push({ id: row.id, before: null, wasActive: false, isActive: spec.layer !== 'grid' || row.status === 'active', gridIdBefore: null });
          s.created.push(row.id);
          s.areas.push(geojson);
          s.rows.set(row.id, { index: r.index, ...(r.id !== undefined ? { id: r.id } : {}) });
        }
      }
      return rows.length;
    },
    async finish(tx: Queryable, ctx) {
      const s = state(ctx, spec.layer);
      if (s.written.length === 0) return [];
      const problems = await problemsAfterWrite(tx, spec, s.written);
      if (problems.length) {
        return problems.map((p) => {
          const feature = p.with?.map((w) => s.rows.get(w.id)).find((x) => x !== undefined) ?? { index: -1 };
          const codes = p.with?.map((w) => w.code).join(' and ') ?? '';
          return {
            ...rowProblem(feature, 'geometry', p.kind, p.kind === 'gap'
              ? `the set leaves ${p.area_m2} m² covered by no ${spec.layer}`
              : p.kind === 'overlap' ? `${codes} overlap by ${p.area_m2} m²` : `${codes}: ${p.area_m2} m² outside the grid`),
            geometry: p.geometry,
          } as RowProblem;
        });
      }
      await coverAndRelocate(tx, spec, [...s.created, ...s.moved], [], ctx.principal, s.areas);
      return [];
    },
  };
}

export const gridsTarget = target(UNIT_LAYERS.grid);
export const subgridsTarget = target(UNIT_LAYERS.subgrid);
export const blocksTarget = target(UNIT_LAYERS.block);
