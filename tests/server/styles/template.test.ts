// The style template and its palettes: tokens, origins, the check that a palette fits
// the template, and the initial view.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate, STYLES_DIR } from '../../../server/styles/basemap.ts';
import { fillTemplate, tokensOf, type Json } from '../../../server/styles/template.ts';
import { cityView, fitZoom } from '../../../server/styles/view.ts';
import type { Queryable } from '../../../server/db/types.ts';

describe('style template', () => {
  it('replaces whole-string tokens and the origin, and nothing else', () => {
    const template: Json = {
      url: '{origin}/tiles/basemap.json',
      glyphs: '{origin}/fonts/{fontstack}/{range}.pbf',
      color: '$water',
      match: ['match', ['get', 'kind'], 'park', '$green', '$water'],
      text: 'costs $5',
    };
    expect([...tokensOf(template)].sort()).toEqual(['green', 'water']);
    const filled = fillTemplate(template, { water: '#00f', green: ['rgba', 0, 128, 0, 1] }, 'http://h:1');
    expect(filled).toEqual({
      url: 'http://h:1/tiles/basemap.json',
      glyphs: 'http://h:1/fonts/{fontstack}/{range}.pbf',
      color: '#00f',
      match: ['match', ['get', 'kind'], 'park', ['rgba', 0, 128, 0, 1], '#00f'],
      text: 'costs $5',
    });
    expect(() => fillTemplate({ a: '$nope' }, {}, 'x')).toThrow(/no value for token \$nope/);
  });

  it('refuses a palette that misses a token or holds one the template does not use', () => {
    expect(() => loadTemplate()).not.toThrow();
    const dir = mkdtempSync(path.join(tmpdir(), 'styles-'));
    try {
      cpSync(STYLES_DIR, dir, { recursive: true });
      const file = path.join(dir, 'themes', 'dark.json');
      const palette = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Json>;
      delete palette.water;
      palette['road-motorway'] = '#f00';
      writeFileSync(file, JSON.stringify(palette));
      expect(() => loadTemplate(dir)).toThrow(/style theme dark: no value for \$water; unused road-motorway/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fits the city on the screen, and has no view without a district', async () => {
    // A city 20 km across at 27.7° N fits at about z11.
    const z = fitZoom([111.9, 27.63, 112.1, 27.81]);
    expect(z).toBeGreaterThan(10.5);
    expect(z).toBeLessThan(12);
    expect(fitZoom([112, 27.7, 112.004, 27.703])).toBe(16);
    expect(fitZoom([100, 20, 120, 40])).toBe(10);
    const empty: Queryable = {
      query: async <R extends object>() => ({ rows: [] as R[], rowCount: 0 }),
      exec: async () => {},
    };
    expect(await cityView(empty)).toBeNull();
  });
});
