// The team desk's working copy: assigning and clearing seats and chiefs, the PUT body
// (every seat; only the sub-grids and blocks that changed), and completeness by the
// server's rule (every required seat held, by distinct people).
import { describe, expect, it } from 'vitest';
import { assign, changes, clearBlockChief, completeness, toInput, unseat } from '../../../web/src/team/draft.ts';
import type { TeamDoc, TeamPerson } from '../../../web/src/team/types.ts';

const person = (id: number): TeamPerson => ({ person_id: id, name: `P${id}`, title: null, kind: 'staff', department: null, phone: null });
const seat = (seat_kind: string, group: string, holders: number[], min = 1, max: number | null = 1) => ({
  seat_kind, group, name_zh: seat_kind, name_en: seat_kind, min_holders: min, max_holders: max, holders: holders.map(person),
});

const doc: TeamDoc = {
  grid: { id: 1, code: 'G1', name: 'G1', team_model: '1+3+5+N' },
  complete: false, required_seats: 3, filled_seats: 2, empty_seats: ['spec_lighting'], shared_holders: [], participants: 1,
  seats: [seat('chief', 'chief', [1]), seat('coord_street_office', 'coordinator', [2]), seat('spec_lighting', 'specialist', []), seat('participant', 'participant', [9], 0, null)],
  subgrids: [
    { id: 11, code: 'S1', name: 'S1', chief: person(3), members: [{ ...person(4), source: 'property' }] },
    { id: 12, code: 'S2', name: 'S2', chief: null, members: [] },
  ],
  blocks: [
    { id: 21, code: 'B1', name: 'B1', block_chief: person(5), environment_chief: null },
    { id: 22, code: 'B2', name: 'B2', block_chief: person(6), environment_chief: person(7) },
  ],
};

describe('team draft', () => {
  it('fills an empty seat and turns the team complete; one person in two required seats is not complete', () => {
    expect(completeness(doc)).toMatchObject({ complete: false, required: 3, filled: 2, empty: ['spec_lighting'] });
    const filled = assign(doc, { kind: 'seat', seat_kind: 'spec_lighting' }, person(8));
    expect(completeness(filled)).toMatchObject({ complete: true, filled: 3, empty: [], shared: [] });
    const doubled = assign(doc, { kind: 'seat', seat_kind: 'spec_lighting' }, person(1));
    expect(completeness(doubled)).toMatchObject({ complete: false, empty: [], shared: [{ person_id: 1, seats: ['chief', 'spec_lighting'] }] });
    // Optional seats (N) never make a team incomplete.
    expect(completeness(unseat(filled, 'participant', 9)).complete).toBe(true);
  });

  it('replaces the holder of a one-holder seat and adds to a many-holder seat', () => {
    const chief = assign(doc, { kind: 'seat', seat_kind: 'chief' }, person(8)).seats.find((s) => s.seat_kind === 'chief')!;
    expect(chief.holders.map((h) => h.person_id)).toEqual([8]);
    const n = assign(doc, { kind: 'seat', seat_kind: 'participant' }, person(8)).seats.find((s) => s.seat_kind === 'participant')!;
    expect(n.holders.map((h) => h.person_id)).toEqual([9, 8]);
    // The same person twice in one seat is one holder.
    expect(assign(doc, { kind: 'seat', seat_kind: 'participant' }, person(9))).toEqual(doc);
  });

  it('sends every seat and only the sub-grids and blocks that changed', () => {
    const base = { base: doc, etag: '"t1"', work: doc };
    expect(toInput(base)).toEqual({
      seats: [
        { seat_kind: 'chief', person_id: 1 },
        { seat_kind: 'coord_street_office', person_id: 2 },
        { seat_kind: 'participant', person_id: 9 },
      ],
    });
    let work = assign(doc, { kind: 'subgrid_chief', subgrid_id: 12 }, person(4));
    work = assign(work, { kind: 'subgrid_member', subgrid_id: 12, source: 'enforcement' }, person(10));
    work = clearBlockChief(work, 22, 'environment_chief');
    const input = toInput({ ...base, work });
    expect(input.subgrids).toEqual([{ subgrid_id: 12, chief_id: 4, members: [{ person_id: 10, source: 'enforcement' }] }]);
    expect(input.blocks).toEqual([{ block_id: 22, block_chief_id: 6, environment_chief_id: null }]);
    expect(changes(doc, work)).toEqual({ seats: [], subgrids: [12], blocks: [22], count: 2 });
    // A member made chief of the same sub-grid leaves the members.
    const promoted = assign(doc, { kind: 'subgrid_chief', subgrid_id: 11 }, person(4)).subgrids[0]!;
    expect(promoted).toMatchObject({ chief: { person_id: 4 }, members: [] });
  });
});
