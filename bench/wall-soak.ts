// The wall map left running under live intake: opens /wall as the command centre in
// headless Chromium on a copy of the seeded test city, runs the case simulator
// (scripts/simulate) against the same server at `rate` cases/s, and samples the page
// after a forced garbage collection (CDP HeapProfiler.collectGarbage): JS heap in use
// (Runtime.getHeapUsage), DOM nodes and event listeners (Performance.getMetrics),
// ticker rows and live pulses.
//
// The baseline is taken after a warm-up (at least one whole auto-tour, so every street
// office's basemap tiles, the ticker's 30 rows and the pulse pool have been filled
// once), not at the first heatmap: a fresh page grows for minutes while its caches
// fill, which is not a leak. Growth is measured from that baseline to the end (each the
// median of three samples 10 s apart: a single one may catch a burst of pulses), with
// the least-squares trend of every sample between; a heap census (objects by
// constructor, from heap snapshots) at both ends names what grew.
import type { CDPSession, Page } from 'playwright-core';
import { startWeb } from '../tests/web/browser.ts';
import { simulate, type Summary } from '../scripts/simulate/run.ts';
import { censusDiff, censusLines, heapCensus, type CensusDiff } from './heap-census.ts';

export interface WallSoakOptions {
  /** Minutes measured after the warm-up. */
  minutes: number;
  /** Cases per second posted by the simulator. */
  rate: number;
  /** Warm-up before the baseline (minutes; at least one whole tour is waited for). */
  warmupMinutes?: number;
  /** Seconds between samples. */
  sampleEveryS?: number;
  /** Heap snapshots at the baseline and the end (a census of what grew). */
  census?: boolean;
  log?: (line: string) => void;
}

export interface WallSample {
  label: string;
  atS: number;
  heapMB: number;
  totalMB: number;
  nodes: number;
  listeners: number;
  ticker: number;
  pulses: number;
  feed: string | null;
}

export interface WallSoakResult {
  timeToHeatmapMs: number;
  warmupS: number;
  baseline: WallSample;
  last: WallSample;
  peakMB: number;
  /** (last − baseline) / baseline of the JS heap in use (each the median of three samples). */
  growth: number;
  /** Least-squares trend of the heap from the baseline on. */
  slopeMBPerHour: number;
  samples: WallSample[];
  simulated: Summary;
  grew: CensusDiff[];
  pageErrors: string[];
}

/** Kinds whose holders the census counts. */
const HOLDERS = ['object Array'];

/** One whole tour: the city and every street office, 20 s each (useTour's DWELL_MS). */
const TOUR_STOP_S = 20;

async function sample(page: Page, cdp: CDPSession, label: string, t0: number): Promise<WallSample> {
  // Twice: the first pass can leave objects that only die once finalizers have run.
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  const metrics = new Map(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
  const ui = await page.evaluate(() => ({
    ticker: document.querySelectorAll('[data-testid="ticker"] li').length,
    pulses: document.querySelectorAll('[data-testid="pulse"]').length,
    feed: document.querySelector('[data-testid="ticker"]')?.getAttribute('data-state') ?? null,
  }));
  return {
    label,
    atS: Math.round((Date.now() - t0) / 1000),
    heapMB: +(heap.usedSize / 2 ** 20).toFixed(2),
    totalMB: +(heap.totalSize / 2 ** 20).toFixed(1),
    nodes: metrics.get('Nodes') ?? -1,
    listeners: metrics.get('JSEventListeners') ?? -1,
    ...ui,
  };
}

/** Three samples 10 s apart, the median by heap: one sample can catch a burst of pulses or a fetch in flight. */
async function settled(page: Page, cdp: CDPSession, label: string, t0: number): Promise<WallSample> {
  const three: WallSample[] = [];
  for (let i = 0; i < 3; i++) {
    if (i > 0) await page.waitForTimeout(10_000);
    three.push(await sample(page, cdp, label, t0));
  }
  return three.sort((a, b) => a.heapMB - b.heapMB)[1]!;
}

/** Least-squares slope of the heap over time, MB per hour. */
export function slopeMBPerHour(samples: WallSample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, x) => s + x.atS, 0) / n, my = samples.reduce((s, x) => s + x.heapMB, 0) / n;
  let num = 0, den = 0;
  for (const x of samples) {
    num += (x.atS - mx) * (x.heapMB - my);
    den += (x.atS - mx) ** 2;
  }
  return den > 0 ? (num / den) * 3600 : 0;
}

