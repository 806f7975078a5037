// Workload of a grid or of a smaller unit: the figures the grid list shows
// (households, components, open cases, cases of the last 365 days, server/units/read.ts)
// and their weighted sum, the one number a planner balances.

/** A case still being worked: not closed, evaluated or cancelled. */
export const OPEN_CASE = `status not in ('closed', 'evaluated', 'cancelled')`;
/** A case reported in the last 365 days. */
export const YEAR_CASE = `reported_at >= now() - interval '365 days'`;

export interface WorkloadWeights {
  households: number;
  components: number;
  open_cases: number;
  cases_last_365d: number;
}

/**
 * Defaults, in "points": one per 20 households (the staffing guide's one grid member
 * per 300 households is 15 points), one per component in the census, five per open
 * case, one per case of the last year. On the demo city each part carries a similar
 * share of the mean grid's ~500 points, except open cases (~4 %).
 */
export const DEFAULT_WEIGHTS: WorkloadWeights = { households: 0.05, components: 1, open_cases: 5, cases_last_365d: 1 };

export interface WorkloadFigures {
  households: number;
  components: number;
  open_cases: number;
  cases_last_365d: number;
}

export function weightedWorkload(f: WorkloadFigures, w: WorkloadWeights): number {
  return f.households * w.households + f.components * w.components + f.open_cases * w.open_cases + f.cases_last_365d * w.cases_last_365d;
}
