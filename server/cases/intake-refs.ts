// What writing a case reads that is not the case's own: the intake channels, the case
// types (level, seat kind, complexity) and the deadline rules. Read once per import,
// and for single cases kept for a moment between requests (`IntakeRefsCache`), so a
// burst of POSTs does not read the same reference tables for every case. An edit made
// through the API (GET/PUT /api/deadline-rules, ...) drops the cache at its commit; an
// edit made behind the server's back takes effect within the cache's lifetime, and the
// database's own checks (foreign keys, the leaf-type trigger) still refuse a code that
// is gone.
import type { Queryable } from '../db/types.ts';
import type { Changes } from '../http/changes.ts';
import { loadDeadlineRules, type CaseComplexity, type DeadlineRules } from './deadlines.ts';
import type { CaseReferences } from './references.ts';

export interface IntakeRefs extends CaseReferences {
  rules: DeadlineRules;
  /** Leaf and category types: the seat kind that owns them and their complexity. */
  typeInfo: ReadonlyMap<string, { seat_kind: string; complexity: CaseComplexity }>;
}

const TABLES = new Set(['channels', 'case_types', 'deadline_rules']);

export async function loadIntakeRefs(q: Queryable): Promise<IntakeRefs> {
  // One connection runs one query at a time: in turn, not Promise.all.
  const channels = await q.query<{ code: string }>('select code from channels');
  const types = await q.query<{ code: string; level: number; complexity: CaseComplexity | null; seat_kind: string }>(
    'select code, level, complexity, seat_kind from case_types',
  );
  const rules = await loadDeadlineRules(q);
  return {
    channels: new Set(channels.rows.map((c) => c.code)),
    types: new Map(types.rows.map((t) => [t.code, { level: t.level, complexity: t.complexity }])),
    typeInfo: new Map(types.rows.map((t) => [t.code, { seat_kind: t.seat_kind, complexity: t.complexity as CaseComplexity }])),
    rules,
  };
}

/** The intake references, read at most once per `ttlMs` and again after an API edit of them. */
export class IntakeRefsCache {
  private value: IntakeRefs | null = null;
  private at = 0;
  private generation = 0;

  constructor(
    changes: Changes | null,
    private readonly ttlMs = 5_000,
  ) {
    changes?.on((c) => {
      if (c.tables.some((t) => TABLES.has(t))) this.forget();
    });
  }

  forget(): void {
    this.value = null;
    this.generation++;
  }

  /** The cached references, or null when they must be read (`load` them in the request's transaction). */
  peek(now = Date.now()): IntakeRefs | null {
    return this.value && now - this.at < this.ttlMs ? this.value : null;
  }

  /** Reads them with `q` (any transaction) and keeps them, unless an edit was heard meanwhile. */
  async load(q: Queryable): Promise<IntakeRefs> {
    const generation = this.generation;
    const at = Date.now();
    const value = await loadIntakeRefs(q);
    if (generation === this.generation) {
      this.value = value;
      this.at = at;
    }
    return value;
  }
}
