// The heatmap answer: counts per cell and per grid, optionally with the Gi* hot-spot
// result of every cell of the study area, as plain JSON or as a GeoJSON
// FeatureCollection of cell hexagons (the rest of the answer as foreign members).
import type { Feature, Polygon } from 'geojson';
import { getisOrdGiStar, type Confidence, type HotSpotClass } from '../spatial/gistar.ts';
import { cellFeatures } from '../spatial/hexagons.ts';
import type { HeatmapCounts } from './heatmap.ts';

export interface HeatmapCell {
  h3: string;
  count: number;
  z?: number;
  p?: number;
  class?: HotSpotClass;
  confidence?: Confidence;
}

export interface HotSpotSummary {
  k: number;
  fdr: boolean;
  /** What the study area is. */
  study_area: string;
  /** Cells in the study area (with and without cases). */
  cells: number;
  mean: number;
  sd: number;
  /** The p-value a cell must not exceed at each confidence. */
  thresholds: { 90: number; 95: number; 99: number };
  /** Cells by class and highest confidence. */
  hot: { 90: number; 95: number; 99: number };
  cold: { 90: number; 95: number; 99: number };
}

export interface HeatmapAnswer {
  resolution: number;
  filter: Record<string, unknown>;
  total: number;
  cells: HeatmapCell[];
  grids: { grid_id: number | null; count: number }[];
  hotspots?: HotSpotSummary;
}

const round = (v: number, digits: number) => Number(v.toFixed(digits));
const significant = (v: number, digits: number) => Number(v.toPrecision(digits));
type GridCount = HeatmapAnswer['grids'][number];
const cellOrder = (a: HeatmapCell, b: HeatmapCell) => b.count - a.count || (a.h3 < b.h3 ? -1 : a.h3 > b.h3 ? 1 : 0);
const gridOrder = (a: GridCount, b: GridCount) => b.count - a.count || (a.grid_id ?? 0) - (b.grid_id ?? 0);

export interface HotSpotRequest {
  k: number;
  fdr: boolean;
  /** Cells (hex) of the study area at the answer's resolution. */
  studyArea: readonly string[];
  studyAreaLabel: string;
}

/** Shapes the counts (and the hot-spot statistic when asked) into the answer. Cells come most cases first. */
export function heatmapAnswer(resolution: number, filter: Record<string, unknown>, counts: HeatmapCounts, hotspots: HotSpotRequest | null): HeatmapAnswer {
  const grids = [...counts.grids].map(([grid_id, count]) => ({ grid_id, count })).sort(gridOrder);
  if (!hotspots) {
    const cells = [...counts.cells].map(([h3, count]) => ({ h3, count })).sort(cellOrder);
    return { resolution, filter, total: counts.total, cells, grids };
  }
  const gi = getisOrdGiStar(Object.fromEntries(counts.cells), hotspots.studyArea, { k: hotspots.k, fdr: hotspots.fdr });
  const tally = (cls: HotSpotClass) => ({
    90: gi.cells.filter((c) => c.class === cls && c.confidence === 90).length,
    95: gi.cells.filter((c) => c.class === cls && c.confidence === 95).length,
    99: gi.cells.filter((c) => c.class === cls && c.confidence === 99).length,
  });
  const cells: HeatmapCell[] = gi.cells
    .map((c) => ({ h3: c.h3, count: c.value, z: round(c.z, 4), p: significant(c.p, 4), class: c.class, confidence: c.confidence }))
    .sort(cellOrder);
  return {
    resolution,
    filter,
    total: counts.total,
    cells,
    grids,
    hotspots: {
      k: gi.k,
      fdr: gi.fdr,
      study_area: hotspots.studyAreaLabel,
      cells: gi.n,
      mean: round(gi.mean, 6),
      sd: round(gi.sd, 6),
      thresholds: { 90: significant(gi.thresholds[90], 4), 95: significant(gi.thresholds[95], 4), 99: significant(gi.thresholds[99], 4) },
      hot: tally('hot'),
      cold: tally('cold'),
    },
  };
}

/** The answer as a GeoJSON FeatureCollection: one hexagon per cell, the rest as foreign members. */
export function heatmapGeoJson(answer: HeatmapAnswer): { type: 'FeatureCollection'; features: Feature<Polygon, HeatmapCell>[] } & Omit<HeatmapAnswer, 'cells'> {
  const { cells, ...rest } = answer;
  return { type: 'FeatureCollection', ...rest, features: cellFeatures(cells) };
}
