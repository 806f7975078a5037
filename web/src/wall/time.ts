// Calendar days in China Standard Time (UTC+8), whatever the wall's own clock zone.
const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of today in CST. */
export const cstDay = (now = Date.now()): number => Math.floor((now + CST_MS) / DAY_MS);
export const dayString = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10);
export const today = (now = Date.now()): string => dayString(cstDay(now));
/** 1 = Monday … 7 = Sunday of a CST day number (1970-01-01 was a Thursday). */
export const weekday = (n: number): number => ((n + 3) % 7) + 1;
/** The Monday of the CST week holding day n. */
export const monday = (n: number): number => n - weekday(n) + 1;
export const addDays = (s: string, d: number): string => dayString(Date.parse(`${s}T00:00:00Z`) / DAY_MS + d);

/** A duration in minutes, hours or days: {unit, n}. */
export function span(ms: number): { unit: 'm' | 'h' | 'd'; n: number } {
  const m = Math.max(0, Math.round(ms / 60_000));
  if (m < 60) return { unit: 'm', n: m };
  if (m < 48 * 60) return { unit: 'h', n: Math.round(m / 60) };
  return { unit: 'd', n: Math.round(m / 1440) };
}

/** HH:MM of an instant in CST. */
export const clock = (iso: string | number): string => new Date(new Date(iso).getTime() + CST_MS).toISOString().slice(11, 16);
