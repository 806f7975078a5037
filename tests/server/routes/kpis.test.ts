// GET /api/kpis on both backends, against a handful of cases with known times put in
// March 2020 (the current period) and February 2020 (the previous one), where the
// seeded city has none. Every expected figure below was worked out by hand from the
// fixtures (the arithmetic is in the comments), not by the formulas under test.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { kpiPeriods } from '../../../server/kpis/period.ts';
import { kpiSql } from '../../../server/kpis/query.ts';
import { startApp, type TestServer } from '../../helpers/http.ts';
import { BACKEND } from '../../helpers/options.ts';
import { seededDb, type TestDb } from '../../helpers/store.ts';
import { gridsOf } from '../components/points.ts';

const LAMP = '03040101'; // a dark street lamp: dispatch route, lighting
const LITTER = '01010101'; // exposed litter: self-handled by sanitation
const MARCH = 'from=2020-03-01&to=2020-03-31';

interface Fixture {
  name: string;
  grid: 'A' | 'B';
  channel: 'hotline_12345' | 'wechat';
  type: string;
  status: string;
  route?: 'self' | 'dispatch';
  assigned?: boolean;
  /** Times in China Standard Time, 'MM-DDTHH:MM' of 2020. */
  reported: string;
  respondDue: string;
  responded?: string;
  registered?: string;
  handleDue?: string;
  handled?: string;
  closeDue?: string;
  closed?: string;
  satisfaction?: number;
  rework?: number;
  extensions?: number;
  duplicateOf?: string;
  /** The case this one repeats (the same problem back after that case was closed). */
  repeatOf?: string;
}

// Grid A is chief01's, grid B another chief's.
const FIXTURES: Fixture[] = [
  // The current period, 1-31 March 2020.
  { name: 'c1', grid: 'A', channel: 'hotline_12345', type: LITTER, status: 'evaluated', route: 'self', reported: '03-02T09:00', respondDue: '03-02T09:30', responded: '03-02T09:10',
    registered: '03-02T09:20', handleDue: '03-03T09:20', handled: '03-02T11:20', closeDue: '03-03T09:20', closed: '03-02T15:00', satisfaction: 5 },
  { name: 'c2', grid: 'A', channel: 'hotline_12345', type: LAMP, status: 'evaluated', route: 'dispatch', assigned: true, reported: '03-03T08:00', respondDue: '03-03T08:30', responded: '03-03T08:40',
    registered: '03-03T09:00', handleDue: '03-04T09:00', handled: '03-04T13:00', closeDue: '03-06T09:00', closed: '03-05T10:00', satisfaction: 3, rework: 1, extensions: 1 },
  { name: 'c3', grid: 'A', channel: 'wechat', type: LAMP, status: 'handled', route: 'dispatch', repeatOf: 'p1', reported: '03-05T10:00', respondDue: '03-05T10:30', responded: '03-05T10:05',
    registered: '03-05T10:30', handleDue: '03-06T10:30', handled: '03-06T07:30', closeDue: '03-07T10:30' },
  { name: 'c4', grid: 'B', channel: 'wechat', type: LITTER, status: 'handling', route: 'self', reported: '03-10T12:00', respondDue: '03-10T12:30', responded: '03-10T12:20',
    registered: '03-10T12:30', handleDue: '03-11T12:30', closeDue: '03-11T12:30', rework: 1 },
  { name: 'c5', grid: 'B', channel: 'hotline_12345', type: LAMP, status: 'reported', reported: '03-15T20:00', respondDue: '03-15T20:30' },
  { name: 'c6', grid: 'B', channel: 'hotline_12345', type: LAMP, status: 'cancelled', reported: '03-15T20:05', respondDue: '03-15T20:35', responded: '03-15T20:06', duplicateOf: 'c5' },
  { name: 'c7', grid: 'A', channel: 'wechat', type: LITTER, status: 'cancelled', reported: '03-20T09:00', respondDue: '03-20T09:30', responded: '03-20T09:15' },
  { name: 'c8', grid: 'B', channel: 'hotline_12345', type: LAMP, status: 'closed', route: 'dispatch', reported: '03-25T08:00', respondDue: '03-25T08:30', responded: '03-25T08:20',
    registered: '03-25T08:30', handleDue: '03-26T08:30', handled: '03-25T16:30', closeDue: '03-26T08:30', closed: '03-26T10:00', extensions: 1 },
  { name: 'c9', grid: 'A', channel: 'hotline_12345', type: LITTER, status: 'verified', reported: '03-31T23:30', respondDue: '04-01T00:00', responded: '03-31T23:40' },
  // After the period (00:10 CST on 1 April is still 31 March in UTC).
  { name: 'x1', grid: 'A', channel: 'hotline_12345', type: LITTER, status: 'reported', reported: '04-01T00:10', respondDue: '04-01T00:40' },
  // The previous period, 30 January - 29 February 2020 (31 days).
  { name: 'p1', grid: 'A', channel: 'hotline_12345', type: LAMP, status: 'evaluated', route: 'dispatch', reported: '02-10T09:00', respondDue: '02-10T09:30', responded: '02-10T09:20',
    registered: '02-10T09:30', handleDue: '02-11T09:30', handled: '02-10T15:00', closeDue: '02-11T09:30', closed: '02-10T17:00', satisfaction: 4 },
  { name: 'p2', grid: 'B', channel: 'wechat', type: LITTER, status: 'reported', reported: '02-29T23:50', respondDue: '03-01T00:20' },
  // Before the previous period.
  { name: 'x2', grid: 'B', channel: 'hotline_12345', type: LAMP, status: 'reported', reported: '01-29T23:59', respondDue: '01-30T00:29' },
];

