// Handing out case codes (report day + sequence, see rules.ts) to new cases: under a
// transaction-scoped advisory lock, after the highest sequence of each day read as
// the system (a grid chief does not see every case of the day but must not reuse a
// number).
import { asSystem, type Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';
import { caseCode, caseCodeDay } from './rules.ts';

/** pg_advisory_xact_lock key for handing out case codes. */
const CASE_CODE_LOCK = 0x63617365;

export async function allocateCaseCodes(tx: Queryable, principal: Principal, reportedMs: readonly number[]): Promise<string[]> {
  if (reportedMs.length === 0) return [];
  await tx.query('select pg_advisory_xact_lock($1)', [CASE_CODE_LOCK]);
  const days = reportedMs.map(caseCodeDay);
  const r = await asSystem(tx, principal, () =>
    // The day's highest code by one backward step on the code index (a join and max over
    // the day's rows read every case of the day under the lock: 385 ms a case at 1M cases).
    tx.query<{ day: string; seq: number }>(
      `select d.day,
              coalesce((select substr(max(c.code), 9, 6)::int from cases c where c.code between d.day || '000000' and d.day || '999999'), 0) as seq
         from unnest($1::text[]) d(day)`,
      [[...new Set(days)]],
    ),
  );
  const next = new Map(r.rows.map((row) => [row.day, row.seq]));
  return days.map((day) => {
    const seq = (next.get(day) ?? 0) + 1;
    if (seq > 999_999) throw new AppError(409, 'codes_exhausted', `no case code left for ${day}`);
    next.set(day, seq);
    return caseCode(day, seq);
  });
}
