// The in-process cache of compressed tiles: least recently used first out, bounded by
// bytes, each entry tagged with the tables its layers read. A committed write to a
// table drops every entry that read it, and bumps the table's generation so a tile
// that was being made from the older data is not stored when it arrives.

export interface CachedTile {
  /** Gzipped MVT; null for an empty tile. */
  gzip: Buffer | null;
  /** Strong validator of the uncompressed tile (quoted); null for an empty tile. */
  etag: string | null;
  /** Size of the uncompressed tile. */
  rawBytes: number;
  tables: ReadonlySet<string>;
}

/** Bookkeeping per entry besides the tile bytes (key, maps). */
const OVERHEAD_BYTES = 200;

export class TileCache {
  private readonly entries = new Map<string, CachedTile>();
  private readonly generations = new Map<string, number>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }

  private cost(key: string, tile: CachedTile): number {
    return key.length * 2 + (tile.gzip?.length ?? 0) + OVERHEAD_BYTES;
  }

  get(key: string): CachedTile | undefined {
    const tile = this.entries.get(key);
    if (!tile) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, tile);
    return tile;
  }

  /** A stamp of the tables' generations; pass it to `set` with the tile made after it. */
  stamp(tables: Iterable<string>): string {
    return [...tables].map((t) => this.generations.get(t) ?? 0).join(',');
  }

  /** Stores the tile unless one of its tables changed since `stamp` or it cannot fit. */
  set(key: string, tile: CachedTile, stamp: string): boolean {
    if (this.stamp(tile.tables) !== stamp) return false;
    const cost = this.cost(key, tile);
    if (cost > this.maxBytes) return false;
    this.delete(key);
    while (this.used + cost > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, tile);
    this.used += cost;
    return true;
  }

  private delete(key: string): void {
    const tile = this.entries.get(key);
    if (!tile) return;
    this.entries.delete(key);
    this.used -= this.cost(key, tile);
  }

  /** Drops every tile that read one of `tables`; returns how many. */
  invalidate(tables: readonly string[]): number {
    for (const t of tables) this.generations.set(t, (this.generations.get(t) ?? 0) + 1);
    let dropped = 0;
    for (const [key, tile] of this.entries) {
      if (tables.some((t) => tile.tables.has(t))) {
        this.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
