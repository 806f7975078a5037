// Reference codes a case names (channel, leaf case type, component), checked with a
// reason per field. Loaded once per request or import; components are looked up per
// chunk, as the caller sees them.
import type { Queryable } from '../db/types.ts';
import type { FieldProblem } from '../components/references.ts';
import type { CaseComplexity } from './deadlines.ts';

export interface CaseType {
  level: number;
  complexity: CaseComplexity | null;
}

export interface CaseReferences {
  channels: Set<string>;
  types: Map<string, CaseType>;
}

export async function loadCaseReferences(q: Queryable): Promise<CaseReferences> {
  // One connection runs one query at a time: in turn, not Promise.all.
  const channels = await q.query<{ code: string }>('select code from channels');
  const types = await q.query<{ code: string; level: number; complexity: CaseComplexity | null }>('select code, level, complexity from case_types');
  return {
    channels: new Set(channels.rows.map((c) => c.code)),
    types: new Map(types.rows.map((t) => [t.code, { level: t.level, complexity: t.complexity }])),
  };
}

/** Problems with a case's channel and type; a type must be a leaf (level 4). */
export function checkCaseCodes(refs: CaseReferences, p: { channel?: string; type_code?: string }): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (p.channel !== undefined && !refs.channels.has(p.channel)) {
    out.push({ field: 'properties.channel', reason: 'unknown_code', message: `channel ${p.channel} is not an intake channel` });
  }
  if (p.type_code !== undefined) {
    const t = refs.types.get(p.type_code);
    if (!t) out.push({ field: 'properties.type_code', reason: 'unknown_code', message: `type_code ${p.type_code} is not a case type` });
    else if (t.level !== 4) {
      const leaf = [...refs.types.entries()].find(([code, x]) => x.level === 4 && code.startsWith(p.type_code!))?.[0];
      out.push({
        field: 'properties.type_code', reason: 'not_a_leaf',
        message: `type_code ${p.type_code} is not a leaf case type (it is a level-${t.level} category${leaf ? `; use a level-4 type such as ${leaf}` : ''})`,
      });
    }
  }
  return out;
}

/** The ids among `ids` the caller cannot see (missing, or outside a grid chief's grids). */
export async function missingComponents(q: Queryable, ids: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const r = await q.query<{ id: string }>('select id from components where id = any($1::int8[])', [unique]);
  const found = new Set(r.rows.map((x) => Number(x.id)));
  return new Set(unique.filter((id) => !found.has(id)));
}

export function componentProblem(id: number): FieldProblem {
  return { field: 'properties.component_id', reason: 'unknown_component', message: `component_id ${id} is not a component you can see` };
}
