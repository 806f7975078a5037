// Import target: cases (Point features with channel, leaf type, description and the
// optional reporter, address, report time and component). Codes are checked against
// the reference tables loaded once per import, components per chunk as the importer
// sees them; points are located per chunk; a grid chief's rows outside their grid are
// refused one by one. Every case starts 'reported' with its response deadline, routed to its owner.
import type { Placed } from '../../components/place.ts';
import type { Queryable } from '../../db/types.ts';
import { checkCaseCodes, componentProblem, loadCaseReferences, missingComponents, type CaseReferences } from '../../cases/references.ts';
import { CaseCreateProps, type CaseCreate } from '../../cases/schema.ts';
import { insertCases, reportTime } from '../../cases/write.ts';
import { rowProblem, type ImportContext, type ImportRow, type ImportTarget, type RowProblem } from '../target.ts';
import { placeRows } from './components.ts';

async function references(tx: Queryable, ctx: ImportContext): Promise<CaseReferences> {
  let refs = ctx.memo.get('caseRefs') as CaseReferences | undefined;
  if (!refs) {
    refs = await loadCaseReferences(tx);
    ctx.memo.set('caseRefs', refs);
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
    const refs = await references(tx, ctx);
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
    return [...problems, ...(ok.length ? await placeRows(tx, ok as ImportRow<unknown>[], ctx, 'case') : [])];
  },
  async write(tx, rows, ctx) {
    const now = Date.now();
    const ids = await insertCases(tx, ctx.principal, rows.map((r) => ({
      placed: r.derived as Placed,
      props: r.properties,
      reportedMs: reportTime(r.properties.reported_at, now) as number,
    })), ctx.config);
    for (const id of ids) ctx.publish?.({ type: 'case.created', case_id: id });
    return ids.length;
  },
};
