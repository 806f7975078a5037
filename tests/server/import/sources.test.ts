// The streamed readers of import files: GeoJSON feature by feature whatever the
// member order, the collection's own checks, positions of malformed JSON; CSV rows
// with their lines, columns checked against the target's properties.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../../server/errors.ts';
import { readCsv } from '../../../server/import/csv-source.ts';
import { readFeatureCollection } from '../../../server/import/json-source.ts';
import { ImportReport } from '../../../server/import/report.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gridcity-import-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const f = path.join(dir, name);
  await writeFile(f, text);
  return f;
}

async function all<T>(gen: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of gen) out.push(x);
  return out;
}

async function failure(gen: AsyncIterable<unknown>): Promise<AppError> {
  try {
    await all(gen);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('no error');
}

describe('readFeatureCollection', () => {
  it('yields features one by one, whatever the order of the members, skipping others', async () => {
    const f = await file('order.json', JSON.stringify({
      name: 'x', bbox: [1, 2, 3, 4], features: [{ type: 'Feature', id: 1, properties: { a: [1, { b: null }] }, geometry: { type: 'Point', coordinates: [1, 2] } }, 42, null],
      type: 'FeatureCollection', extra: { deep: [[[]]] },
    }));
    const items = await all(readFeatureCollection(f));
    expect(items).toEqual([
      { index: 0, input: { type: 'Feature', id: 1, properties: { a: [1, { b: null }] }, geometry: { type: 'Point', coordinates: [1, 2] } } },
      { index: 1, input: 42 },
      { index: 2, input: null },
    ]);
  });

  it('keeps numbers as JSON gives them (1e999 becomes Infinity, refused later by the pipeline)', async () => {
    const f = await file('num.json', '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,-0.5]},"properties":{}}]}');
    const [item] = await all(readFeatureCollection(f));
    expect((item!.input as { geometry: { coordinates: number[] } }).geometry.coordinates).toEqual([Infinity, -0.5]);
  });

  it('refuses what is not a FeatureCollection, a crs member, and a missing features array', async () => {
    const cases: [string, RegExp][] = [
      ['[1,2]', /must be a GeoJSON FeatureCollection object/],
      ['{"type":"Feature","geometry":null,"properties":{}}', /its "type" is "Feature"/],
      ['{"type":"FeatureCollection","crs":{},"features":[]}', /"crs" member/],
      ['{"type":"FeatureCollection"}', /has no "features" array/],
      ['{"type":"FeatureCollection","features":{}}', /"features" must be an array/],
    ];
    for (const [text, message] of cases) {
      const e = await failure(readFeatureCollection(await file('bad.json', text)));
      expect(e.status, text).toBe(422);
      expect(e.message, text).toMatch(message);
    }
  });

  it('says where malformed JSON breaks', async () => {
    const e = await failure(readFeatureCollection(await file('broken.json', '{"type":"FeatureCollection",\n"features":[\n {"a":1,}\n]}')));
    expect(e.status).toBe(400);
    expect(e.code).toBe('malformed_json');
    expect(e.details).toMatchObject({ line: 3 });
    const truncated = await failure(readFeatureCollection(await file('cut.json', '{"type":"FeatureCollection","features":[{"type":')));
    expect(truncated.code).toBe('malformed_json');
  });
});

describe('readCsv', () => {
  it('makes point features with line numbers, leaving blank cells out', async () => {
    const f = await file('ok.csv', '\uFEFFLon,Lat,id,name\r\n112.5,27.7,a,"x, y"\r\n\r\n112.6,27.8,,\r\n');
    const items = await all(readCsv(f, ['name']));
    expect(items).toEqual([
      { index: 0, line: 2, input: { type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [112.5, 27.7] }, properties: { name: 'x, y' } } },
      { index: 1, line: 4, input: { type: 'Feature', geometry: { type: 'Point', coordinates: [112.6, 27.8] }, properties: {} } },
    ]);
  });

  it('names bad coordinates by column', async () => {
    const items = await all(readCsv(await file('bad.csv', 'longitude,latitude\n1x,2\n3,\n'), []));
    expect(items.map((i) => i.problem && [i.problem.line, i.problem.field, i.problem.reason, i.problem.message])).toEqual([
      [2, 'longitude', 'not_a_number', 'longitude "1x" is not a number'],
      [3, 'latitude', 'missing_coordinate', 'latitude is empty'],
    ]);
  });

  it('refuses unknown, duplicate and missing columns, and ragged rows', async () => {
    expect((await failure(readCsv(await file('h1.csv', 'lon,lat,colour\n'), ['name']))).message).toMatch(/column "colour"/);
    expect((await failure(readCsv(await file('h2.csv', 'lon,lat,name,name\n'), ['name']))).message).toMatch(/names "name" twice/);
    expect((await failure(readCsv(await file('h3.csv', 'x,y\n'), []))).message).toMatch(/needs a lon and a lat column/);
    expect((await failure(readCsv(await file('h4.csv', ''), []))).message).toMatch(/no header row/);
    const ragged = await failure(readCsv(await file('r.csv', 'lon,lat\n1,2,3\n'), []));
    expect(ragged).toMatchObject({ status: 400, code: 'malformed_csv' });
    expect(ragged.message).toMatch(/line 2/);
  });
});

describe('ImportReport', () => {
  it('counts refused features once, lists problems up to its cap, sorted by index', () => {
    const r = new ImportReport('cases', 3);
    r.received = 10;
    for (const i of [5, 1, 5, 7, 9]) r.add({ index: i, field: 'f', reason: 'r', message: 'm' });
    expect(r.rejected).toBe(4);
    expect(r.toJSON()).toMatchObject({ received: 10, rejected: 4, problemCount: 5, listed: 3, truncated: true });
    expect(r.toJSON().problems.map((p) => p.index)).toEqual([1, 5, 5]);
  });
});
