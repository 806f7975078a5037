// The planner's working copy of one layer: the saved features, the edits on top of
// them (changed geometry or properties, new features with negative ids, deletions),
// with undo and redo. Pure: every operation returns a new draft.
import type { Feature } from 'geojson';
import type { UnitGeometry } from '../api/types.ts';

export type UnitFeature<P = Record<string, unknown>> = Feature<UnitGeometry, P & { version?: number }> & { id: number };

export interface Draft<P = Record<string, unknown>> {
  base: ReadonlyMap<number, UnitFeature<P>>;
  /** Changed or new features by id (new ones negative); null = deleted. */
  edits: ReadonlyMap<number, UnitFeature<P> | null>;
  past: ReadonlyMap<number, UnitFeature<P> | null>[];
  future: ReadonlyMap<number, UnitFeature<P> | null>[];
  nextId: number;
}

export function fromFeatures<P>(features: UnitFeature<P>[]): Draft<P> {
  return { base: new Map(features.map((f) => [f.id, f])), edits: new Map(), past: [], future: [], nextId: -1 };
}

/** The cover as it stands with the edits: saved features, changed ones, new ones; deleted ones left out. */
export function current<P>(d: Draft<P>): UnitFeature<P>[] {
  const out: UnitFeature<P>[] = [];
  for (const [id, f] of d.base) {
    const e = d.edits.get(id);
    if (e === undefined) out.push(f);
    else if (e) out.push(e);
  }
  for (const [id, e] of d.edits) if (id < 0 && e) out.push(e);
  return out;
}

export function get<P>(d: Draft<P>, id: number): UnitFeature<P> | null {
  const e = d.edits.get(id);
  return e === undefined ? (d.base.get(id) ?? null) : e;
}

export const isDirty = (d: Draft<unknown>) => d.edits.size > 0;
export const changedIds = (d: Draft<unknown>) => [...d.edits.keys()];

function commit<P>(d: Draft<P>, edits: Map<number, UnitFeature<P> | null>, nextId = d.nextId): Draft<P> {
  return { ...d, edits, past: [...d.past, d.edits].slice(-100), future: [], nextId };
}

/** Several features replaced, created (id undefined or negative) or deleted (null) in one undoable step. */
export function change<P>(d: Draft<P>, changes: { id?: number; feature: UnitFeature<P> | Omit<UnitFeature<P>, 'id'> | null }[]): Draft<P> {
  const edits = new Map(d.edits);
  let nextId = d.nextId;
  for (const c of changes) {
    let id = c.id;
    if (id === undefined) id = nextId--;
    if (c.feature === null) {
      if (id < 0) edits.delete(id);
      else edits.set(id, null);
    } else {
      const f = { ...c.feature, id } as UnitFeature<P>;
      // Back to exactly what is saved: no edit left.
      if (id > 0 && d.base.get(id) && JSON.stringify(d.base.get(id)) === JSON.stringify(f)) edits.delete(id);
      else edits.set(id, f);
    }
  }
  return commit(d, edits, nextId);
}

export function undo<P>(d: Draft<P>): Draft<P> {
  const prev = d.past.at(-1);
  if (!prev) return d;
  return { ...d, edits: prev, past: d.past.slice(0, -1), future: [d.edits, ...d.future] };
}

export function redo<P>(d: Draft<P>): Draft<P> {
  const next = d.future[0];
  if (!next) return d;
  return { ...d, edits: next, past: [...d.past, d.edits], future: d.future.slice(1) };
}

/** The saved state replaced (after a save or reload); edits kept only where asked. */
export function rebase<P>(d: Draft<P>, features: UnitFeature<P>[], keepEdits = false): Draft<P> {
  return { ...fromFeatures(features), edits: keepEdits ? d.edits : new Map(), nextId: d.nextId };
}

/** The edits as the server's change set: creates, updates with the version edited, deletes. */
export function changeSet<P>(d: Draft<P>, props: (f: UnitFeature<P>) => Record<string, unknown>) {
  const creates: { properties: Record<string, unknown>; geometry: UnitGeometry }[] = [];
  const updates: { id: number; version: number; properties?: Record<string, unknown>; geometry?: UnitGeometry }[] = [];
  const deletes: { id: number; version: number }[] = [];
  for (const [id, e] of d.edits) {
    const saved = d.base.get(id);
    if (id < 0 && e) creates.push({ properties: props(e), geometry: e.geometry });
    else if (saved && e === null) deletes.push({ id, version: saved.properties.version ?? 1 });
    else if (saved && e) {
      const u: (typeof updates)[number] = { id, version: saved.properties.version ?? 1 };
      if (JSON.stringify(saved.geometry) !== JSON.stringify(e.geometry)) u.geometry = e.geometry;
      const p = props(e);
      const before = props(saved);
      const diff = Object.fromEntries(Object.entries(p).filter(([k, v]) => JSON.stringify(before[k]) !== JSON.stringify(v)));
      if (Object.keys(diff).length) u.properties = diff;
      updates.push(u);
    }
  }
  return { creates, updates, deletes };
}
