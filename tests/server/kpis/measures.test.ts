import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEASURES, round } from '../../../server/kpis/measures.ts';

describe('KPI measures', () => {
  it('have unique keys and names, and rates and means rest on a count of the table', () => {
    const keys = MEASURES.map((m) => m.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(MEASURES.map((m) => m.zh)).size).toBe(keys.length);
    expect(new Set(MEASURES.map((m) => m.en)).size).toBe(keys.length);
    const counts = MEASURES.filter((m) => m.kind === 'count').map((m) => m.key);
    for (const m of MEASURES) if (m.kind !== 'count') expect(counts, m.key).toContain(m.of);
    for (const m of MEASURES) expect(m.key).toMatch(/^[a-z_]+$/); // used as SQL column aliases
  });

  it('are each defined in README.md with their Chinese name', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const m of MEASURES) expect(readme, m.key).toMatch(new RegExp(`\\| \`${m.key}\` \\| ${m.zh.replace(/[()（）]/g, '.')} \\|`));
  });

  it('round rates and means, and leave null alone', () => {
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(120 / 7, 2)).toBe(17.14);
    expect(round(null, 4)).toBeNull();
    expect(round(Number.NaN, 4)).toBeNull();
  });
});
