// Stage: people and their seats. Every grid gets a "1+3+5+N" team: a chief (a
// section-level cadre; some lead two grids), the three coordinators (one bureau
// leader per street office, the street office's leader, the community secretary),
// the five professional grid members (some serving two or three grids of their
// community) and a few participants. A handful of teams are left incomplete on
// purpose: seats empty, or one person holding two required seats. Sub-grids get a
// chief and members; blocks their block chief and environment chief. Then the
// accounts: one per role for the demo, and one per grid chief scoped to their grids.
import { createHash } from 'node:crypto';
import { hashPassword } from '../../server/auth/password.ts';
import { ColumnBuffer, bulkInsert } from '../bulk.ts';
import { personName, phoneNumber } from '../city/names.ts';
import type { SeedContext } from '../context.ts';
import type { Random } from '../random.ts';

export const DEMO_PASSWORD = 'gridcity';

type Kind = 'cadre' | 'staff' | 'grid_member' | 'party_member' | 'volunteer' | 'property' | 'owners_committee' | 'resident';

const SPECIALISTS = [
  { seat: 'spec_enforcement', title: '城管执法队员', dept: 'enforcement_squadron', share: 0.2 },
  { seat: 'spec_landscaping', title: '园林养护网格员', dept: 'landscaping', share: 0.5 },
  { seat: 'spec_sanitation', title: '环卫网格员', dept: 'sanitation', share: 0.15 },
  { seat: 'spec_lighting', title: '路灯维护网格员', dept: 'lighting', share: 0.7 },
  { seat: 'spec_street_mgmt', title: '街道城管专干', dept: 'street_urban_mgmt_office', share: 0.2 },
] as const;

const PARTICIPANTS: { title: string; dept: string | null; kind: Kind }[] = [
  { title: '党员志愿者', dept: null, kind: 'party_member' },
  { title: '城市管理志愿者', dept: null, kind: 'volunteer' },
  { title: '物业项目经理', dept: 'property_mgmt', kind: 'property' },
  { title: '业委会主任', dept: 'owners_committee', kind: 'owners_committee' },
  { title: '社区民警', dept: 'public_security', kind: 'staff' },
  { title: '市场监管所专干', dept: 'market_regulation', kind: 'staff' },
  { title: '沿街商户代表', dept: 'frontage_business', kind: 'resident' },
];

