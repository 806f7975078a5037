// Stage: a year of cases ending on `until`, with their event logs.
//
// Each case type occurs where its hints say (near markets, schools, homes, streets,
// building sites, the river ...), with persistent hot spots: every attractor carries
// its own heat, and a few communities run hot. Times follow the type's hour profile
// (vending in the evening, noise at night, parking at commute hours), its season
// (waterlogging in the plum-rain months, barbecue in summer), weekends and a gentle
// rise over the year. Channels follow the type (cameras only see what is in the
// street), QR-code reporting grows through the year. Each case runs through the
// loop with realistic durations; cases still open at the end are caught mid-way,
// some of them overdue. A few arrive twice and are merged as duplicates; a problem
// reported again near a case of its type closed shortly before is a repeat (repeat_of).
import type { WorkCalendar } from '../../server/cases/calendar.ts';
import { loadCalendar, loadDeadlineRules, respondDue, ruleFor, workDeadlines, type DeadlineRules } from '../../server/cases/deadlines.ts';
import { caseCode, caseCodeDay, streetsOfPoints } from '../../server/cases/rules.ts';
import { locatePoints } from '../../server/locate/sql.ts';
import { pointCell } from '../../server/spatial/h3cells.ts';
import { ColumnBuffer, bulkInsert, type BulkSpec } from '../bulk.ts';
import { withoutForeignKeysAndIndexes } from '../bulkload.ts';
import { faceFrame } from '../city/buildings.ts';
import type { Pt } from '../city/frame.ts';
import { personName, phoneNumber } from '../city/names.ts';
import { kerbEdges, kerbPicker, kerbPoint, riverBank } from '../city/sampling.ts';
import type { SeedContext } from '../context.ts';
import { WeightedPicker, type Random } from '../random.ts';
import { caseTypeHints, type Attractor, type CaseTypeHint, type HourProfile, type SeasonProfile } from '../taxonomy/hints.ts';
import type { SeededComponents } from './components.ts';

interface CaseTypeRow {
  code: string;
  name_zh: string;
  seat_kind: string;
  default_route: 'self' | 'dispatch' | 'enforcement';
  department: string;
  complexity: 'simple' | 'complex' | 'complaint';
}

interface Spot {
  p: Pt;
  block: number;
  address: string;
}

/** Relative frequency by hour of day (China time) of each hour profile; the simulator shares them. */
export const HOURS: Record<HourProfile, number[]> = {
  //        0    1    2    3    4    5    6    7    8    9   10   11   12   13   14   15   16   17   18   19   20   21   22   23
  daytime: [0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 2.0, 4.0, 6.0, 6.5, 6.0, 4.5, 4.0, 5.5, 6.0, 5.5, 4.5, 3.0, 2.0, 1.5, 1.0, 0.6, 0.3],
  evening: [0.8, 0.4, 0.2, 0.1, 0.1, 0.2, 0.5, 1.0, 1.5, 1.5, 1.5, 2.0, 2.0, 1.5, 1.5, 2.0, 3.0, 5.5, 8.0, 9.0, 8.5, 7.0, 4.5, 2.0],
  night: [6.0, 5.0, 3.5, 2.0, 1.0, 0.5, 0.5, 0.8, 1.0, 1.0, 1.0, 1.0, 1.2, 1.5, 1.0, 1.0, 1.0, 1.5, 2.0, 3.0, 4.0, 5.5, 7.5, 7.5],
  commute: [0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 2.0, 7.0, 8.0, 4.0, 2.5, 2.5, 3.0, 2.5, 2.5, 2.5, 3.5, 6.5, 7.5, 4.5, 2.5, 1.5, 0.8, 0.4],
  morning: [0.3, 0.2, 0.2, 0.3, 0.8, 3.0, 6.5, 8.0, 7.0, 5.5, 4.0, 3.0, 2.5, 2.0, 2.0, 2.0, 2.0, 1.8, 1.5, 1.2, 1.0, 0.8, 0.5, 0.4],
  allday: [0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.5, 3.0, 4.5, 5.0, 5.0, 4.8, 4.0, 3.8, 4.5, 4.8, 4.8, 4.5, 4.0, 3.5, 3.0, 2.2, 1.5, 1.0],
};

