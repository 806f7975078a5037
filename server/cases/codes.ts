// Handing out case codes (report day + sequence, see rules.ts) to new cases: a
// counter row per day (case_code_days) bumped by next_case_codes() in one short
// statement that commits on its own (schema/041.do.case-code-counter.sql). Callers
// reserve codes BEFORE the case's transaction opens (`reserveCaseCodes` on the
// database, not on a transaction), so concurrent cases and import chunks never wait
// for each other's transactions; a case refused or rolled back after its code was
// reserved leaves a gap in the day's sequence (codes are unique, not dense).
// `allocateCaseCodes` inside a transaction is the fallback for callers that cannot
// reserve first (Open311, intake, detections): there the day's counter row stays
// locked until that transaction ends, so keep those transactions short.
//
// On the embedded store (one connection) `reserveCaseCodes` must never be called from
// inside a transaction callback: its query waits for the open transaction to end.
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { caseCode, caseCodeDay } from './rules.ts';

/** Codes already reserved for the rows of a write, in row order. */
export type ReservedCodes = readonly string[];

const ALLOCATE_SQL = 'select day, first, last from next_case_codes($1::text[], $2::int[])';

/**
 * The same as a transaction of its own that commits without waiting for the WAL flush:
 * the day's counter row is locked until the commit, and a synchronous commit (one disk
 * flush, ~20 ms here) made every case of the day wait in line for the flushes of all
 * before it (47 codes/s). Safe: WAL is written in order, so any case committed with a
 * code (synchronously) makes the counter's bump durable with it; a bump lost in a crash
 * only hands out again codes no durable case holds.
 */
const RESERVE_SQL = `
  with async as materialized (select set_config('synchronous_commit', 'off', true))
  select n.day, n.first, n.last from async, next_case_codes($1::text[], $2::int[]) n`;

/** One statement: `counts[i]` more sequences on each day; the codes in the order of `reportedMs`. */
async function nextCodes(q: Queryable, reportedMs: readonly number[], ownTransaction: boolean): Promise<string[]> {
  if (reportedMs.length === 0) return [];
  const days = reportedMs.map(caseCodeDay);
  const counts = new Map<string, number>();
  for (const d of days) counts.set(d, (counts.get(d) ?? 0) + 1);
  let r;
  try {
    r = await q.query<{ day: string; first: number; last: number }>(ownTransaction ? RESERVE_SQL : ALLOCATE_SQL, [[...counts.keys()], [...counts.values()]], { prepare: true });
  } catch (err) {
    if ((err as { code?: string; constraint?: string }).code === '23514') {
      throw new AppError(409, 'codes_exhausted', `no case code left for ${[...counts.keys()].join(', ')} (999,999 a day)`);
    }
    throw err;
  }
  const next = new Map(r.rows.map((row) => [row.day, row.first]));
  return days.map((day) => {
    const seq = next.get(day)!;
    next.set(day, seq + 1);
    return caseCode(day, seq);
  });
}

interface Waiting {
  reportedMs: readonly number[];
  resolve: (codes: string[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Reservations on one database, one statement at a time: those asked for while a
 * statement is out wait for it and then go together in the next one (its counts are
 * the sums), so a burst of cases costs a few statements, not one per case, and the
 * counter row of the day is never a queue of its own. Nothing is reserved ahead:
 * every code reserved goes to a caller.
 */
class Reserver {
  private waiting: Waiting[] = [];
  private busy = false;

  constructor(private readonly db: Queryable) {}

  reserve(reportedMs: readonly number[]): Promise<string[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ reportedMs, resolve, reject });
      if (!this.busy) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.busy = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          const codes = await nextCodes(this.db, batch.flatMap((w) => w.reportedMs), true);
          let at = 0;
          for (const w of batch) {
            w.resolve(codes.slice(at, at + w.reportedMs.length));
            at += w.reportedMs.length;
          }
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

const reservers = new WeakMap<Queryable, Reserver>();

/**
 * Reserves codes for cases reported at `reportedMs`, in a statement of its own that
 * commits at once (shared with the reservations asked for at the same moment). `db`
 * is the database (the pool, or the embedded store with no transaction of this caller
 * open), never a request's transaction.
 */
export function reserveCaseCodes(db: Queryable, reportedMs: readonly number[]): Promise<string[]> {
  if (reportedMs.length === 0) return Promise.resolve([]);
  let r = reservers.get(db);
  if (!r) {
    r = new Reserver(db);
    reservers.set(db, r);
  }
  return r.reserve(reportedMs);
}

/**
 * Codes for cases written in the open transaction `tx` (callers that could not reserve
 * before it): the counter rows of their days stay locked until `tx` ends.
 */
export function allocateCaseCodes(tx: Queryable, reportedMs: readonly number[]): Promise<string[]> {
  return nextCodes(tx, reportedMs, false);
}
