// The measures the city's case handling is judged by, defined once: the SQL that
// computes each (a condition or an expression over one case row `c` of the cohort),
// its Chinese and English names (JSON, CSV headers) and its definition in words (the
// JSON answer and README.md). Every measure is computed over the cases *reported in
// the period* (a cohort by reported_at), whatever happened to them later, up to now.
//
// Counts count the cohort's cases that meet a condition. Rates and means are taken
// over the cases of one count (their base): a rate is the share of the base that also
// meets its own condition (so it never exceeds 1), and is null when the base is 0; a
// mean averages an expression over the base, and is null when the base is empty.
import { OVERDUE_SQL } from '../cases/read.ts';

export interface CountMeasure {
  key: string;
  kind: 'count';
  zh: string;
  en: string;
  /** SQL condition over a cohort row `c`. */
  where: string;
  definition: string;
}

export interface RateMeasure {
  key: string;
  kind: 'rate';
  zh: string;
  en: string;
  /** The count whose cases the rate is a share of. */
  of: CountKey;
  /** SQL condition a case of the base meets to count above the line. */
  where: string;
  definition: string;
}

export interface MeanMeasure {
  key: string;
  kind: 'mean';
  zh: string;
  en: string;
  unit: 'minutes' | 'hours' | 'points';
  /** The count whose cases are averaged. */
  of: CountKey;
  /** SQL expression over a cohort row `c`. */
  expr: string;
  definition: string;
}

export type Measure = CountMeasure | RateMeasure | MeanMeasure;

const COUNTS = {
  reported: {
    zh: '报告数', en: 'reported', where: 'true',
    definition: 'cases reported in the period, every report (linked duplicates included)',
  },
  valid: {
    zh: '有效报告数', en: 'valid reports', where: 'c.duplicate_of is null',
    definition: 'reported, less the reports linked as duplicates of an earlier open case',
  },
  registered: {
    zh: '立案数', en: 'registered', where: 'c.registered_at is not null',
    definition: 'registered (立案) by now: registered_at is set',
  },
  handled: {
    zh: '处置数', en: 'handled', where: 'c.handled_at is not null',
    definition: 'handled (处置 done) by now: handled_at is set; a case sent back for rework counts again once handled again',
  },
  closed: {
    zh: '结案数', en: 'closed', where: 'c.closed_at is not null',
    definition: 'closed (结案) by now: closed_at is set',
  },
  overdue_open: {
    zh: '当前超期未办结数', en: 'open and overdue now', where: OVERDUE_SQL,
    definition: 'open now and past the deadline it must meet next (response, progress report, handling or closing); measured at the time of the request, not at the end of the period',
  },
  responded: {
    zh: '响应数', en: 'responded', where: 'c.duplicate_of is null and c.responded_at is not null',
    definition: 'valid reports responded to (verified, cancelled or handled on the spot) by now: responded_at is set',
  },
  rated: {
    zh: '评价数', en: 'rated', where: 'c.satisfaction is not null',
    definition: 'cases the resident rated (satisfaction 1 to 5)',
  },
} as const satisfies Record<string, Omit<CountMeasure, 'key' | 'kind'>>;

export type CountKey = keyof typeof COUNTS;

const count = (key: CountKey): CountMeasure => ({ key, kind: 'count', ...COUNTS[key] });
const rate = (key: string, m: Omit<RateMeasure, 'key' | 'kind'>): RateMeasure => ({ key, kind: 'rate', ...m });
const mean = (key: string, m: Omit<MeanMeasure, 'key' | 'kind'>): MeanMeasure => ({ key, kind: 'mean', ...m });

/** Every measure, in the order of the JSON answer and the CSV columns. */
export const MEASURES: readonly Measure[] = [
  count('reported'),
  count('valid'),
  count('registered'),
  count('handled'),
  count('closed'),
  count('overdue_open'),
  rate('registration_rate', {
    zh: '立案率', en: 'registration rate', of: 'valid', where: 'c.registered_at is not null',
    definition: 'registered / valid reports',
  }),
  rate('on_time_handling_rate', {
    zh: '按期处置率', en: 'on-time handling rate', of: 'handled', where: 'c.handled_at <= c.handle_due',
    definition: 'handled with handled_at ≤ handle_due (the deadline as extended) / handled',
  }),
  rate('closure_rate', {
    zh: '结案率', en: 'closure rate', of: 'registered', where: 'c.closed_at is not null',
    definition: 'closed / registered',
  }),
  rate('on_time_closure_rate', {
    zh: '按期结案率', en: 'on-time closure rate', of: 'closed', where: 'c.closed_at <= c.close_due',
    definition: 'closed with closed_at ≤ close_due (the deadline as extended) / closed',
  }),
  rate('rework_rate', {
    zh: '返工率', en: 'rework rate', of: 'handled', where: 'c.rework_count > 0',
    definition: 'handled cases sent back for rework at least once (rework_count > 0) / handled',
  }),
  rate('repeat_rate', {
    zh: '重复问题率', en: 'repeat-problem rate', of: 'valid', where: 'c.repeat_of is not null',
    definition: 'valid reports of a problem that came back (a case of the same type closed within 50 m in the 30 days before the report) / valid reports',
  }),
  rate('extension_rate', {
    zh: '延期率', en: 'extension rate', of: 'registered', where: 'c.extension_count > 0',
    definition: 'registered cases with at least one approved extension (extension_count > 0) / registered',
  }),
  count('responded'),
  rate('on_time_response_rate', {
    zh: '按时响应率', en: 'on-time response rate', of: 'responded', where: 'c.responded_at <= c.respond_due',
    definition: 'responded with responded_at ≤ respond_due / responded',
  }),
  mean('avg_response_minutes', {
    zh: '平均响应时长（分钟）', en: 'average response time (minutes)', unit: 'minutes', of: 'responded',
    expr: 'extract(epoch from (c.responded_at - c.reported_at)) / 60',
    definition: 'mean of responded_at − reported_at over the responded, in minutes',
  }),
  mean('avg_handling_hours', {
    zh: '平均处置时长（小时）', en: 'average handling time (hours)', unit: 'hours', of: 'handled',
    expr: 'extract(epoch from (c.handled_at - c.registered_at)) / 3600',
    definition: 'mean of handled_at − registered_at over the handled, in hours',
  }),
  count('rated'),
  mean('avg_satisfaction', {
    zh: '平均满意度', en: 'average satisfaction', unit: 'points', of: 'rated', expr: 'c.satisfaction',
    definition: 'mean rating (1 to 5) over the rated',
  }),
  rate('satisfied_rate', {
    zh: '满意率（4–5分）', en: 'satisfied share (rated 4–5)', of: 'rated', where: 'c.satisfaction >= 4',
    definition: 'rated 4 or 5 / rated',
  }),
  rate('self_solved_rate', {
    zh: '社区内解决率', en: 'share solved inside the community', of: 'closed', where: "c.route = 'self'",
    definition: 'closed on the self route (solved on the spot by the grid team) / closed',
  }),
];

/** The base count's condition (rates and means are taken over its cases). */
export const countCondition = (key: CountKey): string => COUNTS[key].where;

/** Rates are rounded to 4 decimals, means to 2. */
export const DECIMALS: Record<Measure['kind'], number> = { count: 0, rate: 4, mean: 2 };

export const round = (x: number | null, decimals: number): number | null => {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
};
