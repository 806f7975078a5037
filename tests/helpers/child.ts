// The platform as a child process (`server/main.ts`, as `npm start` runs it), for
// tests that kill it, restart it, or take its database away under it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  url: string;
  process: ChildProcess;
  /** stdout and stderr so far (for failure messages). */
  output(): string;
  /** Exit code or signal once it has exited; null while it runs. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** SIGKILL, and wait for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `server/main.ts` with `env` on `port` and waits until /api/health answers 200. */
export async function startChildServer(port: number, env: Record<string, string>, timeoutMs = 120_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      SEED_ON_START: 'false',
      WEB_DIST: '/nonexistent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  const done = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exit = { code, signal };
    resolve();
  }));
  const url = `http://127.0.0.1:${port}`;
  const server: ChildServer = {
    url,
    process: child,
    output: () => out,
    exited: () => exit,
    async kill(signal = 'SIGKILL') {
      if (exit) return;
      child.kill(signal);
      await done;
    },
  };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (exit) throw new Error(`the server exited (${JSON.stringify(exit)}) before it served:\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) return server;
      await r.arrayBuffer();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await server.kill();
  throw new Error(`the server did not answer /api/health within ${timeoutMs} ms:\n${out}`);
}

/** Signs in on a running server (demo password by default). */
export async function loginAt(url: string, username: string, password = 'gridcity'): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}
