// Hours of the day and days of the week in local time (China Standard Time, UTC+8, no
// daylight saving, as in calendar.ts): parsing them from a query, and the SQL that
// reads them from a timestamptz column whatever the session's time zone.
import { invalidQuery } from '../components/collection.ts';

/** A timestamptz column as local (UTC+8) wall-clock time; an interval zone counts east positive (unlike the POSIX '+08'). */
const local = (col: string) => `(${col} at time zone interval '+08:00')`;

// date_part (double precision) rather than extract (numeric since PostgreSQL 14): the
// same value, without numeric arithmetic on every row.

/** The local hour of day (0-23) of a timestamptz column. */
export const localHourSql = (col: string) => `date_part('hour', ${local(col)})::int`;

/**
 * The local hour of the week (0 = Monday 00:00-00:59 … 167 = Sunday 23:00-23:59) of a
 * timestamptz column, by app.local_week_hour (schema/042): immutable and leakproof, so
 * that under row-level security `= any (...)` on it is an index condition of
 * cases_heatmap_week_hour. Compare it with a list made by `weekHours`.
 */
export const localWeekHourSql = (col: string) => `app.local_week_hour(${col})`;

/**
 * The hours of the week (see `localWeekHourSql`) of the given local hours of the day on
 * the given ISO days of the week (null: every hour, every day), ascending.
 */
export function weekHours(hours: readonly number[] | null, weekdays: readonly number[] | null): number[] {
  const hs = hours ?? Array.from({ length: 24 }, (_, h) => h);
  const ds = weekdays ?? [1, 2, 3, 4, 5, 6, 7];
  return [...new Set(ds.flatMap((d) => hs.map((h) => (d - 1) * 24 + h)))].sort((a, b) => a - b);
}

/**
 * A comma list of values and inclusive ranges on a cycle `min`..`max`, e.g. "7,8,17-19";
 * a range whose end is below its start wraps round (hours "22-2" is 22, 23, 0, 1, 2).
 * Returns the values sorted, each once.
 */
function parseCycle(raw: string, name: string, min: number, max: number, what: string, example: string): number[] {
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw invalidQuery(name, `must list at least one ${what} (e.g. ${example})`);
  const out = new Set<number>();
  const value = (text: string, item: string) => {
    if (!/^\d{1,2}$/.test(text)) throw invalidQuery(name, `has "${item}"; give ${what}s ${min}-${max} or ranges like ${example}, separated by commas`);
    const v = Number(text);
    if (v < min || v > max) throw invalidQuery(name, `has ${v}; ${what}s run from ${min} to ${max}`);
    return v;
  };
  for (const item of items) {
    const m = /^(\w+)\s*-\s*(\w+)$/.exec(item);
    if (!m) {
      out.add(value(item, item));
      continue;
    }
    const a = value(m[1]!, item);
    const b = value(m[2]!, item);
    for (let v = a; ; v = v === max ? min : v + 1) {
      out.add(v);
      if (v === b) break;
    }
  }
  return [...out].sort((x, y) => x - y);
}

/** Local hours of the day (0-23): "18-22" (18:00 to 22:59), "7,8,17,18", or "22-2" across midnight. */
export function parseHours(raw: string | undefined, name = 'hours'): number[] | null {
  if (raw === undefined) return null;
  return parseCycle(raw, name, 0, 23, 'hour', '18-22 or 22-2 (local time, UTC+8)');
}

/** Local days of the week, 1 = Monday … 7 = Sunday: "1,2,3", "1-5", or "6-7". */
export function parseWeekdays(raw: string | undefined, name = 'dow'): number[] | null {
  if (raw === undefined) return null;
  return parseCycle(raw, name, 1, 7, 'day', '1-5 (1 = Monday, 7 = Sunday)');
}
