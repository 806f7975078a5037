import { describe, expect, it } from 'vitest';
import { kpiPeriods } from '../../../server/kpis/period.ts';
import { AppError } from '../../../server/errors.ts';

// 2026-11-20 01:30 CST is still 19 November in UTC.
const NOW = Date.parse('2026-11-20T01:30:00+08:00');

const refusal = (q: { from?: string; to?: string }) => {
  try {
    kpiPeriods(q, NOW);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return { status: (err as AppError).status, message: (err as AppError).message };
  }
  throw new Error('no refusal');
};

describe('KPI periods (China Standard Time)', () => {
  it('defaults to the 30 days ending yesterday in CST, and the 30 days before', () => {
    const { current, previous } = kpiPeriods({}, NOW);
    // 21 October to 19 November: 11 + 19 days.
    expect(current).toMatchObject({ from: '2026-10-21', to: '2026-11-19', days: 30 });
    expect(previous).toMatchObject({ from: '2026-09-21', to: '2026-10-20', days: 30 });
  });

  it('covers whole CST days: from 00:00 of from to 24:00 of to', () => {
    const { current, previous } = kpiPeriods({ from: '2020-03-01', to: '2020-03-31' }, NOW);
    expect(current.start.toISOString()).toBe('2020-02-29T16:00:00.000Z');
    expect(current.end.toISOString()).toBe('2020-03-31T16:00:00.000Z');
    // 31 days before 1 March 2020 (a leap year): 30 January to 29 February.
    expect(previous).toMatchObject({ from: '2020-01-30', to: '2020-02-29', days: 31 });
    expect(previous.end.toISOString()).toBe(current.start.toISOString());
  });

  it('takes one day, and fills a missing end', () => {
    expect(kpiPeriods({ from: '2026-05-01', to: '2026-05-01' }, NOW).current.days).toBe(1);
    expect(kpiPeriods({ to: '2026-05-31' }, NOW).current).toMatchObject({ from: '2026-05-02', days: 30 });
    expect(kpiPeriods({ from: '2026-11-01' }, NOW).current).toMatchObject({ to: '2026-11-19', days: 19 });
  });

  it('allows three years and refuses more', () => {
    expect(kpiPeriods({ from: '2023-01-01', to: '2025-12-31' }, NOW).current.days).toBe(1096);
    expect(refusal({ from: '2023-01-01', to: '2026-01-01' })).toEqual({ status: 400, message: expect.stringMatching(/spans 1097 days; a report covers at most 1096 days/) });
  });

  it('refuses a to before from, and dates that do not exist', () => {
    expect(refusal({ from: '2026-05-02', to: '2026-05-01' }).message).toMatch(/to 2026-05-01 is before from 2026-05-02/);
    expect(refusal({ from: '2026-02-29' }).message).toMatch(/from must be a calendar date/);
    expect(refusal({ to: '2026-13-01' }).message).toMatch(/to must be a calendar date/);
  });
});
