// npm run simulate -- --rate 20 [--duration 60 | --count 500] [--seed 7]
//   [--url http://localhost:8080] [--user officer] [--password gridcity] [--max-in-flight 32]
// Posts realistic cases through the HTTP API for demos and load (see run.ts). Exits 0
// when done or stopped with Ctrl-C, 1 on a fatal error, 2 on bad options.
import { parseArgs } from 'node:util';
import { FatalError } from './client.ts';
import { simulate, type SimulateOptions } from './run.ts';

const USAGE = `usage: npm run simulate -- [--rate 5] [--duration SECONDS | --count N] [--seed N]
       [--url http://localhost:8080] [--user officer] [--password gridcity] [--max-in-flight 32] [--report-every 5]`;

function number(name: string, raw: string | undefined, fallback: number | undefined, min: number, integer = false): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new RangeError(`--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got "${raw}"`);
  }
  return n;
}

function options(argv: string[]): SimulateOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://localhost:8080' },
      user: { type: 'string', default: 'officer' },
      password: { type: 'string', default: 'gridcity' },
      rate: { type: 'string' },
      duration: { type: 'string' },
      count: { type: 'string' },
      seed: { type: 'string' },
      'max-in-flight': { type: 'string' },
      'report-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  try {
    new URL(values.url);
  } catch {
    throw new RangeError(`--url must be a URL, got "${values.url}"`);
  }
  const durationS = number('duration', values.duration, undefined, 0.001);
  const count = number('count', values.count, undefined, 1, true);
  return {
    url: values.url,
    user: values.user,
    password: values.password,
    rate: number('rate', values.rate, 5, 0.001)!,
    ...(durationS === undefined ? {} : { durationS }),
    ...(count === undefined ? {} : { count }),
    seed: values.seed ?? String(Date.now()),
    maxInFlight: number('max-in-flight', values['max-in-flight'], 32, 1, true)!,
    reportEveryS: number('report-every', values['report-every'], 5, 0.1)!,
  };
}

let o: SimulateOptions;
try {
  o = options(process.argv.slice(2));
} catch (err) {
  console.error(`simulate: ${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
try {
  await simulate(o, (line) => console.log(line), stop.signal);
  process.exit(0);
} catch (err) {
  console.error(`simulate: ${err instanceof FatalError ? '' : 'unexpected error: '}${(err as Error).message}`);
  process.exit(1);
}
