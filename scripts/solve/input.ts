// Reads the solve CLI's input: an OR-Library p-median file, or a CSV of demand points
// and candidate sites (id,lon,lat,weight,kind with kind demand | candidate | existing;
// existing sites are candidates forced open). Errors name the file and line.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { instanceFromPoints } from '../../server/spatial/facility/points.ts';
import { parseOrLib, parseOrLibOptima } from '../../server/spatial/facility/orlib.ts';
import type { FacilityInstance } from '../../server/spatial/facility/types.ts';

/** Bad input: the CLI exits with code 2. */
export class InputError extends Error {
  override name = 'InputError';
}

export interface SolveInput {
  format: 'orlib' | 'csv';
  instance: FacilityInstance;
  /** Label of each candidate (OR-Library: vertex number 1..n; CSV: the id). */
  siteLabels: string[];
  /** OR-Library: the file's p. */
  p?: number;
  /** OR-Library: the published optimum from pmedopt.txt beside the file, when there. */
  optimum?: number;
  /** CSV: candidate weights (capacity with --capacity weight). */
  siteWeights?: Float64Array;
}

const KINDS = new Set(['demand', 'candidate', 'existing']);

/** Splits one CSV line (double quotes may wrap a field; "" is a quote inside one). */
function fields(line: string): string[] | null {
  const out: string[] = [];
  let k = 0;
  while (k <= line.length) {
    if (line[k] === '"') {
      let v = '';
      k++;
      for (;;) {
        if (k >= line.length) return null;
        if (line[k] === '"') {
          if (line[k + 1] === '"') { v += '"'; k += 2; continue; }
          k++;
          break;
        }
        v += line[k++];
      }
      if (k < line.length && line[k] !== ',') return null;
      out.push(v);
      k++;
    } else {
      const end = line.indexOf(',', k);
      const stop = end < 0 ? line.length : end;
      out.push(line.slice(k, stop).trim());
      k = stop + 1;
    }
  }
  return out;
}

export function parseCsv(text: string, file: string): SolveInput {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const demand: number[][] = [];
  const weights: number[] = [];
  const sites: number[][] = [];
  const labels: string[] = [];
  const siteWeights: number[] = [];
  const fixed: number[] = [];
  const seen = new Map<string, number>();
  const fail = (no: number, msg: string): never => {
    throw new InputError(`${file}:${no}: ${msg}`);
  };
  lines.forEach((raw, k) => {
    const no = k + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const f = fields(raw);
    if (!f) fail(no, 'unbalanced double quote');
    const row = f!;
    if (no === 1 || (demand.length === 0 && sites.length === 0 && row[0]?.toLowerCase() === 'id')) {
      if (row.map((s) => s.toLowerCase()).join(',') === 'id,lon,lat,weight,kind') return;
      if (no === 1 && row[0]?.toLowerCase() === 'id') fail(no, `expected the header "id,lon,lat,weight,kind", got "${raw.trim()}"`);
    }
    if (row.length !== 5) fail(no, `expected 5 fields id,lon,lat,weight,kind, got ${row.length}`);
    const [id, lonS, latS, weightS, kindS] = row as [string, string, string, string, string];
    if (id === '') fail(no, 'the id is empty');
    if (seen.has(id)) fail(no, `id "${id}" was used on line ${seen.get(id)}`);
    seen.set(id, no);
    const lon = Number(lonS);
    const lat = Number(latS);
    if (lonS === '' || !Number.isFinite(lon) || lon < -180 || lon > 180) fail(no, `lon must be a number of degrees in [-180, 180], got "${lonS}"`);
    if (latS === '' || !Number.isFinite(lat) || lat < -90 || lat > 90) fail(no, `lat must be a number of degrees in [-90, 90], got "${latS}"`);
    const kind = kindS.toLowerCase();
    if (!KINDS.has(kind)) fail(no, `kind must be demand, candidate or existing, got "${kindS}"`);
    const weight = weightS === '' && kind !== 'demand' ? 0 : Number(weightS);
    if (weightS === '' && kind === 'demand') fail(no, 'a demand point needs a weight');
    if (!Number.isFinite(weight) || weight < 0) fail(no, `weight must be a number ≥ 0, got "${weightS}"`);
    if (kind === 'demand') {
      demand.push([lon, lat]);
      weights.push(weight);
    } else {
      if (kind === 'existing') fixed.push(sites.length);
      sites.push([lon, lat]);
      labels.push(id);
      siteWeights.push(weight);
    }
  });
  if (demand.length === 0) throw new InputError(`${file}: no demand rows (kind demand)`);
  if (sites.length === 0) throw new InputError(`${file}: no candidate or existing sites`);
  return {
    format: 'csv',
    instance: instanceFromPoints(
      demand.map(([lon, lat], i) => ({ lon: lon!, lat: lat!, weight: weights[i]! })),
      sites.map(([lon, lat], j) => ({ lon: lon!, lat: lat!, status: fixed.includes(j) ? 'existing' : 'candidate' })),
    ),
    siteLabels: labels,
    siteWeights: Float64Array.from(siteWeights),
  };
}

export function readInput(file: string): SolveInput {
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputError(`${file}: no such file`);
  const text = readFileSync(file, 'utf8');
  const first = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  if (/^\s*\d+\s+\d+\s+\d+\s*$/.test(first)) {
    let parsed;
    try {
      parsed = parseOrLib(text);
    } catch (err) {
      throw new InputError(`${file}: ${(err as Error).message}`);
    }
    const out: SolveInput = {
      format: 'orlib',
      instance: parsed.instance,
      siteLabels: Array.from({ length: parsed.n }, (_, j) => String(j + 1)),
      p: parsed.p,
    };
    const optFile = path.join(path.dirname(file), 'pmedopt.txt');
    if (existsSync(optFile)) {
      const optimum = parseOrLibOptima(readFileSync(optFile, 'utf8')).get(path.basename(file).replace(/\.txt$/, ''));
      if (optimum !== undefined) out.optimum = optimum;
    }
    return out;
  }
  return parseCsv(text, file);
}
