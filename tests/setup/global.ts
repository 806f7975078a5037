// Runs once before the test files: builds the seeded store they all start from.
// Embedded: a PGlite data-dir dump in tests/.artifacts (reused while the schema and
// seed code are unchanged). Server: a template database on the DATABASE_URL server.
import type { TestProject } from 'vitest/node';
import { prepareSeededStore } from '../helpers/store.ts';

export async function setup(project: TestProject): Promise<void> {
  const store = await prepareSeededStore((line) => console.log(`[setup] ${line}`));
  project.provide('seededStore', store);
}
