// A grid's team (GET/PUT /api/grids/{id}/team): read with an ETag, replaced with
// If-Match; a stale tag is 412 with the current team, a broken seat rule 422 with its
// reason; completeness follows the seats (distinct people in the required ones);
// holders who keep their seat keep its date; sub-grid and block chiefs are replaced
// only for the sub-grids and blocks listed; the team's change log lists what changed.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BACKEND } from '../../helpers/options.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';

interface Holder {
  person_id: number;
  name: string;
  since?: string;
}
interface Team {
  complete: boolean;
  empty_seats: string[];
  shared_holders: { person_id: number; seats: string[] }[];
  seats: { seat_kind: string; min_holders: number; max_holders: number | null; holders: Holder[] }[];
  subgrids: { id: number; chief: Holder | null; members: (Holder & { source: string })[] }[];
  blocks: { id: number; block_chief: Holder | null; environment_chief: Holder | null }[];
}
type SeatRow = { seat_kind: string; person_id: number };

describe(`grid team (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  let planner: string;
  let officer: string;
  let gridId: number;

  const read = async (token = planner) => {
    const r = await app.get(`/api/grids/${gridId}/team`, { token });
    expect(r.status).toBe(200);
    return { team: (await r.json()) as Team, etag: r.headers.get('etag')! };
  };
  const put = (body: unknown, etag?: string, token = planner) =>
    app.request('PUT', `/api/grids/${gridId}/team`, { token, body, headers: etag ? { 'if-match': etag } : {} });
  const rows = (t: Team): SeatRow[] => t.seats.flatMap((s) => s.holders.map((h) => ({ seat_kind: s.seat_kind, person_id: h.person_id })));

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    [planner, officer] = [await app.login('planner'), await app.login('officer')];
    const r = await db.query<{ grid_id: number }>('select grid_id from grid_team_status where complete order by grid_id limit 1');
    gridId = r.rows[0]!.grid_id;
    // An old date on every seat, to see which ones a replace keeps.
    await db.query(`update grid_seats set since = '2020-01-01' where grid_id = $1`, [gridId]);
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('reads the 1+3+5+N seats with holders, sub-grids and blocks, and an ETag; officers read, only planners and admins write', async () => {
    const { team, etag } = await read();
    expect(etag).toMatch(/^"t[\w-]{16}"$/);
    expect(team.complete).toBe(true);
    expect(team.seats.map((s) => s.seat_kind)).toEqual([
      'chief', 'coord_district_bureau', 'coord_street_office', 'coord_community_sec',
      'spec_enforcement', 'spec_landscaping', 'spec_sanitation', 'spec_lighting', 'spec_street_mgmt', 'participant',
    ]);
    expect(team.subgrids).toHaveLength(4);
    expect(team.blocks.length).toBeGreaterThan(0);
    expect((await read(officer)).etag).toBe(etag);
    expect((await put({ seats: rows(team) }, etag, officer)).status).toBe(403);
  });

  it('asks for If-Match (428), refuses a stale tag (412) with the current team', async () => {
    const { team, etag } = await read();
    expect((await put({ seats: rows(team) })).status).toBe(428);
    const stale = await put({ seats: rows(team) }, '"tstalestalestale1"');
    expect(stale.status).toBe(412);
    const body = (await stale.json()) as { error: { code: string; details: { current: Team } } };
    expect(body.error.code).toBe('version_conflict');
    expect(body.error.details.current.seats).toEqual(team.seats);
    // The right tag goes through, and the tag changes only when the team does.
    const same = await put({ seats: rows(team) }, etag);
    expect(same.status).toBe(200);
    expect(same.headers.get('etag')).toBe(etag);
  });

  it('empties and fills a seat: completeness follows, kept holders keep their date', async () => {
    const { team, etag } = await read();
    const sanitation = team.seats.find((s) => s.seat_kind === 'spec_sanitation')!.holders[0]!;
    const without = rows(team).filter((r) => r.seat_kind !== 'spec_sanitation');
    const r1 = await put({ seats: without }, etag);
    expect(r1.status).toBe(200);
    const emptied = (await r1.json()) as Team;
    expect(emptied).toMatchObject({ complete: false, empty_seats: ['spec_sanitation'] });
    const grid = (await (await app.get(`/api/grids/${gridId}`, { token: planner })).json()) as { properties: { team: { complete: boolean; empty_seats: string[] } } };
    expect(grid.properties.team).toMatchObject({ complete: false, empty_seats: ['spec_sanitation'] });
    // Every holder who stayed kept the date they took the seat.
    expect(emptied.seats.flatMap((s) => s.holders.map((h) => h.since))).toEqual(Array(without.length).fill('2020-01-01'));

    const r2 = await put({ seats: [...without, { seat_kind: 'spec_sanitation', person_id: sanitation.person_id }] }, r1.headers.get('etag')!);
    expect(r2.status).toBe(200);
    const filled = (await r2.json()) as Team;
    expect(filled).toMatchObject({ complete: true, empty_seats: [] });
    expect(filled.seats.find((s) => s.seat_kind === 'spec_sanitation')!.holders[0]!.since).not.toBe('2020-01-01');
  });

  it('is not complete while one person holds two required seats', async () => {
    const { team, etag } = await read();
    const chief = team.seats.find((s) => s.seat_kind === 'chief')!.holders[0]!;
    const seats = [...rows(team).filter((r) => r.seat_kind !== 'spec_lighting'), { seat_kind: 'spec_lighting', person_id: chief.person_id }];
    const r = await put({ seats }, etag);
    expect(r.status).toBe(200);
    const t = (await r.json()) as Team;
    expect(t.complete).toBe(false);
    expect(t.empty_seats).toEqual([]);
    expect(t.shared_holders).toEqual([{ person_id: chief.person_id, seats: ['chief', 'spec_lighting'] }]);
  });

  it('refuses broken seat rules with their reason (422) and changes nothing', async () => {
    const { team, etag } = await read();
    const someone = rows(team)[0]!.person_id;
    const cases: [unknown, RegExp][] = [
      [{ seats: [...rows(team), { seat_kind: 'chief', person_id: rows(team).find((r) => r.seat_kind !== 'chief')!.person_id }] }, /seat chief allows 1 holder/],
      [{ seats: [...rows(team), { seat_kind: 'mayor', person_id: someone }] }, /mayor is not a seat of this grid's team model/],
      [{ seats: [...rows(team), { seat_kind: 'participant', person_id: 2_000_000_000 }] }, /no person with id 2000000000/],
      [{ seats: rows(team), subgrids: [{ subgrid_id: team.subgrids[0]!.id, chief_id: someone, members: [{ person_id: someone, source: 'community' }] }] }, /the chief is also listed as a member/],
    ];
    for (const [body, reason] of cases) {
      const r = await put(body, etag);
      expect(r.status).toBe(422);
      expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(reason);
    }
    expect((await read()).etag).toBe(etag);
  });

  it('replaces the chiefs of the sub-grids and blocks listed, and only those', async () => {
    const { team, etag } = await read();
    const [sg, other] = team.subgrids;
    const [block, otherBlock] = team.blocks;
    const person = rows(team).find((r) => r.seat_kind === 'spec_enforcement')!.person_id;
    const r = await put(
      {
        seats: rows(team),
        subgrids: [{ subgrid_id: sg!.id, chief_id: null, members: [] }],
        blocks: [{ block_id: block!.id, block_chief_id: person, environment_chief_id: null }],
      },
      etag,
    );
    expect(r.status).toBe(200);
    const t = (await r.json()) as Team;
    expect(t.subgrids.find((s) => s.id === sg!.id)).toMatchObject({ chief: null, members: [] });
    expect(t.subgrids.find((s) => s.id === other!.id)).toEqual(other);
    expect(t.blocks.find((b) => b.id === block!.id)).toMatchObject({ block_chief: { person_id: person }, environment_chief: null });
    if (otherBlock) expect(t.blocks.find((b) => b.id === otherBlock.id)).toEqual(otherBlock);
  });

  it('logs who changed what in the team, newest first, and only what changed; read by the roles that read everything', async () => {
    const { team, etag } = await read();
    const mark = Number((await db.query<{ n: string }>('select coalesce(max(id), 0)::text as n from team_history')).rows[0]!.n);
    const sg = team.subgrids.find((s) => s.members.length > 0) ?? team.subgrids[0]!;
    const seat = team.seats.find((s) => s.seat_kind === 'spec_sanitation')!;
    const leaving = seat.holders[0]!;
    const newcomer = rows(team).find((r) => r.seat_kind === 'spec_enforcement')!.person_id;
    // The sanitation seat changes hands; the sub-grid is listed as it is, its chief replaced.
    const seats = [...rows(team).filter((r) => r.seat_kind !== 'spec_sanitation'), { seat_kind: 'spec_sanitation', person_id: newcomer }];
    const r = await put({ seats, subgrids: [{ subgrid_id: sg.id, chief_id: newcomer, members: sg.members.filter((m) => m.person_id !== newcomer).map((m) => ({ person_id: m.person_id, source: m.source })) }] }, etag);
    expect(r.status, await r.clone().text()).toBe(200);

    const h = await app.get(`/api/grids/${gridId}/team/history?limit=50`, { token: officer });
    expect(h.status).toBe(200);
    const page = (await h.json()) as { changes: { id: number; actor: string; op: string; unit: string; unit_id: number; unit_name: string | null; seat: string; seat_name_zh: string | null; person_id: number; person_name: string | null }[] };
    const mine = page.changes.filter((c) => c.id > mark);
    const ids = mine.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const c of mine) expect(c.actor).toBe('planner');
    const summary = mine.map((c) => `${c.op} ${c.unit} ${c.seat} ${c.person_id}`).sort();
    const expected = [`remove grid spec_sanitation ${leaving.person_id}`, `add grid spec_sanitation ${newcomer}`];
    if (sg.chief) expected.push(`remove subgrid chief ${sg.chief.person_id}`);
    if (sg.members.some((m) => m.person_id === newcomer)) expected.push(`remove subgrid member ${newcomer}`);
    expected.push(`add subgrid chief ${newcomer}`);
    expect(summary).toEqual(expected.sort());
    const added = mine.find((c) => c.op === 'add' && c.unit === 'grid')!;
    expect(added).toMatchObject({ unit_id: gridId, seat_name_zh: expect.any(String), person_name: expect.any(String) });
    expect(mine.find((c) => c.unit === 'subgrid')).toMatchObject({ unit_id: sg.id, unit_name: expect.any(String), seat_name_zh: null });

    // Pages: the next one starts below the last id of this one.
    const one = (await (await app.get(`/api/grids/${gridId}/team/history?limit=1`, { token: planner })).json()) as { changes: { id: number }[]; next_before: number };
    expect(one.changes).toHaveLength(1);
    const two = (await (await app.get(`/api/grids/${gridId}/team/history?limit=1&before=${one.next_before}`, { token: planner })).json()) as { changes: { id: number }[] };
    expect(two.changes[0]!.id).toBeLessThan(one.changes[0]!.id);
    // Refusals: a grid chief (the log is not theirs), no such grid, a bad limit.
    expect((await app.get(`/api/grids/${gridId}/team/history`, { token: await app.login('chief01') })).status).toBe(403);
    expect((await app.get('/api/grids/99999999/team/history', { token: planner })).status).toBe(404);
    const bad = await app.get(`/api/grids/${gridId}/team/history?limit=0`, { token: planner });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/limit/);
  });
});
