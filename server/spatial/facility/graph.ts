// All-pairs shortest paths over an undirected weighted graph: Dijkstra from every
// vertex over a compressed adjacency (typed arrays, binary heap). The OR-Library
// p-median distances are these.

export interface Edge {
  from: number;
  to: number;
  cost: number;
}

/** n × n shortest-path distances, row i from vertex i (symmetric); Infinity where unreachable. */
export function allPairsShortestPaths(n: number, edges: readonly Edge[]): Float64Array {
  const degree = new Int32Array(n + 1);
  for (const e of edges) {
    if (e.cost < 0) throw new RangeError(`edge ${e.from}-${e.to} has a negative cost ${e.cost}`);
    degree[e.from + 1]!++;
    degree[e.to + 1]!++;
  }
  for (let v = 0; v < n; v++) degree[v + 1]! += degree[v]!;
  const start = degree.slice();
  const fill = degree.slice(0, n);
  const target = new Int32Array(start[n]!);
  const weight = new Float64Array(start[n]!);
  for (const e of edges) {
    target[fill[e.from]!] = e.to;
    weight[fill[e.from]!++] = e.cost;
    target[fill[e.to]!] = e.from;
    weight[fill[e.to]!++] = e.cost;
  }
  const out = new Float64Array(n * n);
  const heapV = new Int32Array(start[n]! + n);
  const heapD = new Float64Array(start[n]! + n);
  const done = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const dist = out.subarray(s * n, s * n + n);
    dist.fill(Infinity);
    done.fill(0);
    dist[s] = 0;
    let size = 0;
    const push = (v: number, d: number) => {
      let k = size++;
      while (k > 0) {
        const parent = (k - 1) >> 1;
        if (heapD[parent]! <= d) break;
        heapV[k] = heapV[parent]!;
        heapD[k] = heapD[parent]!;
        k = parent;
      }
      heapV[k] = v;
      heapD[k] = d;
    };
    push(s, 0);
    while (size > 0) {
      const v = heapV[0]!;
      const dv = heapD[0]!;
      const lastV = heapV[--size]!;
      const lastD = heapD[size]!;
      let k = 0;
      for (;;) {
        let c = 2 * k + 1;
        if (c >= size) break;
        if (c + 1 < size && heapD[c + 1]! < heapD[c]!) c++;
        if (heapD[c]! >= lastD) break;
        heapV[k] = heapV[c]!;
        heapD[k] = heapD[c]!;
        k = c;
      }
      heapV[k] = lastV;
      heapD[k] = lastD;
      if (done[v]) continue;
      done[v] = 1;
      for (let a = start[v]!; a < start[v + 1]!; a++) {
        const u = target[a]!;
        const du = dv + weight[a]!;
        if (du < dist[u]!) {
          dist[u] = du;
          push(u, du);
        }
      }
    }
  }
  return out;
}
