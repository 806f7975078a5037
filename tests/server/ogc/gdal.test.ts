// GDAL (ogrinfo, OAPIF driver) reads /ogc: the collections it lists, the feature count
// it reports, every feature through the next links, and the scope of a signed-in
// user sent as a Bearer header. Skipped only where ogrinfo is absent outside CI.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const run = promisify(execFile);

async function which(cmd: string): Promise<boolean> {
  try {
    await run('which', [cmd]);
    return true;
  } catch {
    return false;
  }
}

const HAVE_OGRINFO = await which('ogrinfo');
const PUBLIC_IDS = ['admin_areas', 'service_points', 'roads', 'water_areas', 'green_areas', 'buildings', 'charging_sheds', 'vendor_zones'];
const ALL_IDS = ['admin_areas', 'grids', 'subgrids', 'blocks', 'components', 'cases', ...PUBLIC_IDS.slice(1)];

describe.skipIf(!HAVE_OGRINFO && !process.env.CI)(`GDAL reads OGC API – Features (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let command: string;
  let chief: string;
  let chiefGrids: number[];

  /** Runs ogrinfo on /ogc; asynchronous, so this process keeps serving its requests. */
  async function ogrinfo(args: string[], token?: string): Promise<string> {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', GDAL_HTTP_TIMEOUT: '60', CPL_DEBUG: 'OFF' };
    delete env.GDAL_HTTP_HEADERS;
    if (token) env.GDAL_HTTP_HEADERS = `Authorization: Bearer ${token}`;
    const { stdout } = await run('ogrinfo', ['-ro', ...args.map((a) => a.replace('OGC', `OAPIF:${app.url}/ogc`))], { env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return stdout;
  }
  const layers = (out: string) => [...out.matchAll(/^\d+: (\w+)/gm)].map((m) => m[1]);
  const featureCount = (out: string) => Number(/^Feature Count: (\d+)$/m.exec(out)?.[1]);
  const count = async (sql: string, params: unknown[] = []) =>
    db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      return (await tx.query<{ n: number }>(sql, params)).rows[0]!.n;
    });

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db, { demo: true });
    command = await app.login('command');
    chief = await app.login('chief01');
    chiefGrids = ((await (await app.get('/api/auth/me', { token: chief })).json()) as { grids: { id: number }[] }).grids.map((g) => g.id);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('lists the public collections to the public, every collection to the command centre', async () => {
    expect(layers(await ogrinfo(['-so', 'OGC']))).toEqual(PUBLIC_IDS);
    const out = await ogrinfo(['-so', 'OGC'], command);
    expect(layers(out)).toEqual(ALL_IDS);
    expect(out).toMatch(/^2: grids \(title: Responsibility grids\) \(Multi Polygon\)$/m);
    expect(out).toMatch(/^6: cases \(title: Cases\) \(Point\)$/m);
  });

  it('reports the feature count of grids equal to the table\'s for a signed-in command user', async () => {
    const out = await ogrinfo(['-al', '-so', 'OGC', 'grids'], command);
    expect(out).toMatch(/Layer name: grids/);
    expect(out).toMatch(/DESCRIPTION=网格/);
    expect(featureCount(out)).toBe(await count('select count(*)::int as n from grids'));
    expect(featureCount(out)).toBe(63);
    expect(out).toMatch(/^code: String/m);
    expect(out).toMatch(/^updated_at: DateTime/m);
  });

  it('reads every feature through the next links, each once', async () => {
    // GDAL pages with limit=10 by default: 7 requests for the 63 grids.
    const out = await ogrinfo(['-al', '-q', 'OGC', 'grids'], command);
    const fids = [...out.matchAll(/^OGRFeature\(grids\):(\d+)$/gm)].map((m) => Number(m[1]));
    expect(fids).toHaveLength(63);
    expect(new Set(fids).size).toBe(63);
    expect(out.match(/MULTIPOLYGON \(\(\(/g)).toHaveLength(63);
  });

  it('sees a grid chief\'s scope, and no staff layer without a token', async () => {
    const out = await ogrinfo(['-al', '-so', 'OGC', 'grids', 'cases'], chief);
    const counts = [...out.matchAll(/^Feature Count: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(counts).toEqual([
      chiefGrids.length,
      await count('select count(*)::int as n from cases where grid_id = any($1::int[])', [chiefGrids]),
    ]);
    const refused = await ogrinfo(['-al', '-so', 'OGC', 'grids']).then(() => null, (err: { stdout: string; stderr: string }) => err);
    expect(refused, 'ogrinfo should fail').not.toBeNull();
    expect(`${refused!.stdout}${refused!.stderr}`).toMatch(/Couldn't fetch requested layer grids/);
    expect(featureCount(await ogrinfo(['-al', '-so', 'OGC', 'roads']))).toBe(await count('select count(*)::int as n from roads'));
  });
});