export async function wallSoak(store: string, o: WallSoakOptions): Promise<WallSoakResult> {
  const log = o.log ?? ((l: string) => console.log(l));
  const every = (o.sampleEveryS ?? 60) * 1000;
  const web = await startWeb(store, { duplicateRadiusM: 0 });
  const ctrl = new AbortController();
  // The simulator's outcome, caught at once: a fatal error (50 failures in a row) ends the soak at the next sample.
  let run: Promise<{ summary?: Summary; error?: Error }> | null = null;
  try {
    const page = await web.open('/wall?from=2026-06-01&to=2026-06-30', { user: 'command', viewport: { width: 1920, height: 1080 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.locator('[data-testid="heat-cells"][data-drawn="true"]').waitFor({ timeout: 120_000 });
    const timeToHeatmapMs = await page.evaluate(() => performance.getEntriesByName('wall-heatmap-drawn')[0]?.startTime ?? -1);
    const stops = 1 + ((await web.app.get('/api/areas?level=street').then((r) => r.json())) as { features: unknown[] }).features.length;
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    const warmupS = Math.max((o.warmupMinutes ?? 0) * 60, stops * TOUR_STOP_S + 10);
    const totalS = warmupS + o.minutes * 60;
    log(`[wall soak] time to first heatmap ${timeToHeatmapMs.toFixed(0)} ms; simulating ${o.rate}/s; warm-up ${warmupS} s (tour of ${stops} stops), then ${o.minutes} min measured`);
    run = simulate(
      { url: web.app.url, user: 'officer', password: 'gridcity', rate: o.rate, durationS: totalS + 120, seed: 7, maxInFlight: 8, reportEveryS: 300 },
      (line) => log(`  [simulate] ${line}`),
      ctrl.signal,
    ).then((summary) => ({ summary }), (error: Error) => ({ error }));
    let failed: Error | undefined;
    void run.then((r) => (failed = r.error));
    const first = await sample(page, cdp, 'first heatmap', t0);
    log(JSON.stringify(first));
    await page.waitForTimeout(warmupS * 1000);
    const baseline = await settled(page, cdp, 'baseline', t0);
    log(JSON.stringify(baseline));
    const before = o.census ? await heapCensus(cdp, HOLDERS) : null;
    const samples = [first, baseline];
    const start = Date.now();
    const end = start + o.minutes * 60_000;
    const label = () => `${((Date.now() - start) / 60_000).toFixed(1)} min`;
    while (Date.now() < end) {
      await page.waitForTimeout(Math.max(0, Math.min(every, end - Date.now())));
      const s = Date.now() >= end ? await settled(page, cdp, label(), t0) : await sample(page, cdp, label(), t0);
      samples.push(s);
      log(JSON.stringify(s));
      if (failed) throw new Error(`the case simulator stopped: ${failed.message}`);
    }
    const last = samples.at(-1)!;
    let grew: CensusDiff[] = [];
    if (before) {
      const after = await heapCensus(cdp, HOLDERS);
      grew = censusDiff(before, after);
      log('[wall soak] heap census, baseline → end (objects, growth):');
      for (const line of censusLines(grew)) log(`  ${line}`);
      log('[wall soak] who holds the arrays, baseline → end:');
      for (const line of censusLines(censusDiff(before, after, 8, true))) log(`  ${line}`);
    }
    ctrl.abort();
    const outcome = await run;
    run = null;
    if (outcome.error) throw new Error(`the case simulator stopped: ${outcome.error.message}`);
    const simulated = outcome.summary!;
    const measured = samples.slice(1);
    const peakMB = Math.max(...measured.map((s) => s.heapMB));
    const growth = (last.heapMB - baseline.heapMB) / baseline.heapMB;
    const slope = slopeMBPerHour(measured);
    log(
      `[wall soak] ${simulated.created} cases created (${simulated.failed} failed) in ${simulated.seconds.toFixed(0)} s; JS heap ${first.heapMB} MB at first heatmap, ` +
        `${baseline.heapMB} MB after warm-up, ${last.heapMB} MB after ${o.minutes} min (${(growth * 100).toFixed(1)} %, peak ${peakMB} MB, trend ${slope.toFixed(2)} MB/h); ` +
        `DOM nodes ${baseline.nodes} → ${last.nodes}; listeners ${baseline.listeners} → ${last.listeners}`,
    );
    return { timeToHeatmapMs, warmupS, baseline, last, peakMB, growth, slopeMBPerHour: slope, samples, simulated, grew, pageErrors };
  } finally {
    ctrl.abort();
    await run;
    await web.close();
  }
}
