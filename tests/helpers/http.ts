// Serves the app on a free port for a test and fetches from it, signed in or not.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp, type GridcityApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Db } from '../../server/db/types.ts';

export interface RequestOptions {
  /** Bearer token (from `login`). */
  token?: string;
  /** A JSON value, sent as application/json; a string or Buffer is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  app: GridcityApp;
  server: Server;
  get(path: string, options?: RequestOptions): Promise<Response>;
  request(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** Signs in (demo password by default) and returns the token. */
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startApp(db: Db, overrides: Partial<Config> = {}): Promise<TestServer> {
  const config = { ...loadConfig({}), webDist: '/nonexistent', ...overrides };
  const app = createApp({ db, config, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  // Listening before the first write, as main.ts does.
  if (!(await app.deps.feed.ready())) throw new Error('the live feed could not listen to the database');
  const server = app.listen(0, '127.0.0.1');
  // The embedded store runs on this thread and can hold the event loop for seconds; a
  // keep-alive socket closed by the server's idle timer just as fetch reuses it fails
  // the request ("other side closed"). Keep idle sockets longer than any such pause.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request = (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Uint8Array | undefined;
    if (typeof options.body === 'string') body = options.body;
    else if (Buffer.isBuffer(options.body)) body = new Uint8Array(options.body);
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    return fetch(url + path, { method, headers, ...(body === undefined ? {} : { body: body as BodyInit }) });
  };
  return {
    url,
    app,
    server,
    get: (path, options) => request('GET', path, options),
    request,
    async login(username, password = 'gridcity') {
      const r = await request('POST', '/api/auth/login', { body: { username, password } });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
      return ((await r.json()) as { token: string }).token;
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await app.deps.feed.close();
    },
  };
}
