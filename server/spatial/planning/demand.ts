// Demand surfaces on H3 for siting charging sheds and vendor-diversion zones: pure
// functions from counts per cell (households, cases, places) to a weight per cell.
// Every weight is a parameter with a default; no I/O.
//
// - Charging: households × e-bike ownership rate + flying_wire × flying-wire-charging
//   cases (电动车飞线充电, type 02070101) — "e-bike households" (one pile per 20).
// - Vending: vending cases (流动经营 020201xx, 占道经营 02020201) in the hours asked for,
//   plus foot-traffic proxies — households, markets, schools, transit stops — each
//   scaled by its share of foot traffic in those hours of the day (HOURLY_PROFILE).
import { isValidCell } from 'h3-js';

/** Flying-wire e-bike charging (电动车飞线充电). */
export const FLYING_WIRE_TYPES = ['02070101'] as const;
/** Mobile vending (流动经营, every leaf of 020201) and street-occupying business (占道经营). */
export const VENDING_TYPE_PREFIXES = ['020201', '02020201'] as const;

export interface ChargingWeights {
  /** E-bikes per household (ownership rate). */
  ebike_rate: number;
  /** Demand per flying-wire-charging case. */
  flying_wire: number;
}
export const CHARGING_DEFAULTS: ChargingWeights = { ebike_rate: 0.6, flying_wire: 5 };

export type FootKind = 'households' | 'market' | 'school' | 'transit_stop';
export interface VendingWeights {
  /** Demand per vending case (in the hours). */
  cases: number;
  /** Per household (residents walking by), at the peak hour. */
  households: number;
  /** Per market, per school, per transit stop, at their peak hour. */
  market: number;
  school: number;
  transit_stop: number;
}
export const VENDING_DEFAULTS: VendingWeights = { cases: 1, households: 0.02, market: 30, school: 15, transit_stop: 8 };

// Share of peak foot traffic by local hour (0–23), one row per proxy.
const h = (...v: number[]) => v;
export const HOURLY_PROFILE: Record<FootKind, readonly number[]> = {
  //               0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
  households: h(0.1, 0.05, 0, 0, 0, 0.1, 0.4, 0.7, 0.6, 0.4, 0.3, 0.4, 0.5, 0.4, 0.3, 0.3, 0.4, 0.7, 0.9, 1, 1, 0.8, 0.5, 0.2),
  market: h(0, 0, 0, 0, 0.1, 0.4, 0.9, 1, 0.9, 0.7, 0.6, 0.5, 0.4, 0.3, 0.3, 0.4, 0.6, 0.9, 0.8, 0.6, 0.4, 0.2, 0.1, 0),
  school: h(0, 0, 0, 0, 0, 0, 0.2, 1, 0.6, 0.1, 0.1, 0.3, 0.6, 0.3, 0.1, 0.2, 0.7, 1, 0.4, 0.1, 0, 0, 0, 0),
  transit_stop: h(0.05, 0, 0, 0, 0, 0.2, 0.6, 1, 0.9, 0.5, 0.4, 0.4, 0.5, 0.4, 0.4, 0.5, 0.6, 1, 0.9, 0.6, 0.4, 0.3, 0.2, 0.1),
};

/** Mean share of peak foot traffic of a proxy over the hours (all 24 when null or empty). */
export function hourFactor(kind: FootKind, hours: readonly number[] | null): number {
  const profile = HOURLY_PROFILE[kind];
  const hs = hours && hours.length ? hours : [...Array(24).keys()];
  let s = 0;
  for (const hour of hs) {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour ${hour} is not a local hour 0–23`);
    s += profile[hour]!;
  }
  return s / hs.length;
}

export interface CellCount {
  /** H3 cell (hex string). */
  cell: string;
  n: number;
}

export interface DemandCell {
  h3: string;
  /** The demand weight of the cell. */
  weight: number;
  households: number;
  /** The cases counted (flying-wire or vending). */
  cases: number;
  /** Each term of the weight, for the legend and for checking. */
  parts: Record<string, number>;
}

function check(what: string, w: Record<string, number>): void {
  for (const [k, v] of Object.entries(w)) if (!Number.isFinite(v) || v < 0) throw new RangeError(`${what} weight ${k} must be a finite number ≥ 0, got ${v}`);
}

function accumulate(into: Map<string, DemandCell>, counts: readonly CellCount[], part: string, factor: number, field?: 'households' | 'cases'): void {
  for (const { cell, n } of counts) {
    if (!isValidCell(cell)) throw new RangeError(`"${cell}" is not an H3 cell`);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`cell ${cell}: count ${n} must be finite and ≥ 0`);
    let c = into.get(cell);
    if (!c) into.set(cell, (c = { h3: cell, weight: 0, households: 0, cases: 0, parts: {} }));
    c.parts[part] = (c.parts[part] ?? 0) + n * factor;
    c.weight += n * factor;
    if (field) c[field] += n;
  }
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

function finish(cells: Map<string, DemandCell>): DemandCell[] {
  return [...cells.values()]
    .filter((c) => c.weight > 0)
    .map((c) => ({ ...c, weight: round(c.weight), parts: Object.fromEntries(Object.entries(c.parts).map(([k, v]) => [k, round(v)])) }))
    .sort((a, b) => (a.h3 < b.h3 ? -1 : a.h3 > b.h3 ? 1 : 0));
}

/** Charging demand per cell: households × ebike_rate + flying_wire × cases. Cells with no demand are left out; sorted by cell. */
export function chargingDemand(input: { households: readonly CellCount[]; flyingWire: readonly CellCount[] }, weights: Partial<ChargingWeights> = {}): DemandCell[] {
  const w = { ...CHARGING_DEFAULTS, ...weights };
  check('charging', w as unknown as Record<string, number>);
  const cells = new Map<string, DemandCell>();
  accumulate(cells, input.households, 'households', w.ebike_rate, 'households');
  accumulate(cells, input.flyingWire, 'flying_wire', w.flying_wire, 'cases');
  return finish(cells);
}

/**
 * Vending demand per cell: cases × weight (the caller counts only the cases reported
 * in `hours`) + Σ proxy × weight × hourFactor(proxy, hours).
 */
export function vendingDemand(
  input: { cases: readonly CellCount[]; households: readonly CellCount[]; market: readonly CellCount[]; school: readonly CellCount[]; transit_stop: readonly CellCount[] },
  weights: Partial<VendingWeights> = {},
  hours: readonly number[] | null = null,
): DemandCell[] {
  const w = { ...VENDING_DEFAULTS, ...weights };
  check('vending', w as unknown as Record<string, number>);
  const cells = new Map<string, DemandCell>();
  accumulate(cells, input.cases, 'cases', w.cases, 'cases');
  accumulate(cells, input.households, 'households', w.households * hourFactor('households', hours), 'households');
  for (const kind of ['market', 'school', 'transit_stop'] as const) accumulate(cells, input[kind], kind, w[kind] * hourFactor(kind, hours));
  return finish(cells);
}
