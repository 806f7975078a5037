// Bad input, shown with figures (issue 8, part 1): a corpus of malformed JSON and
// GeoJSON, OGC-invalid, out-of-range, non-finite, 3D/4D, empty, oversized and wrongly
// typed geometries and `crs` members, sent to every write endpoint that takes a
// geometry; our verdict held against PostGIS's ST_IsValid on every geometry; and
// fast-check fuzzing of every write endpoint's body and every GET route's query
// string, generated from the route table. Figures printed: cases, requests,
// accepted-invalid (0), 5xx (0), refusals without a reason (0), disagreements (0).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { geometryCorpus, geometryText, overHttp, type GeometryCase } from './corpus/geometries.ts';
import { malformedBodies } from './corpus/bodies.ts';
import { bodyArbitrary, queryArbitrary } from './corpus/arbitrary.ts';
import { concretePath, geometryRoutes, geometryTargets, loadFixtures, type Fixtures } from './targets.ts';
import { BACKEND } from '../helpers/options.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';
import { inspectGeometry, GEOMETRY_TYPES } from '../../server/spatial/geojson/index.ts';
import { assertValidGeometry } from '../../server/geometry/validity.ts';
import { AppError } from '../../server/errors.ts';
import type { Geometry } from 'geojson';
import type { RouteSpec } from '../../server/http/route.ts';

/** Kept small so the oversized cases stay cheap; the cap's logic does not depend on its value. */
const MAX_VERTICES = 2_000;
/** fast-check runs per route (FUZZ_RUNS to raise), with a fixed seed (FUZZ_SEED to vary). */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8);
const SEED = Number(process.env.FUZZ_SEED ?? 8);

/** Reasons we refuse for that are not about OGC validity (PostGIS would accept these). */
const POLICY_REASONS = new Set([
  'not_an_object', 'crs_not_supported', 'missing_type', 'unknown_type', 'type_not_allowed', 'missing_coordinates', 'too_many_vertices',
  'not_an_array', 'empty_geometry', 'not_a_position', 'not_a_number', 'too_many_dimensions', 'not_finite', 'longitude_out_of_range',
  'latitude_out_of_range', 'invalid_structure', 'too_large',
]);

