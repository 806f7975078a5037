// One simulated case: a leaf type weighted by the seed's mix and the hour of day, a
// point inside a grid (grids weighted by their case load of the past year), a channel
// weighted like the seed's (cameras only see the street, patrols sleep at night), a
// Chinese description built like the seed's, and a reporter for public channels.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { personName, phoneNumber } from '../../seed/city/names.ts';
import { WeightedPicker, type Random } from '../../seed/random.ts';
import { CHANNEL_BASE, DETAILS, HOURS, PUBLIC_CHANNELS, STREET_VISIBLE } from '../../seed/stages/cases.ts';
import type { Attractor } from '../../seed/taxonomy/hints.ts';
import type { LeafType } from './taxonomy.ts';

export interface Grid {
  id: number;
  name: string;
  /** Cases of the past year: busy grids get more. */
  weight: number;
  feature: Feature<Polygon | MultiPolygon>;
  bbox: [number, number, number, number];
}

export interface SimulatedCase {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    channel: string;
    type_code: string;
    description: string;
    address: string;
    reporter_name?: string;
    reporter_phone?: string;
  };
}

const PLACE: Record<Attractor, string[]> = {
  residential: ['住宅楼附近', '小区门口', '居民楼下'],
  market: ['农贸市场旁', '菜市场门口'],
  school: ['学校门口', '学校周边'],
  hospital: ['医院门口', '医院周边'],
  road: ['路边', '人行道上'],
  arterial: ['主干道旁', '十字路口'],
  park: ['公园内', '游园旁'],
  commercial: ['商铺前', '商业街'],
  construction: ['工地旁', '施工围挡处'],
  river: ['河堤旁', '滨河步道'],
  transit: ['公交站旁', '车站广场'],
};

/** Hour of day in China (UTC+8). */
export const chinaHour = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCHours();

export class CaseMaker {
  private readonly typesByHour: WeightedPicker<LeafType>[];
  private readonly grids: WeightedPicker<Grid>;

  constructor(types: readonly LeafType[], grids: readonly Grid[], private readonly rng: Random) {
    if (grids.length === 0) throw new Error('no grids to place cases in (the account sees none)');
    this.typesByHour = Array.from({ length: 24 }, (_, h) => new WeightedPicker(types, (t) => t.hint.weight * HOURS[t.hint.hours][h]!));
    this.grids = new WeightedPicker(grids, (g) => 1 + g.weight);
  }

  /** A case reported at `nowMs`. */
  make(nowMs: number): SimulatedCase {
    const rng = this.rng;
    const hour = chinaHour(nowMs);
    const type = this.typesByHour[hour]!.pick(rng);
    const grid = this.grids.pick(rng);
    const [lon, lat] = pointIn(grid, rng);
    const channel = this.channel(type, hour);
    const near = type.hint.near[0] ?? 'road';
    const address = `${grid.name}${rng.pick(PLACE[near])}`;
    const named = PUBLIC_CHANNELS.has(channel) && rng.chance(0.8);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: {
        channel,
        type_code: type.code,
        description: `${address}${type.name}${rng.pick(DETAILS)}`,
        address,
        ...(named ? { reporter_name: personName(rng), reporter_phone: phoneNumber(rng) } : {}),
      },
    };
  }

  private readonly channels = new Map<string, WeightedPicker<string>>();

  private channel(type: LeafType, hour: number): string {
    const visible = type.hint.near.some((a) => STREET_VISIBLE.includes(a));
    const key = `${visible}/${hour}`;
    let picker = this.channels.get(key);
    picker ??= new WeightedPicker(Object.keys(CHANNEL_BASE), (code) => {
      let w = CHANNEL_BASE[code]!;
      if ((code === 'ai_camera' || code === 'vehicle_camera') && !visible) w = 0;
      if (code === 'vehicle_camera' && (hour < 6 || hour > 22)) w = 0;
      // Sensors report about a component; simulated cases name none.
      if (code === 'iot_sensor') w = 0;
      if ((code === 'grid_patrol' || code === 'info_collector') && (hour < 7 || hour > 21)) w *= 0.1;
      return w;
    });
    this.channels.set(key, picker);
    return picker.pick(this.rng);
  }
}

/** A uniform point inside the grid (rejection sampling in its bounding box), 7 decimals. */
export function pointIn(grid: Grid, rng: Random): [number, number] {
  const [w, s, e, n] = grid.bbox;
  for (let i = 0; i < 1000; i++) {
    const p: [number, number] = [Number(rng.uniform(w, e).toFixed(7)), Number(rng.uniform(s, n).toFixed(7))];
    if (turf.booleanPointInPolygon(p, grid.feature, { ignoreBoundary: true })) return p;
  }
  const c = turf.pointOnFeature(grid.feature).geometry.coordinates;
  return [c[0]!, c[1]!];
}

/** Grids from a GeoJSON FeatureCollection of GET /api/grids. */
export function gridsOf(features: Feature<Polygon | MultiPolygon, { name?: string; cases_last_365d?: number }>[]): Grid[] {
  return features
    .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
    .map((f) => ({
      id: Number(f.id),
      name: f.properties?.name ?? `网格${f.id}`,
      weight: Math.max(0, Number(f.properties?.cases_last_365d ?? 0)),
      feature: f,
      bbox: turf.bbox(f) as [number, number, number, number],
    }));
}
