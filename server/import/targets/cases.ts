// Import target: cases (Point features with channel, leaf type, description and the
// optional reporter, address, report time and component). Codes are checked against
// the reference tables loaded once per import, components per chunk as the importer
// sees them; points are located per chunk; a grid chief's rows outside their grid are
// refused one by one. Every case starts 'reported' with its response deadline, routed to its owner.
// Their codes are reserved before the import's transaction, by a first pass over the
// upload (server/cases/codes.ts); a refused import leaves those codes unused.
import type { Point } from 'geojson';
import type { Placed } from '../../components/place.ts';
import { pointCell } from '../../spatial/h3cells.ts';
import type { Queryable } from '../../db/types.ts';
import { allocateCaseCodes, reserveCaseCodes } from '../../cases/codes.ts';
import { loadIntakeRefs, type IntakeRefs } from '../../cases/intake-refs.ts';
import { checkCaseCodes, componentProblem, missingComponents } from '../../cases/references.ts';
import { caseCodeDay } from '../../cases/rules.ts';
import { CaseCreateProps, type CaseCreate } from '../../cases/schema.ts';
import { insertCases, reportTime } from '../../cases/write.ts';
import { rowProblem, type ImportContext, type ImportRow, type ImportTarget, type RowProblem } from '../target.ts';
import { placeRows } from './components.ts';

const CODES = 'caseCodes';

/** Channels, case types and deadline rules, read once per import. */
async function intakeRefs(tx: Queryable, ctx: ImportContext): Promise<IntakeRefs> {
  let refs = ctx.memo.get('intakeRefs') as IntakeRefs | undefined;
  if (!refs) {
    refs = await loadIntakeRefs(tx);
    ctx.memo.set('intakeRefs', refs);
  }
  return refs;
}

export const casesTarget: ImportTarget<CaseCreate> = {
  name: 'cases',
  summary: 'Cases: Point features with channel, type_code (a leaf type), description, and optional address, reporter_name, reporter_phone, reported_at, component_id',
  roles: ['admin', 'officer', 'grid_chief'],
  geometryTypes: ['Point'],
  properties: CaseCreateProps,
  tables: ['cases', 'case_events'],
  async check(tx, rows, ctx) {
    const refs = await intakeRefs(tx, ctx);
    const missing = await missingComponents(tx, rows.flatMap((r) => (r.properties.component_id === undefined ? [] : [r.properties.component_id])));
    const problems: RowProblem[] = [];
    const ok: ImportRow<CaseCreate>[] = [];
    const now = Date.now();
    for (const r of rows) {
      const p = checkCaseCodes(refs, r.properties);
      if (r.properties.component_id !== undefined && missing.has(r.properties.component_id)) p.push(componentProblem(r.properties.component_id));
      const at = reportTime(r.properties.reported_at, now);
      if (typeof at !== 'number') p.push(at);
      if (p.length) problems.push(...p.map((x) => rowProblem(r, x.field, x.reason, x.message)));
      else ok.push(r);
    }
    if (ctx.principal.role !== 'grid_chief') {
      // No scope to check: the units are found while the chunk is routed (intake_route), not in a statement of their own.
      for (const r of ok) {
        const [lon, lat] = (r.geometry as Point).coordinates as [number, number];
        r.derived = { lon, lat, h3: pointCell(lon, lat), grid: null, subgrid: null, block: null } satisfies Placed;
      }
      return problems;
    }
    return [...problems, ...(ok.length ? await placeRows(tx, ok as ImportRow<unknown>[], ctx, 'case') : [])];
  },
  // Codes for every row with a usable report time, reserved by day before the transaction (one statement): the
  // import's transaction then never holds the day's counter, so cases filed meanwhile do not wait for it.
  async reserve(db, source, ctx) {
    const now = Date.now();
    const times: number[] = [];
    for await (const item of source) {
      // Past the cap the import is refused (413) without writing: nothing to reserve.
      if (times.length >= ctx.config.importMaxFeatures) return;
      if (item.problem) continue;
      const raw = (item.input as { properties?: { reported_at?: unknown } } | null)?.properties?.reported_at;
      const at = reportTime(typeof raw === 'string' && raw !== '' ? raw : undefined, now);
      if (typeof at === 'number') times.push(at);
    }
    const codes = await reserveCaseCodes(db, times);
    const byDay = new Map<string, string[]>();
    for (const code of codes) {
      const day = code.slice(0, 8);
      const list = byDay.get(day) ?? [];
      list.push(code);
      byDay.set(day, list);
    }
    // Handed out in order (they were reserved in row order within each day).
    for (const list of byDay.values()) list.reverse();
    ctx.memo.set(CODES, byDay);
  },
  async write(tx, rows, ctx) {
    const now = Date.now();
    const reserved = ctx.memo.get(CODES) as Map<string, string[]> | undefined;
    const times = rows.map((r) => reportTime(r.properties.reported_at, now) as number);
    const codes = times.map((t) => reserved?.get(caseCodeDay(t))?.pop() ?? null);
    // A row whose day had no reserved code left (the day turned between the two passes): allocated in the transaction.
    const missing = codes.flatMap((c, i) => (c === null ? [i] : []));
    if (missing.length) {
      const more = await allocateCaseCodes(tx, missing.map((i) => times[i]!));
      missing.forEach((i, k) => (codes[i] = more[k]!));
    }
    const ids = await insertCases(tx, ctx.principal, rows.map((r, i) => ({
      placed: r.derived as Placed,
      props: r.properties,
      reportedMs: times[i]!,
    })), ctx.config, { codes: codes as string[], refs: await intakeRefs(tx, ctx), locate: ctx.principal.role !== 'grid_chief' });
    for (const id of ids) ctx.publish?.({ type: 'case.created', case_id: id });
    return ids.length;
  },
};