interface Answer {
  status: number;
  body: { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
}

async function answer(r: Response): Promise<Answer> {
  if ((r.headers.get('content-type') ?? '').includes('text/event-stream')) {
    await r.body?.cancel();
    return { status: r.status, body: null };
  }
  const text = await r.text();
  try {
    return { status: r.status, body: JSON.parse(text) as Answer['body'] };
  } catch {
    return { status: r.status, body: null };
  }
}

/** Runs `fn` over `items`, `n` at a time. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

const CONCURRENCY = BACKEND === 'server' ? 4 : 1;

describe(`bad input (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let admin: string;
  let fx: Fixtures;
  const corpus = geometryCorpus({ maxVertices: MAX_VERTICES });
  const bodies = malformedBodies();
  const figures: Record<string, number | string> = {};

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { maxVertices: MAX_VERTICES, loginAttempts: 1_000 });
    admin = await app.login('admin');
    fx = await loadFixtures(db);
  });
  afterAll(async () => {
    console.log(`[bad input ${BACKEND}] ${JSON.stringify(figures)}`);
    await app?.close();
    await db?.dispose();
  });

  it('the corpus holds at least 300 cases', () => {
    figures.geometryCases = corpus.length;
    figures.bodyCases = bodies.length;
    expect(corpus.length + bodies.length).toBeGreaterThanOrEqual(300);
    expect(new Set(corpus.map((c) => c.name)).size).toBe(corpus.length);
  });

  it('our verdict agrees with ST_IsValid on every geometry of the corpus', async () => {
    const disagreements: string[] = [];
    let asked = 0;
    for (const c of corpus) {
      // PostGIS on the geometry as sent (no rewinding, no checks of ours).
      let postgis: 'valid' | 'invalid' | 'unparseable';
      try {
        asked++;
        const r = await db.query<{ valid: boolean }>('select st_isvalid(st_geomfromgeojson($1)) as valid', [geometryText(c)]);
        postgis = r.rows[0]!.valid ? 'valid' : 'invalid';
      } catch {
        postgis = 'unparseable';
      }
      // Ours: the pure checks, then ST_IsValidDetail, as every write path runs them.
      let ours: { ok: true } | { ok: false; reason: string; path: string; message: string };
      const input = c.raw ? (JSON.parse(c.raw) as unknown) : c.geometry;
      const pure = inspectGeometry(input, { types: GEOMETRY_TYPES, maxVertices: MAX_VERTICES, path: 'geometry' });
      if ('problem' in pure) ours = { ok: false, reason: pure.problem.reason, path: pure.problem.path, message: pure.problem.message };
      else {
        try {
          await assertValidGeometry(db, pure.geometry as Geometry, 'geometry');
          ours = { ok: true };
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          const d = err.details as { reason: string; path: string };
          ours = { ok: false, reason: d.reason, path: d.path, message: err.message };
        }
      }
      const say = (why: string) => disagreements.push(`${c.name}: ${why} (PostGIS ${postgis}, ours ${ours.ok ? 'valid' : `${(ours as { reason: string }).reason}`})`);
      if (!ours.ok && !ours.message) say('refused without a reason');
      if (postgis !== 'valid' && ours.ok) say('accepted a geometry PostGIS refuses');
      if (postgis === 'valid' && !ours.ok && !POLICY_REASONS.has(ours.reason)) say('refused as OGC-invalid a geometry PostGIS finds valid');
      // The corpus's own labels must hold too (random ones are labelled by PostGIS).
      if (!c.name.startsWith('random-')) {
        if (c.expect === 'valid' && !ours.ok) say('labelled valid');
        if (c.expect === 'ogc_invalid' && postgis !== 'invalid') say('labelled OGC-invalid');
        if (c.expect === 'malformed' && ours.ok) say('labelled malformed');
      }
    }
    figures.stIsValidAsked = asked;
    figures.stIsValidDisagreements = disagreements.length;
    expect(disagreements).toEqual([]);
  });

  it('every geometry write endpoint of the route table has a corpus target', () => {
    const targets = geometryTargets(fx);
    const covered = new Set(targets.map((t) => t.route));
    const missing = geometryRoutes(app.app.routeSpecs).filter((r) => !covered.has(r));
    expect(missing).toEqual([]);
  });

  it('every geometry endpoint refuses every invalid geometry with a 4xx, a reason and where', async () => {
    const targets = geometryTargets(fx);
    // Every shape at three of its places here (all eight in the ST_IsValid check above).
    const sent = corpus.filter((c) => overHttp(c) && c.expect !== 'valid' && !/@(city-50m|city-2km|city-1m|elsewhere|south-west-edge)$/.test(c.name));
    const jobs: { t: (typeof targets)[number]; c: GeometryCase }[] = [];
    for (const t of targets) for (const c of sent) if (t.kinds.includes(c.kind)) jobs.push({ t, c });
    const failures: string[] = [];
    let fiveXX = 0;
    let accepted = 0;
    let located = 0;
    let atPostgis = 0;
    await pool(jobs, CONCURRENCY, async ({ t, c }) => {
      const a = await answer(await t.send(app, admin, geometryText(c)));
      const e = a.body?.error;
      if (a.status >= 500) fiveXX++;
      if (a.status < 400) accepted++;
      const details = e?.details as { path?: string; location?: unknown; problems?: { message?: string; field?: string; path?: string }[] } | undefined;
      // Where: the path into the body (an import's report names the feature and field).
      const where = details?.path ?? details?.problems?.[0]?.path ?? details?.problems?.[0]?.field ?? (details?.problems?.[0] ? 'feature' : undefined);
      if (details?.location || (details?.problems?.[0] as { location?: unknown } | undefined)?.location) located++;
      if (c.expect === 'ogc_invalid') atPostgis++;
      if (a.status < 400 || a.status >= 500 || !e?.message || !where) {
        failures.push(`${t.name} ← ${c.name}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
      }
    });
    figures.geometryRequests = jobs.length;
    figures.geometryAcceptedInvalid = accepted;
    figures.geometry5xx = fiveXX;
    figures.geometryRefusalsWithLocation = located;
    figures.geometryOgcInvalidRequests = atPostgis;
    expect(failures.slice(0, 30)).toEqual([]);
    expect(accepted).toBe(0);
    expect(fiveXX).toBe(0);
  });

  it('every JSON write endpoint refuses every malformed body with a 4xx and a reason', async () => {
    // Routes that read a body: a body schema, or the imports (which stream their own).
    const writes = app.app.routeSpecs.filter((s) => s.method !== 'get' && (s.body || s.path.startsWith('/api/imports/')));
    const jobs: { s: RouteSpec; b: (typeof bodies)[number] }[] = [];
    for (const s of writes) for (const b of bodies) jobs.push({ s, b });
    const failures: string[] = [];
    let fiveXX = 0;
    let accepted = 0;
    await pool(jobs, CONCURRENCY, async ({ s, b }) => {
      const path = concretePath(s, fx);
      const headers: Record<string, string> = { 'if-match': '"v1"' };
      if (b.contentType !== '') headers['content-type'] = b.contentType ?? 'application/json';
      const a = await answer(await app.request(s.method.toUpperCase(), path, { token: admin, body: b.body, headers }));
      if (a.status >= 500) fiveXX++;
      if (a.status < 400) accepted++;
      if (a.status < 400 || a.status >= 500 || !a.body?.error?.message) failures.push(`${s.method} ${path} ← ${b.name}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
    });
    figures.bodyRequests = jobs.length;
    figures.bodyAccepted = accepted;
    figures.body5xx = fiveXX;
    expect(failures.slice(0, 30)).toEqual([]);
  });

  it('fuzzing every write endpoint\'s body (fast-check): no 5xx, every refusal with a reason', async () => {
    const writes = app.app.routeSpecs.filter((s) => s.method !== 'get' && s.method !== 'delete');
    const known = { id: [fx.grid.id, fx.case.id, fx.component.id], grid_id: [fx.grid.id], community_id: [fx.grid.community_id], version: [1, 2] };
    let requests = 0;
    const problems: string[] = [];
    for (const s of writes) {
      const arb = bodyArbitrary(s.body, { maxVertices: MAX_VERTICES, known });
      const runs = /planning|imports/.test(s.path) ? Math.ceil(RUNS / 3) : RUNS;
      await fc.assert(
        fc.asyncProperty(arb, async (value) => {
          requests++;
          const path = concretePath(s, fx);
          const a = await answer(await app.request(s.method.toUpperCase(), path, { token: admin, body: JSON.stringify(value) ?? 'null', headers: { 'content-type': 'application/json', 'if-match': '"v1"' } }));
          const bad = a.status >= 500 || (a.status >= 400 && !a.body?.error?.message && !s.path.startsWith('/open311/'));
          if (bad) problems.push(`${s.method} ${path}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)} ← ${JSON.stringify(value).slice(0, 300)}`);
          return !bad;
        }),
        { numRuns: runs, seed: SEED, endOnFailure: true },
      ).catch((err: Error) => problems.push(`${s.method} ${s.path}: ${err.message.split('\n').slice(0, 4).join(' ')}`));
    }
    figures.fuzzWriteRoutes = writes.length;
    figures.fuzzWriteRequests = requests;
    figures.fuzzWriteFailures = problems.length;
    expect(problems).toEqual([]);
  });

  it('fuzzing every GET route\'s query string (fast-check): no 5xx, every refusal with a reason', async () => {
    const reads = app.app.routeSpecs.filter((s) => s.method === 'get');
    const known = { grid: [fx.grid.id], id: [fx.grid.id], limit: [1, 10], res: [8] };
    let requests = 0;
    const problems: string[] = [];
    const slow: string[] = [];
    for (const s of reads) {
      const started = Date.now();
      const arb = queryArbitrary(s.query, { maxVertices: MAX_VERTICES, known });
      const runs = /heatmap|planning|plans|kpis|topology|people/.test(s.path) ? Math.ceil(RUNS / 4) : RUNS;
      await fc.assert(
        fc.asyncProperty(arb, async (qs) => {
          requests++;
          const path = concretePath(s, fx);
          const a = await answer(await app.request('GET', `${path}${qs ? `?${qs}` : ''}`, { token: admin }));
          const open311 = s.path.startsWith('/open311/');
          const bad = a.status >= 500 || (a.status >= 400 && !open311 && !a.body?.error?.message);
          if (bad) problems.push(`GET ${path}?${qs}: ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`);
          return !bad;
        }),
        { numRuns: runs, seed: SEED, endOnFailure: true },
      ).catch((err: Error) => problems.push(`GET ${s.path}: ${err.message.split('\n').slice(0, 4).join(' ')}`));
      if (Date.now() - started > 5_000) slow.push(`${s.path} ${Date.now() - started} ms`);
    }
    if (slow.length) console.log(`[bad input ${BACKEND}] slow GET routes: ${slow.join(', ')}`);
    figures.fuzzQueryRoutes = reads.length;
    figures.fuzzQueryRequests = requests;
    figures.fuzzQueryFailures = problems.length;
    expect(problems).toEqual([]);
  }, 600_000);
});
