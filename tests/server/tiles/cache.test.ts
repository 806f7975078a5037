// The cache of compressed tiles: bounded by bytes, least recently used out first,
// dropped by table, and never refilled with a tile made before an edit.
import { describe, expect, it } from 'vitest';
import { TileCache, type CachedTile } from '../../../server/tiles/cache.ts';

const tileOf = (bytes: number, ...tables: string[]): CachedTile => ({
  gzip: Buffer.alloc(bytes), etag: '"x"', rawBytes: bytes * 3, tables: new Set(tables),
});

describe('tile cache', () => {
  it('keeps within its bytes, evicting the least recently used', () => {
    const cache = new TileCache(3 * (1000 + 200 + 2));
    for (const k of ['a', 'b', 'c']) expect(cache.set(k, tileOf(1000, 'cases'), cache.stamp(['cases']))).toBe(true);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeDefined();
    cache.set('d', tileOf(1000, 'cases'), cache.stamp(['cases']));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.set('huge', tileOf(10_000, 'cases'), cache.stamp(['cases']))).toBe(false);
    expect(new TileCache(0).set('a', tileOf(1, 'roads'), '0')).toBe(false);
  });

  it('drops the tiles that read a changed table, and refuses tiles made before the change', () => {
    const cache = new TileCache(1e6);
    cache.set('cases', tileOf(10, 'cases'), cache.stamp(['cases']));
    cache.set('grids', tileOf(10, 'grids', 'cases'), cache.stamp(['grids', 'cases']));
    cache.set('roads', tileOf(10, 'roads'), cache.stamp(['roads']));
    const before = cache.stamp(['cases']);
    expect(cache.invalidate(['cases'])).toBe(2);
    expect(cache.get('cases')).toBeUndefined();
    expect(cache.get('grids')).toBeUndefined();
    expect(cache.get('roads')).toBeDefined();
    // A tile whose query began before the edit is not stored.
    expect(cache.set('cases', tileOf(10, 'cases'), before)).toBe(false);
    expect(cache.set('cases', tileOf(10, 'cases'), cache.stamp(['cases']))).toBe(true);
  });
});
