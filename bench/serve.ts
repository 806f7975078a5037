// The platform in its own process, as `npm start` runs it (tsx server/main.ts, the
// production pool size and timeouts), on a private copy of the seeded test store: so
// a load generator in this process measures the server, not its own event loop.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seededCopyForProcess } from '../tests/helpers/store.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface ServedProcess {
  url: string;
  pid: number;
  /** What the server wrote to stderr and stdout (last 200 lines). */
  output: string[];
  stop(): Promise<void>;
}

export interface ServeOptions {
  port: number;
  /** More environment for the server (e.g. DUPLICATE_RADIUS_M). */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const exited = (child: ChildProcess) => new Promise<void>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve();
  else child.once('exit', () => resolve());
});

export async function serveProcess(store: string, o: ServeOptions): Promise<ServedProcess> {
  const copy = await seededCopyForProcess(store);
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...copy.env,
    PORT: String(o.port),
    HOST: '127.0.0.1',
    SEED_ON_START: 'false',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    WEB_DIST: '/nonexistent',
    AUTH_SECRET: 'load-test-secret-load-test-secret-0123456789',
    ...o.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // Never outlive this process (a test run stopped half-way).
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  const url = `http://127.0.0.1:${o.port}`;
  const stop = async () => {
    process.off('exit', orphan);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(t);
    }
    await copy.dispose();
  };
  const deadline = Date.now() + (o.startTimeoutMs ?? 120_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: ${output.slice(-20).join('\n')}`);
      const ok = await fetch(`${url}/api/health`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the server did not answer on ${url} in time: ${output.slice(-20).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, output, stop };
}

/** The first port of [from, to] nothing listens on (LOAD_PORT overrides). */
export async function freePort(from = 18140, to = 18159): Promise<number> {
  if (process.env.LOAD_PORT) return Number(process.env.LOAD_PORT);
  const { createServer } = await import('node:net');
  for (let p = from; p <= to; p++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(p, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (ok) return p;
  }
  throw new Error(`no free port in ${from}-${to}`);
}
