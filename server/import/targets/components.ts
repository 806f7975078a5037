// Import target: components (Point features with class, status, departments and
// dates). Codes are checked against the reference tables loaded once per import;
// points are located per chunk; a grid chief's rows outside their grid are refused
// one by one (the policies would refuse the whole insert).
import type { Point } from 'geojson';
import { outsideScope, placePoints, type Placed } from '../../components/place.ts';
import { checkComponentCodes, loadComponentReferences, type ComponentReferences } from '../../components/references.ts';
import { ComponentCreateProps, type ComponentCreate } from '../../components/schema.ts';
import { insertComponents, withDefaults } from '../../components/write.ts';
import type { Queryable } from '../../db/types.ts';
import { formatLocation } from '../../spatial/geojson/index.ts';
import { rowProblem, type ImportContext, type ImportRow, type ImportTarget, type RowProblem } from '../target.ts';

async function references(tx: Queryable, ctx: ImportContext): Promise<ComponentReferences> {
  let refs = ctx.memo.get('componentRefs') as ComponentReferences | undefined;
  if (!refs) {
    refs = await loadComponentReferences(tx);
    ctx.memo.set('componentRefs', refs);
  }
  return refs;
}

/** Locates the rows and refuses those a grid chief may not write; sets row.derived to the place. */
export async function placeRows(tx: Queryable, rows: ImportRow<unknown>[], ctx: ImportContext, what: string): Promise<RowProblem[]> {
  const placed = await placePoints(tx, ctx.principal, rows.map((r) => {
    const [lon, lat] = (r.geometry as Point).coordinates as [number, number];
    return { lon, lat };
  }));
  const problems: RowProblem[] = [];
  rows.forEach((r, i) => {
    const p = placed[i]!;
    r.derived = p;
    if (outsideScope(ctx.principal, p.grid)) {
      problems.push(rowProblem(r, 'geometry', 'outside_scope',
        `the ${what} at ${formatLocation([p.lon, p.lat])} lies outside your grid${ctx.principal.grids.length > 1 ? 's' : ''} (${ctx.principal.grids.join(', ')})`));
    }
  });
  return problems;
}

export const componentsTarget: ImportTarget<ComponentCreate> = {
  name: 'components',
  summary: 'Components: Point features with class_code, status, owner_dept, maintainer_dept, installed_on, checked_at',
  roles: ['admin', 'officer', 'grid_chief'],
  geometryTypes: ['Point'],
  properties: ComponentCreateProps,
  tables: ['components'],
  async check(tx, rows, ctx) {
    const refs = await references(tx, ctx);
    const problems: RowProblem[] = [];
    const ok: ImportRow<ComponentCreate>[] = [];
    for (const r of rows) {
      const p = checkComponentCodes(refs, r.properties);
      if (p.length) problems.push(...p.map((x) => rowProblem(r, x.field, x.reason, x.message)));
      else ok.push(r);
    }
    return [...problems, ...(ok.length ? await placeRows(tx, ok as ImportRow<unknown>[], ctx, 'component') : [])];
  },
  async write(tx, rows, ctx) {
    const refs = await references(tx, ctx);
    const ids = await insertComponents(tx, ctx.principal, rows.map((r) => ({ placed: r.derived as Placed, props: withDefaults(refs, r.properties) })));
    return ids.length;
  },
};
