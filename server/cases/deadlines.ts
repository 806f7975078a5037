// Case deadlines from rules that are data (deadline_rules, calendar_days): respond
// within minutes of the report; handle and close within hours or working days of
// registration (立案); complex cases report progress within working days. A case
// takes the rule of the longest matching type prefix, else its complexity's default.
import type { Queryable } from '../db/types.ts';
import { addWorkingDays, type WorkCalendar } from './calendar.ts';

export type CaseComplexity = 'simple' | 'complex' | 'complaint';
export type SpanUnit = 'hours' | 'working_days';

export interface Span {
  amount: number;
  unit: SpanUnit;
}

export interface DeadlineRule {
  respondMinutes: number;
  /** Working days to the first progress report (complex cases), or null. */
  progressDays: number | null;
  handle: Span;
  close: Span;
}

export interface DeadlineRules {
  byComplexity: Record<CaseComplexity, DeadlineRule>;
  /** Overrides by case type or category code. */
  byType: ReadonlyMap<string, DeadlineRule>;
}

export interface WorkDeadlines {
  handleDue: number;
  closeDue: number;
  progressDue: number | null;
}

const HOUR_MS = 3_600_000;

/** The rule for a case type: the longest matching type prefix, else the complexity's. */
export function ruleFor(rules: DeadlineRules, typeCode: string, complexity: CaseComplexity): DeadlineRule {
  for (let n = typeCode.length; n >= 2; n -= 2) {
    const r = rules.byType.get(typeCode.slice(0, n));
    if (r) return r;
  }
  return rules.byComplexity[complexity];
}

/** `amount` hours, or working days (same local time on the n-th following working day), after `fromMs`. */
export function addSpan(fromMs: number, span: Span, calendar: WorkCalendar = {}): number {
  return span.unit === 'hours' ? fromMs + span.amount * HOUR_MS : addWorkingDays(new Date(fromMs), span.amount, calendar).getTime();
}

export function respondDue(reportedMs: number, rule: DeadlineRule): number {
  return reportedMs + rule.respondMinutes * 60_000;
}

/** Handling, closing and progress deadlines of a case registered at `registeredMs`. */
export function workDeadlines(registeredMs: number, rule: DeadlineRule, calendar: WorkCalendar = {}): WorkDeadlines {
  return {
    handleDue: addSpan(registeredMs, rule.handle, calendar),
    closeDue: addSpan(registeredMs, rule.close, calendar),
    progressDue: rule.progressDays === null ? null : addSpan(registeredMs, { amount: rule.progressDays, unit: 'working_days' }, calendar),
  };
}

interface RuleRow {
  complexity: CaseComplexity | null;
  type_prefix: string | null;
  respond_minutes: number;
  progress_days: number | null;
  handle_amount: number;
  handle_unit: SpanUnit;
  close_amount: number;
  close_unit: SpanUnit;
}

const toRule = (r: RuleRow): DeadlineRule => ({
  respondMinutes: r.respond_minutes,
  progressDays: r.progress_days,
  handle: { amount: r.handle_amount, unit: r.handle_unit },
  close: { amount: r.close_amount, unit: r.close_unit },
});

export async function loadDeadlineRules(q: Queryable): Promise<DeadlineRules> {
  const rows = (await q.query<RuleRow>('select * from deadline_rules')).rows;
  const byComplexity = {} as Record<CaseComplexity, DeadlineRule>;
  const byType = new Map<string, DeadlineRule>();
  for (const r of rows) {
    if (r.complexity) byComplexity[r.complexity] = toRule(r);
    else if (r.type_prefix) byType.set(r.type_prefix, toRule(r));
  }
  for (const c of ['simple', 'complex', 'complaint'] as const) {
    if (!byComplexity[c]) throw new Error(`deadline_rules has no default rule for ${c} cases`);
  }
  return { byComplexity, byType };
}

export async function loadCalendar(q: Queryable): Promise<WorkCalendar> {
  const rows = (await q.query<{ day: string; kind: 'holiday' | 'workday' }>(`select to_char(day, 'YYYY-MM-DD') as day, kind from calendar_days`)).rows;
  return {
    holidays: new Set(rows.filter((r) => r.kind === 'holiday').map((r) => r.day)),
    workdays: new Set(rows.filter((r) => r.kind === 'workday').map((r) => r.day)),
  };
}
