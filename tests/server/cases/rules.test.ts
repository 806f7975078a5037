// The rules every new case follows: the code of its report day, the 30-minute
// response deadline and the handling and closing deadlines by complexity.
import { describe, expect, it } from 'vitest';
import { caseCode, caseCodeDay, caseDeadlines, RESPONSE_MINUTES } from '../../../server/cases/rules.ts';

describe('case rules', () => {
  it('codes a case by its local (China Standard Time) report day', () => {
    expect(caseCodeDay(Date.parse('2026-06-30T15:59:59Z'))).toBe('20260630');
    expect(caseCodeDay(Date.parse('2026-06-30T16:00:00Z'))).toBe('20260701');
    expect(caseCode('20260701', 42)).toBe('20260701000042');
    expect(() => caseCode('20260701', 1_000_000)).toThrow(/outside 1\.\.999999/);
    expect(() => caseCode('20260701', 0)).toThrow();
  });

  it('sets the response deadline 30 minutes after the report, whatever the type', () => {
    const at = Date.parse('2026-06-05T10:00:00+08:00');
    for (const c of ['simple', 'complex', 'complaint'] as const) expect(caseDeadlines(at, c).respondDue - at).toBe(RESPONSE_MINUTES * 60_000);
  });

  it('gives simple problems 24 hours, complaints 72, complex ones 3 working days to handle and 15 to close', () => {
    const friday = Date.parse('2026-06-05T10:00:00+08:00');
    expect(caseDeadlines(friday, 'simple')).toMatchObject({ handleDue: friday + 24 * 3_600_000, closeDue: friday + 24 * 3_600_000 });
    expect(caseDeadlines(friday, 'complaint').handleDue).toBe(friday + 72 * 3_600_000);
    const complex = caseDeadlines(friday, 'complex');
    expect(new Date(complex.handleDue).toISOString()).toBe('2026-06-10T02:00:00.000Z'); // Wednesday 10:00 local
    expect(new Date(complex.closeDue).toISOString()).toBe('2026-06-26T02:00:00.000Z'); // three weeks on, Friday 10:00
    const holiday = caseDeadlines(friday, 'complex', { holidays: new Set(['2026-06-08']) });
    expect(new Date(holiday.handleDue).toISOString()).toBe('2026-06-11T02:00:00.000Z');
  });
});
