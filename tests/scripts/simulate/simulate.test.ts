// The case simulator against a test server: 20 cases land through the API inside
// the grids, with leaf types, channels and Chinese descriptions; connections are
// reused; an expiring token is renewed before it runs out, or after a 401; the CLI
// prints progress and a summary and exits non-zero when it cannot sign in or is
// given bad options.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Random } from '../../../seed/random.ts';
import { CaseMaker, chinaHour, gridsOf } from '../../../scripts/simulate/cases.ts';
import { ApiClient } from '../../../scripts/simulate/client.ts';
import { simulate } from '../../../scripts/simulate/run.ts';
import { leafTypes } from '../../../scripts/simulate/taxonomy.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const base = { user: 'officer', password: 'gridcity', seed: 3, maxInFlight: 4, reportEveryS: 0.5 };

describe(`npm run simulate (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let connections = 0;
  let requests = 0;
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    app.server.on('connection', () => connections++);
    app.server.on('request', () => requests++);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  const maxId = async () => Number((await db.query<{ id: string }>('select coalesce(max(id), 0) as id from cases')).rows[0]!.id);

  it('posts --count cases at the rate, inside the grids, with realistic types, channels and descriptions', async () => {
    const before = await maxId();
    const opened = connections;
    const asked = requests;
    const lines: string[] = [];
    const s = await simulate({ ...base, url: app.url, rate: 8, count: 20 }, (l) => lines.push(l));
    console.log(lines.join('\n'));
    expect(s.failures).toEqual({});
    expect(s).toMatchObject({ sent: 20, created: 20, failed: 0 });
    // Connections are reused (a new one only while the others are busy).
    console.log(`${requests - asked} requests over ${connections - opened} connections`);
    expect((requests - asked) / (connections - opened)).toBeGreaterThanOrEqual(2);
    expect(s.grids).toBe(Number((await db.query<{ n: number }>('select count(*)::int as n from grids')).rows[0]!.n));
    expect(lines[0]).toMatch(/^simulating cases at 8\/s as officer/);
    expect(lines.some((l) => /^\[\s*\d+\.\d s\] \d+ sent, \d+ created, 0 failed · [\d.]+\/s · p50 \d+ ms/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^done in [\d.]+ s: 20 of 20 cases created/);
    // Poisson arrivals at 8/s: 20 cases take about 2.5 s, or longer when the store is slower.
    expect(s.seconds).toBeGreaterThan(1);

    const rows = (await db.query<{ grid_id: number | null; channel: string; type_code: string; description: string; reporter_phone: string | null; level: number; inside: boolean }>(
      `select c.grid_id, c.channel, c.type_code, c.description, c.reporter_phone, t.level,
              exists (select 1 from grids g where st_covers(g.geom, c.geom)) as inside
         from cases c join case_types t on t.code = c.type_code where c.id > $1`, [before])).rows;
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.inside).toBe(true);
      expect(r.grid_id).not.toBeNull();
      expect(r.level).toBe(4);
      expect(r.description).toMatch(/^[\u4e00-\u9fff0-9]+[\u4e00-\u9fff（）、]+[，。]/);
      expect(r.channel).not.toBe('iot_sensor');
    }
    expect(new Set(rows.map((r) => r.type_code)).size).toBeGreaterThan(5);
    expect(rows.some((r) => r.reporter_phone !== null)).toBe(true);
  });

  it('renews a token before it expires, and signs in again after a 401', async () => {
    // A second app on the same store whose tokens live 2 s.
    const short = await startApp(db, { tokenTtlS: 2 });
    try {
      const options = { url: short.url, user: 'officer', password: 'gridcity' };
      const ahead = new ApiClient(options);
      await ahead.signIn();
      const maker = new CaseMaker(leafTypes(), gridsOf((await ahead.grids()) as Parameters<typeof gridsOf>[0]), new Random(5, 'simulate'));
      await new Promise((r) => setTimeout(r, 2_100));
      expect(await ahead.postCase(maker.make(Date.now()))).toEqual({ status: 201 });
      expect(ahead.signIns).toBeGreaterThanOrEqual(2);
      // A client whose clock stands still believes its token fresh: the server says 401.
      const frozen = Date.now();
      const behind = new ApiClient({ ...options, now: () => frozen });
      await behind.signIn();
      await new Promise((r) => setTimeout(r, 2_100));
      expect(await behind.postCase(maker.make(Date.now()))).toEqual({ status: 201 });
      expect(behind.signIns).toBe(2);
    } finally {
      await short.close();
    }
  });

  it('draws the same cases from the same seed, and mixes types like the seeded city', () => {
    const types = leafTypes();
    const square = { type: 'Feature' as const, id: 1, properties: { name: '青山社区第一网格', cases_last_365d: 10 }, geometry: { type: 'Polygon' as const, coordinates: [[[112, 27.7], [112.01, 27.7], [112.01, 27.71], [112, 27.71], [112, 27.7]]] } };
    const grids = gridsOf([square]);
    const at = Date.parse('2026-07-01T02:00:00Z'); // 10:00 in China
    expect(chinaHour(at)).toBe(10);
    const draw = (seed: number) => {
      const maker = new CaseMaker(types, grids, new Random(seed, 'simulate'));
      return Array.from({ length: 2000 }, () => maker.make(at));
    };
    const a = draw(1);
    expect(draw(1)).toEqual(a);
    expect(draw(2)).not.toEqual(a);
    for (const c of a.slice(0, 50)) {
      const [lon, lat] = c.geometry.coordinates;
      expect(lon > 112 && lon < 112.01 && lat > 27.7 && lat < 27.71).toBe(true);
      expect(c.properties.address.startsWith('青山社区第一网格')).toBe(true);
    }
    // Sanitation (domain 01) leads the mix; cameras and patrols appear by day.
    const share = (test: (t: string) => boolean) => a.filter((c) => test(c.properties.type_code)).length / a.length;
    expect(share((t) => t.startsWith('01'))).toBeGreaterThan(0.25);
    const channels = new Set(a.map((c) => c.properties.channel));
    for (const ch of ['hotline_12345', 'grid_patrol', 'ai_camera']) expect(channels.has(ch)).toBe(true);
  });

  it('runs from the command line: progress, summary, exit 0; exit 1 when the sign-in is refused; 2 on bad options', async () => {
    // Not spawnSync: the test server runs in this process and must keep answering.
    const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulate/cli.ts', ...args], { cwd: ROOT, timeout: 120_000 });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    const ok = await run('--url', app.url, '--count', '5', '--rate', '20', '--seed', '9');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/done in [\d.]+ s: 5 of 5 cases created/);
    const refused = await run('--url', app.url, '--count', '5', '--password', 'wrong');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/sign-in as officer refused \(401\): wrong user name or password/);
    const down = await run('--url', 'http://127.0.0.1:9', '--count', '1');
    expect(down.status).toBe(1);
    expect(down.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9/);
    const bad = await run('--rate', 'fast');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--rate must be a number/);
  });
});
