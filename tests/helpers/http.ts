// Serves the app on a free port for a test and fetches from it.
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Db } from '../../server/db/types.ts';

export interface TestServer {
  url: string;
  get(path: string): Promise<Response>;
  close(): Promise<void>;
}

export async function startApp(db: Db, overrides: Partial<Config> = {}): Promise<TestServer> {
  const config = { ...loadConfig({}), webDist: '/nonexistent', ...overrides };
  const app = createApp({ db, config, logger: pino({ level: 'silent' }) });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get: (path) => fetch(url + path),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
