// The bbox and datetime parameters of OGC API – Features items: what is accepted, what
// each refusal says.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { parseBbox, parseDatetime } from '../../../server/ogc/params.ts';

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('OGC bbox parameter', () => {
  it('reads 4 numbers, and 6 with heights (ignored)', () => {
    expect(parseBbox('111.9,27.7,112.1,27.8')).toMatchObject({ west: 111.9, south: 27.7, east: 112.1, north: 27.8, wkt: 'MULTIPOLYGON(((111.9 27.7,112.1 27.7,112.1 27.8,111.9 27.8,111.9 27.7)))' });
    expect(parseBbox('111.9,27.7,-10,112.1,27.8,300')).toMatchObject({ west: 111.9, south: 27.7, east: 112.1, north: 27.8 });
    expect(parseBbox('-180,-90,180,90').wkt).toBe('MULTIPOLYGON(((-180 -90,180 -90,180 90,-180 90,-180 -90)))');
  });

  it('splits a box across the antimeridian into two', () => {
    expect(parseBbox('170,-10,-170,10').wkt).toBe('MULTIPOLYGON(((170 -10,180 -10,180 10,170 10,170 -10)),((-180 -10,-170 -10,-170 10,-180 10,-180 -10)))');
  });

  it.each([
    ['1,2,3', /must be 4 numbers/],
    ['1,2,3,4,5', /must be 4 numbers/],
    ['', /must be 4 numbers/],
    ['1,2,,4', /finite numbers/],
    ['1,2,3,x', /finite numbers/],
    ['1,2,Infinity,4', /finite numbers/],
    ['1,NaN,3,4', /finite numbers/],
    ['-181,2,3,4', /longitudes must lie within -180..180/],
    ['1,2,181,4', /longitudes/],
    ['1,-91,3,4', /latitudes must lie within -90..90/],
    ['1,4,3,2', /south edge below its north edge/],
    ['1,2,5,3,4,0', /minimum height below its maximum/],
  ])('refuses bbox=%s with a reason', (raw, reason) => {
    const e = refusal(() => parseBbox(raw));
    expect(e.status).toBe(400);
    expect(e.code).toBe('invalid_query');
    expect(e.message).toMatch(reason);
    expect(e.message).toContain(`"${raw}"`);
    expect(e.details).toMatchObject({ problems: [{ in: 'query', path: '/bbox' }] });
  });
});

describe('OGC datetime parameter', () => {
  it('reads instants, dates (a whole UTC day) and intervals with open ends', () => {
    expect(parseDatetime('2026-05-01T08:00:00Z')).toEqual({ start: '2026-05-01T08:00:00Z', end: '2026-05-01T08:00:00Z' });
    expect(parseDatetime('2026-05-01t08:00:00.5+08:00')).toEqual({ start: '2026-05-01T08:00:00.5+08:00', end: '2026-05-01T08:00:00.5+08:00' });
    expect(parseDatetime('2026-05-01')).toEqual({ start: '2026-05-01T00:00:00Z', end: '2026-05-01T23:59:59.999999Z' });
    expect(parseDatetime('2026-01-01/2026-01-31')).toEqual({ start: '2026-01-01T00:00:00Z', end: '2026-01-31T23:59:59.999999Z' });
    expect(parseDatetime('../2026-01-31T00:00:00Z')).toEqual({ start: null, end: '2026-01-31T00:00:00Z' });
    expect(parseDatetime('2026-01-01T00:00:00Z/')).toEqual({ start: '2026-01-01T00:00:00Z', end: null });
    expect(parseDatetime('2024-02-29')).toMatchObject({ start: '2024-02-29T00:00:00Z' });
  });

  it.each([
    ['yesterday', /must be an RFC 3339 date-time/],
    ['2026-05-01T08:00:00', /must be an RFC 3339/],
    ['2026-5-1', /must be an RFC 3339/],
    ['2026-02-30', /impossible date/],
    ['2025-02-29', /impossible date/],
    ['2026-13-01T00:00:00Z', /impossible date or time/],
    ['2026-01-01T24:00:00Z', /impossible date or time/],
    ['2026-01-01T00:00:00+25:00', /impossible date or time/],
    ['../..', /at least one side/],
    ['/', /at least one side/],
    ['2026-01-01/2026-02-01/2026-03-01', /one interval/],
    ['2026-03-01/2026-02-01', /start before it ends/],
  ])('refuses datetime=%s with a reason', (raw, reason) => {
    const e = refusal(() => parseDatetime(raw));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(reason);
    expect(e.details).toMatchObject({ problems: [{ in: 'query', path: '/datetime' }] });
  });
});
