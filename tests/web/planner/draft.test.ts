// The planner's draft: edits on top of the saved cover, undo and redo, and the change
// set sent to the server (only what changed, with the version it was read at).
import { describe, expect, it } from 'vitest';
import { change, changeSet, current, fromFeatures, isDirty, redo, undo, type UnitFeature } from '../../../web/src/planner/draft.ts';
import { spread } from '../../../web/src/planner/workload.ts';

const square = (x: number): UnitFeature['geometry'] => ({ type: 'MultiPolygon', coordinates: [[[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]] });
const unit = (id: number, x: number, name = `g${id}`): UnitFeature => ({ type: 'Feature', id, geometry: square(x), properties: { name, code: `c${id}`, version: 3 } });
const props = (f: UnitFeature) => ({ name: f.properties.name, code: f.properties.code });

describe('planner draft', () => {
  const saved = [unit(1, 0), unit(2, 1)];

  it('creates, changes and deletes in one step, and undo/redo walk it back and forth', () => {
    let d = fromFeatures(saved);
    d = change(d, [{ id: 1, feature: { ...unit(1, 0), geometry: square(5) } }, { id: 2, feature: null }, { feature: { type: 'Feature', geometry: square(9), properties: { name: 'new', code: 'c9' } } }]);
    expect(current(d).map((f) => f.id)).toEqual([1, -1]);
    expect(isDirty(d)).toBe(true);
    d = undo(d);
    expect(current(d)).toEqual(saved);
    expect(isDirty(d)).toBe(false);
    d = redo(d);
    expect(current(d).map((f) => f.id)).toEqual([1, -1]);
  });

  it('sends only what changed, each with the version it was read at', () => {
    let d = fromFeatures(saved);
    d = change(d, [{ id: 1, feature: { ...unit(1, 0, 'renamed') } }]);
    d = change(d, [{ id: 2, feature: null }]);
    d = change(d, [{ feature: { type: 'Feature', geometry: square(9), properties: { name: 'new', code: 'c9' } } }]);
    expect(changeSet(d, props)).toEqual({
      creates: [{ properties: { name: 'new', code: 'c9' }, geometry: square(9) }],
      updates: [{ id: 1, version: 3, properties: { name: 'renamed' } }],
      deletes: [{ id: 2, version: 3 }],
    });
  });

  it('an edit back to the saved state leaves nothing to save', () => {
    let d = fromFeatures(saved);
    d = change(d, [{ id: 1, feature: { ...unit(1, 0), geometry: square(5) } }]);
    d = change(d, [{ id: 1, feature: unit(1, 0) }]);
    expect(isDirty(d)).toBe(false);
  });

  it('a new edit after undo drops the redo branch', () => {
    let d = fromFeatures(saved);
    d = change(d, [{ id: 1, feature: null }]);
    d = undo(d);
    d = change(d, [{ id: 2, feature: null }]);
    expect(redo(d)).toBe(d);
    expect(current(d).map((f) => f.id)).toEqual([1]);
  });
});

describe('workload spread', () => {
  it('counts grids inside the band around the mean', () => {
    const s = spread([80, 100, 120, 150], 0.15);
    expect(s.mean).toBe(112.5);
    expect(s.inBand).toBe(2); // 100 and 120 are within ±16.875 of 112.5
    expect(s.ratio).toBeCloseTo(150 / 80);
  });
});
