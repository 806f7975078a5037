// The code every new case gets: its local report day and a sequence number.
import { describe, expect, it } from 'vitest';
import { caseCode, caseCodeDay } from '../../../server/cases/rules.ts';

describe('case rules', () => {
  it('codes a case by its local (China Standard Time) report day', () => {
    expect(caseCodeDay(Date.parse('2026-06-30T15:59:59Z'))).toBe('20260630');
    expect(caseCodeDay(Date.parse('2026-06-30T16:00:00Z'))).toBe('20260701');
    expect(caseCode('20260701', 42)).toBe('20260701000042');
    expect(() => caseCode('20260701', 1_000_000)).toThrow(/outside 1\.\.999999/);
    expect(() => caseCode('20260701', 0)).toThrow();
  });
});
