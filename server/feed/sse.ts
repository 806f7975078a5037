// One server-sent-events stream of the live feed to one reader: the `retry:` hint,
// the events the reader missed (Last-Event-ID), then live events filtered to what
// the reader may see, each with its id; heartbeat comments so proxies keep the
// connection open; the stream ends when the token expires or the account is
// disabled, when the client is too slow to keep up, or when the client goes. Nothing
// is left behind: the subscription and the timers go with the connection.
import type { RouterContext } from '@koa/router';
import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';
import { visibleTo, type FeedEvent } from './events.ts';
import type { Feed, FeedSignal } from './feed.ts';

export const SSE_TYPE = 'text/event-stream';
/** What a browser's EventSource waits before it reconnects. */
export const RETRY_MS = 3_000;
/** A client this far behind (bytes not yet taken by its socket) is dropped; it reconnects and replays. */
const MAX_BACKLOG = 1024 * 1024;

export interface StreamOptions {
  feed: Feed;
  principal: Principal;
  /** The principal as it is now (account disabled: throws; grids changed: new scope). */
  refresh: () => Promise<Principal>;
  /** Last-Event-ID (header or query), if the client is resuming. */
  lastEventId: string | undefined;
  tokenExpiresAt: Date | null;
  heartbeatMs: number;
  onClose: () => void;
}

/** The wire form of one event; its data is the event without the id (that is the SSE id). */
export function formatEvent(e: FeedEvent): string {
  const { eid, ...data } = e;
  return `id: ${eid}\nevent: ${e.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A control event without an id (the client's last id stays the last real event's). */
const control = (type: string, data: Record<string, unknown>) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

/** Answers `ctx` with a live event stream. Returns at once; the stream runs until either side ends it. */
export function openEventStream(ctx: RouterContext, o: StreamOptions): void {
  const { feed } = o;
  let principal = o.principal;
  const res = ctx.res;
  const socket = ctx.req.socket;
  socket.setTimeout(0);
  socket.setNoDelay(true);
  socket.setKeepAlive(true);
  ctx.status = 200;
  ctx.type = `${SSE_TYPE}; charset=utf-8`;
  ctx.set('Cache-Control', 'no-cache, no-store, no-transform');
  ctx.set('Connection', 'keep-alive');
  // nginx and similar proxies: do not buffer this response.
  ctx.set('X-Accel-Buffering', 'no');
  // Written straight to the socket, not through Koa's body pipeline: nothing in between
  // buffers it, and a client going away is the normal end, not an error to report.
  ctx.respond = false;
  res.flushHeaders();

  let closed = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  const close = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
    o.onClose();
  };
  const write = (text: string) => {
    if (closed) return;
    res.write(text);
    if (res.writableLength > MAX_BACKLOG) {
      // Too slow: drop it rather than hold an ever-growing buffer.
      close();
      res.destroy();
    }
  };
  const send = (e: FeedEvent) => {
    const seen = visibleTo(principal, e);
    if (seen) write(formatEvent(seen));
  };
  const finish = (type: string, data: Record<string, unknown>) => {
    write(control(type, data));
    close();
  };

  ctx.req.once('close', close);
  res.once('close', close);
  res.once('error', close);

  write(`retry: ${RETRY_MS}\n: gridcity live feed for ${principal.username} (${principal.role})\n\n`);
  // Replay and subscription in the same tick: no event can fall between them.
  if (o.lastEventId) {
    const missed = feed.since(o.lastEventId);
    if (missed) for (const e of missed) send(e);
    else write(control('reset', { reason: 'missed', message: 'events since your Last-Event-ID are no longer held; reload what you show' }));
  }
  unsubscribe = feed.subscribe((s: FeedSignal) => {
    if (s.kind === 'event') send(s.event);
    else write(control('reset', { reason: 'gap', message: 'the server lost its database connection for a moment; reload what you show' }));
  });

  const beat = () => {
    write(`: ping ${new Date().toISOString()}\n\n`);
    o.refresh().then((p) => {
      principal = p;
    }, (err: unknown) => {
      // A database hiccup keeps the scope it had; a disabled account ends the stream.
      if (err instanceof AppError && err.status === 401) finish('expired', { reason: 'account', message: 'the account is disabled or gone; sign in again' });
    });
    if (!closed) timers[0] = setTimeout(beat, o.heartbeatMs);
  };
  timers[0] = setTimeout(beat, o.heartbeatMs);
  if (o.tokenExpiresAt) {
    const ms = Math.max(0, o.tokenExpiresAt.getTime() - Date.now());
    // setTimeout holds at most ~24.8 days; tokens live far shorter.
    timers[1] = setTimeout(() => finish('expired', { reason: 'token', message: 'the token has expired; sign in again and reconnect with last_event_id' }), Math.min(ms, 2 ** 31 - 1));
  }
}
