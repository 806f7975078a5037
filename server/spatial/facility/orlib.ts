// OR-Library p-median files (Beasley 1990): first line "n edges p", then "i j cost"
// per undirected edge, vertices 1..n. Every vertex is a demand point of weight 1 and a
// candidate site; distances are shortest paths. An edge listed twice takes its later
// line (that is what gives pmed1 its published optimum of 5819).
import type { FacilityInstance } from './types.ts';
import { allPairsShortestPaths, type Edge } from './graph.ts';

export interface OrLibInstance {
  n: number;
  p: number;
  instance: FacilityInstance;
}

export function parseOrLib(text: string): OrLibInstance {
  const lines = text.split(/\r?\n/);
  let k = 0;
  const next = (): { nums: number[]; line: number } | null => {
    while (k < lines.length) {
      const raw = lines[k++]!.trim();
      if (raw === '') continue;
      const nums = raw.split(/\s+/).map(Number);
      if (nums.some((x) => !Number.isFinite(x))) throw new RangeError(`line ${k}: expected numbers, got "${raw}"`);
      return { nums, line: k };
    }
    return null;
  };
  const head = next();
  if (!head || head.nums.length !== 3) throw new RangeError('line 1: expected "n edges p"');
  const [n, m, p] = head.nums as [number, number, number];
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(m) || m < 0 || !Number.isInteger(p) || p < 1 || p > n) {
    throw new RangeError(`line ${head.line}: expected positive integers n, edges, p with p ≤ n, got ${head.nums.join(' ')}`);
  }
  const byPair = new Map<number, Edge>();
  for (let e = 0; e < m; e++) {
    const row = next();
    if (!row) throw new RangeError(`the file ends after ${e} of ${m} edges`);
    if (row.nums.length !== 3) throw new RangeError(`line ${row.line}: expected "i j cost"`);
    const [i, j, cost] = row.nums as [number, number, number];
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 1 || j < 1 || i > n || j > n) throw new RangeError(`line ${row.line}: vertex out of 1..${n}`);
    if (cost < 0) throw new RangeError(`line ${row.line}: negative cost ${cost}`);
    const a = Math.min(i, j) - 1;
    const b = Math.max(i, j) - 1;
    byPair.set(a * n + b, { from: a, to: b, cost }); // a later line replaces an earlier one
  }
  const distance = allPairsShortestPaths(n, [...byPair.values()]);
  if (distance.some((d) => d === Infinity)) throw new RangeError('the graph is not connected');
  return { n, p, instance: { weights: new Float64Array(n).fill(1), candidates: n, distance } };
}

/** pmedopt.txt: "pmedN value" lines → Map name → optimum. */
export function parseOrLibOptima(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(pmed\d+)\s+(\d+(?:\.\d+)?)\s*$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
