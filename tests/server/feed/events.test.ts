// Who sees which feed event, whistle events stripped to their allowed fields, the
// replay ring, and the per-import cap with its summary.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../server/auth/principal.ts';
import { cleanWhistle, parseEvent, readsFeed, visibleTo, type FeedEvent, type Publishable } from '../../../server/feed/events.ts';
import { cappedPublish } from '../../../server/feed/import-cap.ts';
import { Ring } from '../../../server/feed/ring.ts';
import { formatEvent } from '../../../server/feed/sse.ts';

const who = (role: Principal['role'], grids: number[] = []): Principal => ({ userId: 1, username: role, role, grids });
const caseEvent = (grid: number | null, eid = `7-${grid}`): FeedEvent => ({
  eid, at: '2026-07-01T00:00:00.000Z', type: 'case.created', id: 1, code: '43130220260701', type_code: '01010101', status: 'reported',
  from_status: null, channel: 'wechat', grid_id: grid, subgrid_id: null, street_id: null, lon: 112, lat: 27.7,
});

describe('feed events', () => {
  it('lets city-wide roles see everything, a grid chief their grids only, the public nothing', () => {
    const e = caseEvent(3);
    for (const role of ['admin', 'planner', 'command', 'officer'] as const) expect(visibleTo(who(role), e)).toBe(e);
    expect(visibleTo(who('grid_chief', [3, 5]), e)).toBe(e);
    expect(visibleTo(who('grid_chief', [4]), e)).toBeNull();
    expect(visibleTo(who('grid_chief', [4]), caseEvent(null))).toBeNull();
    expect(visibleTo(who('public'), e)).toBeNull();
    expect(readsFeed(who('public'))).toBe(false);
    expect(readsFeed(who('grid_chief', [1]))).toBe(true);
  });

  it('cuts an import summary down to the chief\'s grids', () => {
    const s: FeedEvent = { eid: '9-1', at: 'x', type: 'cases.imported', count: 6, by_grid: [{ grid_id: 1, count: 2 }, { grid_id: 2, count: 3 }, { grid_id: null, count: 1 }] };
    expect(visibleTo(who('command'), s)).toBe(s);
    expect(visibleTo(who('grid_chief', [2]), s)).toMatchObject({ count: 3, by_grid: [{ grid_id: 2, count: 3 }] });
    expect(visibleTo(who('grid_chief', [7]), s)).toBeNull();
  });

  it('keeps only the allowed scalar fields of a whistle event', () => {
    const w = cleanWhistle({ type: 'whistle.raised', id: 4, grid_id: 2, status: 'open', reporter_phone: '13900000000', note: { x: 1 }, lon: Number.NaN } as never);
    expect(w).toEqual({ type: 'whistle.raised', id: 4, grid_id: 2, status: 'open' });
  });

  it('writes an event as SSE with its id, type and JSON data on one line each', () => {
    expect(formatEvent(caseEvent(3, '12-4'))).toMatch(/^id: 12-4\nevent: case\.created\ndata: \{[^\n]*\}\n\n$/);
    expect(formatEvent(caseEvent(3, '12-4'))).not.toContain('"eid"');
  });

  it('reads only well-formed events from a notification', () => {
    expect(parseEvent(JSON.stringify(caseEvent(1)))).toMatchObject({ type: 'case.created' });
    expect(parseEvent('garbage')).toBeNull();
    expect(parseEvent('{"type":"case.created"}')).toBeNull();
    expect(parseEvent('null')).toBeNull();
  });

  it('replays from a held id, says null for an unknown or evicted one', () => {
    const ring = new Ring<{ eid: string }>(3);
    for (const eid of ['a', 'b', 'c', 'd', 'e']) ring.push({ eid });
    expect(ring.after('c')!.map((e) => e.eid)).toEqual(['d', 'e']);
    expect(ring.after('e')).toEqual([]);
    expect(ring.after('b')).toBeNull();
    expect(ring.after('zz')).toBeNull();
    for (let i = 0; i < 100; i++) ring.push({ eid: `x${i}` });
    expect(ring.length).toBe(3);
    expect(ring.after('x97')!.map((e) => e.eid)).toEqual(['x98', 'x99']);
    expect(ring.after('x96')).toBeNull();
    ring.clear();
    expect(ring.after('x99')).toBeNull();
    const none = new Ring<{ eid: string }>(0);
    none.push({ eid: 'a' });
    expect(none.after('a')).toBeNull();
  });

  it('passes the first `cap` new cases of an import and summarises the rest by grid', async () => {
    const out: Publishable[] = [];
    const capped = cappedPublish((e) => out.push(e), 2);
    for (let id = 1; id <= 5; id++) capped.publish({ type: 'case.created', case_id: id });
    capped.publish({ type: 'whistle.raised', id: 1, grid_id: 1 });
    expect(out.map((e) => e.type)).toEqual(['case.created', 'case.created', 'whistle.raised']);
    const tx = {
      query: async (_sql: string, params?: readonly unknown[]) => {
        expect(params).toEqual([[3, 4, 5]]);
        return { rows: [{ grid_id: 1, n: 2 }, { grid_id: null, n: 1 }], rowCount: 2 };
      },
      exec: async () => {},
    };
    await capped.finish(tx as never);
    expect(out.at(-1)).toEqual({ type: 'cases.imported', count: 3, by_grid: [{ grid_id: 1, count: 2 }, { grid_id: null, count: 1 }] });
    const quiet: Publishable[] = [];
    const small = cappedPublish((e) => quiet.push(e), 10);
    small.publish({ type: 'case.created', case_id: 1 });
    await small.finish(tx as never);
    expect(quiet).toHaveLength(1);
  });
});
