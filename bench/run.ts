// npm run bench [-- --quick] [-- --skip a,b] [-- --out FILE]: runs the benchmarks
// against the configured store (DATABASE_URL, or the embedded store in ./data). A full
// run writes BENCHMARKS.md, bench/results/<backend>-<scale>.json (the growth table
// reads the latest run at each scale) and the growth plot; with --out, a trial run, it
// writes FILE and FILE.json only. --quick is the smoke version CI runs (few samples,
// short loads, two solver instances) and writes only --out (default: a file in the
// temporary folder), so that it never replaces the measured figures.
// Sections: routing, locate, tiles, heatmap, ingest, propose, solver, web.
// --regrowth only rewrites the growth section of BENCHMARKS.md and its plot from
// bench/results (after a run at another scale), without touching the store.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, loadDotEnv } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openDb } from '../server/db/open.ts';
import { hasCity } from '../seed/index.ts';
import { embeddedMarkdown, growthMarkdown, readResults, SCALE_ORDER, scaleOf, writeGrowthSvg, type RunResult } from './growth.ts';
import { describeMachine, loadNow, machineLine } from './machine.ts';
import { benchSections, type Section } from './sections.ts';
import { summaryMarkdown } from './targets.ts';

const SECTIONS = ['routing', 'tiles', 'heatmap', 'ingest', 'web', 'locate', 'propose', 'solver'] as const;
export type SectionName = (typeof SECTIONS)[number];

loadDotEnv();
const { values: args } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, regrowth: { type: 'boolean', default: false }, backend: { type: 'string', default: 'server' }, skip: { type: 'string', default: '' }, only: { type: 'string', default: '' }, out: { type: 'string' } },
  strict: true,
});
const quick = args.quick!;
const skip = new Set(args.skip!.split(',').filter(Boolean));
const only = new Set(args.only!.split(',').filter(Boolean));
for (const s of [...skip, ...only]) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`bench: no section "${s}"; the sections are ${SECTIONS.join(', ')}`);
const wanted = SECTIONS.filter((s) => !skip.has(s) && (only.size === 0 || only.has(s)));
if (args.regrowth) {
  const all = readResults('bench/results', args.backend!);
  writeGrowthSvg(all, 'docs/bench-growth.svg');
  const old = readFileSync('BENCHMARKS.md', 'utf8');
  const at = old.indexOf('## Growth: demo, city and large');
  if (at < 0) console.error('bench: BENCHMARKS.md has no growth section yet; appending one');
  writeFileSync('BENCHMARKS.md', `${at < 0 ? `${old.trimEnd()}\n\n` : old.slice(0, at)}${growthMarkdown(all)}\n${embeddedMarkdown('bench/results')}`);
  console.error(`bench: rewrote the growth section from ${all.map((r) => r.scale).join(', ')}`);
  process.exit(0);
}
const config = loadConfig();
const db = await openDb({ ...config, statementTimeoutMs: 600_000 });
const started = performance.now();
try {
  await migrate(db);
  if (!(await hasCity(db))) throw new Error('the store holds no city: run `npm start` once or `npm run seed` first');
  const machine = await describeMachine(db);
  const counts = (await db.query<{ cases: number; components: number; grids: number }>(
    'select (select count(*)::int from cases) as cases, (select count(*)::int from components) as components, (select count(*)::int from grids) as grids',
  )).rows[0]!;
  const scale = scaleOf(counts.cases);
  console.error(`bench: ${db.kind} backend, ${scale} city (${counts.cases} cases), sections ${wanted.join(', ')}${quick ? ' (quick)' : ''}`);
  const sections: Section[] = [];
  const partialFile = path.join(tmpdir(), `gridcity-bench-${db.kind}-${scale}.partial.md`);
  for (const name of wanted) {
    const t = performance.now();
    console.error(`bench: ${name} …`);
    const s = await benchSections[name]!({ db, config, quick, counts });
    s.seconds = (performance.now() - t) / 1000;
    console.error(`bench: ${name} done in ${s.seconds.toFixed(0)} s`);
    sections.push(s);
    // What is done so far, in case the run is stopped before the end.
    writeFileSync(partialFile, `# Benchmarks (run in progress: ${sections.map((x) => x.name).join(', ')} done)\n\n${summaryMarkdown(sections.flatMap((x) => x.figures))}\n${sections.map((x) => x.markdown).join('\n')}`);
  }
  machine.loadEnd = loadNow();
  const figures = sections.flatMap((s) => s.figures);
  const result: RunResult = {
    scale, date: new Date().toISOString(), quick, machine, counts,
    metrics: Object.fromEntries(sections.flatMap((s) => Object.entries(s.metrics))),
  };
  const outFile = args.out ?? (quick ? path.join(tmpdir(), 'gridcity-BENCHMARKS.quick.md') : 'BENCHMARKS.md');
  let growth = '';
  if (!quick) {
    const json = `${JSON.stringify(result, null, 2)}\n`;
    const all = [...readResults('bench/results', db.kind).filter((r) => r.scale !== scale), result]
      .sort((a, b) => SCALE_ORDER.indexOf(a.scale) - SCALE_ORDER.indexOf(b.scale));
    if (args.out) writeFileSync(`${outFile}.json`, json); // a trial run: the stored results and the plot stay
    else {
      mkdirSync('bench/results', { recursive: true });
      writeFileSync(`bench/results/${db.kind}-${scale}.json`, json);
      writeGrowthSvg(all, 'docs/bench-growth.svg');
    }
    growth = `${growthMarkdown(all)}\n${embeddedMarkdown('bench/results')}`;
  }
  const minutes = (performance.now() - started) / 60_000;
  const md = `# Benchmarks

Produced by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${result.date.slice(0, 16).replace('T', ' ')} UTC in ${minutes.toFixed(1)} min, ${scale} city
(${counts.grids} grids, ${counts.components.toLocaleString('en')} components, ${counts.cases.toLocaleString('en')} cases).

Machine: ${machineLine(machine)}. Other engineers' tests share this 2-core machine, so absolute
times move with the load; each figure is compared with a baseline measured in the same run,
and the ratios are what count.

## Summary: targets

${summaryMarkdown(figures)}
${sections.map((s) => s.markdown).join('\n')}
${growth}`;
  writeFileSync(outFile, md);
  console.log(md);
  console.error(`bench: wrote ${outFile}`);
  const broken = sections.filter((s) => s.broken);
  if (broken.length) {
    console.error(`bench: broken: ${broken.map((s) => `${s.name}: ${s.broken}`).join('; ')}`);
    process.exitCode = 1;
  }
} finally {
  await db.close();
}
// The app instances the sections started leave timers behind (feed, caches): end here.
process.exit(process.exitCode ?? 0);
