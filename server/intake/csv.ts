// The batch-file adapter: CSV (UTF-8, a header row naming the columns; csv-parse, as
// the import machinery uses). Columns are mapped by the channel's setting, so a
// department's export with its own Chinese headers needs a mapping, not code. Excel
// workbooks: no spreadsheet library is installed, so save the sheet as CSV (UTF-8).
import { parse } from 'csv-parse/sync';
import { mapRecord, type ChannelAdapter, type Parsed } from './adapter.ts';

export const csvAdapter: ChannelAdapter = {
  name: 'csv',
  mediaTypes: ['text/csv'],
  parse(source, setting): Parsed {
    const out: Parsed = { inputs: [], problems: [] };
    let rows: string[][];
    try {
      rows = parse(source, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
    } catch (err) {
      const e = err as { message?: string; lines?: number };
      out.problems.push({ record: -1, ...(e.lines ? { line: e.lines } : {}), field: 'file', reason: 'malformed_csv', message: `the file is not valid CSV: ${e.message ?? 'parse error'}` });
      return out;
    }
    const header = rows[0] ?? [];
    const f = setting.fields;
    const needed = [f.external_id, f.type_code, f.lon, f.lat];
    const missing = needed.filter((c) => !header.includes(c));
    if (missing.length) {
      out.problems.push({ record: -1, line: 1, field: 'header', reason: 'missing_columns', message: `the header lacks ${missing.join(', ')} (channel ${setting.channel} maps ${needed.join(', ')})` });
      return out;
    }
    const col = new Map(header.map((h, i) => [h, i]));
    rows.slice(1).forEach((row, record) => {
      const at = { record, line: record + 2 };
      const r = mapRecord((field) => { const i = col.get(field); return i === undefined ? undefined : row[i]; }, setting, at);
      if (r.input) out.inputs.push({ ...at, input: r.input });
      out.problems.push(...r.problems);
    });
    return out;
  },
};
