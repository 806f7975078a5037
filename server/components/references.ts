// Reference codes a component names (class, owner and maintainer departments),
// checked against the reference tables with a reason per field, loaded once per
// request or import so a bulk import checks 100k rows without a query per row.
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';

/** One thing wrong with one field of a record. */
export interface FieldProblem {
  /** e.g. properties.type_code */
  field: string;
  /** A short code, e.g. unknown_code. */
  reason: string;
  message: string;
}

/** 422 for problems with reference codes, naming the first and listing all. */
export function referenceError(problems: readonly FieldProblem[]): AppError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  return new AppError(422, 'invalid_reference', `${first.message}${more}`, {
    field: first.field,
    reason: first.reason,
    problems: problems.map((p) => ({ in: 'body', path: `/${p.field.replaceAll('.', '/')}`, message: p.message, reason: p.reason })),
  });
}

export interface ComponentReferences {
  classes: Map<string, { owner: string; maintainer: string }>;
  departments: Set<string>;
}

export async function loadComponentReferences(q: Queryable): Promise<ComponentReferences> {
  // One connection runs one query at a time: in turn, not Promise.all.
  const classes = await q.query<{ code: string; owner_dept: string; maintainer_dept: string }>('select code, owner_dept, maintainer_dept from component_classes');
  const depts = await q.query<{ code: string }>('select code from departments');
  return {
    classes: new Map(classes.rows.map((c) => [c.code, { owner: c.owner_dept, maintainer: c.maintainer_dept }])),
    departments: new Set(depts.rows.map((d) => d.code)),
  };
}

export function checkDepartment(refs: ComponentReferences, field: string, code: string | undefined): FieldProblem[] {
  if (code === undefined || refs.departments.has(code)) return [];
  return [{ field: `properties.${field}`, reason: 'unknown_code', message: `${field} ${code} is not a department code` }];
}

/** Problems with a component's codes; the class must exist, departments too. */
export function checkComponentCodes(
  refs: ComponentReferences,
  p: { class_code?: string; owner_dept?: string; maintainer_dept?: string },
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (p.class_code !== undefined && !refs.classes.has(p.class_code)) {
    const major = p.class_code.slice(0, 2);
    const siblings = [...refs.classes.keys()].filter((c) => c.startsWith(major)).sort();
    const hint = siblings.length ? `; major class ${major} has ${siblings[0]}..${siblings[siblings.length - 1]}` : '';
    out.push({ field: 'properties.class_code', reason: 'unknown_code', message: `class_code ${p.class_code} is not a component class${hint}` });
  }
  out.push(...checkDepartment(refs, 'owner_dept', p.owner_dept), ...checkDepartment(refs, 'maintainer_dept', p.maintainer_dept));
  return out;
}

/**
 * The database's own refusals of a point record, said per field: a foreign key
 * (23503, "Key (type_code)=(9999) is not present in table ...") or the leaf-type
 * trigger become 422 naming the field. Null for anything else. The routes check
 * codes first; this is the backstop for a code removed meanwhile.
 */
export function referenceErrorOf(err: unknown): AppError | null {
  const e = (err ?? {}) as { code?: string; detail?: string; message?: string };
  if (e.code === '23503') {
    const m = /Key \(([a-z_]+)\)=\(([^)]*)\) is not present in table "([a-z_]+)"/.exec(e.detail ?? '');
    if (m) {
      const [, column, value, table] = m as unknown as [string, string, string, string];
      return referenceError([{ field: `properties.${column}`, reason: 'unknown_code', message: `${column} ${value} is not in ${table.replaceAll('_', ' ')}` }]);
    }
  }
  if (e.code === '23514') {
    const m = /case type (\S+) is not a leaf type/.exec(e.message ?? '');
    if (m) return referenceError([{ field: 'properties.type_code', reason: 'not_a_leaf', message: `type_code ${m[1]} is not a leaf case type` }]);
  }
  return null;
}
