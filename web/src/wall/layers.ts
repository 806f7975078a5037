// The wall's deck.gl layers: grids coloured by a KPI, the H3 heatmap of cases, and
// the Gi* hot spots outlined. Ids are fixed so deck.gl reuses each layer and only
// re-uploads a layer's buffers when its data or colours change.
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { RGBA } from '../map/colours.ts';
import type { GridFeature, HeatCell } from './api.ts';

// Interleaved with the basemap: the heat under its admin lines and labels, the rest
// under the labels (a MapLibre-overlay prop deck.gl's layer types do not declare).
const UNDER_ADMIN = { beforeId: 'admin-community' } as object;
const UNDER_LABELS = { beforeId: 'label-road-minor' } as object;

/** Dark-theme heat ramp, from dim violet to hot yellow. */
const RAMP: RGBA[] = [
  [59, 15, 112, 120],
  [140, 41, 129, 160],
  [222, 73, 104, 190],
  [254, 159, 109, 215],
  [252, 253, 191, 235],
];

export function heatColour(t: number): RGBA {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i]!, b = RAMP[i + 1]!;
  return [0, 1, 2, 3].map((k) => Math.round(a[k]! + (b[k]! - a[k]!) * f)) as RGBA;
}

export const HEAT_RAMP = RAMP;

export function heatLayer(cells: HeatCell[], max: number, visible: boolean) {
  const scale = max > 0 ? 1 / Math.sqrt(max) : 0;
  return new H3HexagonLayer<HeatCell>({
    id: 'wall-heat',
    ...UNDER_ADMIN,
    data: cells,
    visible,
    getHexagon: (d) => d.h3,
    getFillColor: (d) => heatColour(Math.sqrt(d.count) * scale),
    extruded: false,
    stroked: false,
    highPrecision: false,
    pickable: false,
    updateTriggers: { getFillColor: max },
  });
}

export function hotLayer(cells: HeatCell[], visible: boolean) {
  return new H3HexagonLayer<HeatCell>({
    id: 'wall-hot',
    ...UNDER_LABELS,
    data: cells,
    visible,
    getHexagon: (d) => d.h3,
    filled: false,
    stroked: true,
    extruded: false,
    highPrecision: false,
    getLineColor: (d) => (d.class === 'hot' ? (d.confidence === 99 ? [255, 59, 48, 255] : [255, 149, 0, 255]) : [56, 189, 248, 230]),
    lineWidthUnits: 'pixels',
    getLineWidth: (d) => (d.confidence === 99 ? 3 : 2),
    pickable: false,
  });
}

/** Good values green, bad red: for a measure where more is better, or where less is. */
export function kpiColour(t: number | null, higherIsBetter: boolean): RGBA {
  if (t === null || !Number.isFinite(t)) return [100, 116, 139, 40];
  const g = higherIsBetter ? t : 1 - t;
  const r = Math.round(239 + (34 - 239) * g);
  const gg = Math.round(68 + (197 - 68) * g);
  const b = Math.round(68 + (94 - 68) * g);
  return [r, gg, b, 80];
}

/**
 * Grids coloured by a KPI: filled when the heatmap is off; over the heatmap, the KPI
 * colour goes to a wide outline so both read at once.
 */
export function gridLayer(features: GridFeature[], values: Map<number, number | null>, range: [number, number], higherIsBetter: boolean, key: string, visible: boolean, overHeat: boolean) {
  const [lo, hi] = range;
  const norm = (v: number | null | undefined) => (v === null || v === undefined ? null : hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const colour = (f: { id?: string | number }) => kpiColour(norm(values.get(Number(f.id))), higherIsBetter);
  return new GeoJsonLayer({
    id: 'wall-grids',
    ...UNDER_LABELS,
    data: features as unknown as GeoJSON.Feature[],
    visible,
    filled: key !== 'none' && !overHeat,
    stroked: true,
    getFillColor: (f) => colour(f),
    getLineColor: (f) => {
      const c = colour(f);
      return key === 'none' ? [148, 163, 184, 160] : [c[0], c[1], c[2], 235];
    },
    lineWidthUnits: 'pixels',
    getLineWidth: key !== 'none' && overHeat ? 3 : 1.5,
    pickable: false,
    updateTriggers: { getFillColor: [values, key, lo, hi], getLineColor: [values, key, lo, hi], getLineWidth: [key, overHeat] },
  });
}
