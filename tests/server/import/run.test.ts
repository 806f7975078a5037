// The generic import pipeline with a polygon target (as the boundaries import will
// be): PostGIS validity per chunk with the place of the problem, the target's checks
// and writes per chunk, nothing written after the first refusal, and finish().
import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Principal } from '../../../server/auth/principal.ts';
import { loadConfig } from '../../../server/config.ts';
import type { Queryable } from '../../../server/db/types.ts';
import type { SourceItem } from '../../../server/import/json-source.ts';
import { runImport } from '../../../server/import/run.ts';
import { rowProblem, type ImportTarget } from '../../../server/import/target.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const square = (x: number, y: number, d = 0.001) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const bowtie = (x: number, y: number) => [[[x, y], [x + 0.001, y + 0.001], [x + 0.001, y], [x, y + 0.001], [x, y]]];
const poly = (coordinates: unknown, name: string, id?: string) => ({ type: 'Feature', ...(id ? { id } : {}), geometry: { type: 'Polygon', coordinates }, properties: { name } });

async function* items(features: unknown[]): AsyncGenerator<SourceItem> {
  for (let i = 0; i < features.length; i++) yield { index: i, input: features[i] };
}

describe(`import pipeline with a polygon target (${BACKEND})`, () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
  });
  afterAll(async () => db?.dispose());

  const principal: Principal = { userId: 1, username: 'admin', role: 'admin', grids: [] };
  const make = (log: string[]): ImportTarget<{ name: string }> => ({
    name: 'test-areas',
    summary: 'test',
    roles: ['admin'],
    geometryTypes: ['Polygon', 'MultiPolygon'],
    properties: Type.Object({ name: Type.String({ minLength: 1 }) }, { additionalProperties: false }),
    tables: [],
    async check(_tx: Queryable, rows) {
      log.push(`check ${rows.map((r) => r.index).join(',')}`);
      return rows.filter((r) => r.properties.name === 'taken').map((r) => rowProblem(r, 'properties.name', 'taken', 'name is taken'));
    },
    async write(_tx: Queryable, rows) {
      log.push(`write ${rows.map((r) => r.index).join(',')}`);
      return rows.length;
    },
    async finish() {
      log.push('finish');
      return [];
    },
  });
  const run = (target: ImportTarget<{ name: string }>, features: unknown[]) =>
    db.transaction((tx) => runImport(tx, target as ImportTarget, items(features), { principal, config: loadConfig({}), memo: new Map() }, {
      csv: false, maxFeatures: 100, maxVertices: 1000, chunk: 2,
    }));

  it('writes chunk by chunk and finishes when every feature is good', async () => {
    const log: string[] = [];
    const r = await run(make(log), [poly(square(112, 27.7), 'a'), poly(square(112.01, 27.7), 'b'), poly(square(112.02, 27.7), 'c')]);
    expect(r.written).toBe(3);
    expect(r.report.rejected).toBe(0);
    expect(log).toEqual(['check 0,1', 'write 0,1', 'check 2', 'write 2', 'finish']);
  });

  it('reports PostGIS problems with their place and stops writing at the first refusal', async () => {
    const log: string[] = [];
    const r = await run(make(log), [
      poly(square(112, 27.7), 'a'), poly(square(112.01, 27.7), 'b'),
      poly(bowtie(112.02, 27.7), 'c', 'bow'), poly(square(112.03, 27.7), 'taken'),
      poly(square(112.04, 27.7), 'e'), { type: 'Feature', geometry: { type: 'Polygon', coordinates: square(112.05, 95) }, properties: { name: 'f' } },
    ]);
    expect(r.written).toBe(2);
    expect(log).toEqual(['check 0,1', 'write 0,1', 'check 3', 'check 4']);
    const problems = r.report.toJSON().problems;
    expect(problems.map((p) => [p.index, p.id, p.field, p.reason])).toEqual([
      [2, 'bow', 'geometry', 'self_intersection'],
      [3, undefined, 'properties.name', 'taken'],
      [5, undefined, 'geometry.coordinates[0][0]', 'latitude_out_of_range'],
    ]);
    expect(problems[0]!.message).toMatch(/^geometry: self-intersection at 112\.0205, 27\.7005/);
  });
});