const SEASON: Record<SeasonProfile, number[]> = {
  //       Jan  Feb  Mar  Apr  May  Jun  Jul  Aug  Sep  Oct  Nov  Dec
  none: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  summer: [0.6, 0.6, 0.8, 1.0, 1.3, 1.7, 1.9, 1.9, 1.4, 1.0, 0.7, 0.6],
  winter: [1.9, 1.7, 1.1, 0.7, 0.5, 0.4, 0.4, 0.4, 0.5, 0.8, 1.3, 1.8],
  rainy: [0.5, 0.6, 1.0, 1.6, 2.2, 2.4, 1.8, 1.2, 0.8, 0.6, 0.5, 0.5],
  festival: [1.6, 1.8, 0.9, 0.9, 1.0, 0.9, 0.9, 0.9, 1.0, 1.5, 0.9, 1.1],
};

/** Weekend factor by hour profile: evenings and nights busier, commutes quieter. */
const WEEKEND: Record<HourProfile, number> = { daytime: 0.8, evening: 1.25, night: 1.3, commute: 0.55, morning: 0.9, allday: 0.95 };

/** Base weights of the intake channels (adjusted per case in channelFor); the simulator shares them. */
export const CHANNEL_BASE: Record<string, number> = {
  hotline_12345: 30, grid_patrol: 19, info_collector: 10, qr_scan: 7, wechat: 7, city_app: 4, property_manager: 3,
  ai_camera: 5, vehicle_camera: 3, iot_sensor: 1, whistle: 1.5, supervision_hotline: 1, radio_hotline: 1,
  online_wenzheng: 1.5, city_portal: 1, media_exposure: 0.5, leader_referral: 0.5, dept_referral: 1,
};
export const PUBLIC_CHANNELS = new Set(['hotline_12345', 'qr_scan', 'wechat', 'city_app', 'supervision_hotline', 'radio_hotline', 'online_wenzheng', 'city_portal']);
export const STREET_VISIBLE: Attractor[] = ['road', 'arterial', 'market', 'construction', 'transit', 'commercial'];

export const DETAILS = ['，请尽快处理。', '，影响居民正常生活。', '，已持续多日，希望尽快解决。', '，群众反映强烈。', '，存在安全隐患。', '。', '，请相关部门核实处理。'];
const SATISFACTION = new WeightedPicker([5, 4, 3, 2, 1], (s) => ({ 5: 55, 4: 27, 3: 10, 2: 5, 1: 3 })[s]!);

const HOUR_MS = 3_600_000;
const MIN_MS = 60_000;

interface Draft {
  at: number;
  type: CaseTypeRow;
  channel: string;
  spot: Spot;
  componentId: number | null;
  reporterName: string | null;
  reporterPhone: string | null;
  description: string;
  twinOf: Draft | null;
  // Filled when the timeline is built:
  id?: number;
}

interface Timeline {
  status: string;
  route: string | null;
  respondedAt: number | null;
  registeredAt: number | null;
  handledAt: number | null;
  closedAt: number | null;
  respondDue: number;
  handleDue: number | null;
  closeDue: number | null;
  progressDue: number | null;
  progressedAt: number | null;
  satisfaction: number | null;
  rework: number;
  events: { at: number; from: string | null; to: string; action: string; actor: string; note: string | null }[];
}

