// What a bulk-import target declares: its name (the URL's {target}), who may import
// into it, the geometry types its features carry, a TypeBox schema of a feature's
// properties, the tables it writes, and how it checks and writes a chunk of rows. The
// generic pipeline (run.ts) does everything else: streaming, the geometry pipeline,
// the properties schema, ST_IsValidDetail in batches, the report, all-or-nothing.
import type { TSchema } from '@sinclair/typebox';
import type { Geometry } from 'geojson';
import type { Principal, Role } from '../auth/principal.ts';
import type { Config } from '../config.ts';
import type { Queryable } from '../db/types.ts';
import type { Publish } from '../feed/events.ts';
import type { GeometryType } from '../spatial/geojson/index.ts';

/** One feature that passed the generic checks. */
export interface ImportRow<P = Record<string, unknown>> {
  /** Position in the upload: feature index (GeoJSON) or data row index (CSV), from 0. */
  index: number;
  /** Line in a CSV file (the header is line 1). */
  line?: number;
  /** The feature's id in the upload, if it had one. */
  id?: string | number;
  /** Cleaned and rewound (right-hand rule), valid in PostGIS. */
  geometry: Geometry;
  /** Valid against the target's schema (with its defaults). */
  properties: P;
  /** Scratch space: what `check` derived for `write` (e.g. the located units). */
  derived?: unknown;
}

/** Why a feature was refused. */
export interface RowProblem {
  index: number;
  line?: number;
  id?: string | number;
  /** Where in the feature, e.g. geometry.coordinates[0][3] or properties.type_code (CSV: the column). */
  field: string;
  /** A short code, e.g. latitude_out_of_range, unknown_code, outside_scope. */
  reason: string;
  message: string;
}

/** Per import: who imports, the configuration, and a memo the target may fill (reference sets, ...). */
export interface ImportContext {
  principal: Principal;
  config: Config;
  memo: Map<string, unknown>;
  /** Live feed events, sent if the import commits (past a cap, case.created become one summary). */
  publish?: Publish;
}

export interface ImportTarget<P = Record<string, unknown>> {
  /** The {target} of POST /api/imports/{target}. */
  name: string;
  summary: string;
  roles: readonly Role[];
  geometryTypes: readonly GeometryType[];
  /** Schema of one feature's properties (additionalProperties: false); also the CSV columns besides lon/lat. */
  properties: TSchema;
  /** Tables a committed import changed (for the caches). */
  tables: readonly string[];
  /**
   * Checks that need the database or reference data (codes, scope), per chunk of
   * rows that passed the generic checks; may set `row.derived` for `write`.
   */
  check?(tx: Queryable, rows: ImportRow<P>[], ctx: ImportContext): Promise<RowProblem[]>;
  /** Writes a chunk of valid rows (called only while no feature has been refused); returns rows written. */
  write(tx: Queryable, rows: ImportRow<P>[], ctx: ImportContext): Promise<number>;
  /**
   * Before the import's transaction opens, on the database itself (each statement
   * commits on its own): a first pass over the upload to reserve what must not wait
   * for the transaction (case codes); keeps it in `ctx.memo` for `write`. Items the
   * pipeline will refuse may be seen here: what is reserved for a refused import is
   * not used.
   */
  reserve?(db: Queryable, source: AsyncIterable<{ index: number; input: unknown; problem?: unknown }>, ctx: ImportContext): Promise<void>;
  /** Checks over the whole import once every chunk is written (e.g. topology); problems refuse it. */
  finish?(tx: Queryable, ctx: ImportContext): Promise<RowProblem[]>;
}

/** Builds a problem for a row. */
export function rowProblem(row: { index: number; line?: number; id?: string | number }, field: string, reason: string, message: string): RowProblem {
  return { index: row.index, ...(row.line !== undefined ? { line: row.line } : {}), ...(row.id !== undefined ? { id: row.id } : {}), field, reason, message };
}
