// The events of the live feed (GET /api/events): what route code publishes, what a
// reader receives, and which reader may see which event. Events carry no personal
// data: a case event is built from a fixed list of columns of the case (never the
// reporter's name or phone, never the description), a whistle event from a fixed
// list of fields, whatever the publisher handed in.
import { CITY_WIDE_ROLES, type Principal } from '../auth/principal.ts';

export const CASE_EVENT_TYPES = ['case.created', 'case.updated', 'case.transition'] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/**
 * What route code publishes about a case: which case and what happened. The other
 * fields are read from the case's row in the same transaction just before it
 * commits, so the event shows the case as committed.
 */
export interface CasePublish {
  type: CaseEventType;
  case_id: number;
  /** The status before a transition (case.transition). */
  from_status?: string | null;
}

/** The fields of a whistle event (吹哨报到); the names are reserved for that work. */
export const WHISTLE_FIELDS = ['id', 'code', 'case_id', 'status', 'from_status', 'type_code', 'channel', 'grid_id', 'subgrid_id', 'street_id', 'lon', 'lat', 'due_at'] as const;
type WhistleField = (typeof WHISTLE_FIELDS)[number];

/** A whistle event as published: `type` is `whistle.<what>`; only WHISTLE_FIELDS travel. */
export type WhistlePublish = { type: `whistle.${string}`; id: number; grid_id: number | null } & Partial<Record<WhistleField, string | number | null>>;

/** The summary of a bulk import's cases past the per-row cap. */
export interface CasesImportedPublish {
  type: 'cases.imported';
  /** Cases imported and not announced one by one. */
  count: number;
  /** Of these, how many per grid (null: outside every grid). */
  by_grid: { grid_id: number | null; count: number }[];
}

/** Anything `publish(...)` takes. */
export type Publishable = CasePublish | WhistlePublish | CasesImportedPublish;

/** Records an event to publish when the current transaction commits. */
export type Publish = (event: Publishable) => void;

interface Stamped {
  /** The SSE event id: unique across processes and restarts (transaction id and a counter). */
  eid: string;
  /** When it was published (ISO 8601, UTC). */
  at: string;
}

export interface CaseFeedEvent extends Stamped {
  type: CaseEventType;
  id: number;
  code: string;
  type_code: string;
  status: string;
  from_status: string | null;
  channel: string;
  grid_id: number | null;
  subgrid_id: number | null;
  street_id: number | null;
  lon: number;
  lat: number;
}

export type CasesImportedEvent = CasesImportedPublish & Stamped;
export type WhistleFeedEvent = WhistlePublish & Stamped;
export type FeedEvent = CaseFeedEvent | CasesImportedEvent | WhistleFeedEvent;

export const isCasePublish = (e: Publishable): e is CasePublish => (CASE_EVENT_TYPES as readonly string[]).includes(e.type);
export const isWhistle = (e: { type: string }): e is WhistlePublish => e.type.startsWith('whistle.');

/** A whistle event stripped to its allowed fields (scalars only). */
export function cleanWhistle(e: WhistlePublish): WhistlePublish {
  const out: Record<string, unknown> = { type: e.type };
  for (const f of WHISTLE_FIELDS) {
    const v = (e as Record<string, unknown>)[f];
    if (v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) out[f] = v;
  }
  out.grid_id ??= null;
  return out as WhistlePublish;
}

/** Whether a principal reads the feed at all (the public does not). */
export function readsFeed(p: Principal): boolean {
  return CITY_WIDE_ROLES.includes(p.role) || p.role === 'grid_chief';
}

/**
 * The event as `p` may see it, or null: city-wide roles see everything; a grid chief
 * sees the events of their grids (an import summary cut down to their grids); an
 * event without a grid goes to city-wide readers only.
 */
export function visibleTo(p: Principal, e: FeedEvent): FeedEvent | null {
  if (CITY_WIDE_ROLES.includes(p.role)) return e;
  if (p.role !== 'grid_chief') return null;
  const mine = (g: number | null | undefined) => g != null && p.grids.includes(g);
  if (e.type === 'cases.imported') {
    const by_grid = e.by_grid.filter((g) => mine(g.grid_id));
    if (by_grid.length === 0) return null;
    return { ...e, by_grid, count: by_grid.reduce((s, g) => s + g.count, 0) };
  }
  return mine(e.grid_id) ? e : null;
}

/** Light check of an event heard from the database (a foreign NOTIFY on the channel is dropped). */
export function parseEvent(payload: string): FeedEvent | null {
  try {
    const e = JSON.parse(payload) as Partial<FeedEvent>;
    if (typeof e?.eid !== 'string' || typeof e.type !== 'string' || typeof e.at !== 'string') return null;
    return e as FeedEvent;
  } catch {
    return null;
  }
}
