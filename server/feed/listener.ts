// A dedicated connection that LISTENs on a channel of a PostgreSQL server and hands
// every notification on. It is not a pool client: it stays open for the life of the
// process. When it is lost (database restart, network, an administrator ending it)
// it reconnects by itself with exponential backoff and jitter, logs the loss and the
// recovery, and reports the gap: notifications sent while it was away are gone.
import pg from 'pg';
import type { Logger } from 'pino';

export interface ListenerOptions {
  connectionString: string;
  channel: string;
  logger: Logger;
  onNotify(payload: string): void;
  /** Called after a reconnect: what was sent in between was missed. */
  onGap(): void;
  connectionTimeoutMs?: number;
  /** First and longest wait between reconnect attempts. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Every so often a `select 1` proves the connection alive (a silent network loss). */
  pingMs?: number;
}

export type ListenerState = 'idle' | 'connecting' | 'listening' | 'waiting' | 'closed';

export class PgListener {
  private client: pg.Client | null = null;
  private stateValue: ListenerState = 'idle';
  private attempt = 0;
  private lostAt = 0;
  private everListened = false;
  private timer: NodeJS.Timeout | null = null;
  private pinger: NodeJS.Timeout | null = null;
  private waiters: (() => void)[] = [];
  /** Connections made; a test reads it to see a reconnect. */
  connects = 0;

  constructor(private readonly o: ListenerOptions) {
    if (!/^[a-z_][a-z0-9_]*$/.test(o.channel)) throw new Error(`invalid channel name ${o.channel}`);
  }

  get state(): ListenerState {
    return this.stateValue;
  }

  /** The backend process id of the listening connection (for tests and diagnostics). */
  get pid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  /** Starts connecting (once); returns at once. */
  start(): void {
    if (this.stateValue !== 'idle') return;
    void this.connect();
  }

  /** Resolves true once listening, false after `timeoutMs` without. */
  ready(timeoutMs: number): Promise<boolean> {
    if (this.stateValue === 'listening') return Promise.resolve(true);
    if (this.stateValue === 'closed') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        resolve(true);
      };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(done);
    });
  }

  async close(): Promise<void> {
    this.stateValue = 'closed';
    if (this.timer) clearTimeout(this.timer);
    if (this.pinger) clearInterval(this.pinger);
    this.timer = this.pinger = null;
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'connecting';
    const client = new pg.Client({
      connectionString: this.o.connectionString,
      connectionTimeoutMillis: this.o.connectionTimeoutMs ?? 5_000,
      keepAlive: true,
      application_name: 'gridcity-feed',
    });
    this.client = client;
    let lost = false;
    const onLost = (err?: Error) => {
      if (lost || this.client !== client) return;
      lost = true;
      this.client = null;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      this.lost(err);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (m) => {
      if (m.channel === this.o.channel && m.payload !== undefined) this.o.onNotify(m.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.o.channel}`);
    } catch (err) {
      onLost(err as Error);
      return;
    }
    // close() may have run while connecting.
    const state = this.stateValue as ListenerState;
    if (lost || state === 'closed') {
      if (state === 'closed') await client.end().catch(() => undefined);
      return;
    }
    this.connects++;
    this.stateValue = 'listening';
    if (this.everListened) {
      this.o.logger.info({ attempts: this.attempt, downMs: Date.now() - this.lostAt }, 'feed: listening again on the database after losing the connection');
      this.o.onGap();
    }
    this.everListened = true;
    this.attempt = 0;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
    this.startPing(client);
  }

  private startPing(client: pg.Client): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = setInterval(() => {
      if (this.client !== client) return;
      const timeout = setTimeout(() => client.emit('error', new Error('feed listener ping timed out')), this.o.connectionTimeoutMs ?? 5_000);
      client.query('select 1').then(() => clearTimeout(timeout), (err: Error) => {
        clearTimeout(timeout);
        client.emit('error', err);
      });
    }, this.o.pingMs ?? 30_000);
    this.pinger.unref();
  }

  private lost(err?: Error): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
    if (this.stateValue === 'closed') return;
    const min = this.o.minDelayMs ?? 250;
    const max = this.o.maxDelayMs ?? 30_000;
    const delay = Math.min(max, min * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    if (this.stateValue === 'listening') {
      this.lostAt = Date.now();
      this.o.logger.warn({ err: err?.message ?? 'connection ended', retryInMs: Math.round(delay) }, 'feed: lost the listening connection to the database; reconnecting');
    } else if (this.attempt === 0 || this.attempt % 10 === 9) {
      this.o.logger.warn({ attempt: this.attempt + 1, retryInMs: Math.round(delay), err: err?.message }, 'feed: cannot listen on the database yet; retrying');
    }
    this.attempt++;
    this.stateValue = 'waiting';
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
    this.timer.unref();
  }
}
