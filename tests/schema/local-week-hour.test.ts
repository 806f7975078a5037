// app.local_week_hour (schema/042) against the local (UTC+8) clock computed in
// JavaScript, on random instants and on the edges of hours, days and weeks; and the
// heatmap's hours filter served by its index under row-level security, as a request
// runs it (a condition the policies must run before could not use the index).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyScope } from '../../server/auth/principal.ts';
import { heatmapSql, type HeatmapFilter } from '../../server/cases/heatmap.ts';
import { weekHours } from '../../server/cases/local-time.ts';
import { Random } from '../../seed/random.ts';
import { BACKEND } from '../helpers/options.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

/** The local hour of the week of an instant, 0 = Monday 00:00-00:59, from the UTC fields of the instant 8 hours later. */
function expectedWeekHour(ms: number): number {
  const local = new Date(ms + 8 * 3_600_000);
  return ((local.getUTCDay() + 6) % 7) * 24 + local.getUTCHours();
}

describe(`app.local_week_hour (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => db?.dispose());

  it('equals the UTC+8 hour of the week on random instants from 1900 to 2100 and on every edge of a week', async () => {
    const rng = new Random(2026, 'local-week-hour');
    const instants: number[] = [];
    const lo = Date.UTC(1900, 0, 1);
    const hi = Date.UTC(2100, 0, 1);
    for (let i = 0; i < 20_000; i++) instants.push(Math.floor(rng.uniform(lo, hi)));
    // Every hour edge of a local week (Monday 2026-06-01 00:00 +08:00), a microsecond
    // either side, and the same across 1970 (before the epoch, where the modulo turns).
    for (const monday of [Date.UTC(2026, 4, 31, 16), Date.UTC(1969, 11, 28, 16)]) {
      for (let h = 0; h <= 168; h++) {
        const t = monday + h * 3_600_000;
        instants.push(t, t - 1, t + 1);
      }
    }
    // Milliseconds travel as ISO text; the SQL side gets microsecond edges too.
    const r = await db.query<{ ord: string; wh: number; before: number; after: number }>(
      `select u.ord, app.local_week_hour(u.t) as wh,
              app.local_week_hour(u.t - interval '1 microsecond') as before, app.local_week_hour(u.t + interval '1 microsecond') as after
         from unnest($1::timestamptz[]) with ordinality as u(t, ord) order by u.ord`,
      [instants.map((ms) => new Date(ms).toISOString())],
    );
    expect(r.rows).toHaveLength(instants.length);
    const wrong = r.rows
      .map((row, i) => ({ at: new Date(instants[i]!).toISOString(), got: row.wh, expected: expectedWeekHour(instants[i]!) }))
      .filter((x) => x.got !== x.expected);
    expect(wrong.slice(0, 10)).toEqual([]);
    // A microsecond before an exact hour is still the hour before.
    const edge = Date.UTC(2026, 4, 31, 16) + 3 * 3_600_000; // Monday 03:00 local
    const e = r.rows[instants.indexOf(edge)]!;
    expect([e.before, e.wh, e.after]).toEqual([2, 3, 3]);
  });

  it('is NULL for NULL and infinite times, and raises no error', async () => {
    const r = await db.query<{ a: number | null; b: number | null; c: number | null }>(
      `select app.local_week_hour(null) as a, app.local_week_hour('infinity') as b, app.local_week_hour('-infinity') as c`,
    );
    expect(r.rows[0]).toEqual({ a: null, b: null, c: null });
  });

  it('lists the hours of the week of hours and days: hours on every day, days at every hour, or both', () => {
    expect(weekHours([18, 19], null)).toEqual([18, 19, 42, 43, 66, 67, 90, 91, 114, 115, 138, 139, 162, 163]);
    expect(weekHours(null, [7])).toEqual(Array.from({ length: 24 }, (_, h) => 144 + h));
    expect(weekHours([0, 23], [1, 7])).toEqual([0, 23, 144, 167]);
    expect(weekHours(null, null)).toHaveLength(168);
  });

  it('is declared immutable and leakproof, and a request counts evenings from an index alone with the hour as its condition', async () => {
    const f = await db.query<{ volatile: string; leakproof: boolean; parallel: string }>(
      `select provolatile as volatile, proleakproof as leakproof, proparallel as parallel from pg_proc where oid = 'app.local_week_hour(timestamptz)'::regprocedure`,
    );
    expect(f.rows[0]).toEqual({ volatile: 'i', leakproof: true, parallel: 's' });
    const none: HeatmapFilter = { type: null, channels: null, statuses: null, grid: null, from: null, to: null, hours: null, weekdays: null, scope: null };
    const { sql, params } = heatmapSql(8, { ...none, hours: [18, 19, 20, 21, 22] });
    const plan = await db.transaction(async (tx) => {
      await applyScope(tx, { userId: null, username: 'command', role: 'command', grids: [] });
      // The test store is small enough that reading the table would be cheaper; the
      // point is that the index can serve the condition at all under the policies.
      await tx.exec('set local enable_seqscan = off; set local enable_bitmapscan = off');
      const r = await tx.query<Record<string, unknown>>(`explain (costs off) ${sql}`, params);
      return r.rows.map((row) => Object.values(row)[0]).join('\n');
    });
    // PostgreSQL 18 (the embedded store) may skip-scan cases_heatmap_grid instead;
    // either way the hour is an index condition, not a filter run after the policy.
    expect(plan).toMatch(/Index Only Scan using cases_heatmap_(week_hour|grid)/);
    expect(plan).toMatch(/Index Cond: .*\(?app\.local_week_hour\(reported_at\)\)? = ANY/);
    expect(plan).not.toMatch(/Filter: .*local_week_hour/);
  });
});
