// A ladder of tiles z10-z18 over the seeded city, every source, decoded: the same
// features and properties on both backends (one golden file both compare against,
// geometry within a unit of rounding), geometry inside the tile buffer, polygon rings
// wound as MVT requires; on the server, ST_AsMVT and the JS encoder agree directly.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { golden } from '../../helpers/golden.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { loadManifest } from '../../../server/tiles/manifest.ts';
import { parseTileParams } from '../../../server/tiles/params.ts';
import { renderTile, TileSql } from '../../../server/tiles/render.ts';
import { compareSummaries, fromLines, summarizeTile, tileAt, toLines, type TileSummary } from './decode.ts';

const manifest = loadManifest();
const SOURCES = [...manifest.sources.keys()];
/**
 * z10-z14 at the city's south-west corner (z10 holds the whole city, z11-z14 a corner of
 * it), z15-z18 in the south-east where the z18 tile still crosses nine layers: every
 * layer appears, and the golden file stays small.
 */
const LOW = [111.968, 27.703] as const;
const HIGH = [112.028, 27.715] as const;
const LADDER = Array.from({ length: 9 }, (_, i) => (i < 5 ? tileAt(LOW[0], LOW[1], 10 + i) : tileAt(HIGH[0], HIGH[1], 10 + i)));
const LIMIT = manifest.extent + manifest.buffer;

async function fetchTile(app: TestServer, path: string, token: string): Promise<Uint8Array | null> {
  const r = await app.get(path, { token });
  if (r.status === 204) return null;
  expect(r.status, `${path}: ${r.status}`).toBe(200);
  return new Uint8Array(await r.arrayBuffer());
}

