// Component codes: district (6 digits) + class (4) + a six-digit sequence within
// that district and class, as the census numbers them. New codes are handed out
// under a transaction-scoped advisory lock, and the highest sequence in use is read
// as the system (a grid chief does not see the whole census but must not reuse a
// number).
import { asSystem, type Principal } from '../auth/principal.ts';
import type { Queryable } from '../db/types.ts';
import { AppError } from '../errors.ts';

/** pg_advisory_xact_lock key for handing out component codes. */
const COMPONENT_CODE_LOCK = 0x636f6d70;

/** The district code of each point: the district covering it, else the nearest. */
export async function districtCodes(q: Queryable, points: readonly { lon: number; lat: number }[]): Promise<string[]> {
  if (points.length === 0) return [];
  const r = await q.query<{ code: string }>(
    `select coalesce(
              (select min(d.code) from admin_areas d where d.level = 'district' and st_covers(d.geom, p.geom)),
              (select d.code from admin_areas d where d.level = 'district' order by d.geom <-> p.geom, d.id limit 1)) as code
       from (select st_setsrid(st_makepoint(lon, lat), 4326) as geom, ord
               from unnest($1::float8[], $2::float8[]) with ordinality as u(lon, lat, ord)) p
      order by p.ord`,
    [points.map((p) => p.lon), points.map((p) => p.lat)],
  );
  return r.rows.map((x) => x.code);
}

/** New codes for components of (district, class), in order; holds the code lock until the transaction ends. */
export async function allocateComponentCodes(
  tx: Queryable,
  principal: Principal,
  items: readonly { district: string; classCode: string }[],
): Promise<string[]> {
  if (items.length === 0) return [];
  await tx.query('select pg_advisory_xact_lock($1)', [COMPONENT_CODE_LOCK]);
  const prefixes = [...new Set(items.map((i) => `${i.district}${i.classCode}`))];
  const r = await asSystem(tx, principal, () =>
    tx.query<{ prefix: string; seq: number }>(
      `select p.prefix, coalesce(max(substr(c.code, 11, 6)::int), 0) as seq
         from unnest($1::text[]) p(prefix)
         left join components c on c.code between (p.prefix || '000000')::char(16) and (p.prefix || '999999')::char(16)
        group by p.prefix`,
      [prefixes],
    ),
  );
  const next = new Map(r.rows.map((row) => [row.prefix, row.seq]));
  return items.map((i) => {
    const prefix = `${i.district}${i.classCode}`;
    const seq = (next.get(prefix) ?? 0) + 1;
    if (seq > 999_999) throw new AppError(409, 'codes_exhausted', `component class ${i.classCode} has no free code left in district ${i.district}`);
    next.set(prefix, seq);
    return `${prefix}${String(seq).padStart(6, '0')}`;
  });
}
