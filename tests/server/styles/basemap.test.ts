// GET /styles/basemap.json: a valid MapLibre style for each language and theme, with
// every URL on the origin the request came to, only the basemap's source-layers,
// labels in the language asked for, and fonts this server serves.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { validateStyleMin, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { glyphStore } from '../../../server/styles/glyphs.ts';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

const BASEMAP_LAYERS = ['roads', 'water', 'green', 'buildings', 'blocks', 'admin', 'labels'];
/** Optional groups: their source and its source-layer. */
const GROUP_SOURCES: Record<string, string> = { grids: 'grids', subgrids: 'subgrids' };

type Style = StyleSpecification & { metadata: Record<string, unknown>; center?: [number, number]; zoom?: number };
type AnyLayer = Style['layers'][number] & { source?: string; 'source-layer'?: string; layout?: Record<string, unknown>; paint?: Record<string, unknown>; filter?: unknown; metadata?: Record<string, unknown> };

/** Every string value in `node` that looks like a URL (has a scheme or is protocol-relative). */
function urlsIn(node: unknown, into: string[] = []): string[] {
  if (typeof node === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\/|^\/\/|^(?:data|blob|mapbox):/i.test(node) || node.includes('://')) into.push(node);
  } else if (Array.isArray(node)) node.forEach((n) => urlsIn(n, into));
  else if (node && typeof node === 'object') Object.values(node).forEach((n) => urlsIn(n, into));
  return into;
}

