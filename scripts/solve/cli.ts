// npm run solve -- --problem pmedian|mclp|lscp [--p N] [--radius M] [--exact]
//   [--time-limit S] [--capacity N|weight] [--seed N] FILE
// Solves a facility-location problem on an OR-Library p-median file or a CSV of
// demand points and sites (id,lon,lat,weight,kind; distances in metres on WGS84) and
// prints JSON {objective, sites, seconds, gap, ...}. gap: against the published
// optimum for an OR-Library file (with its own p), else against the MIP bound (with
// --exact), null when no bound is known; a fraction (0.01 = 1 %). Exit 0 when solved,
// 1 when the instance has no answer (capacities too small...), 2 on bad input.
import { parseArgs } from 'node:util';
import { solveFacility } from '../../server/spatial/facility/solve.ts';
import { FacilityInfeasibleError, type FacilityOptions, type FacilityProblem } from '../../server/spatial/facility/types.ts';
import { InputError, readInput } from './input.ts';

const USAGE = `usage: npm run solve -- --problem pmedian|mclp|lscp [--p N] [--radius METRES] [--exact]
       [--time-limit SECONDS (default 5)] [--capacity N|weight] [--seed N] FILE
FILE: an OR-Library p-median file (pmedN.txt; p defaults to the file's) or a CSV
id,lon,lat,weight,kind with kind demand | candidate | existing (existing = fixed open)`;

function number(name: string, raw: string | undefined, min: number, integer = false): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw new InputError(`--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, got "${raw}"`);
  }
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      problem: { type: 'string' },
      p: { type: 'string' },
      radius: { type: 'string' },
      exact: { type: 'boolean', default: false },
      'time-limit': { type: 'string' },
      capacity: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const problem = (values.problem ?? 'pmedian') as FacilityProblem;
  if (!['pmedian', 'mclp', 'lscp'].includes(problem)) throw new InputError(`--problem must be pmedian, mclp or lscp, got "${values.problem}"`);
  if (positionals.length !== 1) throw new InputError(positionals.length === 0 ? 'give one input FILE' : `give one input FILE, got ${positionals.length}: ${positionals.join(' ')}`);
  const t0 = performance.now();
  const input = readInput(positionals[0]!);
  const p = number('p', values.p, 1, true) ?? input.p;
  const radius = number('radius', values.radius, 0);
  if (problem !== 'lscp' && p === undefined) throw new InputError(`--p is needed for ${problem}`);
  if (problem !== 'pmedian' && radius === undefined) throw new InputError(`--radius is needed for ${problem}`);
  if (values.capacity !== undefined) {
    if (values.capacity === 'weight') {
      if (!input.siteWeights) throw new InputError('--capacity weight needs a CSV whose candidate rows carry their capacity as weight');
      input.instance.capacity = input.siteWeights;
    } else input.instance.capacity = number('capacity', values.capacity, 0);
  }
  const opts: FacilityOptions = {
    problem,
    method: values.exact ? 'exact' : 'heuristic',
    timeLimit: number('time-limit', values['time-limit'], 0.01) ?? 5,
    seed: number('seed', values.seed, 0, true) ?? 1,
  };
  if (p !== undefined) opts.p = p;
  if (radius !== undefined) opts.radius = radius;
  let sol;
  try {
    sol = await solveFacility(input.instance, opts);
  } catch (err) {
    if (err instanceof RangeError) throw new InputError(err.message);
    throw err;
  }
  const seconds = (performance.now() - t0) / 1000;
  const known = input.optimum !== undefined && problem === 'pmedian' && p === input.p && !input.instance.capacity ? input.optimum : undefined;
  const gap = known !== undefined ? (sol.objective - known) / known : sol.gap;
  const out: Record<string, unknown> = {
    objective: sol.objective,
    sites: sol.sites.map((j) => input.siteLabels[j]!),
    seconds: Number(seconds.toFixed(3)),
    gap: gap === null ? null : Number(gap.toPrecision(6)),
    problem,
    method: sol.method,
  };
  if (known !== undefined) out.optimum = known;
  if (sol.bound !== undefined) out.bound = sol.bound;
  if (sol.covered !== undefined) out.covered = sol.covered;
  out.totalDemand = sol.totalDemand;
  if (sol.uncoverable?.length) out.uncoverable = sol.uncoverable.length;
  console.log(JSON.stringify(out));
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof InputError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`solve: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (err instanceof FacilityInfeasibleError) {
    console.error(`solve: ${err.message}`);
    process.exit(1);
  }
  console.error(`solve: unexpected error: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
}
