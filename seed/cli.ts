// npm run seed -- [--scale demo|city|large] [--seed N] [--until YYYY-MM-DD] [--empty]
// Seeds the synthetic city into the configured store (DATABASE_URL or the embedded
// store), migrating first. Refuses to seed over an existing city unless --empty.
import { parseArgs } from 'node:util';
import { SCALES, loadConfig, loadDotEnv, type Scale } from '../server/config.ts';
import { migrate } from '../server/db/migrate.ts';
import { openDb } from '../server/db/open.ts';
import { lastCompleteDay } from './context.ts';
import { hasCity, seedCity, wipeCity } from './index.ts';
import { consoleProgress } from './progress.ts';

const usage = 'usage: npm run seed -- [--scale demo|city|large] [--seed N] [--until YYYY-MM-DD] [--empty] [--quiet]';

function fail(message: string): never {
  console.error(`seed: ${message}\n${usage}`);
  process.exit(2);
}

loadDotEnv();
const config = loadConfig();
let args;
try {
  args = parseArgs({
    options: {
      scale: { type: 'string', default: config.seedScale },
      seed: { type: 'string', default: String(config.seedNumber) },
      until: { type: 'string' },
      empty: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}
if (!(SCALES as readonly string[]).includes(args.scale!)) fail(`--scale must be one of ${SCALES.join(', ')}, got "${args.scale}"`);
const seed = Number(args.seed);
if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) fail(`--seed must be a whole number from 0 to ${2 ** 31 - 1}, got "${args.seed}"`);
const until = args.until ?? lastCompleteDay();
if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(`${until}T00:00:00Z`)) || new Date(`${until}T00:00:00Z`).toISOString().slice(0, 10) !== until) {
  fail(`--until must be a date YYYY-MM-DD, got "${until}"`);
}

const db = await openDb(config);
try {
  await migrate(db);
  if (await hasCity(db)) {
    if (!args.empty) fail('the store already holds a city; pass --empty to wipe it and seed anew');
    await wipeCity(db);
  }
  const report = await seedCity(db, { seed, scale: args.scale as Scale, until, coverRes: config.h3CoverRes }, consoleProgress(process.stderr, args.quiet));
  const counts = await db.query<Record<string, number>>(
    `select (select count(*)::int from grids) as grids, (select count(*)::int from subgrids) as subgrids,
            (select count(*)::int from blocks) as blocks, (select count(*)::int from buildings) as buildings,
            (select count(*)::int from components) as components, (select count(*)::int from cases) as cases,
            (select count(*)::int from case_events) as case_events, (select count(*)::int from h3_cover) as h3_cover`,
  );
  console.log(JSON.stringify({ backend: db.kind, scale: args.scale, seed, until, seconds: report.totalMs / 1000, stages: report.stages, counts: counts.rows[0] }, null, 2));
} finally {
  await db.close();
}
