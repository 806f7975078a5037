// Cuts a connected set of blocks into k contiguous, compact regions of about equal
// weight: seeds spread by farthest-point sampling, regions grown block by block
// (always the lightest region, always its nearest free neighbour), then boundary
// blocks moved from heavier to lighter neighbours while that narrows the spread and
// keeps both regions in one piece.
import type { Random } from '../random.ts';
import type { Pt } from './frame.ts';

export interface PartitionInput {
  items: readonly number[];
  weight: (item: number) => number;
  neighbours: (item: number) => readonly number[];
  /** Cost of joining two adjacent items into one region (e.g. higher across a main road); 1 by default. */
  crossing?: (a: number, b: number) => number;
  position: (item: number) => Pt;
  /** Fewest items a region may hold. */
  minItems: number;
}

export function partition(rng: Random, input: PartitionInput, k: number): number[][] {
  const { items, weight, neighbours, position, minItems } = input;
  const crossing = input.crossing ?? (() => 1);
  if (items.length < k * minItems) {
    throw new Error(`cannot cut ${items.length} blocks into ${k} regions of at least ${minItems}`);
  }
  const member = new Set(items);
  const regionOf = new Map<number, number>();
  const d2 = (a: Pt, b: Pt) => (a.x - b.x) ** 2 + (a.y - b.y) ** 2;

  // Seeds: start from the item farthest from the centre, then farthest-point sampling.
  const centre = items.reduce((s, it) => ({ x: s.x + position(it).x / items.length, y: s.y + position(it).y / items.length }), { x: 0, y: 0 });
  let first = items[0]!;
  for (const it of items) if (d2(position(it), centre) > d2(position(first), centre)) first = it;
  const seeds = [first];
  const nearestSeed = new Map(items.map((it) => [it, d2(position(it), position(first))]));
  while (seeds.length < k) {
    let best = -1;
    let bestD = -1;
    for (const it of items) {
      const d = nearestSeed.get(it)! * rng.uniform(0.9, 1.1);
      if (d > bestD && !seeds.includes(it)) {
        bestD = d;
        best = it;
      }
    }
    seeds.push(best);
    for (const it of items) nearestSeed.set(it, Math.min(nearestSeed.get(it)!, d2(position(it), position(best))));
  }

  const regions = seeds.map((s, r) => {
    regionOf.set(s, r);
    return { items: [s], weight: weight(s), sx: position(s).x, sy: position(s).y };
  });
  const centroid = (r: number): Pt => ({ x: regions[r]!.sx / regions[r]!.items.length, y: regions[r]!.sy / regions[r]!.items.length });
  /** Free items next to region r, each with its cheapest crossing into the region. */
  const frontier = (r: number): Map<number, number> => {
    const out = new Map<number, number>();
    for (const it of regions[r]!.items) {
      for (const n of neighbours(it)) {
        if (member.has(n) && !regionOf.has(n)) out.set(n, Math.min(out.get(n) ?? Infinity, crossing(it, n)));
      }
    }
    return out;
  };
  let unassigned = items.length - k;
  const closed = new Set<number>();
  while (unassigned > 0) {
    let r = -1;
    for (let q = 0; q < k; q++) {
      if (closed.has(q)) continue;
      if (r < 0 || regions[q]!.weight < regions[r]!.weight) r = q;
    }
    if (r < 0) throw new Error('partition: blocks unreachable from every region (the set is not connected)');
    const options = frontier(r);
    if (options.size === 0) {
      closed.add(r);
      continue;
    }
    // The nearest free neighbour, where crossing a main road counts as farther:
    // regions then grow within the main roads first, and their edges follow them.
    const c = centroid(r);
    let pick = -1;
    let best = Infinity;
    for (const [o, cost] of options) {
      const score = d2(position(o), c) * cost * cost;
      if (score < best || (score === best && o < pick)) {
        best = score;
        pick = o;
      }
    }
    regionOf.set(pick, r);
    const reg = regions[r]!;
    reg.items.push(pick);
    reg.weight += weight(pick);
    reg.sx += position(pick).x;
    reg.sy += position(pick).y;
    unassigned--;
  }

  // Refinement: move boundary items from heavier to lighter neighbouring regions.
  const connectedWithout = (r: number, removed: number): boolean => {
    const rest = regions[r]!.items.filter((it) => it !== removed);
    if (rest.length === 0) return false;
    const seen = new Set([rest[0]!]);
    const stack = [rest[0]!];
    while (stack.length) {
      const it = stack.pop()!;
      for (const n of neighbours(it)) {
        if (n !== removed && regionOf.get(n) === r && !seen.has(n)) {
          seen.add(n);
          stack.push(n);
        }
      }
    }
    return seen.size === rest.length;
  };
  const move = (it: number, from: number, to: number) => {
    const a = regions[from]!;
    const b = regions[to]!;
    const p = position(it);
    a.items.splice(a.items.indexOf(it), 1);
    a.weight -= weight(it);
    a.sx -= p.x;
    a.sy -= p.y;
    b.items.push(it);
    b.weight += weight(it);
    b.sx += p.x;
    b.sy += p.y;
    regionOf.set(it, to);
  };
  for (let pass = 0; pass < 60; pass++) {
    let moved = false;
    const order = [...items].sort((x, y) => x - y);
    for (const it of order) {
      const from = regionOf.get(it)!;
      const a = regions[from]!;
      for (const n of neighbours(it)) {
        const to = regionOf.get(n);
        if (to === undefined || to === from) continue;
        const b = regions[to]!;
        const w = weight(it);
        const tooSmall = b.items.length < minItems;
        const narrows = Math.max(a.weight - w, b.weight + w) < Math.max(a.weight, b.weight) - 1e-9;
        if (!(tooSmall || narrows) || a.items.length <= minItems) continue;
        // Keep regions compact: the item must not sit much farther from the new centroid.
        const p = position(it);
        if (!tooSmall && d2(p, centroid(to)) > 1.6 * d2(p, centroid(from))) continue;
        if (!connectedWithout(from, it)) continue;
        move(it, from, to);
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }

  for (const [r, reg] of regions.entries()) {
    if (reg.items.length < minItems) throw new Error(`partition: region ${r} holds ${reg.items.length} blocks, fewer than ${minItems}`);
  }
  // Number regions in rows from the north, west to east in a row, so codes read
  // across the map.
  const rowHeight = Math.sqrt((items.length / k) * 30_000) * 1.2;
  return regions
    .map((reg, r) => ({ items: [...reg.items].sort((x, y) => x - y), c: centroid(r) }))
    .sort((a, b) => Math.floor(-a.c.y / rowHeight) - Math.floor(-b.c.y / rowHeight) || a.c.x - b.c.x)
    .map((x) => x.items);
}

/** Splits a total into parts proportional to weights, each at least `min`, summing to `total`. */
export function apportion(total: number, weights: readonly number[], min: number): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const out = weights.map((w) => Math.max(min, Math.floor((total * w) / sum)));
  let diff = total - out.reduce((s, v) => s + v, 0);
  const order = weights.map((w, i) => ({ i, frac: (total * w) / sum - Math.floor((total * w) / sum) }));
  order.sort((a, b) => b.frac - a.frac);
  let guard = 0;
  while (diff !== 0 && guard++ < 10_000) {
    for (const { i } of order) {
      if (diff === 0) break;
      if (diff > 0) {
        out[i]!++;
        diff--;
      } else if (out[i]! > min) {
        out[i]!--;
        diff++;
      }
    }
  }
  if (diff !== 0) throw new Error(`cannot apportion ${total} into ${weights.length} parts of at least ${min}`);
  return out;
}
