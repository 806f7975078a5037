// The outbox's rules without a browser: the backoff between tries, which failures are
// retried and which stop, and which reports are due.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../web/src/api/client.ts';
import { afterFailure, backoffMs, dueItems, isTransient, newReportId, type OutboxItem } from '../../../web/src/field/outbox.ts';

const item = (extra: Partial<OutboxItem> = {}): OutboxItem => ({
  id: newReportId(), user: 'chief01', createdAt: '2026-12-07T08:00:00.000Z', typeCode: '01010101', typeName: '暴露垃圾', channel: 'grid_patrol',
  lon: 112, lat: 27.7, description: 'x', photo: null, photoUrl: null, selfHandle: false, state: 'queued', step: 'case',
  caseId: null, caseCode: null, mergedInto: null, attempts: 0, nextAt: 0, error: null, ...extra,
});

describe('field outbox rules', () => {
  it('makes distinct version-4 UUIDs (the Idempotency-Key)', () => {
    const ids = new Set(Array.from({ length: 1000 }, newReportId));
    expect(ids.size).toBe(1000);
    for (const id of [...ids].slice(0, 20)) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('backs off from 2 s, doubling, to at most a minute, within ±20 %', () => {
    expect(backoffMs(1, () => 0.5)).toBe(2_000);
    expect(backoffMs(2, () => 0.5)).toBe(4_000);
    expect(backoffMs(5, () => 0.5)).toBe(32_000);
    expect(backoffMs(6, () => 0.5)).toBe(60_000);
    expect(backoffMs(40, () => 0.5)).toBe(60_000);
    expect(backoffMs(1, () => 0)).toBe(1_600);
    expect(backoffMs(1, () => 0.9999)).toBeLessThanOrEqual(2_400);
  });

  it('retries what the network or a busy server caused, stops on a refusal with a reason', () => {
    expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
    expect(isTransient(new ApiError(503, 'unavailable', 'busy'))).toBe(true);
    expect(isTransient(new ApiError(429, 'rate_limited', 'slow down'))).toBe(true);
    expect(isTransient(new ApiError(401, 'unauthorized', 'sign in'))).toBe(true);
    expect(isTransient(new ApiError(409, 'idempotency_key_in_use', 'again'))).toBe(true);
    expect(isTransient(new ApiError(409, 'illegal_transition', 'no'))).toBe(false);
    expect(isTransient(new ApiError(422, 'invalid_reference', 'bad type'))).toBe(false);
    expect(isTransient(new ApiError(403, 'outside_scope', 'not your grid'))).toBe(false);
    const later = afterFailure(item(), new TypeError('Failed to fetch'), 1_000);
    expect(later).toMatchObject({ state: 'queued', attempts: 1, error: 'Failed to fetch' });
    expect(later.nextAt).toBeGreaterThanOrEqual(1_000 + 1_600);
    expect(afterFailure(item({ attempts: 2 }), new ApiError(422, 'invalid_reference', 'bad type'))).toMatchObject({ state: 'failed', attempts: 3, error: 'bad type' });
  });

  it('sends the queued reports of this user that are due, oldest first', () => {
    const a = item({ createdAt: '2026-12-07T08:02:00.000Z' });
    const b = item({ createdAt: '2026-12-07T08:01:00.000Z' });
    const waiting = item({ nextAt: 5_000 });
    const other = item({ user: 'chief02' });
    const sent = item({ state: 'sent' });
    const failed = item({ state: 'failed' });
    expect(dueItems([a, b, waiting, other, sent, failed], 'chief01', 1_000).map((i) => i.id)).toEqual([b.id, a.id]);
    expect(dueItems([a, waiting], 'chief01', 1_000, true).map((i) => i.id)).toContain(waiting.id);
  });
});
