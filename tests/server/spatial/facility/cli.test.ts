// npm run solve, as a person runs it: JSON on stdout, exit 2 on bad input.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { solveFacility } from '../../../../server/spatial/facility/solve.ts';
import { parseCsv } from '../../../../scripts/solve/input.ts';
import { readFileSync } from 'node:fs';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOWN = 'tests/fixtures/in/facility/town.csv';

function solve(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/solve/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr, json: r.status === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : null };
}

describe('npm run solve', () => {
  it('pmed1 gives the published optimum 5819, gap 0 against it', () => {
    const r = solve('--problem', 'pmedian', 'tests/fixtures/in/facility/orlib/pmed1.txt');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ objective: 5819, gap: 0, optimum: 5819 });
    expect(r.json!.sites).toHaveLength(5);
    expect(r.json!.seconds).toBeLessThan(10);
  });

  it('the CSV fixture: the heuristic reaches the exact optimum, existing sites stay open', async () => {
    const input = parseCsv(readFileSync(path.join(ROOT, TOWN), 'utf8'), TOWN);
    const exact = await solveFacility(input.instance, { problem: 'pmedian', p: 4, method: 'exact', timeLimit: 30 });
    const r = solve('--problem', 'pmedian', '--p', '4', TOWN);
    expect(r.code).toBe(0);
    expect(r.json!.objective).toBeCloseTo(exact.objective, 6);
    expect(r.json!.sites).toContain('shed-old');
    // The heuristic's Lagrangian bound: never above the optimum, and the gap measured against it.
    const bound = r.json!.bound as number;
    expect(bound).toBeLessThanOrEqual(exact.objective + 1e-6);
    expect(r.json!.gap).toBeCloseTo((exact.objective - bound) / exact.objective, 5);
    const mclp = solve('--problem', 'mclp', '--p', '3', '--radius', '400', '--exact', TOWN);
    expect(mclp.code).toBe(0);
    expect(mclp.json).toMatchObject({ gap: 0, method: 'highs' });
    expect(mclp.json!.objective).toBe(mclp.json!.covered);
  });

  it('bad input: exit 2 with the file and line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'solve-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'id,lon,lat,weight,kind\na,112,27.7,5,demand\nb,112.01,27.7,5,shop\n');
    let r = solve('--problem', 'pmedian', '--p', '1', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${bad}:3: kind must be demand, candidate or existing, got "shop"`);
    writeFileSync(bad, 'id,lon,lat,weight,kind\na,112,27.7,5,demand\nb,112.01,95,5,candidate\n');
    r = solve('--problem', 'pmedian', '--p', '1', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(':3: lat must be');
    writeFileSync(bad, 'id,lon,lat,weight,kind\na,112,27.7,5,demand\nb,112.01,27.7\n');
    r = solve('--problem', 'pmedian', '--p', '1', bad);
    expect(r.code).toBe(2);
    expect(r.err).toContain(':3: expected 5 fields');
    r = solve('--problem', 'pmedian', '--p', '1', path.join(dir, 'missing.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('missing.csv: no such file');
    r = solve('--problem', 'mclp', '--p', '2', TOWN);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--radius is needed');
    r = solve('--problem', 'pmedian', '--p', '99', TOWN);
    expect(r.code).toBe(2);
    expect(r.err).toContain('p = 99 exceeds the 15 candidate sites');
  });

  it('capacities too small: exit 1 saying so', () => {
    const r = solve('--problem', 'pmedian', '--p', '3', '--capacity', '100', TOWN);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/capacities/);
  });
});
