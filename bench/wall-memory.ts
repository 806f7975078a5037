// The wall map left running under live intake: opens /wall as the command centre in
// headless Chromium on a copy of the seeded test city, runs the case simulator
// (scripts/simulate) against the same server for --minutes (default 10) at --rate
// cases/s (default 2, about 170k a day: three times Beijing's 12345), and samples the
// page every minute after a forced garbage collection: JS heap in use (CDP
// Runtime.getHeapUsage), DOM nodes and event listeners (Performance.getMetrics), ticker
// rows and live pulses. Steady figures mean nothing grows with time. Not part of
// `npm test`; on the configured store (DATABASE_URL or the embedded one):
//   npx tsx bench/wall-memory.ts [--minutes 10] [--rate 2]
import { parseArgs } from 'node:util';
import { BACKEND } from '../tests/helpers/options.ts';
import { prepareSeededStore } from '../tests/helpers/store.ts';
import { startWeb } from '../tests/web/browser.ts';
import { simulate } from '../scripts/simulate/run.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '10' }, rate: { type: 'string', default: '2' } } });
const minutes = Number(values.minutes);
const rate = Number(values.rate);

const store = await prepareSeededStore((l) => console.log(l));
const web = await startWeb(store, { duplicateRadiusM: 0 });
try {
  const page = await web.open('/wall?from=2026-06-01&to=2026-06-30', { user: 'command', viewport: { width: 1920, height: 1080 } });
  await page.locator('[data-testid="heat-cells"][data-drawn="true"]').waitFor({ timeout: 120_000 });
  const ttfh = await page.evaluate(() => performance.getEntriesByName('wall-heatmap-drawn')[0]?.startTime ?? -1);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sample = async (label: string) => {
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    const metrics = new Map(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
    const ui = await page.evaluate(() => ({ ticker: document.querySelectorAll('[data-testid="ticker"] li').length, pulses: document.querySelectorAll('[data-testid="pulse"]').length, feed: document.querySelector('[data-testid="ticker"]')?.getAttribute('data-state') }));
    const row = { label, heapMB: +(heap.usedSize / 2 ** 20).toFixed(1), totalMB: +(heap.totalSize / 2 ** 20).toFixed(1), nodes: metrics.get('Nodes'), listeners: metrics.get('JSEventListeners'), ...ui };
    console.log(JSON.stringify(row));
    return row;
  };
  console.log(`[wall-memory ${BACKEND}] time to first heatmap ${ttfh.toFixed(0)} ms; simulating ${rate}/s for ${minutes} min`);
  const first = await sample('start');
  const ctrl = new AbortController();
  const run = simulate(
    { url: web.app.url, user: 'officer', password: 'gridcity', rate, durationS: minutes * 60, seed: 7, maxInFlight: 8, reportEveryS: 60 },
    (line) => console.log(`  [simulate] ${line}`),
    ctrl.signal,
  );
  const rows = [first];
  for (let m = 1; m <= minutes; m++) {
    await page.waitForTimeout(60_000);
    rows.push(await sample(`${m} min`));
  }
  const summary = await run;
  const last = rows.at(-1)!;
  const peak = Math.max(...rows.map((r) => r.heapMB));
  console.log(`[wall-memory ${BACKEND}] ${summary.created} cases created in ${summary.seconds.toFixed(0)} s; JS heap ${first.heapMB} MB at start, ${last.heapMB} MB after ${minutes} min (peak ${peak} MB); DOM nodes ${first.nodes} → ${last.nodes}; listeners ${first.listeners} → ${last.listeners}`);
} finally {
  await web.close();
}
process.exit(0);
