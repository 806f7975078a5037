// Hours of the day and days of the week from a query: lists, inclusive ranges, ranges
// across midnight (or Sunday to Monday), and refusals that name the parameter.
import { describe, expect, it } from 'vitest';
import { parseHours, parseWeekdays } from '../../../server/cases/local-time.ts';

describe('local hours and days of the week', () => {
  it('reads lists and inclusive ranges, wrapping round midnight', () => {
    expect(parseHours(undefined)).toBeNull();
    expect(parseHours('18-22')).toEqual([18, 19, 20, 21, 22]);
    expect(parseHours('7,8,17,18')).toEqual([7, 8, 17, 18]);
    expect(parseHours('22-2')).toEqual([0, 1, 2, 22, 23]);
    expect(parseHours(' 9 , 7-8,8 ')).toEqual([7, 8, 9]);
    expect(parseHours('5-5')).toEqual([5]);
    expect(parseHours('0-23')).toHaveLength(24);
    expect(parseHours('23-22')).toHaveLength(24);
    expect(parseHours('07')).toEqual([7]);
  });

  it('reads days of the week, 1 = Monday, wrapping round the week', () => {
    expect(parseWeekdays(undefined)).toBeNull();
    expect(parseWeekdays('1,2,3')).toEqual([1, 2, 3]);
    expect(parseWeekdays('1-5')).toEqual([1, 2, 3, 4, 5]);
    expect(parseWeekdays('6-1')).toEqual([1, 6, 7]);
  });

  it('refuses values off the clock or the week, and words, with the parameter named', () => {
    const refusals: [() => unknown, RegExp][] = [
      [() => parseHours('25'), /^hours has 25; hours run from 0 to 23$/],
      [() => parseHours('20-24'), /^hours has 24;/],
      [() => parseHours('-1'), /^hours has "-1"; give hours 0-23 or ranges like 18-22/],
      [() => parseHours('6pm'), /^hours has "6pm"/],
      [() => parseHours('1-2-3'), /^hours has "1-2-3"/],
      [() => parseHours(' , '), /^hours must list at least one hour/],
      [() => parseWeekdays('8'), /^dow has 8; days run from 1 to 7$/],
      [() => parseWeekdays('0-3'), /^dow has 0;/],
      [() => parseWeekdays('mon'), /^dow has "mon"; give days 1-7 or ranges like 1-5 \(1 = Monday, 7 = Sunday\)/],
    ];
    for (const [fn, message] of refusals) {
      expect(fn).toThrow(message);
      try {
        fn();
      } catch (err) {
        expect(err).toMatchObject({ status: 400, code: 'invalid_query' });
      }
    }
  });
});
