// The query parameters of OGC API – Features items: bbox (4 or 6 numbers in CRS84,
// west > east for a box across the antimeridian) and datetime (an RFC 3339 instant,
// a date, or an interval with `..` for an open end). Each refusal says what was wrong.
import { AppError } from '../errors.ts';

const bad = (param: string, message: string, raw: string) =>
  new AppError(400, 'invalid_query', `${param} ${message}: got "${raw}"`, { problems: [{ in: 'query', path: `/${param}`, message }] });

/** The bbox as WKT (one or, across the antimeridian, two rectangles), for ST_GeomFromText. */
export interface ParsedBbox {
  west: number;
  south: number;
  east: number;
  north: number;
  wkt: string;
}

const rect = (w: number, s: number, e: number, n: number) => `((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s}))`;

export function parseBbox(raw: string): ParsedBbox {
  const parts = raw.split(',');
  if (parts.length !== 4 && parts.length !== 6) {
    throw bad('bbox', 'must be 4 numbers (west,south,east,north) or 6 (west,south,min height,east,north,max height)', raw);
  }
  const v = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (v.some((x) => !Number.isFinite(x))) throw bad('bbox', 'must hold finite numbers only', raw);
  const [west, south, east, north] = (v.length === 4 ? v : [v[0], v[1], v[3], v[4]]) as [number, number, number, number];
  if (v.length === 6 && v[2]! > v[5]!) throw bad('bbox', 'must have its minimum height below its maximum height', raw);
  if ([west, east].some((x) => x < -180 || x > 180)) throw bad('bbox', 'longitudes must lie within -180..180', raw);
  if ([south, north].some((y) => y < -90 || y > 90)) throw bad('bbox', 'latitudes must lie within -90..90', raw);
  if (south > north) throw bad('bbox', 'must have its south edge below its north edge', raw);
  const wkt = west <= east
    ? `MULTIPOLYGON(${rect(west, south, east, north)})`
    : `MULTIPOLYGON(${rect(west, south, 180, north)},${rect(-180, south, east, north)})`;
  return { west, south, east, north, wkt };
}

/** Inclusive bounds as timestamptz literals; null for an open end. */
export interface ParsedDatetime {
  start: string | null;
  end: string | null;
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** One end of the interval; a date stands for the whole UTC day. */
function bound(value: string, side: 'start' | 'end', raw: string): string {
  const dt = DATE_TIME.exec(value);
  if (dt) {
    const [y, m, d, hh, mm, ss] = dt.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const offset = dt[8]!;
    const offsetOk = /^[Zz]$/.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
    if (!validDay(y, m, d) || hh > 23 || mm > 59 || ss > 60 || !offsetOk) throw bad('datetime', 'holds an impossible date or time', raw);
    return value.toUpperCase();
  }
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = date.slice(1, 4).map(Number) as [number, number, number];
    if (!validDay(y, m, d)) throw bad('datetime', 'holds an impossible date', raw);
    return side === 'start' ? `${value}T00:00:00Z` : `${value}T23:59:59.999999Z`;
  }
  throw bad('datetime', 'must be an RFC 3339 date-time (2026-05-01T08:00:00Z), a date (2026-05-01) or an interval start/end with ".." for an open end', raw);
}

export function parseDatetime(raw: string): ParsedDatetime {
  const parts = raw.split('/');
  if (parts.length === 1) return { start: bound(raw, 'start', raw), end: bound(raw, 'end', raw) };
  if (parts.length !== 2) throw bad('datetime', 'must be an instant or one interval start/end', raw);
  const [a, b] = parts as [string, string];
  const open = (x: string) => x === '' || x === '..';
  if (open(a) && open(b)) throw bad('datetime', 'must bound the interval on at least one side', raw);
  const start = open(a) ? null : bound(a, 'start', raw);
  const end = open(b) ? null : bound(b, 'end', raw);
  const ms = (x: string) => Date.parse(x.replace(/(\.\d{3})\d+/, '$1'));
  if (start && end && ms(start) > ms(end)) {
    throw bad('datetime', 'must start before it ends', raw);
  }
  return { start, end };
}
