// Web: the wall map's time to its first heatmap in headless Chromium (navigation
// start to the `wall-heatmap-drawn` mark), beside the heatmap request it waits for,
// timed on its own through HTTP in the same run; and the size of the built JavaScript
// (web/dist, raw and gzipped). On the configured store, signed in as the command centre.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Config } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import { CHROMIUM, CHROMIUM_ARGS, WEB_DIST } from '../tests/web/browser.ts';
import { serve } from './serve-app.ts';
import type { Figure } from './targets.ts';

export interface WebFigures {
  firstHeatmapMs: number | null;
  /** The wall's heatmap request alone, through HTTP, median of 3. */
  heatmapRequestMs: number | null;
  skipped?: string;
  bundle: { files: number; bytes: number; gzipBytes: number; largest: { name: string; bytes: number; gzipBytes: number } } | null;
}

function bundleSize(): WebFigures['bundle'] {
  const dir = path.join(WEB_DIST, 'assets');
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f.endsWith('.js')).map((name) => {
    const buf = readFileSync(path.join(dir, name));
    return { name, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  const largest = files.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return { files: files.length, bytes: files.reduce((s, f) => s + f.bytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0), largest };
}

export async function benchWeb(db: Db, config: Config, quick: boolean): Promise<WebFigures> {
  const bundle = bundleSize();
  if (!existsSync(CHROMIUM) || !bundle) return { firstHeatmapMs: null, heatmapRequestMs: null, bundle, skipped: !bundle ? 'web/dist is not built (npm run build:web)' : `no Chromium at ${CHROMIUM}` };
  const app = await serve(db, config, WEB_DIST);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const r = await fetch(`${app.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'command', password: 'gridcity' }) });
    const auth = (await r.json()) as { token: string; expiresAt: string; user: unknown };
    const session = JSON.stringify({ token: auth.token, expiresAt: auth.expiresAt, user: auth.user });
    // The wall's default window is the last days before today; a store seeded up to an
    // earlier day (the test template ends in June 2026) shows the week up to its last case.
    const last = await db.query<{ day: string | null }>(
      `select to_char(max(reported_at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day from cases`,
    );
    const lastDay = last.rows[0]?.day;
    const window = lastDay ? `?from=${new Date(Date.parse(`${lastDay}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10)}&to=${lastDay}` : '';
    const heatmapUrls: string[] = [];
    const times: number[] = [];
    for (let run = 0; run < (quick ? 1 : 3); run++) {
      const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' });
      await context.addInitScript((s) => sessionStorage.setItem('gridcity.session', s), session);
      const page = await context.newPage();
      page.on('request', (req) => {
        if (req.url().includes('/api/heatmap')) heatmapUrls.push(req.url());
      });
      page.setDefaultTimeout(180_000);
      await page.goto(`${app.url}/wall${window}`);
      await page.locator('[data-testid="heat-cells"][data-drawn="true"]').waitFor();
      times.push(await page.evaluate(() => performance.getEntriesByName('wall-heatmap-drawn')[0]?.startTime ?? -1));
      await context.close();
    }
    times.sort((a, b) => a - b);
    let heatmapRequestMs: number | null = null;
    if (heatmapUrls.length) {
      const req: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await (await fetch(heatmapUrls[0]!, { headers: { authorization: `Bearer ${auth.token}` } })).arrayBuffer();
        req.push(performance.now() - t);
      }
      heatmapRequestMs = req.sort((a, b) => a - b)[1]!;
    }
    return { firstHeatmapMs: times[Math.floor(times.length / 2)]!, heatmapRequestMs, bundle };
  } finally {
    await browser.close();
    await app.close();
  }
}

export function webFigures(f: WebFigures): Figure[] {
  if (f.firstHeatmapMs === null) return [];
  return [{
    name: 'web: wall map, time to first heatmap (Chromium, SwiftShader)', value: f.firstHeatmapMs, unit: 'ms',
    baseline: f.heatmapRequestMs === null ? null : { what: 'its heatmap request alone', value: f.heatmapRequestMs, unit: 'ms' },
    ratio: f.heatmapRequestMs === null ? null : f.firstHeatmapMs / f.heatmapRequestMs, target: 'reported (no target set)', met: null,
  }];
}

export function webMarkdown(f: WebFigures): string {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} kB`;
  return `## Web: wall map and bundle

${f.firstHeatmapMs === null ? `Time to first heatmap not measured: ${f.skipped}.` : `\`/wall\` as the command centre in headless Chromium (1920×1080, WebGL on SwiftShader), from navigation
start to the heatmap's first draw (performance mark \`wall-heatmap-drawn\`): **${f.firstHeatmapMs.toFixed(0)} ms** (median of the runs;
a fresh browser context each). The heatmap request it waits for, alone through HTTP in the same run: ${f.heatmapRequestMs === null ? 'not seen' : `${f.heatmapRequestMs.toFixed(0)} ms`}.`}

${f.bundle ? `JavaScript in web/dist: ${f.bundle.files} files, ${kb(f.bundle.bytes)} (${kb(f.bundle.gzipBytes)} gzipped); the largest,
\`${f.bundle.largest.name}\`, ${kb(f.bundle.largest.bytes)} (${kb(f.bundle.largest.gzipBytes)} gzipped).` : 'web/dist is not built.'}
`;
}
