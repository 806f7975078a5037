// Golden fixtures: inputs in tests/fixtures/in, expected outputs in
// tests/fixtures/out. Run with REGEN=1 to rewrite the outputs from the code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixtureIn<T = unknown>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'in', name), 'utf8')) as T;
}

/** The stored expected output, or (with REGEN=1) stores `actual` as the new one. */
export function golden<T>(name: string, actual: T): T {
  const file = path.join(FIXTURES, 'out', name);
  if (process.env.REGEN === '1' || !existsSync(file)) {
    if (process.env.REGEN !== '1' && process.env.CI) throw new Error(`golden output ${name} is missing; run the tests with REGEN=1`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 1)}\n`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}
