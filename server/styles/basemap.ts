// The basemap style: tiles/styles/basemap.json filled with a theme's palette
// (tiles/styles/themes/<theme>.json), the label text of a language and the request's
// origin, so every URL in it points at this server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillTemplate, tokensOf, type Json } from './template.ts';

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

export const STYLES_DIR = fileURLToPath(new URL('../../tiles/styles/', import.meta.url));

/** Label text per language: the Chinese name, or the English one where there is one. */
const LABELS: Record<Lang, Json> = {
  zh: ['coalesce', ['get', 'name'], ['get', 'name_en']],
  en: ['coalesce', ['get', 'name_en'], ['get', 'name']],
};
const LANG_TOKENS = new Set(['label']);

/** Where the city is, for the style's initial view. */
export interface CityView {
  bounds: [number, number, number, number];
  center: [number, number];
  zoom: number;
}

export interface BasemapOptions {
  origin: string;
  lang: Lang;
  theme: Theme;
  view?: CityView | null;
}

interface Template {
  style: { [key: string]: Json };
  palettes: Record<Theme, Record<string, Json>>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;

/** Reads the template and the palettes and checks that they fit each other. */
export function loadTemplate(dir = STYLES_DIR): Template {
  const style = readJson(path.join(dir, 'basemap.json')) as { [key: string]: Json };
  const used = tokensOf(style);
  const palettes = {} as Record<Theme, Record<string, Json>>;
  for (const theme of THEMES) {
    const palette = readJson(path.join(dir, 'themes', `${theme}.json`)) as Record<string, Json>;
    const missing = [...used].filter((t) => !LANG_TOKENS.has(t) && !(t in palette));
    const unused = Object.keys(palette).filter((t) => !used.has(t));
    if (missing.length || unused.length) {
      throw new Error(`style theme ${theme}: ${missing.length ? `no value for ${missing.map((t) => `$${t}`).join(', ')}` : ''}${missing.length && unused.length ? '; ' : ''}${unused.length ? `unused ${unused.join(', ')}` : ''}`);
    }
    palettes[theme] = palette;
  }
  return { style, palettes };
}

let template: Template | undefined;

/** The basemap style for a language and theme, its URLs under `origin`. */
export function basemapStyle({ origin, lang, theme, view }: BasemapOptions): { [key: string]: Json } {
  template ??= loadTemplate();
  const style = fillTemplate(template.style, { ...template.palettes[theme], label: LABELS[lang] }, origin) as { [key: string]: Json };
  const metadata = style.metadata as { [key: string]: Json };
  metadata['gridcity:lang'] = lang;
  metadata['gridcity:theme'] = theme;
  style.name = `${style.name as string} (${theme}, ${lang})`;
  if (view) {
    metadata['gridcity:bounds'] = view.bounds;
    // The root properties come in the order the style spec lists them.
    return { version: style.version!, name: style.name, metadata, center: view.center, zoom: view.zoom, ...style };
  }
  return style;
}
