// Getis-Ord Gi* hot-spot statistic over H3 cells (Getis & Ord 1992; Ord & Getis 1995).
//
// For every cell i of the study area (n cells, values x_j, mean X̄ and population
// standard deviation S over all n cells) with binary weights w_ij = 1 for the cells j
// of gridDisk(i, k) that lie in the study area (the cell itself included):
//
//            Σ_j w_ij x_j − X̄ Σ_j w_ij
//   Gi* = ─────────────────────────────────────────────
//          S · sqrt((n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1))
//
// Gi* is a z-score; its two-sided p-value comes from the standard normal distribution.
// A cell is hot (z > 0) or cold (z < 0) at the highest confidence 99, 95 or 90 % whose
// significance level α (0.01, 0.05, 0.10) its p-value meets. With `fdr` (the default)
// the levels are corrected for testing n cells at once by the Benjamini–Hochberg
// false discovery rate: at level α a cell counts only when p ≤ p_(r), the largest
// sorted p-value with p_(r) ≤ r·α/n. Neighbourhoods overlap, so the tests are
// positively dependent, under which Benjamini–Hochberg still controls the rate
// (Benjamini & Yekutieli 2001).
//
// Pure: plain data in and out, no I/O.
import { getResolution, gridDisk, isValidCell } from 'h3-js';

export type HotSpotClass = 'hot' | 'cold' | 'not_significant';
export type Confidence = 0 | 90 | 95 | 99;

export interface GiStarCell {
  /** H3 cell (hex). */
  h3: string;
  value: number;
  /** The Gi* z-score (0 when the statistic is undefined: fewer than two cells, no variation, or a neighbourhood that is the whole study area). */
  z: number;
  /** Two-sided p-value of z under the standard normal distribution. */
  p: number;
  /** Highest confidence (99, 95, 90) at which the cell is significant, 0 when at none. */
  confidence: Confidence;
  class: HotSpotClass;
}

export interface GiStarResult {
  /** Every cell of the study area, in the order of `studyArea` followed by the cells only `values` named. */
  cells: GiStarCell[];
  /** Cells in the study area (n). */
  n: number;
  mean: number;
  /** Population standard deviation of the values over the study area (S). */
  sd: number;
  k: number;
  fdr: boolean;
  /** The p-value a cell must not exceed to count at each confidence (α itself without FDR; 0 when no cell qualifies). */
  thresholds: { 90: number; 95: number; 99: number };
}

export interface GiStarOptions {
  /** Ring size of the neighbourhood: gridDisk(cell, k), the cell itself included. Default 1. */
  k?: number;
  /** Benjamini–Hochberg false discovery rate correction of the confidence levels. Default true. */
  fdr?: boolean;
}

const LEVELS = [
  { confidence: 99, alpha: 0.01 },
  { confidence: 95, alpha: 0.05 },
  { confidence: 90, alpha: 0.1 },
] as const;

/**
 * Complementary error function, Chebyshev fit with a fractional error below 1.2e-7
 * everywhere (Press et al., Numerical Recipes, erfcc), so small p-values keep their
 * relative precision.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal z-score. */
export function twoSidedP(z: number): number {
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Benjamini–Hochberg: the largest p_(r) with p_(r) ≤ r·α/m over the sorted p-values (0 when none qualifies). */
export function benjaminiHochberg(sortedP: readonly number[], alpha: number): number {
  const m = sortedP.length;
  for (let r = m; r >= 1; r--) {
    if (sortedP[r - 1]! <= (r * alpha) / m) return sortedP[r - 1]!;
  }
  return 0;
}

/**
 * Gi* of every cell of the study area. `values` maps H3 cells (hex) to their value
 * (e.g. a case count); study-area cells without a value count as 0, and cells with a
 * value count as part of the study area even when `studyArea` omits them. All cells
 * must share one resolution.
 */
export function getisOrdGiStar(values: Readonly<Record<string, number>>, studyArea: readonly string[], options: GiStarOptions = {}): GiStarResult {
  const k = options.k ?? 1;
  const fdr = options.fdr ?? true;
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`k must be a non-negative integer, got ${k}`);

  const index = new Map<string, number>();
  const cells: string[] = [];
  const add = (cell: string) => {
    if (index.has(cell)) return;
    index.set(cell, cells.length);
    cells.push(cell);
  };
  for (const cell of studyArea) add(cell);
  for (const cell of Object.keys(values)) add(cell);

  let res: number | null = null;
  for (const cell of cells) {
    if (!isValidCell(cell)) throw new RangeError(`"${cell}" is not a valid H3 cell`);
    const r = getResolution(cell);
    if (res === null) res = r;
    else if (r !== res) throw new RangeError(`cells of resolutions ${res} and ${r} are mixed; give cells of one resolution`);
  }

  const n = cells.length;
  const x = cells.map((cell) => {
    const v = values[cell] ?? 0;
    if (!Number.isFinite(v)) throw new RangeError(`the value of ${cell} is not a finite number`);
    return v;
  });
  let sum = 0;
  let sumSq = 0;
  for (const v of x) {
    sum += v;
    sumSq += v * v;
  }
  const mean = n ? sum / n : 0;
  const sd = n ? Math.sqrt(Math.max(0, sumSq / n - mean * mean)) : 0;

  const z = new Array<number>(n).fill(0);
  // A spread below rounding noise of the sum of squares is no variation at all.
  if (n >= 2 && sd > 1e-12 * Math.max(1, Math.abs(mean))) {
    for (let i = 0; i < n; i++) {
      let w = 0;
      let wx = 0;
      for (const j of gridDisk(cells[i]!, k)) {
        const at = index.get(j);
        if (at === undefined) continue;
        w += 1;
        wx += x[at]!;
      }
      // Binary weights: Σ w² = Σ w.
      const spread = (n * w - w * w) / (n - 1);
      if (spread > 0) z[i] = (wx - mean * w) / (sd * Math.sqrt(spread));
    }
  }
  const p = z.map(twoSidedP);

  const sorted = fdr ? [...p].sort((a, b) => a - b) : [];
  const threshold = (alpha: number) => (fdr ? benjaminiHochberg(sorted, alpha) : alpha);
  const thresholds = { 99: threshold(0.01), 95: threshold(0.05), 90: threshold(0.1) };

  return {
    cells: cells.map((h3, i) => {
      const level = z[i] !== 0 ? LEVELS.find((l) => p[i]! <= thresholds[l.confidence]) : undefined;
      const confidence: Confidence = level?.confidence ?? 0;
      return { h3, value: x[i]!, z: z[i]!, p: p[i]!, confidence, class: confidence === 0 ? 'not_significant' : z[i]! > 0 ? 'hot' : 'cold' };
    }),
    n,
    mean,
    sd,
    k,
    fdr,
    thresholds,
  };
}