export async function seedCases(ctx: SeedContext, components: SeededComponents): Promise<void> {
  const rng = ctx.rng('cases');
  const { plan, frame } = ctx;
  const { layout, hierarchy: h } = plan;
  const types = (await ctx.db.query<CaseTypeRow>(
    `select code, name_zh, seat_kind, default_route, department, complexity from case_types where level = 4 order by code`,
  )).rows;
  const missing = types.filter((t) => !caseTypeHints[t.code]);
  if (missing.length) throw new Error(`no seed hint for case types ${missing.map((t) => t.code).join(', ')}`);
  const typePicker = new WeightedPicker(types, (t) => caseTypeHints[t.code]!.weight);

  // Attractors, each instance with its own persistent heat; some communities run hot.
  const hotCommunities = new Set(rng.shuffle(h.communities.map((_, c) => c)).slice(0, 5));
  const heat = (block: number) => rng.logNormal(1, 0.9) * (block >= 0 && hotCommunities.has(h.blocks[block]!.community) ? 2.2 : 1);
  const blockName = (b: number) => h.blocks[b]?.name.zh ?? '';
  const spots = (list: Spot[]) => {
    if (list.length === 0) return null;
    const weights = list.map((s) => heat(s.block));
    return new WeightedPicker(list, (_, i) => weights[i]!);
  };
  const placesOf = (kind: string) => plan.places.filter((p) => p.kind === kind).map((p) => ({ p: p.point, block: p.block, address: `${p.name.zh}附近` }));
  const bld = plan.buildings.buildings;
  const residential = bld.filter((b) => b.households > 0);
  const resWeights = residential.map((b) => Math.sqrt(b.households) * heat(b.block));
  const edges = kerbEdges(layout, plan.network);
  const construction = layout.blocks.filter((b) => b.landuse === 'vacant').flatMap((b) => b.faces.map((f) => ({
    p: faceFrame(layout, f).map(0.5, 0.5), block: b.index, address: `${blockName(b.index)}施工工地`,
  })));
  const parks = layout.blocks.filter((b) => b.landuse === 'park').flatMap((b) => b.faces.map((f) => ({
    p: faceFrame(layout, f).map(0.5, 0.5), block: b.index, address: `${blockName(b.index)}`,
  })));
  const bank = riverBank(layout).map((b) => ({ p: b.p, block: layout.faceBlock[b.face]!, address: '孙水河沿岸' }));
  const commercial = bld.filter((b) => ['commercial', 'office', 'mixed', 'market'].includes(b.use))
    .map((b) => ({ p: b.point, block: b.block, address: `${blockName(b.block)}商铺` }));
  const pickers: Partial<Record<Attractor, () => Spot>> = {};
  const register = (kind: Attractor, picker: WeightedPicker<Spot> | null, sd: number) => {
    if (!picker) return;
    pickers[kind] = () => {
      const s = picker.pick(rng);
      return { ...s, p: { x: s.p.x + rng.normal(0, sd), y: s.p.y + rng.normal(0, sd) } };
    };
  };
  const resPicker = new WeightedPicker(residential, (_, i) => resWeights[i]!);
  pickers.residential = () => {
    const b = resPicker.pick(rng);
    return { p: { x: b.point.x + rng.normal(0, 12), y: b.point.y + rng.normal(0, 12) }, block: b.block, address: `${blockName(b.block)}住宅楼附近` };
  };
  register('market', spots([...placesOf('market'), ...plan.vendorZones.map((z) => ({ p: z.ring[0]!, block: -1, address: z.name }))]), 35);
  register('school', spots(placesOf('school')), 40);
  register('hospital', spots(placesOf('hospital')), 40);
  register('transit', spots(placesOf('transit_stop')), 10);
  register('construction', spots(construction), 30);
  register('park', spots(parks), 35);
  register('river', spots(bank), 4);
  register('commercial', spots(commercial), 15);
  const kerbHeat = new Map(edges.map((e) => [e, heat(e.block)]));
  const allKerb = kerbPicker(edges, undefined, (e) => kerbHeat.get(e)!);
  const mainKerb = kerbPicker(edges, ['arterial', 'secondary'], (e) => kerbHeat.get(e)!);
  const roadSpot = (picker: typeof allKerb) => () => {
    const k = kerbPoint(rng, picker, [-2, 4]);
    return { p: k.p, block: k.edge.block, address: `${k.edge.road.zh}${k.number}号附近` };
  };
  pickers.road = roadSpot(allKerb);
  pickers.arterial = roadSpot(mainKerb);
  const spotFor = (hint: CaseTypeHint): Spot => {
    const near = hint.near.filter((a) => pickers[a]);
    const idx = near.length <= 1 ? 0 : rng.next() < 0.6 ? 0 : 1 + Math.floor(rng.next() * (near.length - 1));
    const kind = near[idx] ?? 'residential';
    return pickers[kind]!();
  };

  // Days and hours: one picker per (season, hour profile).
  const untilMs = Date.parse(`${ctx.options.until}T00:00:00Z`);
  const firstDayMs = untilMs - 364 * 86_400_000;
  const dayPickers = new Map<string, WeightedPicker<number>>();
  const dayPicker = (season: SeasonProfile, hours: HourProfile) => {
    const key = `${season}/${hours}`;
    let p = dayPickers.get(key);
    if (!p) {
      const days = Array.from({ length: 365 }, (_, d) => d);
      p = new WeightedPicker(days, (d) => {
        const date = new Date(firstDayMs + d * 86_400_000);
        const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
        return SEASON[season][date.getUTCMonth()]! * (weekend ? WEEKEND[hours] : 1) * (0.85 + (0.25 * d) / 364);
      });
      dayPickers.set(key, p);
    }
    return p;
  };
  const hourPickers = Object.fromEntries(Object.entries(HOURS).map(([k, w]) => [k, new WeightedPicker(w, (x) => x)])) as Record<HourProfile, WeightedPicker<number>>;
  const reportTime = (hint: CaseTypeHint): number => {
    const day = dayPicker(hint.season, hint.hours).pick(rng);
    const hour = hourPickers[hint.hours].pickIndex(rng);
    // Local (UTC+8) day `day`, hour `hour`.
    return firstDayMs + day * 86_400_000 + (hour - 8) * HOUR_MS + Math.floor(rng.next() * HOUR_MS);
  };

  const channelFor = (hint: CaseTypeHint, at: number, dayFraction: number, hasComponent: boolean): string => {
    const hour = new Date(at + 8 * HOUR_MS).getUTCHours();
    const visible = hint.near.some((a) => STREET_VISIBLE.includes(a));
    const weights = Object.entries(CHANNEL_BASE).map(([code, w]) => {
      let x = w;
      if ((code === 'ai_camera' || code === 'vehicle_camera') && !visible) x = 0;
      if (code === 'vehicle_camera' && (hour < 6 || hour > 22)) x = 0;
      if (code === 'iot_sensor' && !hasComponent) x = 0;
      if ((code === 'grid_patrol' || code === 'info_collector') && (hour < 7 || hour > 21)) x *= 0.1;
      if (code === 'qr_scan') x *= 0.3 + 1.4 * dayFraction;
      return x;
    });
    let r = rng.next() * weights.reduce((s, w) => s + w, 0);
    const codes = Object.keys(CHANNEL_BASE);
    for (let i = 0; i < codes.length; i++) {
      r -= weights[i]!;
      if (r < 0) return codes[i]!;
    }
    return 'hotline_12345';
  };

  // Components each type is about, gathered once per type.
  const linkedByType = new Map<string, { id: number; p: Pt; block: number }[]>();
  const linkedComponents = (code: string) => {
    let list = linkedByType.get(code);
    if (!list) {
      list = caseTypeHints[code]!.componentClasses?.flatMap((c) => components.byClass.get(c) ?? []) ?? [];
      linkedByType.set(code, list);
    }
    return list;
  };

  // Draft the cases.
  const total = ctx.spec.cases;
  const drafts: Draft[] = [];
  const draftBar = ctx.progress.bar('cases (draft)', total);
  while (drafts.length < total) {
    const type = typePicker.pick(rng);
    const hint = caseTypeHints[type.code]!;
    const at = reportTime(hint);
    let spot: Spot;
    let componentId: number | null = null;
    const linked = linkedComponents(type.code);
    if (linked.length && rng.chance(0.7)) {
      const comp = rng.pick(linked);
      componentId = comp.id;
      const exact = rng.chance(0.5);
      spot = { p: exact ? comp.p : { x: comp.p.x + rng.uniform(-2, 2), y: comp.p.y + rng.uniform(-2, 2) }, block: comp.block, address: `${blockName(comp.block) || '道路'}附近` };
    } else {
      spot = spotFor(hint);
    }
    const channel = channelFor(hint, at, (at - firstDayMs) / (365 * 86_400_000), componentId !== null);
    const isPublic = PUBLIC_CHANNELS.has(channel);
    const named = isPublic && rng.chance(0.8);
    const draft: Draft = {
      at, type, channel, spot, componentId,
      reporterName: named ? personName(rng) : null,
      reporterPhone: named ? phoneNumber(rng) : null,
      description: `${spot.address}${type.name_zh}${rng.pick(DETAILS)}`,
      twinOf: null,
    };
    drafts.push(draft);
    // Now and then the same problem is reported again through another channel.
    if (drafts.length < total && rng.chance(0.02)) {
      const twinChannel = rng.pick(['hotline_12345', 'wechat', 'qr_scan', 'city_app']);
      drafts.push({
        ...draft,
        at: at + rng.uniform(10, 180) * MIN_MS,
        channel: twinChannel,
        spot: { ...spot, p: { x: spot.p.x + rng.uniform(-15, 15), y: spot.p.y + rng.uniform(-15, 15) } },
        reporterName: personName(rng),
        reporterPhone: phoneNumber(rng),
        twinOf: draft,
      });
    }
    if (drafts.length % 10_000 === 0) draftBar.add(10_000);
  }
  draftBar.done();
  drafts.sort((a, b) => a.at - b.at);
  drafts.forEach((d, i) => (d.id = i + 1));

  const nowMs = untilMs + 16 * HOUR_MS; // midnight at the end of `until`, local time
  const deadlines = { rules: await loadDeadlineRules(ctx.db), calendar: await loadCalendar(ctx.db) };
  const timeline = (d: Draft): Timeline => buildTimeline(rng, d, nowMs, deadlines);

  // Where each case lands and who owns it: grid, sub-grid and block through the H3
  // covers; the owner is the grid's holder of the seat the type belongs to; the
  // street office from the grid, or from the street areas for points outside every
  // grid. Written in chunks, all in one transaction, so memory stays flat at scale.
  const seatHolder = new Map<string, number>();
  const streetOfGrid = new Map<number, number>();
  for (const r of (await ctx.db.query<{ grid_id: number; seat_kind: string; person_id: number }>(
    'select grid_id, seat_kind, min(person_id) as person_id from grid_seats group by 1, 2',
  )).rows) seatHolder.set(`${r.grid_id}/${r.seat_kind}`, r.person_id);
  for (const r of (await ctx.db.query<{ id: number; street: number }>(
    'select g.id, a.parent_id as street from grids g join admin_areas a on a.id = g.community_id',
  )).rows) streetOfGrid.set(r.id, r.street);

  const daySeq = new Map<string, number>();
  await ctx.db.transaction(async (tx) => withoutForeignKeysAndIndexes(tx, ['cases', 'case_events'], async () => {
    const bar = ctx.progress.bar('cases', drafts.length);
    for (let start = 0; start < drafts.length; start += CHUNK) {
      const chunk = drafts.slice(start, start + CHUNK);
      const located = chunk.map((d) => {
        const [lon, lat] = frame.toLonLat(d.spot.p);
        return { h3: pointCell(lon, lat), lon, lat };
      });
      const units = await locatePoints(tx, located, CHUNK);
      const streets = await streetsOfPoints(tx, units.flatMap((u, i) => (u.grid === null ? [located[i]!] : [])));
      let outside = 0;
      const cases = new ColumnBuffer(['id', 'code', 'channel', 'type', 'description', 'address', 'rname', 'rphone', 'lon', 'lat', 'h3',
        'grid', 'subgrid', 'block', 'street', 'component', 'status', 'route', 'dept', 'assignee', 'reported', 'responded', 'registered',
        'handled', 'closed', 'rdue', 'hdue', 'cdue', 'pdue', 'progressed', 'seat', 'satisfaction', 'rework', 'dup'] as const);
      const events = new ColumnBuffer(['case_id', 'at', 'actor', 'from_status', 'to_status', 'action', 'note'] as const);
      chunk.forEach((d, i) => {
        const t = timeline(d);
        const where = located[i]!;
        const unit = units[i]!;
        const localDay = caseCodeDay(d.at);
        const seq = (daySeq.get(localDay) ?? 0) + 1;
        daySeq.set(localDay, seq);
        const iso = (ms: number | null) => (ms === null ? null : new Date(ms));
        const assignee = unit.grid !== null ? seatHolder.get(`${unit.grid}/${d.type.seat_kind}`) ?? null : null;
        cases.push({
          id: d.id, code: caseCode(localDay, seq), channel: d.channel, type: d.type.code,
          description: d.description, address: d.spot.address, rname: d.reporterName, rphone: d.reporterPhone,
          lon: where.lon, lat: where.lat, h3: where.h3, grid: unit.grid, subgrid: unit.subgrid, block: unit.block,
          street: unit.grid !== null ? streetOfGrid.get(unit.grid)! : streets[outside++]!,
          component: d.componentId, status: t.status, route: t.route,
          dept: t.route === 'dispatch' ? d.type.department : null, assignee,
          reported: new Date(d.at), responded: iso(t.respondedAt), registered: iso(t.registeredAt), handled: iso(t.handledAt),
          closed: iso(t.closedAt), rdue: new Date(t.respondDue), hdue: iso(t.handleDue), cdue: iso(t.closeDue),
          pdue: iso(t.progressDue), progressed: iso(t.progressedAt), seat: d.type.seat_kind,
          satisfaction: t.satisfaction, rework: t.rework, dup: d.twinOf?.id ?? null,
        });
        for (const e of t.events) {
          const actor = e.actor === 'handler' && assignee !== null ? `person:${assignee}` : e.actor;
          events.push({ case_id: d.id, at: new Date(e.at), actor, from_status: e.from, to_status: e.to, action: e.action, note: e.note });
        }
      });
      await bulkInsert(tx, CASES_INSERT, cases.data, undefined, 10_000);
      await bulkInsert(tx, EVENTS_INSERT, events.data, undefined, 40_000);
      bar.add(chunk.length);
    }
    bar.done();
    await tx.query(`select setval(pg_get_serial_sequence('cases', 'id'), (select max(id) from cases))`);
    // Problems that came back after their case was closed (schema/043), by the rule a case
    // written through the API follows, once every case is in (and before the other
    // indexes are rebuilt: an update of a third of the rows would write to every one).
    // Statistics of the rows just written, or each look-up is planned as if cases were empty.
    await tx.query('analyze cases');
    await tx.query('set local statement_timeout = 0');
    const repeats = ctx.progress.bar('repeat problems', drafts.length);
    const maxId = drafts.reduce((m, d) => Math.max(m, d.id ?? 0), 0);
    for (let first = 1; first <= maxId; first += REPEAT_CHUNK) {
      await tx.query('select fill_repeat_of($1, $2)', [first, first + REPEAT_CHUNK - 1]);
      repeats.add(Math.min(REPEAT_CHUNK, maxId - first + 1));
    }
    repeats.done();
  }, ['cases_repeat_key']));
}

