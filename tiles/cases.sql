-- cases / cases: one point per case, z15-18.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y, then the params in manifest order:
-- $4 type (text: a type code, matched as a prefix), $5 status (text[]), $6 channel
-- (text[]), $7 from (date), $8 to (date, inclusive), $9 grid (int). Days are China
-- Standard Time. A null param does not filter. Returns geom (EPSG:4326), id, code,
-- type_code, status, channel, reported_at (epoch seconds), overdue.
-- Row-level security decides which cases the caller sees.
with tile as (
  select st_transform(st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625), 4326) as box
)
select c.geom, c.id, c.code, c.type_code, c.status, c.channel,
       extract(epoch from c.reported_at)::int as reported_at,
       coalesce(case_next_due(c.status, c.respond_due, c.handle_due, c.progress_due, c.progressed_at, c.close_due) < now(), false) as overdue
  from cases c, tile
 where c.geom && tile.box
   and ($4::text is null or starts_with(c.type_code, $4::text))
   and ($5::text[] is null or c.status = any ($5::text[]))
   and ($6::text[] is null or c.channel = any ($6::text[]))
   and ($7::date is null or c.reported_at >= ($7::date + time '00:00') at time zone 'Asia/Shanghai')
   and ($8::date is null or c.reported_at < ($8::date + 1 + time '00:00') at time zone 'Asia/Shanghai')
   and ($9::int is null or c.grid_id = $9::int)
