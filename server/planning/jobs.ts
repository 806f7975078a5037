// Planning runs in worker threads, one per scenario: started after the scenario row
// commits, their progress kept in memory (GET /api/plans/{id} reads it), cancelled by a
// shared flag (the heuristic stops with its best answer) and, when the exact solver
// does not stop within CANCEL_GRACE_MS, by terminating the thread. The thread never
// touches the database: the embedded store lives in this process. A run counts as
// running until its outcome is stored, and is remembered for a while after (a reader
// whose snapshot predates that write still sees the row running, not a lost run).
import { Worker } from 'node:worker_threads';
import type { RunInput, RunResult } from '../spatial/planning/run.ts';

export const CANCEL_GRACE_MS = 5000;
/** How long a stored run is remembered as ended (longer than any request's snapshot). */
export const ENDED_MEMORY_MS = 60_000;

export interface JobProgress {
  objective: number | null;
  seconds: number;
  /** 0–1: time used of the time limit (the search runs to it unless it settles first). */
  fraction: number;
  updates: number;
}

export type JobOutcome =
  | { status: 'done' | 'cancelled'; result: RunResult }
  | { status: 'cancelled'; result: null }
  | { status: 'failed'; error: string };

interface Job {
  worker: Worker;
  stop: Int32Array;
  progress: JobProgress;
  started: number;
  timeLimit: number;
  cancelled: boolean;
  done: Promise<JobOutcome>;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker.ts', import.meta.url).href;

export class PlanJobs {
  private readonly jobs = new Map<number, Job>();
  /** Runs whose outcome is stored: the final progress, for rows read before that write. */
  private readonly ended = new Map<number, JobProgress>();

  /** Starts the run of scenario `id`; `finished` hears the outcome (and stores it). */
  start(id: number, input: RunInput, finished: (outcome: JobOutcome) => Promise<void>): Promise<JobOutcome> {
    const stopBuffer = new SharedArrayBuffer(4);
    const worker = new Worker(BOOT, { workerData: { entry: ENTRY, input, stop: stopBuffer } });
    worker.unref();
    const job: Job = {
      worker,
      stop: new Int32Array(stopBuffer),
      progress: { objective: null, seconds: 0, fraction: 0, updates: 0 },
      started: Date.now(),
      timeLimit: input.timeLimit,
      cancelled: false,
      done: null as unknown as Promise<JobOutcome>,
    };
    job.done = new Promise<JobOutcome>((resolve) => {
      let settled = false;
      const settle = (o: JobOutcome) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        resolve(o);
      };
      worker.on('message', (m: { type: string; objective?: number; seconds?: number; result?: RunResult; message?: string }) => {
        if (m.type === 'progress') {
          job.progress = { objective: m.objective!, seconds: m.seconds!, fraction: Math.min(1, m.seconds! / job.timeLimit), updates: job.progress.updates + 1 };
        } else if (m.type === 'done') settle({ status: job.cancelled ? 'cancelled' : 'done', result: m.result! });
        else if (m.type === 'error') settle({ status: 'failed', error: m.message ?? 'the solver failed' });
      });
      worker.on('error', (err) => settle({ status: 'failed', error: err.message }));
      worker.on('exit', () => settle(job.cancelled ? { status: 'cancelled', result: null } : { status: 'failed', error: 'the solver thread stopped without an answer' }));
    }).then(async (o) => {
      try {
        await finished(o);
      } finally {
        this.remember(id, job);
      }
      return o;
    });
    this.jobs.set(id, job);
    return job.done;
  }

  private remember(id: number, job: Job): void {
    const seconds = Math.round(((Date.now() - job.started) / 1000) * 10) / 10;
    this.ended.set(id, { ...job.progress, seconds, fraction: 1 });
    this.jobs.delete(id);
    setTimeout(() => this.ended.delete(id), ENDED_MEMORY_MS).unref();
  }

  /** The live progress of a run this process holds (also just after it ended); null for a run it does not know. */
  progress(id: number): JobProgress | null {
    const job = this.jobs.get(id);
    if (!job) return this.ended.get(id) ?? null;
    const seconds = (Date.now() - job.started) / 1000;
    return { ...job.progress, seconds: Math.round(seconds * 10) / 10, fraction: Math.round(Math.min(0.99, seconds / job.timeLimit) * 100) / 100 };
  }

  /** Asks the run to stop (it answers with its best so far); terminates it after the grace period. Resolves with the outcome. */
  cancel(id: number): Promise<JobOutcome> | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    job.cancelled = true;
    Atomics.store(job.stop, 0, 1);
    const timer = setTimeout(() => void job.worker.terminate(), CANCEL_GRACE_MS);
    timer.unref();
    return job.done.finally(() => clearTimeout(timer));
  }

  /** Waits for a run (when it is running). */
  wait(id: number): Promise<JobOutcome> | null {
    return this.jobs.get(id)?.done ?? null;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((j) => j.worker.terminate()));
  }
}

const registry = new WeakMap<object, PlanJobs>();

/** The runs of one database (one app). */
export function planJobs(owner: object): PlanJobs {
  let jobs = registry.get(owner);
  if (!jobs) registry.set(owner, (jobs = new PlanJobs()));
  return jobs;
}