const CHUNK = 50_000;
/** Cases looked at per repeat-problem statement (a few seconds each on the large city). */
const REPEAT_CHUNK = 50_000;

const CASES_INSERT: BulkSpec = {
  table: 'cases',
  columns: ['id', 'code', 'channel', 'type_code', 'description', 'address', 'reporter_name', 'reporter_phone', 'geom', 'h3',
    'grid_id', 'subgrid_id', 'block_id', 'street_id', 'component_id', 'status', 'route', 'department', 'assignee_id',
    'reported_at', 'responded_at', 'registered_at', 'handled_at', 'closed_at', 'respond_due', 'handle_due', 'close_due',
    'progress_due', 'progressed_at', 'owner_seat', 'satisfaction', 'rework_count', 'duplicate_of'],
  inputs: [['id', 'int8'], ['code', 'text'], ['channel', 'text'], ['type', 'text'], ['description', 'text'], ['address', 'text'],
    ['rname', 'text'], ['rphone', 'text'], ['lon', 'float8'], ['lat', 'float8'], ['h3', 'int8'], ['grid', 'int'], ['subgrid', 'int'],
    ['block', 'int'], ['street', 'int'], ['component', 'int8'], ['status', 'text'], ['route', 'text'], ['dept', 'text'],
    ['assignee', 'int'], ['reported', 'timestamptz'], ['responded', 'timestamptz'], ['registered', 'timestamptz'],
    ['handled', 'timestamptz'], ['closed', 'timestamptz'], ['rdue', 'timestamptz'], ['hdue', 'timestamptz'], ['cdue', 'timestamptz'],
    ['pdue', 'timestamptz'], ['progressed', 'timestamptz'], ['seat', 'text'], ['satisfaction', 'int2'], ['rework', 'int2'], ['dup', 'int8']],
  values: ['id', 'code', 'channel', 'type', 'description', 'address', 'rname', 'rphone', 'st_setsrid(st_makepoint(lon, lat), 4326)',
    'h3', 'grid', 'subgrid', 'block', 'street', 'component', 'status', 'route', 'dept', 'assignee', 'reported', 'responded',
    'registered', 'handled', 'closed', 'rdue', 'hdue', 'cdue', 'pdue', 'progressed', 'seat', 'satisfaction', 'rework', 'dup'],
};

