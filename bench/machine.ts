// The machine a benchmark ran on: cores, memory, load average (at the start and the
// end: the machine is shared), Node, and the database's PostgreSQL and PostGIS versions.
import { cpus, loadavg, totalmem } from 'node:os';
import type { Db } from '../server/db/types.ts';

export interface Machine {
  cores: number;
  cpu: string;
  ramGiB: number;
  node: string;
  backend: string;
  postgres: string;
  postgis: string;
  loadStart: number[];
  loadEnd?: number[];
}

export async function describeMachine(db: Db): Promise<Machine> {
  const v = (await db.query<{ pg: string; postgis: string }>(
    `select current_setting('server_version') as pg, postgis_lib_version() as postgis`,
  )).rows[0]!;
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'CPU',
    ramGiB: totalmem() / 2 ** 30,
    node: process.version,
    backend: db.kind,
    postgres: v.pg,
    postgis: v.postgis,
    loadStart: loadavg(),
  };
}

const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');

export function machineLine(m: Machine): string {
  return `${m.cores} × ${m.cpu}, ${m.ramGiB.toFixed(0)} GiB RAM, Node ${m.node}; ${m.backend} backend, PostgreSQL ${m.postgres}, PostGIS ${m.postgis}; `
    + `load average (1 / 5 / 15 min) ${load(m.loadStart)} at the start${m.loadEnd ? `, ${load(m.loadEnd)} at the end` : ''}`;
}

export const loadNow = (): number[] => loadavg();
