// The simulation: Poisson arrivals at the given rate (exponential gaps, drawn from the
// seeded generator), each arrival one POST /api/cases, at most `maxInFlight` at once
// (arrivals wait for a free slot and the lag is reported). A progress line every few
// seconds, a summary at the end. Fatal: the sign-in refused, the grids unreadable,
// or every one of the last 50 requests failed.
import { Random } from '../../seed/random.ts';
import { CaseMaker, gridsOf, type Grid } from './cases.ts';
import { ApiClient, FatalError, type PostResult } from './client.ts';
import { leafTypes } from './taxonomy.ts';

export interface SimulateOptions {
  url: string;
  user: string;
  password: string;
  /** Cases per second (mean of the Poisson process). */
  rate: number;
  /** Stop after this many seconds ... */
  durationS?: number;
  /** ... or after this many cases (whichever comes first); neither: until stopped. */
  count?: number;
  seed: number | string;
  maxInFlight: number;
  reportEveryS: number;
}

export interface Summary {
  sent: number;
  created: number;
  failed: number;
  /** Failures by HTTP status and error code, e.g. "422 unknown_code". */
  failures: Record<string, number>;
  seconds: number;
  /** Cases created per second. */
  rate: number;
  latencyMs: { p50: number; p95: number; max: number };
  /** Longest an arrival waited for a free slot. */
  maxLagMs: number;
  signIns: number;
  grids: number;
}

const FATAL_STREAK = 50;

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
const sleep = (ms: number, signal?: AbortSignal) => new Promise<void>((resolve) => {
  if (ms <= 0 || signal?.aborted) return resolve();
  const t = setTimeout(done, ms);
  function done() {
    clearTimeout(t);
    signal?.removeEventListener('abort', done);
    resolve();
  }
  signal?.addEventListener('abort', done, { once: true });
});

export async function simulate(o: SimulateOptions, print: (line: string) => void, signal?: AbortSignal): Promise<Summary> {
  if (!(o.rate > 0)) throw new FatalError('--rate must be above 0');
  const client = new ApiClient({ url: o.url, user: o.user, password: o.password });
  let grids: Grid[];
  try {
    await client.signIn();
    grids = gridsOf((await client.grids()) as Parameters<typeof gridsOf>[0]);
  } catch (err) {
    throw err instanceof FatalError ? err : new FatalError((err as Error).message);
  }
  const rng = new Random(o.seed, 'simulate');
  const maker = new CaseMaker(leafTypes(), grids, rng);
  const until = [o.count !== undefined ? `${o.count} cases` : '', o.durationS !== undefined ? `${o.durationS} s` : ''].filter(Boolean).join(' or ') || 'stopped (Ctrl-C)';
  print(`simulating cases at ${o.rate}/s as ${o.user} against ${o.url} into ${grids.length} grids (seed ${o.seed}) until ${until}`);

  const started = performance.now();
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let sent = 0;
  let created = 0;
  let failed = 0;
  let streak = 0;
  let lastFailure = '';
  let maxLag = 0;
  let fatal: Error | null = null;
  const inFlight = new Set<Promise<void>>();
  let window = { at: started, created: 0 };

  const record = (r: PostResult, ms: number) => {
    latencies.push(ms);
    if (r.status === 201) {
      created++;
      streak = 0;
      return;
    }
    failed++;
    streak++;
    const key = `${r.status || 'network'} ${r.code ?? ''}`.trim();
    failures[key] = (failures[key] ?? 0) + 1;
    lastFailure = `${key}${r.message ? `: ${r.message}` : ''}`;
    if (streak >= FATAL_STREAK) fatal ??= new FatalError(`the last ${FATAL_STREAK} requests all failed; last: ${lastFailure}`);
  };
  const failureText = () => Object.entries(failures).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ');
  const progress = () => {
    const now = performance.now();
    const recent = ((created - window.created) * 1000) / Math.max(1, now - window.at);
    window = { at: now, created };
    const sorted = latencies.slice(-1000).sort((a, b) => a - b);
    print(`[${((now - started) / 1000).toFixed(1).padStart(6)} s] ${sent} sent, ${created} created, ${failed} failed${failed ? ` (${failureText()})` : ''} · `
      + `${recent.toFixed(1)}/s · p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms · ${inFlight.size} in flight`);
  };
  const ticker = setInterval(progress, o.reportEveryS * 1000);

  try {
    let next = performance.now();
    while (!signal?.aborted && !fatal) {
      if (o.count !== undefined && sent >= o.count) break;
      const end = o.durationS === undefined ? Infinity : started + o.durationS * 1000;
      if (next >= end) break;
      await sleep(next - performance.now(), signal);
      if (signal?.aborted) break;
      while (inFlight.size >= o.maxInFlight) await Promise.race(inFlight);
      // Arrivals held back by a slow server are dropped once the time is up.
      if (performance.now() >= end) break;
      maxLag = Math.max(maxLag, performance.now() - next);
      const feature = maker.make(Date.now());
      sent++;
      const t0 = performance.now();
      const p: Promise<void> = client.postCase(feature).then(
        (r) => record(r, performance.now() - t0),
        (err: Error) => {
          fatal ??= err;
        },
      ).finally(() => inFlight.delete(p));
      inFlight.add(p);
      next += (-Math.log(1 - rng.next()) / o.rate) * 1000;
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(ticker);
  }
  if (fatal) throw fatal;
  if (sent > 0 && created === 0) throw new FatalError(`none of ${sent} cases was created; last: ${lastFailure}`);

  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const summary: Summary = {
    sent, created, failed, failures, seconds,
    rate: created / Math.max(seconds, 1e-3),
    latencyMs: { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1) ?? 0 },
    maxLagMs: maxLag,
    signIns: client.signIns,
    grids: grids.length,
  };
  print(`done in ${seconds.toFixed(1)} s: ${created} of ${sent} cases created (${summary.rate.toFixed(1)}/s, asked ${o.rate}/s), ${failed} failed${failed ? ` (${failureText()})` : ''}; `
    + `latency p50 ${summary.latencyMs.p50.toFixed(0)} ms, p95 ${summary.latencyMs.p95.toFixed(0)} ms, max ${summary.latencyMs.max.toFixed(0)} ms; `
    + `longest wait for a free slot ${maxLag.toFixed(0)} ms; signed in ${client.signIns}×`);
  return summary;
}