/** GET with a Host header of our choosing (fetch does not allow setting it). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
  });
}

describe(`basemap style (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const styles: Record<string, Style> = {};
  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const lang of ['zh', 'en']) {
      for (const theme of ['light', 'dark']) {
        const r = await app.get(`/styles/basemap.json?lang=${lang}&theme=${theme}`);
        expect(r.status).toBe(200);
        expect(r.headers.get('content-type')).toMatch(/^application\/json/);
        styles[`${lang}/${theme}`] = (await r.json()) as Style;
      }
    }
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('is a valid MapLibre v8 style in each language and theme', () => {
    for (const [key, style] of Object.entries(styles)) {
      expect(validateStyleMin(style), key).toEqual([]);
      expect(style.version).toBe(8);
      const [lang, theme] = key.split('/');
      expect(style.metadata).toMatchObject({ 'gridcity:lang': lang, 'gridcity:theme': theme });
      expect(style.metadata['gridcity:localIdeographFontFamily']).toMatch(/Noto Sans CJK SC.*sans-serif$/);
    }
    // The validator does find faults: a misspelt paint property and a bad colour.
    const broken = structuredClone(styles['zh/light']!) as Style;
    (broken.layers[0] as AnyLayer).paint = { 'background-colour': '#fff' };
    (broken.layers[1] as AnyLayer).paint = { 'fill-color': 'not a colour' };
    expect(validateStyleMin(broken).length).toBe(2);
  });

  it('answers the default (Chinese, light) without parameters', async () => {
    const r = await app.get('/styles/basemap.json');
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual(styles['zh/light']);
  });

  it('points every URL at the origin of the request, and needs no sprite', async () => {
    for (const style of Object.values(styles)) {
      const urls = urlsIn(style);
      expect(urls).toContain(`${app.url}/tiles/basemap.json`);
      expect(urls).toContain(`${app.url}/fonts/{fontstack}/{range}.pbf`);
      for (const url of urls) expect(url.startsWith(`${app.url}/`), url).toBe(true);
      expect(style).not.toHaveProperty('sprite');
      expect(style.glyphs).toBe(`${app.url}/fonts/{fontstack}/{range}.pbf`);
    }
    // Another host name in the request gives URLs on that host.
    const other = await getWithHost(app.url, '/styles/basemap.json?theme=dark', 'maps.example.test:8443');
    expect(other.status).toBe(200);
    const urls = urlsIn(JSON.parse(other.body));
    expect(urls.length).toBeGreaterThanOrEqual(4);
    for (const url of urls) expect(url.startsWith('http://maps.example.test:8443/'), url).toBe(true);
    const bad = await getWithHost(app.url, '/styles/basemap.json', 'example.test/evil?');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_host');
  });

  it('uses only the basemap source-layers, all of them, and hides the optional grid group', () => {
    const style = styles['zh/light']!;
    expect(Object.keys(style.sources).sort()).toEqual(['basemap', 'grids', 'subgrids']);
    const used = new Set<string>();
    for (const layer of style.layers as AnyLayer[]) {
      if (layer.type === 'background') continue;
      if (layer.source === 'basemap') {
        expect(BASEMAP_LAYERS, layer.id).toContain(layer['source-layer']);
        used.add(layer['source-layer']!);
      } else {
        expect(GROUP_SOURCES[layer.source!], layer.id).toBe(layer['source-layer']);
        expect(layer.layout?.visibility, layer.id).toBe('none');
        expect(layer.metadata?.['gridcity:group']).toBe('grids');
      }
    }
    expect([...used].sort()).toEqual([...BASEMAP_LAYERS].sort());
  });

  it('draws the basemap in the manner of a city map: roads cased by class, dashed and dotted boundaries, labels', () => {
    const layers = styles['zh/light']!.layers as AnyLayer[];
    const ids = layers.map((l) => l.id);
    for (const cls of ['arterial', 'secondary', 'branch', 'lane']) {
      // Every casing lies under every road fill; each class's casing is wider than its fill.
      expect(ids.indexOf(`road-${cls}-casing`)).toBeLessThan(Math.min(...['arterial', 'secondary', 'branch', 'lane'].map((c) => ids.indexOf(`road-${c}`))));
      const casing = layers.find((l) => l.id === `road-${cls}-casing`)!.paint!['line-width'] as unknown[];
      const fill = layers.find((l) => l.id === `road-${cls}`)!.paint!['line-width'] as unknown[];
      expect(casing.at(-1) as number).toBeGreaterThan(fill.at(-1) as number);
    }
    expect(ids.indexOf('road-arterial')).toBeGreaterThan(ids.indexOf('road-lane'));
    const dash = (id: string) => layers.find((l) => l.id === id)!.paint!['line-dasharray'];
    expect(dash('admin-street')).toBeTruthy();
    expect(dash('admin-community')).toBeTruthy();
    expect(dash('admin-district')).toBeUndefined();
    // Fills under lines under labels.
    const firstSymbol = layers.findIndex((l) => l.type === 'symbol');
    expect(layers.slice(firstSymbol).every((l) => l.type === 'symbol')).toBe(true);
    const labelKinds = layers.filter((l) => l['source-layer'] === 'labels').map((l) => (l.filter as unknown[])[2]);
    expect(labelKinds.sort()).toEqual(['community', 'park', 'street', 'water']);
    const roadLabels = layers.filter((l) => l.type === 'symbol' && l['source-layer'] === 'roads');
    expect(roadLabels.length).toBeGreaterThan(0);
    for (const l of roadLabels) expect(l.layout!['symbol-placement']).toBe('line');
  });

  it('labels in Chinese by default and in English with lang=en, falling back to the Chinese name', () => {
    const textFields = (style: Style) => (style.layers as AnyLayer[]).filter((l) => l.type === 'symbol').map((l) => l.layout!['text-field']);
    for (const theme of ['light', 'dark']) {
      const zh = textFields(styles[`zh/${theme}`]!);
      const en = textFields(styles[`en/${theme}`]!);
      expect(zh.length).toBe(6);
      for (const f of zh) expect(f).toEqual(['coalesce', ['get', 'name'], ['get', 'name_en']]);
      for (const f of en) expect(f).toEqual(['coalesce', ['get', 'name_en'], ['get', 'name']]);
    }
  });

  it('draws its labels with fonts this server serves', async () => {
    const stacks = new Set<string>();
    for (const style of Object.values(styles)) {
      for (const l of style.layers as AnyLayer[]) {
        if (l.type === 'symbol') stacks.add((l.layout!['text-font'] as string[]).join(','));
      }
    }
    expect(stacks.size).toBeGreaterThan(0);
    const fonts = glyphStore().fontNames();
    for (const stack of stacks) {
      for (const font of stack.split(',')) expect(fonts).toContain(font);
      const r = await app.get(`/fonts/${encodeURIComponent(stack)}/0-255.pbf`);
      expect(r.status, stack).toBe(200);
    }
  });

  it('has the same layers in the dark theme, with darker paint', () => {
    const light = styles['zh/light']!.layers as AnyLayer[];
    const dark = styles['zh/dark']!.layers as AnyLayer[];
    const shape = (l: AnyLayer) => ({ ...l, paint: undefined });
    expect(dark.map(shape)).toEqual(light.map(shape));
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const paintOf = (layers: AnyLayer[], id: string, prop: string) => layers.find((l) => l.id === id)!.paint![prop] as string;
    expect(luminance(paintOf(dark, 'background', 'background-color'))).toBeLessThan(40);
    expect(luminance(paintOf(light, 'background', 'background-color'))).toBeGreaterThan(200);
    // Muted roads: an arterial barely lighter than the ground on the wall map.
    expect(luminance(paintOf(dark, 'road-arterial', 'line-color'))).toBeLessThan(100);
    const changed = light.filter((l, i) => JSON.stringify(l.paint) !== JSON.stringify(dark[i]!.paint));
    expect(changed.length).toBe(light.length);
  });

  it('opens on the city: its centre, a zoom that shows it, and its bounds in the metadata', async () => {
    const style = styles['zh/light']!;
    const areas = (await (await app.get('/api/areas?level=district')).json()) as { features: { geometry: { coordinates: number[][][][] } }[] };
    const points = areas.features.flatMap((f) => f.geometry.coordinates.flat(2));
    const lons = points.map((p) => p[0]!);
    const lats = points.map((p) => p[1]!);
    const bounds = style.metadata['gridcity:bounds'] as number[];
    expect(bounds[0]).toBeCloseTo(Math.min(...lons), 5);
    expect(bounds[1]).toBeCloseTo(Math.min(...lats), 5);
    expect(bounds[2]).toBeCloseTo(Math.max(...lons), 5);
    expect(bounds[3]).toBeCloseTo(Math.max(...lats), 5);
    expect(style.center![0]).toBeCloseTo((bounds[0]! + bounds[2]!) / 2, 5);
    expect(style.center![1]).toBeCloseTo((bounds[1]! + bounds[3]!) / 2, 5);
    expect(style.zoom).toBeGreaterThanOrEqual(10);
    expect(style.zoom).toBeLessThanOrEqual(16);
  });

  it('refuses unknown parameters and values with 400 and a reason', async () => {
    for (const [query, message] of [
      ['lang=fr', /lang must be one of zh, en/],
      ['theme=blue', /theme must be one of light, dark/],
      ['lang=en&zoom=3', /unknown query parameter "zoom"/],
    ] as const) {
      const r = await app.get(`/styles/basemap.json?${query}`);
      expect(r.status, query).toBe(400);
      const body = await r.json();
      expect(body.error.code).toBe('invalid_query');
      expect(body.error.message).toMatch(message);
    }
  });

  it('caches: ETag per variant, 304 for a current copy, gzip when accepted, readable from other origins', async () => {
    const first = await app.get('/styles/basemap.json?lang=en', { headers: { 'accept-encoding': 'identity' } });
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/max-age=\d+/);
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('content-encoding')).toBeNull();
    const again = await app.get('/styles/basemap.json?lang=en', { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const other = await app.get('/styles/basemap.json?lang=zh', { headers: { 'accept-encoding': 'identity', 'if-none-match': etag } });
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
    const zipped = await app.get('/styles/basemap.json?lang=en', { headers: { 'accept-encoding': 'gzip' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(await zipped.json()).toEqual(styles['en/light']);
  });

  it('is in the OpenAPI document, open to anyone', async () => {
    const doc = await (await app.get('/api/openapi.json')).json();
    expect(doc.paths['/styles/basemap.json'].get['x-roles']).toBe('anyone');
    expect(doc.paths['/fonts/{fontstack}/{range}.pbf'].get['x-roles']).toBe('anyone');
    expect(doc.paths['/styles/basemap.json'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['lang', 'theme']);
  });
});
