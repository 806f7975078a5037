// A PostgreSQL cluster of the tests' own (Debian's postgresql-common), for faults that
// take the whole server away (stop, restart) without touching the shared one.
// FAULTS_DATABASE_URL names it (CI makes it in .ci/run); without it, the cluster on
// port 5433 is used, and made (`pg_createcluster`, trusting local TCP) when missing and
// this user may. A cluster named in FAULTS_DATABASE_URL must be there: no skip then.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import pg from 'pg';

export const DEFAULT_FAULTS_URL = 'postgres://postgres@127.0.0.1:5433/gridcity_faults';

export interface Cluster {
  /** The database the tests administer the cluster through (created when missing). */
  url: string;
  version: string;
  name: string;
  /** Fast shutdown (sessions terminated); resolves once it is down. Asynchronous: load keeps running meanwhile. */
  stop(): Promise<void>;
  /** Resolves once pg_ctlcluster reports it started. */
  start(): Promise<void>;
}

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
const has = (cmd: string) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;

function find(port: number): { version: string; name: string; online: boolean } | null {
  const r = run('pg_lsclusters', ['-h']);
  if (r.status !== 0) return null;
  for (const line of r.stdout.split('\n')) {
    const [version, name, p, status] = line.trim().split(/\s+/);
    if (Number(p) === port && version && name) return { version, name, online: status === 'online' };
  }
  return null;
}

const execFileAsync = promisify(execFile);

async function control(version: string, name: string, ...action: string[]): Promise<void> {
  try {
    await execFileAsync('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, ...action], { timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`pg_ctlcluster ${version} ${name} ${action.join(' ')}: ${e.stderr || e.message}`, { cause: err });
  }
}

/** The faults cluster, or why it cannot be had here (a skip reason). */
export async function faultsCluster(): Promise<Cluster | { skip: string }> {
  const explicit = process.env.FAULTS_DATABASE_URL?.trim();
  const url = explicit || DEFAULT_FAULTS_URL;
  const u = new URL(url);
  const port = Number(u.port || 5432);
  if (!has('pg_lsclusters') || !has('pg_ctlcluster')) {
    const why = 'pg_lsclusters/pg_ctlcluster (postgresql-common) are not installed';
    if (explicit) throw new Error(`FAULTS_DATABASE_URL is set but ${why}`);
    return { skip: why };
  }
  let found = find(port);
  if (!found) {
    if (explicit) throw new Error(`FAULTS_DATABASE_URL names port ${port}, but no cluster of pg_lsclusters listens there (make it first: see .ci/run)`);
    if (!has('pg_createcluster') || process.getuid?.() !== 0) return { skip: `no PostgreSQL cluster on port ${port}, and pg_createcluster is missing or this user is not root` };
    const versions = run('pg_lsclusters', ['-h']).stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean).sort((a, b) => Number(b) - Number(a));
    const version = versions[0];
    if (!version) return { skip: 'no PostgreSQL version installed to make a cluster of' };
    const made = run('pg_createcluster', [version, 'faults', '-p', String(port)]);
    if (made.status !== 0) return { skip: `pg_createcluster ${version} faults -p ${port} failed: ${made.stderr}` };
    writeFileSync(`/etc/postgresql/${version}/faults/pg_hba.conf`, 'local all all trust\nhost all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n');
    found = { version, name: 'faults', online: false };
  }
  const { version, name } = found;
  if (!found.online) await control(version, name, 'start');
  const cluster: Cluster = {
    url,
    version,
    name,
    stop: () => control(version, name, 'stop', '-m', 'fast'),
    start: () => control(version, name, 'start'),
  };
  // The administration database itself.
  const root = new URL(url);
  root.pathname = '/postgres';
  const c = new pg.Client({ connectionString: root.toString() });
  await c.connect();
  try {
    const db = decodeURIComponent(u.pathname.slice(1));
    const exists = await c.query('select 1 from pg_database where datname = $1', [db]);
    if (!exists.rowCount) await c.query(`create database "${db.replace(/"/g, '""')}"`);
  } finally {
    await c.end();
  }
  return cluster;
}
