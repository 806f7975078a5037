// Points from a CSV file (csv-parse, streamed): a header row names the columns,
// `lon` and `lat` (or longitude/lng and latitude) give the point in WGS 84, `id` is
// optional, every other column must be a property the target accepts (an unknown
// column refuses the file at once). Empty cells are left out, so optional
// properties may stay blank. Each row becomes a GeoJSON Point feature for the same
// pipeline as a GeoJSON upload; the column names the problems.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { AppError } from '../errors.ts';
import type { SourceItem } from './json-source.ts';
import type { RowProblem } from './target.ts';

export interface CsvItem extends SourceItem {
  line: number;
  /** A problem with lon/lat found while reading the row. */
  problem?: RowProblem;
}

const LON = ['lon', 'lng', 'longitude'];
const LAT = ['lat', 'latitude'];
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export async function* readCsv(file: string, properties: readonly string[]): AsyncGenerator<CsvItem> {
  const records = createReadStream(file).pipe(parse({ bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: false }));
  let header: string[] | null = null;
  let lonAt = -1;
  let latAt = -1;
  let idAt = -1;
  let index = 0;
  try {
    for await (const { record, info } of records as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.map((h) => h.toLowerCase());
        lonAt = header.findIndex((h) => LON.includes(h));
        latAt = header.findIndex((h) => LAT.includes(h));
        idAt = header.indexOf('id');
        const known = new Set([...LON, ...LAT, 'id', ...properties]);
        const unknown = header.filter((h) => !known.has(h));
        const dup = header.filter((h, i) => header!.indexOf(h) !== i);
        if (lonAt < 0 || latAt < 0 || unknown.length || dup.length) {
          const why = lonAt < 0 || latAt < 0 ? 'needs a lon and a lat column'
            : unknown.length ? `has column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} that ${unknown.length > 1 ? 'are' : 'is'} not accepted`
              : `names ${dup.map((d) => `"${d}"`).join(', ')} twice`;
          throw new AppError(422, 'invalid_csv_header', `the CSV header (line 1) ${why}; the columns are lon, lat, id and ${properties.join(', ')}`, {
            line: 1, columns: header, accepted: ['lon', 'lat', 'id', ...properties],
          });
        }
        continue;
      }
      const line = info.lines;
      const props: Record<string, string> = {};
      header.forEach((h, i) => {
        if (i !== lonAt && i !== latAt && i !== idAt && record[i] !== '') props[h] = record[i]!;
      });
      const item: CsvItem = { index, line, input: null };
      const coord = (at: number, name: string): number | null => {
        const raw = record[at]!;
        if (NUMBER.test(raw)) return Number(raw);
        item.problem ??= {
          index, line, field: header![at]!, reason: raw === '' ? 'missing_coordinate' : 'not_a_number',
          message: raw === '' ? `${name} is empty` : `${name} "${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}" is not a number`,
        };
        return null;
      };
      const lon = coord(lonAt, header[lonAt]!);
      const lat = coord(latAt, header[latAt]!);
      const id = idAt >= 0 && record[idAt] !== '' ? record[idAt] : undefined;
      if (id !== undefined && item.problem) item.problem.id = id;
      item.input = { type: 'Feature', ...(id !== undefined ? { id } : {}), geometry: { type: 'Point', coordinates: [lon, lat] }, properties: props };
      index++;
      yield item;
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    const e = err as { code?: string; message?: string; lines?: number };
    throw new AppError(400, 'malformed_csv', `the CSV is malformed${e.lines ? ` at line ${e.lines}` : ''}: ${e.message ?? 'parse error'}`, {
      ...(e.lines ? { line: e.lines } : {}), ...(e.code ? { reason: e.code } : {}),
    });
  } finally {
    records.destroy();
  }
  if (!header) throw new AppError(422, 'invalid_csv_header', 'the CSV has no header row; the first line names the columns (lon, lat, ...)', { line: 1 });
}
