// The filters of GET requests: ids override everything, lists comma delimited or
// repeated, the 90-day window and its defaults, and refusals naming the parameter.
import { describe, expect, it } from 'vitest';
import { requestFilter } from '../../../server/open311/query.ts';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const DAY = 86_400_000;

describe('the GET requests query', () => {
  it('defaults to the last 90 days, open and closed, at most 1000', () => {
    expect(requestFilter({}, NOW)).toEqual({ codes: null, types: null, from: new Date(NOW - 90 * DAY), to: null, open: null, limit: 1000 });
  });

  it('lets service_request_id override every other filter', () => {
    const f = requestFilter({ service_request_id: ['20260601000001, 20260601000002', '20260601000001'], status: ['open'], start_date: '2020-01-01' }, NOW);
    expect(f).toEqual({ codes: ['20260601000001', '20260601000002'], types: null, from: null, to: null, open: null, limit: 1000 });
  });

  it('reads service codes and statuses comma delimited or repeated', () => {
    const f = requestFilter({ service_code: ['01010101,01010102', '01010101'], status: ['open'] }, NOW);
    expect(f.types).toEqual(['01010101', '01010102']);
    expect(f.open).toBe(true);
    expect(requestFilter({ status: ['closed'] }, NOW).open).toBe(false);
    expect(requestFilter({ status: ['open,closed'] }, NOW).open).toBeNull();
  });

  it('spans 90 days from the one date given; includes an end date-time, and a whole end day', () => {
    const start = requestFilter({ start_date: '2026-01-01T00:00:00Z' }, NOW);
    expect([start.from, start.to]).toEqual([new Date('2026-01-01T00:00:00Z'), new Date(Date.parse('2026-01-01T00:00:00Z') + 90 * DAY)]);
    const end = requestFilter({ end_date: '2026-06-30T00:00:00+08:00' }, NOW);
    expect(end.to!.getTime() - end.from!.getTime()).toBe(90 * DAY);
    expect(end.to).toEqual(new Date(Date.parse('2026-06-29T16:00:00Z') + 1));
    const days = requestFilter({ start_date: '2026-04-01', end_date: '2026-06-29' }, NOW);
    expect([days.from, days.to]).toEqual([new Date('2026-04-01T00:00:00+08:00'), new Date('2026-06-30T00:00:00+08:00')]);
  });

  it('refuses what it cannot read, naming the parameter', () => {
    const cases: [Parameters<typeof requestFilter>[0], RegExp][] = [
      [{ start_date: '2026-01-01', end_date: '2026-06-01' }, /end_date may not be more than 90 days after start_date/],
      [{ start_date: '2026-06-02', end_date: '2026-06-01' }, /end_date must be after start_date/],
      [{ start_date: 'yesterday' }, /start_date must be a date/],
      [{ start_date: '2026-06-01T00:00:00' }, /start_date must be a date .* with a time zone/],
      [{ status: ['pending'] }, /status has "pending"; allowed: open, closed/],
      [{ service_code: ['0101'] }, /service_code has "0101": a service code has 8 digits/],
      [{ service_request_id: ['42'] }, /service_request_id has "42": a service request id is the 14-digit case code/],
    ];
    for (const [q, message] of cases) expect(() => requestFilter(q, NOW), JSON.stringify(q)).toThrow(message);
  });
});
