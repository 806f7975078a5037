// Tile filters: checked against the declared params of the requested sources, values
// normalised into one cache key, bound in manifest order.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/errors.ts';
import { loadManifest } from '../../../server/tiles/manifest.ts';
import { bindParams, parseTileParams } from '../../../server/tiles/params.ts';

const manifest = loadManifest();
const source = (name: string) => manifest.sources.get(name)!;

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected a refusal');
}

describe('tile params', () => {
  it('normalises lists and binds the values in manifest order, null where absent', () => {
    const a = parseTileParams([source('cases')], { status: 'parked,handling', grid: '12', from: '2026-01-01' });
    const b = parseTileParams([source('cases')], { status: ['handling', 'parked', 'handling'], from: '2026-01-01', grid: '12' });
    expect(a.key).toBe('from=2026-01-01&grid=12&status=handling,parked');
    expect(b.key).toBe(a.key);
    expect(bindParams(source('cases'), a)).toEqual([null, ['handling', 'parked'], null, '2026-01-01', null, 12]);
    expect(parseTileParams([source('basemap')], {}).key).toBe('');
    expect(bindParams(source('basemap'), parseTileParams([source('basemap')], {}))).toEqual([]);
  });

  it('refuses unknown names, bad values and ranges with every problem listed', () => {
    const e = refusal(() => parseTileParams([source('cases')], { status: 'lost', grid: '0', from: '2026-13-01', kind: 'x' }));
    expect(e.status).toBe(400);
    const problems = (e.details as { problems: { path: string; message: string }[] }).problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['/from', '/grid', '/kind', '/status']);
    expect(problems.find((p) => p.path === '/grid')!.message).toBe('grid must be at least 1, got 0');
    expect(problems.find((p) => p.path === '/kind')!.message).toMatch(/unknown query parameter "kind" for cases: the filters are type, status, channel, from, to, grid/);
    expect(e.message).toMatch(/\(and 3 more problems\)$/);
    expect(refusal(() => parseTileParams([source('cases')], { status: 'handling,' })).message).toBe('status is empty');
    expect(refusal(() => parseTileParams([source('cases')], { from: '2026-05-02', to: '2026-05-01' })).message).toBe('to (2026-05-01) lies before from (2026-05-02)');
    expect(parseTileParams([source('cases')], { from: '2026-05-01', to: '2026-05-01' }).values.get('to')).toBe('2026-05-01');
    expect(refusal(() => parseTileParams([source('cases')], { type: "01' or 1=1 --" })).message).toMatch(/type .* is not in the expected form/);
  });

  it('holds a name several requested sources declare to the rules of each', () => {
    const both = [source('components'), source('cases')];
    // handling is a case status, not a component status.
    expect(refusal(() => parseTileParams(both, { status: 'handling' })).message).toMatch(/status must be one of intact, damaged, missing, occupied/);
    expect(refusal(() => parseTileParams(both, { status: 'damaged' })).message).toMatch(/status must be one of reported/);
    // Qualified by source, each gets its own; a plain name fills in for the others.
    const split = parseTileParams(both, { 'cases.status': 'handling', 'components.status': 'damaged,missing' });
    expect(split.key).toBe('cases.status=handling&components.status=damaged,missing');
    expect(bindParams(source('components'), split)).toEqual([null, ['damaged', 'missing']]);
    expect(bindParams(source('cases'), split)[1]).toEqual(['handling']);
    const mixed = parseTileParams(both, { status: 'damaged', 'cases.status': 'closed' });
    expect(bindParams(source('components'), mixed)[1]).toEqual(['damaged']);
    expect(bindParams(source('cases'), mixed)[1]).toEqual(['closed']);
    expect(refusal(() => parseTileParams(both, { 'grids.status': 'x' })).message).toMatch(/unknown query parameter "grids.status" for components, cases/);
    expect(refusal(() => parseTileParams([source('cases')], { 'cases.from': '2026-05-02', to: '2026-05-01' })).message).toMatch(/to \(2026-05-01\) lies before from/);
    expect(bindParams(source('components'), parseTileParams(both, { class: '0301' }))).toEqual(['0301', null]);
    expect(refusal(() => parseTileParams([source('grids')], { class: '03' })).message).toMatch(/for grids: they take no filters/);
  });
});
