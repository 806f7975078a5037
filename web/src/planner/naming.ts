// Codes and names for a unit drawn on the map, from where it lies: a grid gets its
// community's code and the next free 3-digit sequence, a sub-grid its grid's code and
// the next 2 digits, a block its community's code and the next 4 digits.
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import type { Feature } from 'geojson';
import type { UnitGeometry } from '../api/types.ts';
import type { UnitLayer } from './data.ts';

export interface Community {
  id: number;
  code: string;
  name: string;
  name_en?: string;
  geometry: UnitGeometry;
}

export interface Parent {
  id: number;
  code: string;
  name: string;
  geometry: UnitGeometry;
}

function containing<T extends { geometry: UnitGeometry }>(g: UnitGeometry, candidates: T[]): T | undefined {
  const p = pointOnFeature({ type: 'Feature', properties: {}, geometry: g } as Feature<UnitGeometry>);
  return candidates.find((c) => booleanPointInPolygon(p, c.geometry));
}

export function nextCode(prefix: string, digits: number, taken: string[]): string {
  const used = new Set(taken.filter((c) => c.startsWith(prefix) && c.length === prefix.length + digits).map((c) => Number(c.slice(prefix.length))));
  let n = 1;
  while (used.has(n)) n++;
  return prefix + String(n).padStart(digits, '0');
}

/** Properties for a new unit drawn at `g`, or null when it lies in no community (or, for a sub-grid, no grid). */
export function propsForNew(layer: UnitLayer, g: UnitGeometry, ctx: { communities: Community[]; grids: Parent[]; takenCodes: string[]; lang: 'zh' | 'en' }): Record<string, unknown> | null {
  if (layer === 'subgrid') {
    const grid = containing(g, ctx.grids);
    if (!grid) return null;
    const code = nextCode(grid.code, 2, ctx.takenCodes);
    return { code, name: `${grid.name}${Number(code.slice(-2))}号子网格`, grid_id: grid.id };
  }
  const community = containing(g, ctx.communities);
  if (!community) return null;
  if (layer === 'grid') {
    const code = nextCode(community.code, 3, ctx.takenCodes);
    return { code, name: `${community.name}第${Number(code.slice(-3))}网格`, community_id: community.id, status: 'active' };
  }
  const code = nextCode(community.code, 4, ctx.takenCodes);
  return { code, name: `${community.name}${Number(code.slice(-4))}号街区`, community_id: community.id, landuse: 'residential' };
}
