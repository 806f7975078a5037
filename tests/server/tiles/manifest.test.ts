// The manifest: the real one loads and names every SQL file; one that breaks the
// layer contract is refused at start with the reason.
import { describe, expect, it } from 'vitest';
import { loadManifest, parseManifest } from '../../../server/tiles/manifest.ts';

const QUERY = 'select geom, id, name from t, (select st_tileenvelope($1, $2, $3) as box) b where geom && box';

function manifestWith(layer: Record<string, unknown> = {}, source: Record<string, unknown> = {}) {
  return {
    extent: 4096,
    buffer: 64,
    sources: {
      things: {
        title: 'Things',
        description: 'Things.',
        minzoom: 10,
        maxzoom: 18,
        maxAge: 0,
        params: {},
        layers: [{
          name: 'things', sql: 'things.sql', description: 'Things.', geometry: 'point', minzoom: 10, maxzoom: 18, id: true,
          tables: ['things'], fields: { name: { type: 'string', description: 'Name' } }, ...layer,
        }],
        ...source,
      },
    },
  };
}

describe('tile manifest', () => {
  it('loads the sources, their layers, params in order and the tables they read', () => {
    const m = loadManifest();
    expect([...m.sources.keys()]).toEqual(['basemap', 'grids', 'subgrids', 'blocks', 'components', 'cases', 'service_points']);
    expect(m.extent).toBe(4096);
    expect(m.buffer).toBe(64);
    const cases = m.sources.get('cases')!;
    expect(cases.params.map((p) => [p.name, p.position])).toEqual([['type', 4], ['status', 5], ['channel', 6], ['from', 7], ['to', 8], ['grid', 9]]);
    expect([...m.sources.get('grids')!.tables].sort()).toEqual(['admin_areas', 'buildings', 'cases', 'grids']);
    for (const s of m.sources.values()) for (const l of s.layers) expect(l.query).toMatch(/st_tileenvelope\(\$1::int, \$2::int, \$3::int/);
  });

  it('accepts a layer that keeps the contract', () => {
    const m = parseManifest(manifestWith(), () => `${QUERY};\n`);
    expect(m.sources.get('things')!.layers[0]!.query).toBe(QUERY);
  });

  it('refuses layers and sources that break the contract, saying which and why', () => {
    const cases: [unknown, string, RegExp][] = [
      [manifestWith(), 'select geom, id, name from t where $1 > 0 and $2 > 0', /never uses \$3 \(y\)/],
      [manifestWith({}, { params: { kind: { type: 'string', description: 'Kind' } } }), QUERY, /never uses \$4 \(param kind\)/],
      [manifestWith(), `${QUERY} and $4 is null`, /uses \$4 but the source declares 0 params/],
      [manifestWith(), `${QUERY}; drop table t`, /one statement only/],
      [manifestWith({ fields: { id: { type: 'number', description: 'Id' } } }), QUERY, /"id" is not a field name/],
      [manifestWith({ minzoom: 8 }), QUERY, /zooms 8-18 lie outside the source's 10-18/],
      [manifestWith({ name: 'Bad Name' }), QUERY, /does not match its schema/],
      [manifestWith({ sql: '../secrets.sql' }), QUERY, /does not match its schema/],
      [manifestWith({}, { params: { day: { type: 'date', description: 'Day', notBefore: 'nope' } } }), `${QUERY} and $4 is null`, /notBefore must name another date param/],
      [manifestWith({}, { params: { n: { type: 'integer', description: 'N', pattern: '(' } } }), `${QUERY} and $4 is null`, /pattern is not a regular expression/],
    ];
    for (const [json, sql, message] of cases) expect(() => parseManifest(json, () => sql), String(message)).toThrow(message);
  });
});
