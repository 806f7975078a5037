// The wall map soak from the command line (see wall-soak.ts): not part of `npm test`
// (`npm run test:soak` runs it with its target); on the configured store (DATABASE_URL
// or the embedded one):
//   npx tsx bench/wall-memory.ts [--minutes 30] [--rate 2] [--warmup 0] [--every 60] [--census]
import { parseArgs } from 'node:util';
import { prepareSeededStore } from '../tests/helpers/store.ts';
import { wallSoak } from './wall-soak.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '0' },
    every: { type: 'string', default: '60' },
    census: { type: 'boolean', default: false },
  },
});
const store = await prepareSeededStore((l) => console.log(l));
const r = await wallSoak(store, {
  minutes: Number(values.minutes),
  rate: Number(values.rate),
  warmupMinutes: Number(values.warmup),
  sampleEveryS: Number(values.every),
  census: values.census,
});
if (r.pageErrors.length) console.log(`page errors: ${r.pageErrors.join(' | ')}`);
process.exit(0);
