// Growth: the latest full run at each scale (bench/results/<backend>-<scale>.json),
// each metric as a row with one column per scale, and an SVG plot of the metrics in
// milliseconds against the number of cases (log-log), for the README.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Machine } from './machine.ts';

export const SCALE_ORDER = ['demo', 'city', 'large'] as const;
export type BenchScale = (typeof SCALE_ORDER)[number];

export interface RunResult {
  scale: BenchScale;
  date: string;
  quick: boolean;
  machine: Machine;
  counts: { cases: number; components: number; grids: number };
  metrics: Record<string, number>;
}

/** The seed scale a store was seeded at, from its number of cases (demo 20k, city 300k, large 1.05M). */
export function scaleOf(cases: number): BenchScale {
  return cases >= 1_000_000 ? 'large' : cases >= 200_000 ? 'city' : 'demo';
}

export function readResults(dir: string, backend: string): RunResult[] {
  return SCALE_ORDER.flatMap((s) => {
    const file = path.join(dir, `${backend}-${s}.json`);
    return existsSync(file) ? [JSON.parse(readFileSync(file, 'utf8')) as RunResult] : [];
  });
}

const fmt = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v >= 100 ? Math.round(v).toLocaleString('en') : v.toFixed(1));

export function growthMarkdown(runs: RunResult[]): string {
  if (runs.length === 0) return '';
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))];
  return `## Growth: demo, city and large

The latest full run at each scale on this backend (\`bench/results/\`), each on its own
store; the load average is the one-minute figure at the start of that run.

| figure | ${runs.map((r) => `${r.scale} (${r.counts.cases.toLocaleString('en')} cases, ${r.date.slice(0, 10)}, load ${r.machine.loadStart[0]!.toFixed(1)})`).join(' | ')} |
| --- | ${runs.map(() => '---:').join(' | ')} |
${names.map((n) => `| ${n} | ${runs.map((r) => fmt(r.metrics[n])).join(' | ')} |`).join('\n')}

![Growth of the timings from demo to large](docs/bench-growth.svg)
`;
}

const COLOURS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666', '#1f78b4', '#b2df8a', '#fb9a99', '#cab2d6'];

/** Log-log lines of the millisecond metrics against cases, one per metric. */
export function growthSvg(runs: RunResult[]): string {
  const W = 900, H = 520, L = 70, R = 330, T = 30, B = 50;
  const names = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].filter((n) => n.endsWith(', ms') || n.endsWith('ms per 1M points'));
  const pts = names.map((n) => runs.flatMap((r) => (Number.isFinite(r.metrics[n]) && r.metrics[n]! > 0 ? [{ x: r.counts.cases, y: r.metrics[n]! }] : [])));
  const xs = runs.map((r) => r.counts.cases);
  const ys = pts.flat().map((p) => p.y);
  const lx = (v: number) => Math.log10(v);
  const [x0, x1] = [Math.floor(lx(Math.min(...xs, 10_000))), Math.ceil(lx(Math.max(...xs, 2_000_000)))];
  const [y0, y1] = ys.length ? [Math.floor(lx(Math.min(...ys))), Math.ceil(lx(Math.max(...ys)))] : [0, 1];
  const px = (v: number) => L + ((lx(v) - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (v: number) => H - B - ((lx(v) - y0) / (y1 - y0 || 1)) * (H - T - B);
  const grid: string[] = [];
  for (let e = x0; e <= x1; e++) grid.push(`<line x1="${px(10 ** e)}" y1="${T}" x2="${px(10 ** e)}" y2="${H - B}" stroke="#ddd"/><text x="${px(10 ** e)}" y="${H - B + 18}" text-anchor="middle">${(10 ** e).toLocaleString('en')}</text>`);
  for (let e = y0; e <= y1; e++) grid.push(`<line x1="${L}" y1="${py(10 ** e)}" x2="${W - R}" y2="${py(10 ** e)}" stroke="#ddd"/><text x="${L - 6}" y="${py(10 ** e) + 4}" text-anchor="end">${(10 ** e).toLocaleString('en')}</text>`);
  const lines = names.map((n, i) => {
    const c = COLOURS[i % COLOURS.length]!;
    const p = pts[i]!;
    return `<polyline fill="none" stroke="${c}" stroke-width="2" points="${p.map((q) => `${px(q.x).toFixed(1)},${py(q.y).toFixed(1)}`).join(' ')}"/>`
      + p.map((q) => `<circle cx="${px(q.x).toFixed(1)}" cy="${py(q.y).toFixed(1)}" r="3" fill="${c}"/>`).join('')
      + `<rect x="${W - R + 15}" y="${T + i * 18 - 9}" width="10" height="10" fill="${c}"/><text x="${W - R + 30}" y="${T + i * 18}">${n.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="white"/>
${grid.join('\n')}
<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">cases in the city (log)</text>
<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">milliseconds (log)</text>
${lines.join('\n')}
</svg>
`;
}

export function writeGrowthSvg(runs: RunResult[], file: string): void {
  if (runs.length) writeFileSync(file, growthSvg(runs));
}

/** Embedded against server: the tile figures of the latest run of each at the same scale (same seed). */
export function embeddedMarkdown(dir: string): string {
  const embedded = readResults(dir, 'embedded');
  const server = readResults(dir, 'server');
  const pairs = embedded.flatMap((e) => {
    const s = server.find((x) => x.scale === e.scale);
    return s ? [[e, s] as const] : [];
  });
  if (pairs.length === 0) return '';
  const names = ['tiles: z14 all layers HTTP p50, ms', 'tiles: z14 points HTTP p50, ms', 'tiles: cached z16 tiles/s'];
  return `## Embedded against server (tiles)

The tile benchmark on the embedded store (PGlite + PostGIS in WebAssembly on the Node
thread; no \`ST_AsMVT\` there, so tiles are encoded in JS) and on the server, each the
latest full run at the same scale and seed (\`DATA_DIR=… npm run bench -- --only tiles\`).

| scale | figure | embedded | server | embedded / server |
| --- | --- | ---: | ---: | ---: |
${pairs.flatMap(([e, s]) => names.map((n) => `| ${e.scale} | ${n} | ${fmt(e.metrics[n])} | ${fmt(s.metrics[n])} | ${e.metrics[n] !== undefined && s.metrics[n] ? (e.metrics[n]! / s.metrics[n]!).toFixed(2) : '–'}× |`)).join('\n')}

Load average at the start: ${pairs.map(([e, s]) => `${e.scale}: embedded ${e.machine.loadStart[0]!.toFixed(1)} (${e.date.slice(0, 16)}), server ${s.machine.loadStart[0]!.toFixed(1)} (${s.date.slice(0, 16)})`).join('; ')}. The two ran at different times of a shared machine.
`;
}
