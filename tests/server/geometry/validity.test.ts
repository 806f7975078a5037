// The whole verdict on a geometry: the pure checks, then PostGIS ST_IsValidDetail.
// Every invalid fixture is refused; where PostGIS gives a place, the answer names it.
// The batch variant (imports) agrees with the one-by-one check.
import type { Geometry } from 'geojson';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Queryable } from '../../../server/db/types.ts';
import { AppError } from '../../../server/errors.ts';
import { assertValidGeometry, MAX_POLYGON_AREA_M2, polygonArea, reasonCode, validGeometryReport } from '../../../server/geometry/validity.ts';
import { inspectGeometry } from '../../../server/spatial/geojson/index.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { geometryCases, VALID } from '../spatial/geojson/cases.ts';

/** What PostGIS says about the fixtures the pure stage lets through. */
const TOPOLOGY: Record<string, { reason: string; location: [number, number] }> = {
  bowtie: { reason: 'self_intersection', location: [112.001, 27.731] },
  spike: { reason: 'self_intersection', location: [112.003, 27.731] },
  'zero-area': { reason: 'self_intersection', location: [112.001, 27.73] },
  'hole-outside-shell': { reason: 'hole_lies_outside_shell', location: [112.003, 27.733] },
  'nested-shells': { reason: 'nested_shells', location: [112.001, 27.731] },
};

describe(`geometry validity in PostGIS (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const verdict = async (c: ReturnType<typeof geometryCases>[number]) => {
    const pure = inspectGeometry(c.input, { types: c.types, maxVertices: c.maxVertices });
    if ('problem' in pure) return { stage: 'pure', ...pure.problem };
    try {
      await assertValidGeometry(db, pure.geometry);
      return { stage: 'accepted' };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      expect(err.status).toBe(422);
      expect(err.code).toBe('invalid_geometry');
      return { stage: 'postgis', message: err.message, ...(err.details as { path: string; reason: string; location?: [number, number] }) };
    }
  };

  it('refuses every invalid fixture and accepts the valid ones', async () => {
    for (const c of geometryCases()) {
      const v = await verdict(c);
      if (VALID.has(c.name)) expect(v, c.name).toEqual({ stage: 'accepted' });
      else expect(v.stage, c.name).not.toBe('accepted');
    }
  });

  it('names the reason and the place PostGIS finds', async () => {
    const cases = new Map(geometryCases().map((c) => [c.name, c]));
    for (const [name, want] of Object.entries(TOPOLOGY)) {
      const v = await verdict(cases.get(name)!);
      expect(v, name).toMatchObject({ stage: 'postgis', path: 'geometry', reason: want.reason });
      const loc = (v as { location: [number, number] }).location;
      expect(loc[0], name).toBeCloseTo(want.location[0], 7);
      expect(loc[1], name).toBeCloseTo(want.location[1], 7);
    }
    const bowtie = await verdict(cases.get('bowtie')!);
    expect((bowtie as { message: string }).message).toMatch(/^geometry: self-intersection at 112\.001, 27\.731 \(/);
  });

  it('uses the path it is given', async () => {
    const g = inspectGeometry(geometryCases().find((c) => c.name === 'bowtie')!.input, { types: ['Polygon'], maxVertices: 100 });
    await expect(assertValidGeometry(db, (g as { geometry: Geometry }).geometry, 'features[3].geometry')).rejects.toThrow(/^features\[3\]\.geometry: self-intersection/);
  });

  it('reports a batch per index, in one query per chunk, agreeing with the single check', async () => {
    const passed: { name: string; geometry: Geometry }[] = [];
    for (const c of geometryCases()) {
      const r = inspectGeometry(c.input, { types: c.types, maxVertices: c.maxVertices });
      if ('geometry' in r) passed.push({ name: c.name, geometry: r.geometry });
    }
    expect(passed.length).toBe(VALID.size + Object.keys(TOPOLOGY).length);
    const geometries = passed.map((p) => p.geometry);
    let queries = 0;
    const counting: Queryable = {
      query: <R extends object>(sql: string, params?: readonly unknown[]) => (queries++, db.query<R>(sql, params)),
      exec: (sql: string) => db.exec(sql),
    };
    const report = await validGeometryReport(counting, geometries, (i) => `features[${i}].geometry`, 3);
    // Points are valid by construction and never sent; the rest go three at a time.
    const sent = passed.filter((p) => p.geometry.type !== 'Point').length;
    expect(queries).toBeLessThanOrEqual(Math.ceil(passed.length / 3));
    expect(queries).toBeGreaterThanOrEqual(Math.ceil(sent / 3));
    expect(report.map((p) => passed[p.index]!.name).sort()).toEqual(Object.keys(TOPOLOGY).sort());
    for (const p of report) {
      expect(p.path).toBe(`features[${p.index}].geometry`);
      expect(p.reason).toBe(TOPOLOGY[passed[p.index]!.name]!.reason);
      await expect(assertValidGeometry(db, geometries[p.index]!, p.path)).rejects.toThrow(p.message);
    }
    expect(await validGeometryReport(db, [])).toEqual([]);
  });

  it('turns PostGIS reasons into codes', () => {
    expect(reasonCode('Ring Self-intersection')).toBe('ring_self_intersection');
    expect(reasonCode('Too few points in geometry component[112 27]')).toBe('too_few_points_in_geometry_component');
  });

  // Found by the bad-input fuzzing (tests/reliability): a draft grid drawn as a 1-degree
  // triangle went on to an H3 cover at res 12 and aborted the H3 engine (OOM) with a 500.
  it('refuses a polygon too large to index, before PostGIS, singly and in a batch', async () => {
    const huge: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0.5, 1], [0, 0]]] };
    expect(polygonArea(huge)).toBeGreaterThan(6e9);
    const err = await assertValidGeometry(db, huge, 'features[0].geometry').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(422);
    expect((err as AppError).message).toMatch(/^features\[0\]\.geometry: covers about 6,\d{3} km²; at most 100 km² is accepted/);
    expect((err as AppError).details).toMatchObject({ path: 'features[0].geometry', reason: 'too_large' });
    const district: Geometry = { type: 'Polygon', coordinates: [[[112, 27.7], [112.05, 27.7], [112.05, 27.75], [112, 27.75], [112, 27.7]]] };
    expect(polygonArea(district)).toBeLessThan(MAX_POLYGON_AREA_M2);
    await assertValidGeometry(db, district);
    const bowtie: Geometry = { type: 'Polygon', coordinates: [[[112, 27.7], [112.01, 27.71], [112.01, 27.7], [112, 27.71], [112, 27.7]]] };
    const report = await validGeometryReport(db, [bowtie, district, huge]);
    expect(report.map((p) => [p.index, p.reason])).toEqual([[0, 'self_intersection'], [2, 'too_large']]);
  });
});