const cst = (t: string | undefined) => (t === undefined ? null : `2020-${t}:00+08:00`);

// All of March. c1..c9 are in it, c6 is c5's linked duplicate.
const MARCH_TOTALS = {
  reported: 9,
  valid: 8, // c6 is a linked duplicate
  registered: 5, // c1 c2 c3 c4 c8
  handled: 4, // c1 c2 c3 c8 (c4 was sent back and is being handled again)
  closed: 3, // c1 c2 c8
  overdue_open: 3, // c3 (close due 7 Mar), c4 (handle due 11 Mar), c5 (response due 15 Mar)
  registration_rate: 0.625, // 5 / 8
  on_time_handling_rate: 0.75, // c1 c3 c8 on time, c2 4 h late: 3 / 4
  closure_rate: 0.6, // 3 / 5
  on_time_closure_rate: 0.6667, // c1 c2 on time, c8 90 min late: 2 / 3
  rework_rate: 0.25, // c2 of the 4 handled (c4's rework is not handled yet)
  repeat_rate: 0.125, // c3 (the lamp p1 closed on 10 Feb, dark again on 5 Mar) of 8 valid
  extension_rate: 0.4, // c2 c8 of 5 registered
  responded: 7, // c1 c2 c3 c4 c7 c8 c9 (c5 not yet, c6 a duplicate)
  on_time_response_rate: 0.8571, // all but c2 (40 min): 6 / 7
  avg_response_minutes: 17.14, // (10 + 40 + 5 + 20 + 15 + 20 + 10) / 7 = 120 / 7
  avg_handling_hours: 14.75, // (2 + 28 + 21 + 8) / 4
  rated: 2, // c1 5, c2 3
  avg_satisfaction: 4,
  satisfied_rate: 0.5, // c1 of 2
  self_solved_rate: 0.3333, // c1 of the 3 closed
};

// 30 January - 29 February: p1 and p2.
const FEBRUARY_TOTALS = {
  reported: 2, valid: 2, registered: 1, handled: 1, closed: 1, overdue_open: 1,
  registration_rate: 0.5, on_time_handling_rate: 1, closure_rate: 1, on_time_closure_rate: 1, rework_rate: 0, repeat_rate: 0, extension_rate: 0,
  responded: 1, on_time_response_rate: 1, avg_response_minutes: 20, avg_handling_hours: 5.5,
  rated: 1, avg_satisfaction: 4, satisfied_rate: 1, self_solved_rate: 0,
};

// Grid A in March: c1 c2 c3 c7 c9.
const GRID_A = {
  reported: 5, valid: 5, registered: 3, handled: 3, closed: 2, overdue_open: 1,
  registration_rate: 0.6, on_time_handling_rate: 0.6667, closure_rate: 0.6667, on_time_closure_rate: 1,
  rework_rate: 0.3333, repeat_rate: 0.2, extension_rate: 0.3333,
  responded: 5, on_time_response_rate: 0.8, avg_response_minutes: 16, // (10 + 40 + 5 + 15 + 10) / 5
  avg_handling_hours: 17, // (2 + 28 + 21) / 3
  rated: 2, avg_satisfaction: 4, satisfied_rate: 0.5, self_solved_rate: 0.5,
};