function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export async function seedPeople(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng('people');
  const h = ctx.plan.hierarchy;
  const people = new ColumnBuffer(['id', 'name', 'phone', 'department', 'title', 'kind'] as const);
  const person = (r: Random, title: string, dept: string | null, kind: Kind, withPhone = true): number => {
    const id = people.length + 1;
    people.push({ id, name: personName(r), phone: withPhone ? phoneNumber(r) : null, department: dept, title, kind });
    return id;
  };
  const seats = new ColumnBuffer(['grid', 'seat', 'person'] as const);
  const seat = (grid: number, kind: string, p: number) => seats.push({ grid: grid + 1, seat: kind, person: p });

  // Coordinators, chiefs and specialists, community by community.
  const bureauLeader = h.streets.map(() => person(rng, '区城管局副局长', 'urban_mgmt_bureau', 'cadre'));
  const streetLeader = h.streets.map(() => person(rng, '街道办事处副主任', 'street_office', 'cadre'));
  const chiefOf = new Map<number, number>(); // grid -> chief person
  for (const c of h.communities) {
    const secretary = person(rng, '社区党委书记', 'community_committee', 'cadre');
    // A chief sometimes leads two grids of the same community.
    let sharedChief: number | null = null;
    for (const [k, g] of c.grids.entries()) {
      let chief: number;
      if (sharedChief !== null && k === c.grids.length - 1) chief = sharedChief;
      else chief = person(rng, '城管执法中队长', 'enforcement_squadron', 'cadre');
      if (k === 0 && rng.chance(0.25)) sharedChief = chief;
      chiefOf.set(g, chief);
      seat(g, 'chief', chief);
      seat(g, 'coord_district_bureau', bureauLeader[c.street]!);
      seat(g, 'coord_street_office', streetLeader[c.street]!);
      seat(g, 'coord_community_sec', secretary);
    }
    for (const spec of SPECIALISTS) {
      let shared: number | null = null;
      for (const g of c.grids) {
        const p: number = shared ?? person(rng, spec.title, spec.dept, 'grid_member');
        if (shared === null && rng.chance(spec.share)) shared = p;
        seat(g, spec.seat, p);
      }
    }
    for (const g of c.grids) {
      for (let n = rng.int(2, 5); n > 0; n--) {
        const pt = rng.pick(PARTICIPANTS);
        seat(g, 'participant', person(rng, pt.title, pt.dept, pt.kind, pt.kind !== 'volunteer'));
      }
    }
  }

  // Deliberately incomplete teams: empty seats in four grids, a person holding two
  // required seats in two more.
  const gridOrder = rng.shuffle(h.grids.map((_, g) => g + 1));
  const emptied = gridOrder.slice(0, 4);
  const doubled = gridOrder.slice(4, 6);
  const drop = new Set<string>();
  emptied.forEach((g, k) => {
    drop.add(`${g}/${['spec_lighting', 'spec_landscaping', 'spec_sanitation', 'coord_street_office'][k]}`);
    if (k === 0) drop.add(`${g}/spec_enforcement`);
  });
  const keep = seats.data.grid.map((g, i) => !drop.has(`${g}/${seats.data.seat[i]}`));
  const filtered = new ColumnBuffer(['grid', 'seat', 'person'] as const);
  seats.data.grid.forEach((g, i) => {
    if (keep[i]) filtered.push({ grid: g, seat: seats.data.seat[i], person: seats.data.person[i] });
  });
  for (const g of doubled) {
    const sanitation = filtered.data.grid.findIndex((x, i) => x === g && filtered.data.seat[i] === 'spec_sanitation');
    const street = filtered.data.grid.findIndex((x, i) => x === g && filtered.data.seat[i] === 'spec_street_mgmt');
    filtered.data.person[street] = filtered.data.person[sanitation];
  }

  // Sub-grids: a chief from the community and two to four members.
  const members = new ColumnBuffer(['subgrid', 'person', 'role', 'source'] as const);
  const enforcementOf = new Map<number, number>();
  filtered.data.grid.forEach((g, i) => {
    if (filtered.data.seat[i] === 'spec_enforcement') enforcementOf.set(g as number, filtered.data.person[i] as number);
  });
  for (const [si, sg] of h.subgrids.entries()) {
    const sid = si + 1;
    members.push({ subgrid: sid, person: person(rng, '社区两委委员（子网格长）', 'community_committee', 'cadre'), role: 'chief', source: 'community' });
    const enforcer = enforcementOf.get(sg.grid + 1);
    if (enforcer !== undefined) members.push({ subgrid: sid, person: enforcer, role: 'member', source: 'enforcement' });
    const sources = rng.shuffle([
      ['housing_security', '住房保障专干', 'housing', 'staff'],
      ['community', '社区网格员', 'community_committee', 'grid_member'],
      ['owners_committee', '业委会委员', 'owners_committee', 'owners_committee'],
      ['property', '物业管理员', 'property_mgmt', 'property'],
    ] as const).slice(0, rng.int(1, 3));
    for (const [source, title, dept, kind] of sources) {
      members.push({ subgrid: sid, person: person(rng, title, dept, kind), role: 'member', source });
    }
  }

  // Blocks: chiefs from the community party committee (one for about three blocks),
  // environment chiefs sent down from the street office (one for about four).
  const chiefs = new ColumnBuffer(['block', 'role', 'person'] as const);
  for (const c of h.communities) {
    const blocks = [...c.blocks].sort((a, b) => a - b);
    const blockChiefs = Array.from({ length: Math.ceil(blocks.length / 3) }, () => person(rng, '社区党委委员（街区长）', 'community_committee', 'party_member'));
    const envChiefs = Array.from({ length: Math.ceil(blocks.length / 4) }, () => person(rng, '街道下沉干部（环境长）', 'street_office', 'staff'));
    blocks.forEach((b, k) => {
      chiefs.push({ block: b + 1, role: 'block_chief', person: blockChiefs[Math.floor(k / 3)]! });
      if (!rng.chance(0.03)) chiefs.push({ block: b + 1, role: 'environment_chief', person: envChiefs[Math.floor(k / 4)]! });
    });
  }

  // Accounts.
  const users: { username: string; display: string; role: string; person: number | null; scopes: number[] }[] = [
    { username: 'admin', display: '系统管理员', role: 'admin', person: null, scopes: [] },
    { username: 'planner', display: `${personName(rng)}（网格规划员）`, role: 'planner', person: null, scopes: [] },
    { username: 'planner2', display: `${personName(rng)}（网格规划员）`, role: 'planner', person: null, scopes: [] },
    { username: 'command', display: '指挥中心值班长', role: 'command', person: null, scopes: [] },
    { username: 'officer', display: `${personName(rng)}（执法规划科）`, role: 'officer', person: null, scopes: [] },
    { username: 'public', display: '公众演示账户', role: 'public', person: null, scopes: [] },
  ];
  const scopesByChief = new Map<number, number[]>();
  for (const [g, p] of [...chiefOf.entries()].sort((a, b) => a[0] - b[0])) {
    if (drop.has(`${g + 1}/chief`)) continue;
    const list = scopesByChief.get(p) ?? [];
    list.push(g + 1);
    scopesByChief.set(p, list);
  }
  [...scopesByChief.entries()].forEach(([p, grids], k) => {
    const name = people.data.name[p - 1] as string;
    users.push({ username: `chief${String(k + 1).padStart(2, '0')}`, display: `${name}（网格长）`, role: 'grid_chief', person: p, scopes: grids });
  });
  const hashes = await Promise.all(
    users.map((u) => hashPassword(DEMO_PASSWORD, createHash('sha256').update(`${ctx.options.seed}/${u.username}`).digest().subarray(0, 16))),
  );

  await ctx.db.transaction(async (tx) => {
    await bulkInsert(tx, {
      table: 'people', columns: ['id', 'name', 'phone', 'department', 'title', 'kind'],
      inputs: [['id', 'int'], ['name', 'text'], ['phone', 'text'], ['department', 'text'], ['title', 'text'], ['kind', 'text']],
    }, people.data);
    await bulkInsert(tx, {
      table: 'grid_seats', columns: ['grid_id', 'seat_kind', 'person_id', 'since'],
      inputs: [['grid', 'int'], ['seat', 'text'], ['person', 'int'], ['since', 'date']],
      values: ['grid', 'seat', 'person', 'since'],
    }, { ...filtered.data, since: filtered.data.grid.map(() => daysBefore(ctx.options.until, 400)) });
    await bulkInsert(tx, {
      table: 'subgrid_members', columns: ['subgrid_id', 'person_id', 'role', 'source'],
      inputs: [['subgrid', 'int'], ['person', 'int'], ['role', 'text'], ['source', 'text']],
    }, members.data);
    await bulkInsert(tx, {
      table: 'block_chiefs', columns: ['block_id', 'role', 'person_id'],
      inputs: [['block', 'int'], ['role', 'text'], ['person', 'int']],
    }, chiefs.data);
    await bulkInsert(tx, {
      table: 'app_users', columns: ['id', 'username', 'display_name', 'role', 'person_id', 'password_hash', 'created_at'],
      inputs: [['id', 'int'], ['username', 'text'], ['display', 'text'], ['role', 'text'], ['person', 'int'], ['hash', 'text'], ['created', 'date']],
      values: ['id', 'username', 'display', 'role', 'person', 'hash', 'created'],
    }, {
      created: users.map(() => daysBefore(ctx.options.until, 400)),
      id: users.map((_, i) => i + 1), username: users.map((u) => u.username), display: users.map((u) => u.display),
      role: users.map((u) => u.role), person: users.map((u) => u.person), hash: hashes,
    });
    const scopeUsers: number[] = [];
    const scopeGrids: number[] = [];
    users.forEach((u, i) => u.scopes.forEach((g) => {
      scopeUsers.push(i + 1);
      scopeGrids.push(g);
    }));
    await bulkInsert(tx, {
      table: 'user_grid_scopes', columns: ['user_id', 'grid_id'], inputs: [['account', 'int'], ['grid', 'int']],
    }, { account: scopeUsers, grid: scopeGrids });
    for (const table of ['people', 'app_users']) {
      await tx.query(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
    }
  });
}
