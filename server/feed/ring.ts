// The last events a process delivered, in delivery (commit) order, for clients that
// reconnect with Last-Event-ID. Event ids are compared for equality only: they are
// unique but not ordered (two transactions commit in any order of their ids).

export class Ring<T extends { eid: string }> {
  private items: T[] = [];

  constructor(private readonly size: number) {}

  push(item: T): void {
    if (this.size <= 0) return;
    this.items.push(item);
    // Trimmed in batches so a push stays O(1) amortised.
    if (this.items.length > this.size * 2) this.items = this.items.slice(-this.size);
  }

  /**
   * The events delivered after the one with id `eid`, oldest first; null when that
   * event is not held (too old, or from before this process started or lost its
   * database connection): the client may have missed events and must reload.
   */
  after(eid: string): T[] | null {
    const start = Math.max(0, this.items.length - this.size);
    for (let i = this.items.length - 1; i >= start; i--) {
      if (this.items[i]!.eid === eid) return this.items.slice(i + 1);
    }
    return null;
  }

  /** Forgets everything (after a gap in what this process heard). */
  clear(): void {
    this.items = [];
  }

  get length(): number {
    return Math.min(this.items.length, this.size);
  }
}