// Grid B in March: c4 c5 c6 c8; nobody rated, so the satisfaction figures are null, not 0.
const GRID_B = {
  reported: 4, valid: 3, registered: 2, handled: 1, closed: 1, overdue_open: 2,
  registration_rate: 0.6667, on_time_handling_rate: 1, closure_rate: 0.5, on_time_closure_rate: 0,
  rework_rate: 0, repeat_rate: 0, extension_rate: 0.5,
  responded: 2, on_time_response_rate: 1, avg_response_minutes: 20, avg_handling_hours: 8,
  rated: 0, avg_satisfaction: null, satisfied_rate: null, self_solved_rate: 0,
};

type Values = Record<string, number | null>;
interface Report {
  by: string;
  period: { from: string; to: string; days: number };
  previous_period: { from: string; to: string; days: number };
  measures: { key: string; name_zh: string; name_en: string; definition: string }[];
  rows: (Values & { key: string | number | null; code: string | null; label_zh: string | null; label_en: string | null; previous: Values })[];
  totals: Values & { previous: Values };
}

describe(`KPIs API (${BACKEND})`, () => {
  let db: TestDb;
  let app: TestServer;
  const tokens: Record<string, string> = {};
  let gridA: number;
  let gridB: number;
  let assignee: { id: number; name: string };

  const kpis = async (query: string, token = tokens.command, headers: Record<string, string> = {}) => {
    const r = await app.get(`/api/kpis?${query}`, { token, headers });
    expect(r.status, await r.clone().text()).toBe(200);
    return (await r.json()) as Report;
  };
  const rowOf = (report: Report, key: unknown) => {
    const row = report.rows.find((r) => r.key === key);
    expect(row, `row ${String(key)} of ${report.rows.map((r) => r.key).join(', ')}`).toBeDefined();
    return row!;
  };

  beforeAll(async () => {
    db = await seededDb(inject('seededStore'));
    app = await startApp(db);
    for (const u of ['command', 'chief01', 'planner', 'public']) tokens[u] = await app.login(u);
    const chiefGrids = await gridsOf(db, 'chief01');
    gridA = chiefGrids[0]!;
    const other = await db.query<{ id: number }>('select min(id) as id from grids where id <> all($1::int[])', [chiefGrids]);
    gridB = other.rows[0]!.id;
    const holder = await db.query<{ id: number; name: string }>(
      `select p.id, p.name from grid_seats s join people p on p.id = s.person_id where s.grid_id = $1 and s.seat_kind = 'spec_lighting' order by p.id limit 1`, [gridA],
    );
    assignee = holder.rows[0]!;
    const clear = await db.query<{ n: number }>(`select count(*)::int as n from cases where reported_at >= '2020-01-01' and reported_at < '2020-05-01'`);
    expect(clear.rows[0]!.n, 'the seeded city has no cases in early 2020').toBe(0);

    // As the system: the fixtures take a seeded case's place in their grid (point, cell, units).
    await db.transaction(async (tx) => {
      await tx.query(`select set_config('app.role', 'system', true)`);
      const ids = new Map<string, number>();
      let n = 0;
      for (const f of FIXTURES) {
        const r = await tx.query<{ id: number }>(
          `insert into cases (code, channel, type_code, description, geom, h3, grid_id, subgrid_id, block_id, street_id, status, route, department,
                              assignee_id, reported_at, respond_due, responded_at, registered_at, handle_due, handled_at, close_due, closed_at,
                              satisfaction, rework_count, extension_count, duplicate_of)
           select $1, $2, $3, $4, t.geom, t.h3, t.grid_id, t.subgrid_id, t.block_id, t.street_id, $5, $6, case when $6 = 'dispatch' then 'lighting' end,
                  $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19
             from (select * from cases where grid_id = $20 order by id limit 1) t
           returning id`,
          [`2020000000${String(++n).padStart(4, '0')}`, f.channel, f.type, `KPI fixture ${f.name}`, f.status, f.route ?? null, f.assigned ? assignee.id : null,
            cst(f.reported), cst(f.respondDue), cst(f.responded), cst(f.registered), cst(f.handleDue), cst(f.handled), cst(f.closeDue), cst(f.closed),
            f.satisfaction ?? null, f.rework ?? 0, f.extensions ?? 0, f.duplicateOf ? ids.get(f.duplicateOf)! : null, f.grid === 'A' ? gridA : gridB],
        );
        ids.set(f.name, Number(r.rows[0]!.id));
      }
      for (const f of FIXTURES) if (f.repeatOf) await tx.query('update cases set repeat_of = $2 where id = $1', [ids.get(f.name), ids.get(f.repeatOf)]);
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.dispose();
  });

  it('computes every measure over the cases reported in the period, beside the previous period', async () => {
    const r = await kpis(`${MARCH}&by=none`);
    expect(r.period).toEqual({ from: '2020-03-01', to: '2020-03-31', days: 31 });
    expect(r.previous_period).toEqual({ from: '2020-01-30', to: '2020-02-29', days: 31 });
    const { previous, ...current } = r.totals;
    expect(current).toEqual(MARCH_TOTALS);
    expect(previous).toEqual(FEBRUARY_TOTALS);
    expect(r.rows).toEqual([]);
    expect(r.measures.map((m) => m.key)).toEqual(Object.keys(MARCH_TOTALS));
    expect(r.measures.find((m) => m.key === 'registration_rate')).toMatchObject({ name_zh: '立案率', name_en: 'registration rate' });
  });

  it('groups by grid: each grid\'s figures, labels, and counts that sum to the totals', async () => {
    const r = await kpis(`${MARCH}&by=grid`);
    expect(r.rows.map((x) => x.key)).toEqual([gridA, gridB].sort((a, b) => a - b));
    const a = rowOf(r, gridA);
    const { key: _k, code, label_zh, label_en, previous: prevA, ...valuesA } = a;
    expect(valuesA).toEqual(GRID_A);
    expect(prevA).toMatchObject({ reported: 1, closed: 1, avg_handling_hours: 5.5 }); // p1
    const names = await db.query<{ code: string; name: string }>('select code, name from grids where id = $1', [gridA]);
    expect({ code, label_zh, label_en }).toEqual({ code: names.rows[0]!.code, label_zh: names.rows[0]!.name, label_en: null });
    const { key: _kb, code: _cb, label_zh: _zb, label_en: _eb, previous: prevB, ...valuesB } = rowOf(r, gridB);
    expect(valuesB).toEqual(GRID_B);
    expect(prevB).toMatchObject({ reported: 1, overdue_open: 1, registration_rate: 0, closure_rate: null }); // p2
    for (const m of ['reported', 'valid', 'registered', 'handled', 'closed', 'overdue_open', 'responded', 'rated']) {
      expect(r.rows.reduce((s, x) => s + (x[m] as number), 0), m).toBe(r.totals[m]);
      expect(r.rows.reduce((s, x) => s + (x.previous[m] as number), 0), `previous ${m}`).toBe(r.totals.previous[m]);
    }
  });

  it('groups by channel, with Chinese and English names, summing back to the totals', async () => {
    const r = await kpis(`${MARCH}&by=channel`);
    expect(r.rows.map((x) => [x.key, x.reported, x.previous.reported])).toEqual([['hotline_12345', 6, 1], ['wechat', 3, 1]]);
    expect(rowOf(r, 'wechat')).toMatchObject({ label_zh: '微信公众号及小程序', label_en: 'WeChat official account and mini program', valid: 3, closed: 0, closure_rate: 0 });
    for (const m of ['reported', 'valid', 'registered', 'handled', 'closed', 'overdue_open']) {
      expect(r.rows.reduce((s, x) => s + (x[m] as number), 0), m).toBe(MARCH_TOTALS[m as keyof typeof MARCH_TOTALS]);
    }
  });

  it('groups by type category at a level, by assignee and by department', async () => {
    const one = await kpis(`${MARCH}&by=type&level=1`);
    expect(one.rows.map((x) => [x.key, x.reported])).toEqual([['01', 4], ['03', 5]]);
    const names = await db.query<{ name_zh: string; name_en: string }>(`select name_zh, name_en from case_types where code = '03'`);
    expect(rowOf(one, '03')).toMatchObject({ label_zh: names.rows[0]!.name_zh, label_en: names.rows[0]!.name_en });
    const two = await kpis(`${MARCH}&by=type`); // level 2 by default: 4-digit categories
    expect(two.rows.map((x) => [x.key, x.reported])).toEqual([['0101', 4], ['0304', 5]]);
    const four = await kpis(`${MARCH}&by=type&level=4`);
    expect(four.rows.map((x) => [x.key, x.reported])).toEqual([[LITTER, 4], [LAMP, 5]]);
    const people = await kpis(`${MARCH}&by=person`);
    expect(people.rows.map((x) => [x.key, x.label_zh, x.reported])).toEqual([[assignee.id, assignee.name, 1], [null, '未指派', 8]]);
    const departments = await kpis(`${MARCH}&by=department`);
    expect(departments.rows.map((x) => [x.key, x.reported, x.closed])).toEqual([['lighting', 3, 2], [null, 6, 1]]);
    expect(rowOf(departments, null)).toMatchObject({ label_zh: '未派遣', label_en: 'not dispatched' });
  });

  it('groups by day, week and month in China Standard Time, the previous period shifted onto the same slice', async () => {
    const days = await kpis(`${MARCH}&by=day`);
    // c9 at 23:30 CST on 31 March is that day; p1 (10 Feb) lands 31 days later on 12 March, p2 (29 Feb 23:50) on 31 March.
    expect(days.rows.map((x) => [x.key, x.reported, x.previous.reported])).toEqual([
      ['2020-03-02', 1, 0], ['2020-03-03', 1, 0], ['2020-03-05', 1, 0], ['2020-03-10', 1, 0], ['2020-03-12', 0, 1],
      ['2020-03-15', 2, 0], ['2020-03-20', 1, 0], ['2020-03-25', 1, 0], ['2020-03-31', 1, 1],
    ]);
    expect(rowOf(days, '2020-03-12')).toMatchObject({ registration_rate: null, previous: { closed: 1 } });
    expect(rowOf(days, '2020-03-31')).toMatchObject({ label_zh: '2020年03月31日', label_en: '2020-03-31' });
    const csv = await app.get(`/api/kpis?${MARCH}&by=day&format=csv`, { token: tokens.command });
    const [head, first] = parse((await csv.text()).replace(/^\uFEFF/, '')) as string[][];
    expect([...head!.slice(0, 3), ...first!.slice(0, 3)]).toEqual(['日期', '日', '报告数', '2020-03-02', '2020年03月02日', '1']);
    const weeks = await kpis(`${MARCH}&by=week`);
    // 1 March 2020 is a Sunday: its week (from 24 February) holds no case; the next one c1 c2 c3.
    expect(weeks.rows[0]).toMatchObject({ key: '2020-03-02', label_en: '2020-W10', label_zh: '2020年第10周', reported: 3, previous: { reported: 0 } });
    const months = await kpis(`${MARCH}&by=month`);
    expect(months.rows).toHaveLength(1);
    expect(months.rows[0]).toMatchObject({ key: '2020-03-01', label_zh: '2020年03月', label_en: '2020-03', reported: 9, previous: { reported: 2 } });
  });

  it('filters by grid, street office, type category and channel', async () => {
    expect((await kpis(`${MARCH}&grid=${gridB}`)).totals).toMatchObject({ reported: 4, closed: 1, previous: { reported: 1 } });
    expect((await kpis(`${MARCH}&type=0304`)).totals).toMatchObject({ reported: 5, valid: 4, previous: { reported: 1 } }); // c2 c3 c5 c6 c8; p1
    expect((await kpis(`${MARCH}&channel=wechat&by=grid`)).totals).toMatchObject({ reported: 3, previous: { reported: 1 } }); // c3 c4 c7; p2
    const street = await db.query<{ id: number }>(`select street_id as id from cases where grid_id = $1 and description like 'KPI fixture%' limit 1`, [gridA]);
    const inStreet = await kpis(`${MARCH}&street=${street.rows[0]!.id}&by=street`);
    expect(inStreet.rows.map((x) => x.key)).toEqual([street.rows[0]!.id]);
    expect(inStreet.rows[0]!.label_en).toMatch(/\w/);
  });

  it('keeps a grid chief to the figures of their own grids', async () => {
    const chiefGrids = await gridsOf(db, 'chief01');
    const mine = await kpis(`${MARCH}&by=grid`, tokens.chief01);
    expect(mine.rows.map((x) => x.key)).toEqual([gridA]);
    expect(mine.rows.every((x) => chiefGrids.includes(x.key as number))).toBe(true);
    const { previous, ...totals } = mine.totals;
    expect(totals).toEqual(GRID_A);
    expect(previous.reported).toBe(1);
    const other = await app.get(`/api/kpis?${MARCH}&grid=${gridB}`, { token: tokens.chief01 });
    expect(other.status).toBe(400);
    expect((await other.json()).error.message).toMatch(/grid/);
  });

  it('answers CSV with a BOM and Chinese headers that parse back to the same numbers', async () => {
    const json = await kpis(`${MARCH}&by=grid`);
    for (const ask of [`${MARCH}&by=grid&format=csv`, `${MARCH}&by=grid`]) {
      const r = await app.get(`/api/kpis?${ask}`, { token: tokens.command, headers: { accept: 'text/csv' } });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(r.headers.get('content-disposition')).toBe('attachment; filename="kpis-grid-2020-03-01-2020-03-31.csv"');
      const bytes = new Uint8Array(await r.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
      const [head, ...lines] = parse(text) as string[][];
      expect(head!.slice(0, 5)).toEqual(['网格ID', '网格编码', '网格名称', '报告数', '报告数（上期）']);
      expect(head).toContain('按期结案率（上期）');
      expect(head).toContain('平均响应时长（分钟）');
      expect(lines).toHaveLength(3);
      const col = (name: string) => head!.indexOf(name);
      const a = lines.find((l) => l[0] === String(gridA))!;
      expect(Number(a[col('立案率')])).toBe(0.6);
      expect(Number(a[col('平均处置时长（小时）')])).toBe(17);
      const b = lines.find((l) => l[0] === String(gridB))!;
      expect(b[col('平均满意度')]).toBe(''); // null, not 0
      expect(Number(b[col('立案率（上期）')])).toBe(0);
      const total = lines[2]!;
      expect(total[0]).toBe('合计');
      for (const m of json.measures) {
        const cell = (line: string[], name: string) => (line[col(name)] === '' ? null : Number(line[col(name)]));
        const zh = m.name_zh;
        expect(cell(total, zh), zh).toBe(json.totals[m.key]);
        expect(cell(total, `${zh}（上期）`), zh).toBe(json.totals.previous[m.key]);
        expect(cell(a, zh), zh).toBe(rowOf(json, gridA)[m.key]);
      }
    }
    const en = await app.get(`/api/kpis?${MARCH}&by=channel&format=csv&lang=en`, { token: tokens.command });
    const [head, ...lines] = parse((await en.text()).replace(/^\uFEFF/, '')) as string[][];
    expect(head!.slice(0, 4)).toEqual(['channel code', 'channel name', 'reported', 'reported (previous period)']);
    expect(lines.map((l) => l[1])).toEqual(['12345 government service hotline', 'WeChat official account and mini program', '']);
    expect(lines[2]![0]).toBe('Total');
  });

  it('defaults to the 30 days ending yesterday, China Standard Time', async () => {
    const r = await kpis('');
    const yesterday = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    expect(r.period).toMatchObject({ to: yesterday, days: 30 });
    expect(r.previous_period.days).toBe(30);
    expect(r.by).toBe('none');
  });

  it.each([
    ['from=2020-03-31&to=2020-03-01', /to 2020-03-01 is before from 2020-03-31/],
    ['from=2017-01-01&to=2020-03-31', /at most 1096 days/],
    ['from=2020-02-30', /calendar date/],
    ['from=2020-3-1', /from must match/],
    ['by=type&level=7', /level must be <= 4/],
    ['by=grid&level=2', /level applies to by=type only/],
    ['by=district', /by must be one of/],
    ['channel=nope', /no intake channel/],
    ['type=99', /no case type/],
    ['street=999999', /no street office/],
    ['grid=999999', /no grid/],
    ['format=xlsx', /format must be one of/],
    ['lang=fr', /lang must be one of/],
    ['grid=abc', /grid must be integer/],
    ['sort=reported', /unknown query parameter "sort"/],
  ])('refuses %s with 400 and the reason', async (query, reason) => {
    const r = await app.get(`/api/kpis?${query}`, { token: tokens.command });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_query');
    expect(body.error.message).toMatch(reason);
  });

  it('reads the cohort through the index on reported_at', async () => {
    const { current, previous } = kpiPeriods({ from: '2020-03-01', to: '2020-03-31' });
    const { sql, params } = kpiSql({ by: 'grid', level: null, current, previous, filter: { grid: null, street: null, type: null, channel: 'wechat' } });
    const plan = await db.query(`explain (format json) ${sql}`, params);
    expect(JSON.stringify(plan.rows[0])).toMatch(/"Index Name":\s*"cases_reported_at"/);
  });

  it('is for staff: 401 without sign-in, 403 for the public role', async () => {
    expect((await app.get('/api/kpis')).status).toBe(401);
    expect((await app.get('/api/kpis', { token: tokens.public })).status).toBe(403);
    expect((await app.get(`/api/kpis?${MARCH}`, { token: tokens.planner })).status).toBe(200);
  });
});
