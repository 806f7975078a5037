// npm run test:soak [-- --minutes 30] [--seconds 60] [--only load|wall]: the long runs
// of issue 8 part 5 (vitest.soak.config.ts), on the configured store (DATABASE_URL, or
// the embedded one): mixed traffic at 50 connections for --seconds, then the wall map
// under intake for --minutes after its warm-up. Exit code: vitest's.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    seconds: { type: 'string', default: '60' },
    only: { type: 'string' },
  },
});
const minutes = Number(values.minutes), seconds = Number(values.seconds);
if (!(minutes >= 0) || !(seconds >= 0)) {
  console.error('--minutes and --seconds must be numbers, 0 or more');
  process.exit(2);
}
if (values.only !== undefined && values.only !== 'load' && values.only !== 'wall') {
  console.error('--only must be load or wall');
  process.exit(2);
}
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.soak.config.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    SOAK_WALL_MINUTES: values.only === 'load' ? '0' : String(minutes),
    SOAK_LOAD_SECONDS: values.only === 'wall' ? '0' : String(seconds),
  },
});
process.exit(r.status ?? 1);
