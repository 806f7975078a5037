// The live feed of a process: how events leave a writing transaction and reach every
// reader, on both backends.
//
//  - Server (DATABASE_URL): `stage` sends each event with pg_notify inside the writing
//    transaction, so PostgreSQL delivers it only if and when that transaction commits,
//    to every server process listening (each has one dedicated LISTEN connection that
//    reconnects by itself, see listener.ts). The writer hears its own events that way.
//  - Embedded: one process, one connection; `committed` hands the staged events to the
//    in-process bus after the commit.
//
// Every process keeps the last events it delivered (ring.ts) for clients that come
// back with Last-Event-ID. Route code never calls this directly: it calls
// `publish(...)` (server/http/route.ts), and mount stages and delivers.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/types.ts';
import type { ServerDb } from '../db/server.ts';
import { parseEvent, type FeedEvent, type Publishable } from './events.ts';
import { PgListener } from './listener.ts';
import { Ring } from './ring.ts';
import { stageEvents } from './stage.ts';

/** The NOTIFY channel of the feed. */
export const FEED_CHANNEL = 'gridcity_feed';
/** pg_notify refuses payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7900;

/** What a subscriber hears: an event, or that events may have been missed (reload). */
export type FeedSignal = { kind: 'event'; event: FeedEvent } | { kind: 'gap' };

export interface FeedOptions {
  replay: number;
  connectionTimeoutMs: number;
}

export class Feed {
  private readonly bus = new EventEmitter();
  private readonly ring: Ring<FeedEvent>;
  private seq = 0;
  private readonly listener: PgListener | null;

  constructor(db: Db, private readonly logger: Logger, private readonly options: FeedOptions) {
    this.bus.setMaxListeners(0);
    this.ring = new Ring(options.replay);
    const url = db.kind === 'server' ? (db as ServerDb).connectionString : undefined;
    this.listener = url
      ? new PgListener({
        connectionString: url,
        channel: FEED_CHANNEL,
        logger,
        connectionTimeoutMs: options.connectionTimeoutMs,
        onNotify: (payload) => {
          const e = parseEvent(payload);
          if (e) this.deliver(e);
          else logger.warn({ bytes: payload.length }, `feed: ignored a notification on ${FEED_CHANNEL} that is not a feed event`);
        },
        onGap: () => this.gap(),
      })
      : null;
  }

  /** Whether events travel through LISTEN/NOTIFY (server) or the in-process bus (embedded). */
  get transport(): 'notify' | 'local' {
    return this.listener ? 'notify' : 'local';
  }

  /** The listening connection (server backend), for diagnostics and tests. */
  get pgListener(): PgListener | null {
    return this.listener;
  }

  /** Starts listening (server backend; idempotent). */
  start(): void {
    this.listener?.start();
  }

  /** Resolves true once events can be heard (at once on the embedded store). */
  async ready(timeoutMs = this.options.connectionTimeoutMs): Promise<boolean> {
    if (!this.listener) return true;
    this.listener.start();
    return this.listener.ready(timeoutMs);
  }

  async close(): Promise<void> {
    await this.listener?.close();
    this.bus.removeAllListeners();
  }

  /**
   * Inside the writing transaction, just before it commits: builds the events of
   * `inputs` and, on the server, sends them with pg_notify. Returns them for
   * `committed`.
   */
  async stage(tx: Queryable, inputs: readonly Publishable[]): Promise<FeedEvent[]> {
    const events = await stageEvents(tx, inputs, () => ++this.seq);
    if (this.listener && events.length) {
      const payloads = events.map((e) => fitPayload(e, this.logger)).filter((p): p is string => p !== null);
      await tx.query('select count(pg_notify($1, p)) from unnest($2::text[]) as p', [FEED_CHANNEL, payloads]);
    }
    return events;
  }

  /** After the commit of the transaction that staged `events`. */
  committed(events: readonly FeedEvent[]): void {
    if (this.listener) return; // they come back through LISTEN
    for (const e of events) this.deliver(e);
  }

  /**
   * Listens to every event (and gaps). Take `since` and subscribe in the same tick
   * so nothing falls between the replay and the live events.
   */
  subscribe(fn: (s: FeedSignal) => void): () => void {
    this.start();
    this.bus.on('signal', fn);
    return () => {
      this.bus.off('signal', fn);
    };
  }

  /** Events delivered after `eid`, or null when it is not held any more (see Ring.after). */
  since(eid: string): FeedEvent[] | null {
    return this.ring.after(eid);
  }

  /** Subscribers right now (a closed stream must leave none behind). */
  get subscribers(): number {
    return this.bus.listenerCount('signal');
  }

  private deliver(e: FeedEvent): void {
    this.ring.push(e);
    this.bus.emit('signal', { kind: 'event', event: e } satisfies FeedSignal);
  }

  private gap(): void {
    this.ring.clear();
    this.bus.emit('signal', { kind: 'gap' } satisfies FeedSignal);
  }
}

/** The JSON of an event, within pg_notify's limit (a long import summary loses its grid detail). */
function fitPayload(e: FeedEvent, logger: Logger): string | null {
  const json = JSON.stringify(e);
  if (Buffer.byteLength(json) <= MAX_PAYLOAD) return json;
  if (e.type === 'cases.imported') {
    // Only city-wide readers see an import summary without grids.
    return JSON.stringify({ ...e, by_grid: [{ grid_id: null, count: e.count }] });
  }
  logger.error({ type: e.type, eid: e.eid, bytes: json.length }, 'feed: event too large for pg_notify; dropped');
  return null;
}
