// Facility location on the 40 OR-Library p-median instances (Beasley 1990): the
// heuristic (greedy + fast interchange + variable neighbourhood search, the same call
// `npm run solve` makes) against the published optima, beside a baseline from the same
// run: greedy + fast interchange alone (Teitz–Bart descent, no neighbourhood search).
// Seconds include reading the file and the all-pairs shortest paths.
// Standalone: `tsx bench/solver.ts [--quick] [--write]` (--write puts the section into
// BENCHMARKS.md in place of the previous one); `npm run bench` runs it too.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianSearch } from '../server/spatial/facility/interchange.ts';
import { parseOrLib, parseOrLibOptima } from '../server/spatial/facility/orlib.ts';
import { solveFacilityHeuristic } from '../server/spatial/facility/solve.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

export interface SolverRow {
  name: string;
  n: number;
  p: number;
  optimum: number;
  ours: number;
  /** The heuristic's Lagrangian lower bound. */
  bound: number | null;
  seconds: number;
  baseline: number;
  baselineSeconds: number;
}

export interface SolverFigures {
  dir: string;
  timeLimit: number;
  rows: SolverRow[];
}

export interface SolverBenchOptions {
  /** pmed1 and pmed2 only, with a short time limit. */
  quick?: boolean;
  /** Folder with pmed1.txt … pmed40.txt and pmedopt.txt (default ORLIB_PMED_DIR or ../shared/data/orlib-pmed). */
  dir?: string;
  /** Seconds per instance for the search. */
  timeLimit?: number;
}

export function orlibDir(): string {
  const candidates = [process.env.ORLIB_PMED_DIR, path.join(ROOT, '..', 'shared', 'data', 'orlib-pmed'), path.join(ROOT, 'tests', 'fixtures', 'in', 'facility', 'orlib')];
  for (const d of candidates) if (d && existsSync(path.join(d, 'pmedopt.txt'))) return d;
  throw new Error('no OR-Library p-median folder: set ORLIB_PMED_DIR');
}

export function benchSolver(opts: SolverBenchOptions = {}): SolverFigures {
  const dir = opts.dir ?? orlibDir();
  const timeLimit = opts.timeLimit ?? (opts.quick ? 1 : 5);
  const optima = parseOrLibOptima(readFileSync(path.join(dir, 'pmedopt.txt'), 'utf8'));
  const names = [...optima.keys()].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
  const rows: SolverRow[] = [];
  for (const name of opts.quick ? names.slice(0, 2) : names) {
    const file = path.join(dir, `${name}.txt`);
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const t0 = performance.now();
    const { n, p, instance } = parseOrLib(text);
    const sol = solveFacilityHeuristic(instance, { problem: 'pmedian', p, timeLimit, seed: 1 });
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const again = parseOrLib(text);
    const base = medianSearch(
      { weights: again.instance.weights, cost: again.instance.distance, candidates: n, p, fixed: [], allowed: new Uint8Array(n).fill(1) },
      { timeLimit, seed: 1, maxNoImprove: 0, descentOnly: true },
    );
    const baselineSeconds = (performance.now() - t1) / 1000;
    rows.push({ name, n, p, optimum: optima.get(name)!, ours: sol.objective, bound: sol.bound ?? null, seconds, baseline: base.cost, baselineSeconds });
    if (!opts.quick) console.error(`${name}: ${sol.objective} (optimum ${optima.get(name)}) in ${seconds.toFixed(2)} s`);
  }
  return { dir, timeLimit, rows };
}

export function solverMarkdown(f: SolverFigures): string {
  const gap = (v: number, o: number) => ((100 * (v - o)) / o).toFixed(2);
  const gaps = f.rows.map((r) => (100 * (r.ours - r.optimum)) / r.optimum);
  const baseGaps = f.rows.map((r) => (100 * (r.baseline - r.optimum)) / r.optimum);
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const max = (xs: number[]) => (xs.length ? Math.max(...xs) : 0);
  const optimal = f.rows.filter((r) => r.ours === r.optimum).length;
  const slowest = Math.max(0, ...f.rows.map((r) => r.seconds));
  return `## Facility location: OR-Library p-median (heuristic)

The ${f.rows.length} OR-Library p-median instances (Beasley 1990; every vertex a demand point and a
candidate, distances the shortest paths of the graph, an edge listed twice taking its later line)
solved as \`npm run solve -- --problem pmedian FILE\` does it: greedy, fast interchange
(Whitaker), then variable neighbourhood search (four fifths of ${f.timeLimit} s at most, or 30 × p
shakes without improvement, at least 200), seed 1, then a Lagrangian lower bound by subgradient
steps (the rest of the time): the "bound" and "proved gap" columns are what the solver knows by
itself, without the published optimum. Seconds include reading the file and the all-pairs
shortest paths (Dijkstra from every vertex). Baseline from the same run: greedy and fast
interchange alone (a Teitz–Bart descent, no bound; its seconds include reading the file and
the shortest paths too). Gap = (ours − optimum) / optimum.

| instance | n | p | optimum | ours | gap % | seconds | bound | proved gap % | baseline | baseline gap % | baseline seconds |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${f.rows.map((r) => `| ${r.name} | ${r.n} | ${r.p} | ${r.optimum} | ${r.ours} | ${gap(r.ours, r.optimum)} | ${r.seconds.toFixed(2)} | ${r.bound ?? '–'} | ${r.bound === null ? '–' : ((100 * (r.ours - r.bound)) / r.ours).toFixed(2)} | ${r.baseline} | ${gap(r.baseline, r.optimum)} | ${r.baselineSeconds.toFixed(2)} |`).join('\n')}

Optimum reached on ${optimal} of ${f.rows.length}; mean gap ${mean(gaps).toFixed(3)} % (baseline ${mean(baseGaps).toFixed(3)} %),
largest ${max(gaps).toFixed(2)} % (baseline ${max(baseGaps).toFixed(2)} %); slowest instance ${slowest.toFixed(2)} s.
The Lagrangian bound alone proves ${f.rows.filter((r) => r.bound !== null && r.bound >= r.ours).length} of the ${f.rows.length} answers optimal.
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const quick = process.argv.includes('--quick');
  const load = loadavg()[0]!;
  const figures = benchSolver({ quick });
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
  const md = solverMarkdown(figures);
  console.log(md);
  if (process.argv.includes('--write')) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const old = readFileSync(file, 'utf8');
    const section = `${md.replace(/\n\nThe /, `\n\nThis section was run on its own (\`tsx bench/solver.ts --write\`, which \`npm run bench\` runs too) on ${new Date().toISOString().slice(0, 10)}: ${machine}, load average ${load.toFixed(1)} at the start (other jobs share the machine).\n\nThe `)}`;
    const start = old.indexOf('## Facility location: OR-Library');
    const next = start < 0 ? -1 : old.indexOf('\n## ', start + 3);
    const updated = start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next < 0 ? '' : old.slice(next)}`;
    writeFileSync(file, updated);
  }
}
