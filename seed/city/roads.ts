// Roads of the layout: every lattice line is one named street; its present segments,
// joined where they follow each other, are the road features.
import type { Random } from '../random.ts';
import type { Pt } from './frame.ts';
import { ROAD_WIDTH, hSegId, vSegId, type Layout, type RoadClass } from './layout.ts';
import { roadName, roadPool, type Name } from './names.ts';

export interface PlanRoad {
  name: Name;
  cls: RoadClass;
  width: number;
  line: Pt[];
  /** Lattice line: axis and index. */
  axis: 'x' | 'y';
  index: number;
}

export interface RoadNetwork {
  roads: PlanRoad[];
  /** Name of each lattice line, by axis. */
  xNames: Name[];
  yNames: Name[];
}

export function planRoads(rng: Random, layout: Layout): RoadNetwork {
  const pool = roadPool(rng);
  // Arterials take names first, so the grand names go to the grand roads.
  const named = (classes: RoadClass[]): Name[] => classes.map(() => ({ zh: '', en: '' }));
  const xNames = named(layout.xClass);
  const yNames = named(layout.yClass);
  const order: { axis: 'x' | 'y'; index: number; cls: RoadClass }[] = [
    ...layout.xClass.map((cls, index) => ({ axis: 'x' as const, index, cls })),
    ...layout.yClass.map((cls, index) => ({ axis: 'y' as const, index, cls })),
  ];
  const rank: Record<RoadClass, number> = { arterial: 0, secondary: 1, branch: 2, lane: 3 };
  order.sort((a, b) => rank[a.cls] - rank[b.cls] || (a.axis < b.axis ? -1 : a.axis > b.axis ? 1 : 0) || a.index - b.index);
  for (const o of order) {
    const name = roadName(pool.take(), o.cls, rng);
    (o.axis === 'x' ? xNames : yNames)[o.index] = name;
  }

  const roads: PlanRoad[] = [];
  const { nx, ny } = layout;
  const emit = (axis: 'x' | 'y', index: number, cls: RoadClass, pieces: Pt[][]) => {
    if (pieces.length === 0) return;
    const line = [...pieces[0]!];
    for (const piece of pieces.slice(1)) line.push(...piece.slice(1));
    roads.push({ name: (axis === 'x' ? xNames : yNames)[index]!, cls, width: ROAD_WIDTH[cls], line, axis, index });
  };
  for (let j = 0; j <= ny; j++) {
    let run: Pt[][] = [];
    for (let i = 0; i < nx; i++) {
      if (layout.hPresent[hSegId(nx, i, j)]) run.push(layout.hSeg(i, j));
      else {
        emit('y', j, layout.yClass[j]!, run);
        run = [];
      }
    }
    emit('y', j, layout.yClass[j]!, run);
  }
  for (let i = 0; i <= nx; i++) {
    let run: Pt[][] = [];
    for (let j = 0; j < ny; j++) {
      if (layout.vPresent[vSegId(nx, i, j)]) run.push(layout.vSeg(i, j));
      else {
        emit('x', i, layout.xClass[i]!, run);
        run = [];
      }
    }
    emit('x', i, layout.xClass[i]!, run);
  }
  return { roads, xNames, yNames };
}
