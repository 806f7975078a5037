// The Open311 services: the leaf (level-4) case types of the taxonomy. A service's
// group is its level-1 and level-2 categories, its description the whole path, its
// keywords the names above it. Every service has the same definition: one optional
// attribute, the code of the city component the problem is about (so metadata is
// true for all of them).
import type { Queryable } from '../db/types.ts';
import { AppError, notFound } from '../errors.ts';
import { COMPONENT_ATTRIBUTE, type Lang } from './labels.ts';

export interface Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: 'realtime';
  keywords: string;
  group: string;
}

export const COMPONENT_CODE_ATTRIBUTE = 'component_code';
export const COMPONENT_CODE_PATTERN = /^[0-9]{16}$/;

interface TypeRow {
  code: string;
  l1: string;
  l2: string;
  l3: string;
  name: string;
}

const SERVICES_SQL = `
  select t.code, c1.name_zh as l1_zh, c1.name_en as l1_en, c2.name_zh as l2_zh, c2.name_en as l2_en,
         c3.name_zh as l3_zh, c3.name_en as l3_en, t.name_zh, t.name_en
    from case_types t
    join case_types c3 on c3.code = t.parent_code
    join case_types c2 on c2.code = c3.parent_code
    join case_types c1 on c1.code = c2.parent_code
   where t.level = 4 and ($1::text is null or t.code = $1)
   order by t.code`;

async function leafTypes(q: Queryable, lang: Lang, code: string | null): Promise<TypeRow[]> {
  const r = await q.query<Record<string, string>>(SERVICES_SQL, [code]);
  const pick = (row: Record<string, string>, k: string) => row[`${k}_${lang}`]!;
  return r.rows.map((row) => ({ code: row.code!, l1: pick(row, 'l1'), l2: pick(row, 'l2'), l3: pick(row, 'l3'), name: pick(row, 'name') }));
}

function serviceOf(t: TypeRow, lang: Lang): Service {
  const sep = lang === 'zh' ? ' › ' : ' > ';
  return {
    service_code: t.code,
    service_name: t.name,
    description: [t.l1, t.l2, t.l3, t.name].join(sep),
    metadata: true,
    type: 'realtime',
    keywords: [t.l3, t.l2, t.l1].join(', '),
    group: `${t.l1}${sep}${t.l2}`,
  };
}

export async function listServices(q: Queryable, lang: Lang): Promise<Service[]> {
  return (await leafTypes(q, lang, null)).map((t) => serviceOf(t, lang));
}

/** Why a code is not a service: unknown (404) or a category above the services (400). */
export async function serviceCodeError(q: Queryable, code: string): Promise<AppError> {
  const r = await q.query<{ level: number; leaf: string | null }>(
    `select t.level, (select min(l.code) from case_types l where l.level = 4 and l.code like t.code || '%') as leaf
       from case_types t where t.code = $1`,
    [code],
  );
  const row = r.rows[0];
  if (!row) return notFound(`service_code ${code} is not a service; GET services.json lists them`);
  return new AppError(400, 'not_a_service',
    `service_code ${code} is a level-${row.level} category, not a service; use one of the services below it${row.leaf ? `, such as ${row.leaf}` : ''}`);
}

/** The service definition of `code` (404 when unknown, 400 when a category). */
export async function serviceDefinition(q: Queryable, code: string, lang: Lang) {
  const [t] = await leafTypes(q, lang, code);
  if (!t) throw await serviceCodeError(q, code);
  const text = COMPONENT_ATTRIBUTE[lang];
  return {
    service_code: t.code,
    attributes: [
      {
        variable: true,
        code: COMPONENT_CODE_ATTRIBUTE,
        datatype: 'string',
        required: false,
        datatype_description: text.datatype_description,
        order: 1,
        description: text.description,
        values: [],
      },
    ],
  };
}

/** The leaf type of a code, with what filing a case needs; null when it is not a service. */
export async function leafType(q: Queryable, code: string): Promise<{ code: string; complexity: string } | null> {
  const r = await q.query<{ code: string; complexity: string }>('select code, complexity from case_types where code = $1 and level = 4', [code]);
  return r.rows[0] ?? null;
}
