// In-process notice of committed writes: which tables changed. Caches of query
// results (the tile cache) listen and drop what the change touched, so the next read
// after an edit shows it.
import { EventEmitter } from 'node:events';

export interface Change {
  tables: readonly string[];
}

export class Changes {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(100);
  }

  /** Call after the transaction that wrote `tables` has committed. */
  notify(...tables: string[]): void {
    this.emitter.emit('change', { tables } satisfies Change);
  }

  on(listener: (change: Change) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
