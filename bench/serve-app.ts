// The app on a free local port in this process, for the HTTP benchmarks, with a
// sign-in helper for the seeded demo users.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../server/app.ts';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';

export interface Served {
  url: string;
  close(): Promise<void>;
  login(user: string): Promise<string>;
}

let served = 0;

/**
 * On BENCH_PORT, BENCH_PORT + 1, … (five in turn) when set (a shared machine hands out
 * port ranges; a new port each time keeps pooled keep-alive sockets of a closed server
 * out of the next one), else on a free port.
 */
export async function serve(db: Db, config: Config, webDist = '/nonexistent'): Promise<Served> {
  const app = createApp({ db, config: { ...config, webDist }, logger: pino({ level: 'silent' }) });
  const base = Number(process.env.BENCH_PORT ?? 0);
  const server = app.listen(base ? base + (served++ % 5) : 0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
    async login(username) {
      const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'gridcity' }) });
      if (r.status !== 200) throw new Error(`bench: cannot sign in as ${username} (${r.status}); the store needs the seeded demo users`);
      return ((await r.json()) as { token: string }).token;
    },
  };
}

