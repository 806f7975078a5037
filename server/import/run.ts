// The import pipeline, feature by feature and chunk by chunk inside one scoped
// transaction: the GeoJSON checks (structure, ranges, winding, vertex cap), the
// target's properties schema, then per chunk PostGIS ST_IsValidDetail in one query
// and the target's own checks (reference codes, scope), and the write. Once any
// feature is refused nothing more is written and the rest is only checked, so the
// report lists every refused feature; the caller then rolls the transaction back.
import { referenceErrorOf } from '../components/references.ts';
import type { Queryable } from '../db/types.ts';
import { validGeometryReport } from '../geometry/validity.ts';
import { inspectFeature } from '../spatial/geojson/index.ts';
import type { CsvItem } from './csv-source.ts';
import type { SourceItem } from './json-source.ts';
import { propertiesChecker } from './properties.ts';
import { ImportReport } from './report.ts';
import { rowProblem, type ImportContext, type ImportRow, type ImportTarget, type RowProblem } from './target.ts';
import { AppError } from '../errors.ts';

export interface RunOptions {
  /** CSV: properties are text, coerced to the schema's types; problems name columns. */
  csv: boolean;
  maxFeatures: number;
  maxVertices: number;
  /** Rows per database round (validity, checks, write). */
  chunk?: number;
}

export interface RunResult {
  report: ImportReport;
  written: number;
}

/** feature.geometry.coordinates[0][3] → geometry.coordinates[0][3]; for CSV the coordinate's column. */
function fieldOf(path: string, csv: boolean): string {
  const f = path.replace(/^feature\.?/, '') || 'feature';
  if (!csv) return f;
  if (/^geometry\.coordinates\[0\]/.test(f)) return 'lon';
  if (/^geometry\.coordinates\[1\]/.test(f)) return 'lat';
  return f.startsWith('geometry') ? 'lon,lat' : f;
}

export async function runImport(
  tx: Queryable,
  target: ImportTarget,
  source: AsyncIterable<SourceItem | CsvItem>,
  ctx: ImportContext,
  options: RunOptions,
): Promise<RunResult> {
  const report = new ImportReport(target.name);
  const checkProps = propertiesChecker(target.properties, options.csv);
  const chunkSize = options.chunk ?? 2_000;
  let chunk: ImportRow[] = [];
  let written = 0;
  // The policies make the planner's cost estimates of the chunk queries huge, and the
  // server's JIT then spends most of a second compiling each one; the work is small.
  await tx.query(`select set_config('jit', 'off', true)`);

  const flush = async () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    chunk = [];
    const bad = new Set<number>();
    const refuse = (problems: RowProblem[]) => {
      for (const p of problems) {
        bad.add(p.index);
        report.add(options.csv ? { ...p, field: p.field.replace(/^properties\./, '') } : p);
      }
    };
    const byIndex = new Map(rows.map((r) => [r.index, r]));
    const invalid = await validGeometryReport(tx, rows.map((r) => r.geometry), () => 'geometry');
    refuse(invalid.map((p) => rowProblem(rows[p.index]!, fieldOf(p.path, options.csv), p.reason, p.message)));
    let good = rows.filter((r) => !bad.has(r.index));
    if (target.check && good.length) {
      const problems = await target.check(tx, good, ctx);
      refuse(problems.map((p) => ({ ...p, ...rowMeta(byIndex.get(p.index)) })));
      good = good.filter((r) => !bad.has(r.index));
    }
    if (report.rejected === 0 && good.length) {
      try {
        written += await target.write(tx, good, ctx);
      } catch (err) {
        // A code removed while the import ran: said per field like the checks say it.
        throw referenceErrorOf(err) ?? err;
      }
    }
  };

  for await (const item of source) {
    report.received++;
    if (report.received > options.maxFeatures) {
      throw new AppError(413, 'too_many_features', `the upload holds more than ${options.maxFeatures.toLocaleString('en')} features; split it into several imports`, {
        maxFeatures: options.maxFeatures,
      });
    }
    const csvProblem = (item as CsvItem).problem;
    if (csvProblem) {
      report.add(csvProblem);
      continue;
    }
    const f = inspectFeature(item.input, { types: target.geometryTypes, maxVertices: options.maxVertices, path: 'feature' });
    const meta = { index: item.index, ...(item.line !== undefined ? { line: item.line } : {}) };
    if ('problem' in f) {
      const id = (item.input as { id?: unknown } | null)?.id;
      const field = fieldOf(f.problem.path, options.csv);
      const message = f.problem.message.startsWith(`${f.problem.path}: `) ? `${field}: ${f.problem.message.slice(f.problem.path.length + 2)}` : f.problem.message;
      report.add(rowProblem({ ...meta, ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}) }, field, f.problem.reason, message));
      continue;
    }
    const props = { ...(f.feature.properties ?? {}) };
    const problems = checkProps(props);
    const row: ImportRow = { ...meta, ...(f.feature.id !== undefined ? { id: f.feature.id } : {}), geometry: f.feature.geometry, properties: props };
    if (problems.length) {
      for (const p of problems) report.add(rowProblem(row, options.csv ? p.field.replace(/^properties\./, '') : p.field, p.reason, p.message));
      continue;
    }
    chunk.push(row);
    if (chunk.length >= chunkSize) await flush();
  }
  await flush();
  if (report.received === 0) report.add({ index: 0, field: 'features', reason: 'empty_import', message: 'the upload holds no features' });
  if (report.rejected === 0 && target.finish) {
    for (const p of await target.finish(tx, ctx)) report.add(p);
  }
  return { report, written };
}

function rowMeta(row: ImportRow | undefined): { line?: number; id?: string | number } {
  if (!row) return {};
  return { ...(row.line !== undefined ? { line: row.line } : {}), ...(row.id !== undefined ? { id: row.id } : {}) };
}
