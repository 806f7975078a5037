// Workload per grid, as the planner balances it: households, components, open cases
// and cases of the last year, each against the city's mean, and a composite of the
// four. The target band is ±15% of the mean unless the planner sets another.
import type { GridProps } from '../api/types.ts';

export const METRICS = ['composite', 'households', 'components', 'open_cases', 'cases_last_365d'] as const;
export type Metric = (typeof METRICS)[number];
type Base = Exclude<Metric, 'composite'>;
const BASE: Base[] = ['households', 'components', 'open_cases', 'cases_last_365d'];

export type Workload = Record<Base, number>;

export const workloadOf = (p: Pick<GridProps, Base>): Workload => ({
  households: p.households ?? 0,
  components: p.components ?? 0,
  open_cases: p.open_cases ?? 0,
  cases_last_365d: p.cases_last_365d ?? 0,
});

export function add(a: Workload, b: Workload, sign = 1): Workload {
  return Object.fromEntries(BASE.map((k) => [k, a[k] + sign * b[k]])) as Workload;
}

export function scale(w: Workload, f: number): Workload {
  return Object.fromEntries(BASE.map((k) => [k, w[k] * f])) as Workload;
}

/** The value of one metric for each grid; the composite is the mean of the four, each divided by the city mean. */
export function values(loads: Workload[], metric: Metric, cityMeans?: Workload): number[] {
  if (metric !== 'composite') return loads.map((w) => w[metric]);
  const means = cityMeans ?? meanOf(loads);
  return loads.map((w) => BASE.reduce((s, k) => s + (means[k] > 0 ? w[k] / means[k] : 0), 0) / BASE.length);
}

export function meanOf(loads: Workload[]): Workload {
  const n = Math.max(loads.length, 1);
  return Object.fromEntries(BASE.map((k) => [k, loads.reduce((s, w) => s + w[k], 0) / n])) as Workload;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** max / min */
  ratio: number;
  /** coefficient of variation */
  cv: number;
  inBand: number;
  count: number;
}

export function spread(vs: number[], band: number): Spread {
  const n = vs.length;
  if (n === 0) return { mean: 0, min: 0, max: 0, ratio: 1, cv: 0, inBand: 0, count: 0 };
  const mean = vs.reduce((s, v) => s + v, 0) / n;
  const min = Math.min(...vs);
  const max = Math.max(...vs);
  const sd = Math.sqrt(vs.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const inBand = vs.filter((v) => Math.abs(v - mean) <= band * mean).length;
  return { mean, min, max, ratio: min > 0 ? max / min : Infinity, cv: mean > 0 ? sd / mean : 0, inBand, count: n };
}
