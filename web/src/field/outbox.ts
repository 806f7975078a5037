// A field report on its way to the server, and the rules for getting it there once:
// every report goes through the outbox (online or not), is sent step by step — the
// case (with the report's id as Idempotency-Key), its photo (the same, suffixed), the
// on-the-spot handling — and each step is safe to repeat, so a retry after a lost
// answer never makes a second case. Failures the network or a busy server cause are
// retried with backoff; a refusal with a reason (4xx) stops and is shown.
import { ApiError } from '../api/client.ts';

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';
export type OutboxStep = 'case' | 'photo' | 'handle' | 'done';

export interface OutboxItem {
  /** Made on the device; the server's Idempotency-Key for the case. */
  id: string;
  /** The account that made it (only its owner's reports are sent with its token). */
  user: string;
  createdAt: string;
  typeCode: string;
  typeName: string;
  channel: string;
  lon: number;
  lat: number;
  description: string;
  /** A JPEG data URL, made small on the device. */
  photo: string | null;
  /** Where the server keeps the photo, once sent. */
  photoUrl: string | null;
  selfHandle: boolean;
  state: OutboxState;
  step: OutboxStep;
  caseId: number | null;
  caseCode: string | null;
  /** The case it was linked to as a duplicate, if the server found one. */
  mergedInto: string | null;
  attempts: number;
  /** Not before (epoch ms). */
  nextAt: number;
  error: string | null;
}

/** A fresh report id: a UUID (random values work outside secure contexts too). */
export function newReportId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const BASE_MS = 2_000;
const MAX_MS = 60_000;

/** Wait before try `attempts + 1`: doubling from 2 s up to a minute, with ±20 % jitter so devices do not retry in step. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(MAX_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Whether a failed send is worth repeating (no connection, a busy or restarting server, the key still being written). */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return true; // fetch's TypeError: no connection
  if (err.status >= 500 || err.status === 408 || err.status === 429 || err.status === 401) return true;
  return err.status === 409 && err.code === 'idempotency_key_in_use';
}

/** The item after a failed try. */
export function afterFailure(item: OutboxItem, err: unknown, now = Date.now()): OutboxItem {
  const attempts = item.attempts + 1;
  const message = err instanceof Error ? err.message : String(err);
  if (!isTransient(err)) return { ...item, state: 'failed', attempts, error: message };
  return { ...item, state: 'queued', attempts, nextAt: now + backoffMs(attempts), error: message };
}

/** Items of this user that may be tried now (all queued ones when `force`). */
export function dueItems(items: readonly OutboxItem[], user: string, now: number, force = false): OutboxItem[] {
  return items.filter((i) => i.user === user && i.state === 'queued' && (force || i.nextAt <= now)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
