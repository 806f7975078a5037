// The duplicate-merge rate on a simulated stream: 1,000 detections from 50 cameras (40
// fixed, 10 buses and taxis) with realistic repeats, posted through POST
// /api/detections; the figure for the closing note is printed. Also: the stream is
// deterministic, and the merge neither joins different problems often nor splits them.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { detectionStream, mergeFigures } from '../../../scripts/simulate/detections.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { pointInGrid } from '../../server/components/points.ts';

describe(`detection stream merge rate (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let spots: [number, number][];

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    const grids = (await db.query<{ id: number }>('select id from grids order by id limit 40')).rows;
    spots = [];
    for (const g of grids) {
      const p = await pointInGrid(db, g.id);
      spots.push([p.lon, p.lat]);
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('merges a stream of 1,000 detections from 50 cameras into candidates, one per problem', async () => {
    const opts = { seed: 11, count: 1000, fixedCameras: 40, vehicles: 10, spots, startMs: Date.now() - 6.5 * 3_600_000, hours: 6, falseRate: 0.1 };
    const { detections, events } = detectionStream(opts);
    expect(detectionStream(opts).detections).toEqual(detections);
    expect(detections).toHaveLength(1000);
    const sources = new Set(detections.map((d) => d.source_id)).size;
    expect(sources).toBeGreaterThanOrEqual(45);
    const token = await app.login('officer');
    const candidateOf: number[] = [];
    const t = Date.now();
    for (const d of detections) {
      const { event: _e, ...sent } = d;
      const r = await app.request('POST', '/api/detections', { token, body: sent });
      const text = await r.text();
      expect(r.status, text).toBe(201);
      candidateOf.push((JSON.parse(text) as { candidate: { id: number } }).candidate.id);
    }
    const ms = Date.now() - t;
    const f = mergeFigures(detections, candidateOf);
    console.log(`[detections] ${BACKEND}: ${f.detections} detections from ${sources} of 50 cameras (${events} true problems, ${detections.filter((d) => d.event < 0).length} false alarms)`
      + ` → ${f.candidates} candidates; merge rate ${(f.mergeRate * 100).toFixed(1)} %; mixed candidates ${f.mixed}, split problems ${f.split};`
      + ` ${(ms / f.detections).toFixed(1)} ms per detection`);
    expect(f.events).toBe(events);
    expect(f.mergeRate).toBeGreaterThan(0.5);
    // Few candidates join two problems (two of one type by one camera at once are one to the merge), few problems fall into two.
    expect(f.mixed / f.candidates).toBeLessThan(0.15);
    expect(f.split / f.events).toBeLessThan(0.15);
    const stored = (await db.query<{ n: number }>('select count(*)::int as n from detection_candidates')).rows[0]!.n;
    expect(stored).toBe(f.candidates);
  });
});
