-- components: the component census (points), z14-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y, then the params in manifest order:
-- $4 class (text: a 4-digit class code or a 2-digit major code), $5 status (text[]).
-- A null param does not filter. Returns geom (EPSG:4326), id, code, class_code,
-- major, status. Row-level security decides which components the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select c.geom, c.id, c.code::text as code, c.class_code::text as class_code,
       left(c.class_code, 2) as major, c.status
  from components c, tile
 where c.geom && tile.box
   and ($4::text is null or starts_with(c.class_code::text, $4::text))
   and ($5::text[] is null or c.status = any ($5::text[]))
