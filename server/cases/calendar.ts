// Working-day arithmetic in China Standard Time (UTC+8, no daylight saving):
// weekends and configured holidays are not working days; configured make-up
// working days (调休) are, even on a weekend.

const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface WorkCalendar {
  /** 'YYYY-MM-DD' days off that fall on weekdays (public holidays). */
  holidays?: ReadonlySet<string>;
  /** 'YYYY-MM-DD' weekend days that are working days (make-up days). */
  workdays?: ReadonlySet<string>;
}

/** The local (CST) calendar day of an instant, 'YYYY-MM-DD'. */
export function cstDay(at: Date): string {
  return new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

export function isWorkingDay(day: string, calendar: WorkCalendar = {}): boolean {
  if (calendar.workdays?.has(day)) return true;
  if (calendar.holidays?.has(day)) return false;
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The instant `days` working days after `from`: the same local time of day on the
 * n-th following working day (a start outside working days counts from the next
 * working day's beginning).
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkCalendar = {}): Date {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a non-negative integer, got ${days}`);
  let local = from.getTime() + CST_OFFSET_MS;
  let day = new Date(local).toISOString().slice(0, 10);
  if (!isWorkingDay(day, calendar)) {
    // Move to the start of the next working day.
    local = Math.floor(local / DAY_MS) * DAY_MS;
    do {
      local += DAY_MS;
      day = new Date(local).toISOString().slice(0, 10);
    } while (!isWorkingDay(day, calendar));
  }
  let left = days;
  while (left > 0) {
    local += DAY_MS;
    day = new Date(local).toISOString().slice(0, 10);
    if (isWorkingDay(day, calendar)) left--;
  }
  return new Date(local - CST_OFFSET_MS);
}
