// The SQL of each collection, built once from its declaration. Identifiers come only
// from the whitelist in collections.ts (checked and quoted here); every value is a
// bound parameter. The statements run in the caller's scoped transaction, so the
// row-level-security policies decide which rows they see.
import type { CollectionDef, PropertyDef } from './collections.ts';

export interface CollectionSql {
  /**
   * One page and the count of all matches. Parameters: $1 limit, $2 offset,
   * $3 bbox WKT or null, and for temporal collections $4 start, $5 end (or null).
   * Row: {matched, returned, features} with features a JSON array as text.
   */
  items: string;
  /** One feature as GeoJSON text. Parameter: $1 the id. Row: {feature}. */
  item: string;
  /** Spatial (and temporal) extent of the visible rows. Row: {xmin, ymin, xmax, ymax, t0, t1}. */
  extent: string;
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

const ISO_UTC = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

function valueSql(p: PropertyDef): string {
  const col = `t.${ident(p.name)}`;
  if (p.type === 'date-time') return `to_char(${col} at time zone 'UTC', ${ISO_UTC})`;
  if (p.type === 'date') return `to_char(${col}, 'YYYY-MM-DD')`;
  return col;
}

function featureSql(c: CollectionDef): string {
  const props = c.properties.map((p) => `'${p.name}', ${valueSql(p)}`).join(', ');
  return `json_build_object('type', 'Feature', 'id', t.${ident(c.idColumn)},
    'geometry', st_asgeojson(t.${ident(c.geometryColumn)}, 7)::json,
    'properties', json_build_object(${props}))`;
}

export function buildCollectionSql(c: CollectionDef): CollectionSql {
  const table = ident(c.table);
  const geom = `t.${ident(c.geometryColumn)}`;
  const id = `t.${ident(c.idColumn)}`;
  const when = c.temporalColumn ? `t.${ident(c.temporalColumn)}` : null;
  const filter = [
    `($3::text is null or st_intersects(${geom}, st_geomfromtext($3::text, 4326)))`,
    ...(when ? [`($4::timestamptz is null or ${when} >= $4::timestamptz)`, `($5::timestamptz is null or ${when} <= $5::timestamptz)`] : []),
  ].join(' and ');
  // The page's ids first, then the features of those rows only: PostgreSQL computes
  // the select list of the rows an OFFSET skips, so building features there makes
  // deep pages slow.
  const items = `
    select (select count(*) from ${table} t where ${filter})::int as matched,
           count(*)::int as returned,
           coalesce(json_agg(${featureSql(c)} order by ${id}), '[]'::json)::text as features
      from (select ${id} as id from ${table} t where ${filter} order by ${id} limit $1 offset $2) page
      join ${table} t on ${id} = page.id`;
  const item = `select ${featureSql(c)}::text as feature from ${table} t where ${id} = $1::bigint`;
  const time = when
    ? `to_char(min(${when}) at time zone 'UTC', ${ISO_UTC}) as t0, to_char(max(${when}) at time zone 'UTC', ${ISO_UTC}) as t1`
    : `null::text as t0, null::text as t1`;
  const extent = `
    select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax, t0, t1
      from (select st_extent(${geom}) as e, ${time} from ${table} t) x`;
  return { items, item, extent };
}
