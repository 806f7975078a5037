-- cases / case_cells: cases counted per H3 cell, z10-14: resolution 7 at z10, 8 at
-- z11-12, 9 at z13, 10 at z14 (a cell a tenth to a twenty-fifth of the tile across). Each cell is one point
-- at the mean position of its cases and belongs to the tile holding that point, so a
-- cell is counted whole and once (tiles overlap only by their buffer). Its cases lie
-- within two cell edges of that point, so the search widens the tile by three average
-- edges (res 7 1406 m, 8 531 m, 9 201 m, 10 76 m) in Mercator metres at the tile's
-- latitude.
-- Contract (tiles/README.md): $1 z, $2 x, $3 y, then the params in manifest order:
-- $4 type (text prefix), $5 status (text[]), $6 channel (text[]), $7 from (date),
-- $8 to (date, inclusive), $9 grid (int), as in cases.sql. Returns geom (EPSG:4326),
-- h3 (hex), resolution, count, open, overdue; no feature id.
-- Row-level security decides which cases are counted.
with params as (
  select z.res, z.edge_m, st_tileenvelope($1::int, $2::int, $3::int, margin => 0.015625) as tile
    from (select (array[7, 8, 8, 9, 10])[$1::int - 9] as res,
                 (array[1406, 531, 531, 201, 76])[$1::int - 9] as edge_m) z
),
area as (
  select p.res, st_transform(p.tile, 4326) as box,
         st_transform(st_expand(p.tile, 3 * p.edge_m
                                / cos(radians(st_y(st_transform(st_centroid(p.tile), 4326))))), 4326) as search
    from params p
),
picked as (
  -- h3_parent(c.h3, a.res) written out: the SQL function is STRICT, so the planner does
  -- not inline it, and calling it costs eight times the bit arithmetic over 20,000 cases.
  select (c.h3 & ~(15::bigint << 52)) | (a.res::bigint << 52) | ((1::bigint << (3 * (15 - a.res))) - 1) as cell, c.geom,
         c.status not in ('closed', 'evaluated', 'cancelled') as open,
         coalesce(case_next_due(c.status, c.respond_due, c.handle_due, c.progress_due, c.progressed_at, c.close_due) < now(), false) as overdue
    from cases c, area a
   where c.geom && a.search
     and ($4::text is null or starts_with(c.type_code, $4::text))
     and ($5::text[] is null or c.status = any ($5::text[]))
     and ($6::text[] is null or c.channel = any ($6::text[]))
     and ($7::date is null or c.reported_at >= ($7::date + time '00:00') at time zone 'Asia/Shanghai')
     and ($8::date is null or c.reported_at < ($8::date + 1 + time '00:00') at time zone 'Asia/Shanghai')
     and ($9::int is null or c.grid_id = $9::int)
),
cells as (
  select p.cell,
         st_setsrid(st_makepoint(avg(st_x(p.geom)), avg(st_y(p.geom))), 4326) as geom,
         count(*)::int as count,
         count(*) filter (where p.open)::int as open,
         count(*) filter (where p.overdue)::int as overdue
    from picked p
   group by p.cell
)
select c.geom, to_hex(c.cell) as h3, a.res as resolution, c.count, c.open, c.overdue
  from cells c, area a
 where c.geom && a.box
