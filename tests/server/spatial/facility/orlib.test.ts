import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allPairsShortestPaths } from '../../../../server/spatial/facility/graph.ts';
import { parseOrLib, parseOrLibOptima } from '../../../../server/spatial/facility/orlib.ts';
import { mulberry32 } from '../../../../server/spatial/facility/random.ts';

function floydWarshall(n: number, edges: { from: number; to: number; cost: number }[]): Float64Array {
  const d = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) d[i * n + i] = 0;
  for (const e of edges) {
    d[e.from * n + e.to] = Math.min(d[e.from * n + e.to]!, e.cost);
    d[e.to * n + e.from] = Math.min(d[e.to * n + e.from]!, e.cost);
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const v = d[i * n + k]! + d[k * n + j]!;
    if (v < d[i * n + j]!) d[i * n + j] = v;
  }
  return d;
}

describe('OR-Library p-median files', () => {
  it('all-pairs shortest paths (Dijkstra from every vertex) equal Floyd–Warshall on random graphs', () => {
    const rnd = mulberry32(3);
    for (let t = 0; t < 5; t++) {
      const n = 30 + t * 7;
      const edges = Array.from({ length: n * 3 }, () => ({ from: Math.floor(rnd() * n), to: Math.floor(rnd() * n), cost: Math.floor(rnd() * 100) }));
      expect(allPairsShortestPaths(n, edges)).toEqual(floydWarshall(n, edges));
    }
  });

  it('an edge listed twice takes its later line', () => {
    const { instance } = parseOrLib('3 3 1\n1 2 10\n2 3 5\n2 1 4\n');
    // vertex 1 to 2: 4 (the later line), 1 to 3: 9
    expect(instance.distance[0 * 3 + 1]).toBe(4);
    expect(instance.distance[0 * 3 + 2]).toBe(9);
    const earlier = parseOrLib('3 3 1\n1 2 4\n2 3 5\n2 1 10\n').instance;
    expect(earlier.distance[1]).toBe(10);
  });

  it('reads pmed1 and the optima', () => {
    const { n, p, instance } = parseOrLib(readFileSync(new URL('../../../fixtures/in/facility/orlib/pmed1.txt', import.meta.url), 'utf8'));
    expect([n, p, instance.candidates, instance.weights.length]).toEqual([100, 5, 100, 100]);
    const opt = parseOrLibOptima(readFileSync(new URL('../../../fixtures/in/facility/orlib/pmedopt.txt', import.meta.url), 'utf8'));
    expect(opt.size).toBe(40);
    expect(opt.get('pmed1')).toBe(5819);
    expect(opt.get('pmed40')).toBe(5128);
  });

  it('refuses a malformed file with the line', () => {
    expect(() => parseOrLib('3 2 1\n1 2 4\n')).toThrow(/ends after 1 of 2 edges/);
    expect(() => parseOrLib('3 2 1\n1 2 4\n1 x 3\n')).toThrow(/line 3/);
    expect(() => parseOrLib('3 1 1\n1 2 4\n')).toThrow(/not connected/);
    expect(() => parseOrLib('3 1 1\n1 4 4\n')).toThrow(/line 2: vertex out of 1..3/);
  });
});
