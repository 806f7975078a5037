// A planning run in a worker thread: the input arrays arrive with the thread (no
// database here), progress goes back as messages, and a SharedArrayBuffer flag set by
// the server stops the search with the best answer so far.
import { parentPort, workerData } from 'node:worker_threads';
import { runPlan, type RunInput } from '../spatial/planning/run.ts';

const { input, stop } = workerData as { input: RunInput; stop: SharedArrayBuffer };
const flag = new Int32Array(stop);
const port = parentPort!;
runPlan(input, {
  onProgress: (p) => port.postMessage({ type: 'progress', objective: p.objective, seconds: p.seconds }),
  shouldStop: () => Atomics.load(flag, 0) === 1,
}).then(
  (result) => port.postMessage({ type: 'done', result }),
  (err: unknown) => port.postMessage({ type: 'error', name: (err as Error).name, message: (err as Error).message ?? String(err) }),
);
