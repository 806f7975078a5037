// Runs once before the test files: builds the seeded store they all start from, and
// the web app for the browser tests when a source is newer than web/dist.
// Embedded: a PGlite data-dir dump in tests/.artifacts (reused while the schema and
// seed code are unchanged). Server: a template database on the DATABASE_URL server.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { prepareSeededStore } from '../helpers/store.ts';

export async function setup(project: TestProject): Promise<void> {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-web-if-stale.ts'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the web app failed');
  const store = await prepareSeededStore((line) => console.log(`[setup] ${line}`));
  project.provide('seededStore', store);
}