const EVENTS_INSERT: BulkSpec = {
  table: 'case_events', columns: ['case_id', 'at', 'actor', 'from_status', 'to_status', 'action', 'note'],
  inputs: [['case_id', 'int8'], ['at', 'timestamptz'], ['actor', 'text'], ['from_status', 'text'], ['to_status', 'text'], ['action', 'text'], ['note', 'text']],
};

/** The loop a case has run through by `now`: statuses, times, deadlines and events. */
function buildTimeline(rng: Random, d: Draft, now: number, deadlines: { rules: DeadlineRules; calendar: WorkCalendar }): Timeline {
  const reported = d.at;
  const complexity = d.type.complexity;
  const rule = ruleFor(deadlines.rules, d.type.code, complexity);
  const route = rng.chance(0.85) ? d.type.default_route : rng.pick(['self', 'dispatch', 'enforcement'] as const);
  const t: Timeline = {
    status: 'reported', route: null, respondedAt: null, registeredAt: null, handledAt: null, closedAt: null,
    respondDue: respondDue(reported, rule), handleDue: null, closeDue: null, progressDue: null, progressedAt: null, satisfaction: null, rework: 0,
    events: [{ at: reported, from: null, to: 'reported', action: 'report', actor: `channel:${d.channel}`, note: null }],
  };
  const step = (at: number, action: string, to: string, actor: string, note: string | null = null): boolean => {
    if (at > now) return false;
    t.events.push({ at, from: t.status, to, action, actor, note });
    t.status = to;
    return true;
  };
  let clock = reported + rng.logNormal(11, 0.8) * MIN_MS;
  if (!step(clock, 'verify', 'verified', 'center')) return t;
  t.respondedAt = clock;
  if (d.twinOf) {
    step(clock + rng.logNormal(4, 0.5) * MIN_MS, 'cancel', 'cancelled', 'center', `与案件 ${d.twinOf.id} 重复，已合并`);
    return t;
  }
  if (rng.chance(0.05)) {
    step(clock + rng.logNormal(6, 0.6) * MIN_MS, 'cancel', 'cancelled', 'center', '经核实不属于受理范围，不予立案');
    return t;
  }
  clock += rng.logNormal(5, 0.6) * MIN_MS;
  if (!step(clock, 'register', 'registered', 'center')) return t;
  t.registeredAt = clock;
  t.route = route;
  const due = workDeadlines(clock, rule, deadlines.calendar);
  t.handleDue = due.handleDue;
  t.closeDue = due.closeDue;
  t.progressDue = due.progressDue;
  if (complexity === 'complex' && rng.chance(0.015)) {
    step(clock + 2 * 86_400_000, 'park', 'parked', 'center', '涉及历史遗留问题，挂账督办');
    return t;
  }
  if (route !== 'self') {
    clock += rng.logNormal(9, 0.7) * MIN_MS;
    if (!step(clock, 'dispatch', 'dispatched', 'center')) return t;
  }
  const median = complexity === 'simple' ? 5 : complexity === 'complaint' ? 26 : 144;
  const sigma = complexity === 'complex' ? 0.6 : complexity === 'complaint' ? 0.7 : 0.9;
  clock += rng.logNormal(20, 0.6) * MIN_MS;
  if (!step(clock, 'start', 'handling', 'handler')) return t;
  const handled = clock + rng.logNormal(median, sigma) * HOUR_MS;
  if (t.progressDue !== null && handled > t.progressDue - 12 * HOUR_MS) {
    // Complex work reports progress on the way, mostly before the deadline.
    const at = Math.min(clock + (t.progressDue - clock) * rng.uniform(0.3, 1.15), handled - MIN_MS);
    if (!step(at, 'progress', 'handling', 'handler', '已现场勘查，正在协调处置')) return t;
    t.progressedAt = at;
  }
  clock = handled;
  if (!step(clock, 'feedback', 'handled', 'handler')) return t;
  t.handledAt = clock;
  if (rng.chance(0.04)) {
    clock += rng.logNormal(2, 0.6) * HOUR_MS;
    if (!step(clock, 'rework', 'handling', 'center', '核查未通过，返工')) return t;
    t.rework = 1;
    t.handledAt = null;
    clock += rng.logNormal(median / 2, sigma) * HOUR_MS;
    if (!step(clock, 'feedback', 'handled', 'handler')) return t;
    t.handledAt = clock;
  }
  clock += rng.logNormal(1.5, 0.7) * HOUR_MS;
  if (!step(clock, 'check', 'checked', 'center')) return t;
  clock += rng.logNormal(20, 0.5) * MIN_MS;
  if (!step(clock, 'close', 'closed', 'center')) return t;
  t.closedAt = clock;
  if (rng.chance(0.6)) {
    clock += rng.logNormal(10, 0.9) * HOUR_MS;
    const score = SATISFACTION.pick(rng);
    if (step(clock, 'evaluate', 'evaluated', 'resident', `满意度 ${score} 星`)) t.satisfaction = score;
  }
  return t;
}
