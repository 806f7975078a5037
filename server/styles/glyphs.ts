// The Latin glyph PBFs of tiles/glyphs/<font>/<start>-<end>.pbf, held in memory with
// their gzip and ETags. A font stack ("A,B") is answered by the first of its fonts that
// has the range. CJK is never served: MapLibre draws it from local fonts
// (localIdeographFontFamily), so a CJK range gets a 404 that says so.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { AppError, notFound } from '../errors.ts';

export const GLYPHS_DIR = fileURLToPath(new URL('../../tiles/glyphs/', import.meta.url));

const RANGE_SIZE = 256;
const LAST_CODE_POINT = 0xffff;
const RANGE_FILE = /^(\d+)-(\d+)\.pbf$/;

/** Unicode blocks MapLibre draws with localIdeographFontFamily (Han, kana, Hangul and their neighbours). */
const CJK_BLOCKS: readonly [number, number][] = [
  [0x1100, 0x11ff], // Hangul Jamo
  [0x2e80, 0x2fdf], // CJK radicals, Kangxi radicals
  [0x2ff0, 0x303f], // ideographic description, CJK symbols and punctuation
  [0x3040, 0x31ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility jamo, Kanbun, CJK strokes
  [0x3200, 0x4dbf], // enclosed CJK, CJK compatibility, CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa960, 0xa97f], // Hangul Jamo extended-A
  [0xac00, 0xd7ff], // Hangul syllables and Jamo extended-B
  [0xf900, 0xfaff], // CJK compatibility ideographs
];

export interface GlyphRange {
  /** First code point of the range. */
  start: number;
  body: Buffer;
  gzip: Buffer;
  /** Strong ETag of the uncompressed body (the gzip variant adds "-gz"). */
  etag: string;
}

/** "start-end" of the 256 code points starting at `start`. */
export const rangeName = (start: number) => `${start}-${start + RANGE_SIZE - 1}`;

/** The first code point of a range written "N-M"; 400 unless N is a multiple of 256 and M = N + 255. */
export function parseRange(text: string): number {
  const m = /^(\d{1,5})-(\d{1,5})$/.exec(text);
  const start = m ? Number(m[1]) : NaN;
  const end = m ? Number(m[2]) : NaN;
  if (!m || start % RANGE_SIZE !== 0 || end !== start + RANGE_SIZE - 1 || end > LAST_CODE_POINT) {
    throw new AppError(400, 'invalid_range', `"${text}" is not a glyph range: write N-M with N a multiple of 256 and M = N + 255, up to 65535 (e.g. 0-255)`, { range: text });
  }
  return start;
}

/** True when the range holds CJK code points, which MapLibre draws from local fonts. */
export const isCjkRange = (start: number) =>
  CJK_BLOCKS.some(([from, to]) => start <= to && start + RANGE_SIZE - 1 >= from);

/** The fonts of a font stack as MapLibre writes it: names separated by commas. */
export const fontsOf = (stack: string) => stack.split(',').map((f) => f.trim()).filter(Boolean);

export class GlyphStore {
  private constructor(private readonly fonts: ReadonlyMap<string, ReadonlyMap<number, GlyphRange>>) {}

  /** Reads every font folder of `dir` (other files are ignored). */
  static load(dir = GLYPHS_DIR): GlyphStore {
    const fonts = new Map<string, Map<number, GlyphRange>>();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      const ranges = new Map<number, GlyphRange>();
      for (const file of readdirSync(path.join(dir, entry.name))) {
        const m = RANGE_FILE.exec(file);
        if (!m) continue;
        const start = Number(m[1]);
        if (start % RANGE_SIZE !== 0 || Number(m[2]) !== start + RANGE_SIZE - 1) continue;
        const body = readFileSync(path.join(dir, entry.name, file));
        const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
        ranges.set(start, { start, body, gzip: gzipSync(body, { level: 9 }), etag });
      }
      if (ranges.size) fonts.set(entry.name, ranges);
    }
    return new GlyphStore(fonts);
  }

  /** The fonts served, by name. */
  fontNames(): string[] {
    return [...this.fonts.keys()].sort();
  }

  /** The ranges served for a font, as "start-end". */
  rangesOf(font: string): string[] {
    return [...(this.fonts.get(font)?.keys() ?? [])].sort((a, b) => a - b).map(rangeName);
  }

  /** The range from the first font of the stack that has it; 404 saying why when none has. */
  find(stack: string, start: number): { font: string; range: GlyphRange } {
    const names = fontsOf(stack);
    const known = names.filter((f) => this.fonts.has(f));
    for (const font of known) {
      const range = this.fonts.get(font)!.get(start);
      if (range) return { font, range };
    }
    const range = rangeName(start);
    if (!known.length) {
      throw notFound(`no font ${names.map((f) => `"${f}"`).join(', ') || '(empty stack)'} here; the fonts served are ${this.fontNames().map((f) => `"${f}"`).join(', ')}`, {
        fontstack: stack, fonts: this.fontNames(),
      });
    }
    if (isCjkRange(start)) {
      throw notFound(`glyphs ${range} are CJK and not served: MapLibre draws them from local fonts (set the map's localIdeographFontFamily, named in the style's metadata)`, {
        fontstack: stack, range,
      });
    }
    throw notFound(`glyphs ${range} are not generated for ${known.map((f) => `"${f}"`).join(', ')}; the ranges served are ${this.rangesOf(known[0]!).join(', ')}`, {
      fontstack: stack, range, ranges: this.rangesOf(known[0]!),
    });
  }
}

const stores = new Map<string, GlyphStore>();

/** The glyph store of `dir`, read once per process. */
export function glyphStore(dir = GLYPHS_DIR): GlyphStore {
  let store = stores.get(dir);
  if (!store) stores.set(dir, (store = GlyphStore.load(dir)));
  return store;
}
