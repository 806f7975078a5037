// Boots a planning worker thread: TypeScript through tsx, whether the server runs
// under tsx or the tests under vitest (neither hands its loader to a worker reliably).
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
