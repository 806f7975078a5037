// The team being edited: the team as read (with its ETag) and the working copy. Edits
// are pure functions on the working copy; the PUT body is made from it, with only the
// sub-grids and blocks that changed.
import type { BlockRole, Person, Target, TeamDoc, TeamInput, TeamPerson } from './types.ts';

export interface TeamDraft {
  base: TeamDoc;
  etag: string;
  work: TeamDoc;
}

export const asHolder = (p: Person | TeamPerson): TeamPerson =>
  'person_id' in p ? p : { person_id: p.id, name: p.name, title: p.title, kind: p.kind, department: p.department, phone: p.phone };

/** Puts a person where the target says. A seat of one holder is replaced; others gain a holder. */
export function assign(doc: TeamDoc, target: Target, person: Person | TeamPerson): TeamDoc {
  const h = asHolder(person);
  switch (target.kind) {
    case 'seat':
      return {
        ...doc,
        seats: doc.seats.map((s) => {
          if (s.seat_kind !== target.seat_kind) return s;
          if (s.holders.some((x) => x.person_id === h.person_id)) return s;
          const kept = s.max_holders === 1 ? [] : s.holders.filter((x) => x.person_id !== target.replace);
          return { ...s, holders: [...kept, h] };
        }),
      };
    case 'subgrid_chief':
      return {
        ...doc,
        subgrids: doc.subgrids.map((sg) => (sg.id === target.subgrid_id ? { ...sg, chief: h, members: sg.members.filter((m) => m.person_id !== h.person_id) } : sg)),
      };
    case 'subgrid_member':
      return {
        ...doc,
        subgrids: doc.subgrids.map((sg) =>
          sg.id !== target.subgrid_id || sg.chief?.person_id === h.person_id || sg.members.some((m) => m.person_id === h.person_id)
            ? sg
            : { ...sg, members: [...sg.members, { ...h, source: target.source }] },
        ),
      };
    case 'block':
      return { ...doc, blocks: doc.blocks.map((b) => (b.id === target.block_id ? { ...b, [target.role]: h } : b)) };
  }
}

export function unseat(doc: TeamDoc, seatKind: string, personId: number): TeamDoc {
  return { ...doc, seats: doc.seats.map((s) => (s.seat_kind === seatKind ? { ...s, holders: s.holders.filter((h) => h.person_id !== personId) } : s)) };
}

export function clearSubgridChief(doc: TeamDoc, subgridId: number): TeamDoc {
  return { ...doc, subgrids: doc.subgrids.map((sg) => (sg.id === subgridId ? { ...sg, chief: null } : sg)) };
}

export function removeSubgridMember(doc: TeamDoc, subgridId: number, personId: number): TeamDoc {
  return { ...doc, subgrids: doc.subgrids.map((sg) => (sg.id === subgridId ? { ...sg, members: sg.members.filter((m) => m.person_id !== personId) } : sg)) };
}

export function clearBlockChief(doc: TeamDoc, blockId: number, role: BlockRole): TeamDoc {
  return { ...doc, blocks: doc.blocks.map((b) => (b.id === blockId ? { ...b, [role]: null } : b)) };
}

const seatRows = (doc: TeamDoc) => doc.seats.flatMap((s) => s.holders.map((h) => ({ seat_kind: s.seat_kind, person_id: h.person_id })));
const subgridRow = (sg: TeamDoc['subgrids'][number]) => ({
  subgrid_id: sg.id,
  chief_id: sg.chief?.person_id ?? null,
  members: sg.members.map((m) => ({ person_id: m.person_id, source: m.source })),
});
const blockRow = (b: TeamDoc['blocks'][number]) => ({ block_id: b.id, block_chief_id: b.block_chief?.person_id ?? null, environment_chief_id: b.environment_chief?.person_id ?? null });
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The PUT body: every seat, and the sub-grids and blocks whose people changed. */
export function toInput(d: TeamDraft): TeamInput {
  const subgrids = d.work.subgrids.filter((sg) => !same(subgridRow(sg), subgridRow(d.base.subgrids.find((x) => x.id === sg.id) ?? { ...sg, chief: null, members: [] }))).map(subgridRow);
  const blocks = d.work.blocks.filter((b) => !same(blockRow(b), blockRow(d.base.blocks.find((x) => x.id === b.id) ?? { ...b, block_chief: null, environment_chief: null }))).map(blockRow);
  return { seats: seatRows(d.work), ...(subgrids.length ? { subgrids } : {}), ...(blocks.length ? { blocks } : {}) };
}

export interface Changes {
  seats: string[];
  subgrids: number[];
  blocks: number[];
  count: number;
}

/** What differs between the team as read and the working copy. */
export function changes(base: TeamDoc, work: TeamDoc): Changes {
  const holders = (doc: TeamDoc, kind: string) => (doc.seats.find((s) => s.seat_kind === kind)?.holders ?? []).map((h) => h.person_id).sort((a, b) => a - b);
  const kinds = [...new Set([...base.seats, ...work.seats].map((s) => s.seat_kind))];
  const seats = kinds.filter((k) => !same(holders(base, k), holders(work, k)));
  const subgrids = work.subgrids.filter((sg) => !same(subgridRow(sg), subgridRow(base.subgrids.find((x) => x.id === sg.id) ?? { ...sg, chief: null, members: [] }))).map((sg) => sg.id);
  const blocks = work.blocks.filter((b) => !same(blockRow(b), blockRow(base.blocks.find((x) => x.id === b.id) ?? { ...b, block_chief: null, environment_chief: null }))).map((b) => b.id);
  return { seats, subgrids, blocks, count: seats.length + subgrids.length + blocks.length };
}

export interface Completeness {
  complete: boolean;
  required: number;
  filled: number;
  empty: string[];
  /** People holding more than one required seat (the team is not complete then). */
  shared: { person_id: number; name: string; seats: string[] }[];
}

/** The same rule as the server's grid_team_status: every required seat held, by distinct people. */
export function completeness(doc: TeamDoc): Completeness {
  const required = doc.seats.filter((s) => s.min_holders > 0);
  const empty = required.filter((s) => s.holders.length < s.min_holders).map((s) => s.seat_kind);
  const by = new Map<number, { name: string; seats: string[] }>();
  for (const s of required)
    for (const h of s.holders) {
      const e = by.get(h.person_id) ?? { name: h.name, seats: [] };
      e.seats.push(s.seat_kind);
      by.set(h.person_id, e);
    }
  const shared = [...by].filter(([, e]) => e.seats.length > 1).map(([person_id, e]) => ({ person_id, ...e }));
  return { complete: empty.length === 0 && shared.length === 0, required: required.length, filled: required.length - empty.length, empty, shared };
}
