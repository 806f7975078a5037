// GET /fonts/{fontstack}/{range}.pbf: the committed Latin glyph PBFs, a font stack
// answered by its first font served, and 400/404 with reasons.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLYPHS_DIR, glyphStore, isCjkRange, parseRange } from '../../../server/styles/glyphs.ts';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { emptyDb, type TestDb } from '../../helpers/store.ts';
import { decodeGlyphs } from './glyph-pbf.ts';

const REGULAR = 'Noto Sans Regular';
const BOLD = 'Noto Sans Bold';
const fontUrl = (stack: string, range: string) => `/fonts/${encodeURIComponent(stack)}/${range}.pbf`;
const onDisk = (font: string, range: string) => readFileSync(path.join(GLYPHS_DIR, font, `${range}.pbf`));
const IDENTITY = { headers: { 'accept-encoding': 'identity' } };

describe(`glyphs (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  beforeAll(async () => {
    db = await emptyDb();
    app = await startApp(db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('holds Latin, Latin extended and punctuation for the regular and the bold font', () => {
    const store = glyphStore();
    expect(store.fontNames()).toEqual([BOLD, REGULAR]);
    for (const font of [REGULAR, BOLD]) expect(store.rangesOf(font)).toEqual(['0-255', '256-511', '8192-8447']);
  });

  it('serves a real glyph PBF with glyphs for A to Z', async () => {
    const r = await app.get(fontUrl(REGULAR, '0-255'), IDENTITY);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-protobuf');
    expect(Number(/max-age=(\d+)/.exec(r.headers.get('cache-control') ?? '')?.[1])).toBeGreaterThanOrEqual(7 * 86_400);
    expect(r.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    const body = new Uint8Array(await r.arrayBuffer());
    expect(Buffer.from(body).equals(onDisk(REGULAR, '0-255'))).toBe(true);
    const [stack, ...rest] = decodeGlyphs(body);
    expect(rest).toHaveLength(0);
    expect(stack).toMatchObject({ name: REGULAR, range: '0-255' });
    const byId = new Map(stack!.glyphs.map((g) => [g.id, g]));
    for (let c = 'A'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
      const g = byId.get(c);
      expect(g, String.fromCharCode(c)).toBeDefined();
      expect(g!.advance).toBeGreaterThan(0);
      // An SDF bitmap has a 3-pixel border on every side.
      expect(g!.bitmap!.length).toBe((g!.width + 6) * (g!.height + 6));
    }
    expect(byId.get('ü'.charCodeAt(0))).toBeDefined();
    const wide = (await app.get(fontUrl(BOLD, '256-511'))).arrayBuffer();
    const extended = new Map(decodeGlyphs(new Uint8Array(await wide))[0]!.glyphs.map((g) => [g.id, g]));
    for (const c of 'āáǎàēěīǐōǒūǔǖǘǚǜ') expect(extended.has(c.codePointAt(0)!) || c.codePointAt(0)! < 256, c).toBe(true);
    const punctuation = new Map(decodeGlyphs(new Uint8Array(await (await app.get(fontUrl(REGULAR, '8192-8447'))).arrayBuffer()))[0]!.glyphs.map((g) => [g.id, g]));
    for (const c of '–—‘’“”…') expect(punctuation.has(c.codePointAt(0)!), c).toBe(true);
  });

  it('answers a font stack with its first font that is served', async () => {
    const r = await app.get(fontUrl(`Open Sans Bold,${BOLD},${REGULAR}`, '0-255'), IDENTITY);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(onDisk(BOLD, '0-255'))).toBe(true);
    const plainComma = await app.get(`/fonts/${encodeURIComponent(REGULAR)},${encodeURIComponent(BOLD)}/0-255.pbf`, IDENTITY);
    expect(Buffer.from(await plainComma.arrayBuffer()).equals(onDisk(REGULAR, '0-255'))).toBe(true);
  });

  it('says 404 and why for an unknown font, a range not generated and a CJK range', async () => {
    const unknown = await app.get(fontUrl('Comic Sans MS', '0-255'));
    expect(unknown.status).toBe(404);
    const u = (await unknown.json()).error;
    expect(u.message).toMatch(/no font "Comic Sans MS" here; the fonts served are "Noto Sans Bold", "Noto Sans Regular"/);
    expect(u.details.fonts).toEqual([BOLD, REGULAR]);

    const missing = await app.get(fontUrl(REGULAR, '512-767'));
    expect(missing.status).toBe(404);
    const m = (await missing.json()).error;
    expect(m.message).toMatch(/512-767 are not generated .*0-255, 256-511, 8192-8447/);

    const cjk = await app.get(fontUrl(REGULAR, '20224-20479'));
    expect(cjk.status).toBe(404);
    expect((await cjk.json()).error.message).toMatch(/CJK .*localIdeographFontFamily/);
  });

  it('refuses a malformed range with 400', async () => {
    for (const range of ['abc', '0-254', '1-256', '256-255', '65536-65791', '0-255-511', '-0-255', '00000000-255']) {
      const r = await app.get(fontUrl(REGULAR, range));
      expect(r.status, range).toBe(400);
      const e = (await r.json()).error;
      expect(e.code, range).toBe('invalid_range');
      expect(e.message).toMatch(/N a multiple of 256 and M = N \+ 255/);
    }
    // Not a .pbf: no such resource.
    expect((await app.get(`/fonts/${encodeURIComponent(REGULAR)}/0-255.png`)).status).toBe(404);
  });

  it('answers 304 for a current copy and gzips for clients that take it, each variant with its own ETag', async () => {
    const plain = await app.get(fontUrl(REGULAR, '0-255'), IDENTITY);
    const etag = plain.headers.get('etag')!;
    expect((await app.get(fontUrl(REGULAR, '0-255'), { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } })).status).toBe(304);
    const zipped = await app.get(fontUrl(REGULAR, '0-255'), { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const zippedEtag = zipped.headers.get('etag')!;
    expect(zippedEtag).not.toBe(etag);
    // fetch unzips: the same bytes as the file.
    expect(Buffer.from(await zipped.arrayBuffer()).equals(onDisk(REGULAR, '0-255'))).toBe(true);
    expect((await app.get(fontUrl(REGULAR, '0-255'), { headers: { 'accept-encoding': 'gzip', 'if-none-match': zippedEtag } })).status).toBe(304);
    // A list of tags, a weak tag and "*" match too.
    for (const header of [`"other", W/${etag}`, '*']) {
      expect((await app.get(fontUrl(REGULAR, '0-255'), { headers: { 'accept-encoding': 'identity', 'if-none-match': header } })).status, header).toBe(304);
    }
    // Another font's file is another ETag.
    expect((await app.get(fontUrl(BOLD, '0-255'), { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } })).status).toBe(200);
  });

  it('never answers a /fonts/ path with the web app, even when it is built', async () => {
    const dist = mkdtempSync(path.join(tmpdir(), 'web-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
    const withWeb = await startApp(db, { webDist: dist });
    try {
      const r = await withWeb.get(`/fonts/${encodeURIComponent(REGULAR)}/0-255`, { headers: { accept: 'text/html,*/*' } });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await withWeb.get('/some/app/page', { headers: { accept: 'text/html' } })).status).toBe(200);
    } finally {
      await withWeb.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it('parses ranges and knows which are CJK', () => {
    expect(parseRange('0-255')).toBe(0);
    expect(parseRange('65280-65535')).toBe(65280);
    expect(() => parseRange('65280-65536')).toThrow(/not a glyph range/);
    expect(isCjkRange(0x4e00)).toBe(true);
    expect(isCjkRange(0x3000)).toBe(true);
    expect(isCjkRange(0xac00)).toBe(true);
    expect(isCjkRange(0)).toBe(false);
    expect(isCjkRange(8192)).toBe(false);
    expect(isCjkRange(0xff00)).toBe(false);
  });
});