describe(`tile ladder z10-z18 (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let command: string;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    command = await app.login('command');
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('every layer query returns its declared id and fields with their types', async () => {
    const nulls = (n: number) => Array.from({ length: n }, () => null);
    for (const source of manifest.sources.values()) {
      for (const layer of source.layers) {
        // The ladder tile at the layer's lowest zoom holds features of every layer.
        const { z, x, y } = LADDER[layer.minzoom - 10]!;
        const r = await db.query<Record<string, unknown>>(layer.query, [z, x, y, ...nulls(source.params.length)]);
        expect(r.rows.length, `${source.name}/${layer.name} at ${z}/${x}/${y}`).toBeGreaterThan(0);
        const columns = ['geom', ...(layer.id ? ['id'] : []), ...Object.keys(layer.fields)].sort();
        expect(Object.keys(r.rows[0]!).sort(), `${source.name}/${layer.name} columns`).toEqual(columns);
        for (const [name, field] of Object.entries(layer.fields)) {
          const values = r.rows.map((row) => row[name]).filter((v) => v !== null);
          expect(values.length, `${layer.name}.${name} is never set`).toBeGreaterThan(0);
          for (const v of values) expect(typeof v, `${layer.name}.${name} = ${String(v)}`).toBe(field.type);
          if (field.values) for (const v of values) expect(field.values, `${layer.name}.${name}`).toContain(v);
        }
        if (layer.id) for (const row of r.rows) expect(Number.isInteger(Number(row.id))).toBe(true);
      }
    }
  });

  it('decodes to the same features on this backend as in the golden ladder', async () => {
    const actual: Record<string, TileSummary> = {};
    for (const { z, x, y } of LADDER) {
      for (const source of SOURCES) {
        const s = manifest.sources.get(source)!;
        if (z < s.minzoom || z > s.maxzoom) continue;
        const buf = await fetchTile(app, `/tiles/${source}/${z}/${x}/${y}.mvt`, command);
        const summary = buf ? summarizeTile(buf) : {};
        actual[`${z}/${x}/${y} ${source}`] = summary;
        if (!buf) continue;
        const tile = new VectorTile(new PbfReader(buf));
        for (const [name, layer] of Object.entries(tile.layers)) {
          expect(layer.extent).toBe(manifest.extent);
          expect(layer.version).toBe(2);
          expect(s.layers.map((l) => l.name), `${source} ${z}`).toContain(name);
          for (let i = 0; i < layer.length; i++) {
            const rings = layer.feature(i).loadGeometry();
            for (const p of rings.flat()) {
              expect(Math.abs(p.x - manifest.extent / 2), `${name} x inside the buffer`).toBeLessThanOrEqual(LIMIT - manifest.extent / 2);
              expect(Math.abs(p.y - manifest.extent / 2), `${name} y inside the buffer`).toBeLessThanOrEqual(LIMIT - manifest.extent / 2);
            }
          }
        }
        for (const [name, features] of Object.entries(summary)) {
          const declared = s.layers.find((l) => l.name === name)!;
          const type = { point: 'Point', line: 'LineString', polygon: 'Polygon' }[declared.geometry];
          for (const f of features) {
            expect(f.type).toBe(type);
            expect(Object.keys(f.properties).every((k) => k in declared.fields)).toBe(true);
            // An MVT polygon starts with an exterior ring: positive area, so a positive total.
            if (f.type === 'Polygon') expect(f.measure, `${name} ${f.id} area`).toBeGreaterThan(0);
          }
        }
      }
    }
    const expected = golden('tiles/ladder.json', Object.fromEntries(Object.entries(actual).map(([k, v]) => [k, toLines(v)])));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    const mismatches = Object.entries(actual).flatMap(([tile, summary]) =>
      compareSummaries(summary, fromLines(expected[tile]!)).map((m) => `${tile} ${m.layer}: ${m.what}`));
    expect(mismatches.slice(0, 20)).toEqual([]);
    // The ladder holds something of every layer.
    const seen = new Set(Object.values(actual).flatMap((s) => Object.keys(s).filter((k) => s[k]!.length)));
    const all = [...manifest.sources.values()].flatMap((s) => s.layers.map((l) => l.name));
    expect([...seen].sort()).toEqual([...new Set(all)].sort());
  });

  it('counts every case once in the H3 cells of the tiles over the city', async () => {
    const total = (await db.query<{ n: number }>('select count(*)::int as n from cases')).rows[0]!.n;
    const box = (await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(
      `select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax from (select st_extent(geom) as e from cases) s`,
    )).rows[0]!;
    for (const z of [12, 13]) {
      const nw = tileAt(box.xmin, box.ymax, z);
      const se = tileAt(box.xmax, box.ymin, z);
      let counted = 0;
      for (let x = nw.x; x <= se.x; x++) {
        for (let y = nw.y; y <= se.y; y++) {
          const buf = await fetchTile(app, `/tiles/cases/${z}/${x}/${y}.mvt`, command);
          if (!buf) continue;
          const layer = new VectorTile(new PbfReader(buf)).layers.case_cells!;
          for (let i = 0; i < layer.length; i++) {
            const f = layer.feature(i);
            const [p] = f.loadGeometry()[0]!;
            // Cells in the buffer belong to the neighbouring tile.
            if (p!.x >= 0 && p!.x < manifest.extent && p!.y >= 0 && p!.y < manifest.extent) counted += f.properties.count as number;
          }
        }
      }
      expect(counted, `cases counted at z${z}`).toBe(total);
    }
  });

  it.runIf(BACKEND === 'server')('ST_AsMVT and the JS encoder give the same decoded tiles', async () => {
    const sql = new TileSql(manifest);
    const params = parseTileParams([], {});
    const mismatches: string[] = [];
    for (const address of LADDER) {
      for (const source of manifest.sources.values()) {
        const mvt = await renderTile(db, 'mvt', sql, manifest.extent, [source], address, params);
        const js = await renderTile(db, 'js', sql, manifest.extent, [source], address, params);
        const where = `${address.z}/${address.x}/${address.y} ${source.name}`;
        mismatches.push(...compareSummaries(summarizeTile(js), summarizeTile(mvt), 1).map((m) => `${where} ${m.layer}: ${m.what}`));
      }
    }
    expect(mismatches).toEqual([]);
  });
});
