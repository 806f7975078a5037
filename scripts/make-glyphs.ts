// Generates the Latin glyph ranges the basemap style draws its labels with, as SDF
// glyph PBFs in tiles/glyphs/<font stack>/<start>-<end>.pbf (committed; the server
// serves them at /fonts/{fontstack}/{range}.pbf). CJK is not generated: MapLibre
// draws it from the reader's own fonts (localIdeographFontFamily).
//
//   apt-get install -y fonts-noto-core     # Noto Sans from Debian (OFL-1.1)
//   npx tsx scripts/make-glyphs.ts
//
// fontnik (the Mapbox glyph builder, prebuilt binary) runs through npx at a pinned
// version; it is not a dependency of the project.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FONTNIK = 'fontnik@0.7.7';
const FONT_DIR = '/usr/share/fonts/truetype/noto';

/** Font stack name (as styles write it in text-font) → font file. */
const FONTS: Record<string, string> = {
  'Noto Sans Regular': 'NotoSans-Regular.ttf',
  'Noto Sans Bold': 'NotoSans-Bold.ttf',
};

/** Basic Latin + Latin-1, Latin Extended-A/B (pinyin tone marks), general punctuation. */
const RANGE_STARTS = [0, 256, 8192];

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.join(root, 'tiles', 'glyphs');

for (const [stack, file] of Object.entries(FONTS)) {
  const font = path.join(FONT_DIR, file);
  if (!existsSync(font)) {
    console.error(`${font} is missing: apt-get install -y fonts-noto-core`);
    process.exit(1);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'glyphs-'));
  try {
    const r = spawnSync('npx', ['--yes', '-p', FONTNIK, 'build-glyphs', font, work], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      console.error(`build-glyphs failed for ${font} (exit ${r.status})`);
      process.exit(1);
    }
    const dir = path.join(out, stack);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const start of RANGE_STARTS) {
      const name = `${start}-${start + 255}.pbf`;
      copyFileSync(path.join(work, name), path.join(dir, name));
    }
    const files = readdirSync(dir).sort((a, b) => parseInt(a) - parseInt(b));
    console.log(`${stack}: ${files.map((f) => `${f} (${(statSync(path.join(dir, f)).size / 1024).toFixed(0)} KiB)`).join(', ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
