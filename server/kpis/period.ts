// The period a KPI report covers: whole days in China Standard Time, `from` to `to`
// inclusive (default: the 30 days ending yesterday), and the previous period of the
// same length ending the day before `from`. Pure: no I/O.
import { invalidQuery } from '../components/collection.ts';

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

/** The longest period a report may cover: three years. */
export const MAX_PERIOD_DAYS = 1096;
/** The default period: this many days ending yesterday. */
export const DEFAULT_PERIOD_DAYS = 30;

export interface Period {
  /** First day, YYYY-MM-DD (CST). */
  from: string;
  /** Last day, included, YYYY-MM-DD (CST). */
  to: string;
  days: number;
  /** The first instant of `from` (00:00 CST). */
  start: Date;
  /** The first instant after `to` (00:00 CST the day after): the cohort is [start, end). */
  end: Date;
}

/** Days since 1970-01-01 of a calendar date, or null when it is no real date. */
function dayNumber(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

function period(first: number, last: number): Period {
  return {
    from: dayString(first),
    to: dayString(last),
    days: last - first + 1,
    start: new Date(first * DAY_MS - CST_OFFSET_MS),
    end: new Date((last + 1) * DAY_MS - CST_OFFSET_MS),
  };
}

function parseDay(raw: string | undefined, name: 'from' | 'to'): number | null {
  if (raw === undefined) return null;
  const n = dayNumber(raw);
  if (n === null) throw invalidQuery(name, `must be a calendar date YYYY-MM-DD (China Standard Time), got "${raw}"`);
  return n;
}

/** The current and the previous period a query names; 400 with the reason when it names none. */
export function kpiPeriods(q: { from?: string; to?: string }, now = Date.now()): { current: Period; previous: Period } {
  const yesterday = Math.floor((now + CST_OFFSET_MS) / DAY_MS) - 1;
  const from = parseDay(q.from, 'from');
  const to = parseDay(q.to, 'to') ?? (from === null ? yesterday : Math.max(yesterday, from));
  const first = from ?? to - DEFAULT_PERIOD_DAYS + 1;
  if (first > to) throw invalidQuery('to', `${dayString(to)} is before from ${dayString(first)}; give a to on or after from`);
  const days = to - first + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw invalidQuery('from', `${dayString(first)} to ${dayString(to)} spans ${days} days; a report covers at most ${MAX_PERIOD_DAYS} days (3 years)`);
  }
  return { current: period(first, to), previous: period(first - days, first - 1) };
}
