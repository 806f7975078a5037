// Snapping while drawing: to the nearest vertex of a neighbouring boundary or street
// line within a few pixels, else to the nearest point on one of their edges, so shared
// edges stay shared and new boundaries follow streets.
import type { Position } from 'geojson';

export type Project = (lng: number, lat: number) => { x: number; y: number };

export function snap(cursor: { x: number; y: number }, lines: Position[][], project: Project, unproject: (x: number, y: number) => { lng: number; lat: number }, tolerancePx = 12): Position | undefined {
  let best: { d: number; p: Position } | null = null;
  // Vertices first: a vertex within reach wins over any edge.
  for (const line of lines) {
    for (const v of line) {
      const s = project(v[0]!, v[1]!);
      const d = Math.hypot(s.x - cursor.x, s.y - cursor.y);
      if (d <= tolerancePx && (!best || d < best.d)) best = { d, p: [v[0]!, v[1]!] };
    }
  }
  if (best) return best.p;
  let edge: { d: number; x: number; y: number } | null = null;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const a = project(line[i - 1]![0]!, line[i - 1]![1]!);
      const b = project(line[i]![0]!, line[i]![1]!);
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((cursor.x - a.x) * dx + (cursor.y - a.y) * dy) / len2));
      const x = a.x + t * dx;
      const y = a.y + t * dy;
      const d = Math.hypot(x - cursor.x, y - cursor.y);
      if (d <= tolerancePx && (!edge || d < edge.d)) edge = { d, x, y };
    }
  }
  if (!edge) return undefined;
  const ll = unproject(edge.x, edge.y);
  return [ll.lng, ll.lat];
}

/** Vertices that moved between two versions of a ring set: old position → new one. */
export function movedVertices(before: Position[][], after: Position[][]): [Position, Position][] {
  const key = (p: Position) => `${p[0]!.toFixed(9)},${p[1]!.toFixed(9)}`;
  const now = new Set(after.flat().map(key));
  const was = new Set(before.flat().map(key));
  const gone = before.flat().filter((p) => !now.has(key(p)));
  const added = after.flat().filter((p) => !was.has(key(p)));
  // A drag moves one vertex (the ring's closing point counts once).
  const uniq = (ps: Position[]) => [...new Map(ps.map((p) => [key(p), p])).values()];
  const g = uniq(gone);
  const a = uniq(added);
  return g.length === 1 && a.length === 1 ? [[g[0]!, a[0]!]] : [];
}

/** Every ring coordinate equal to `from` moved to `to`: a shared vertex moves on both sides. */
export function moveVertex(rings: Position[][], from: Position, to: Position): { rings: Position[][]; moved: boolean } {
  let moved = false;
  const same = (p: Position) => Math.abs(p[0]! - from[0]!) < 1e-9 && Math.abs(p[1]! - from[1]!) < 1e-9;
  const out = rings.map((r) =>
    r.map((p) => {
      if (!same(p)) return p;
      moved = true;
      return [to[0]!, to[1]!];
    }),
  );
  return { rings: out, moved };
}
