-- PostGIS, and H3 cell arithmetic in plain SQL so that aggregation to coarser
-- resolutions runs in the database on both backends (no h3 extension needed).
--
-- An H3 index is a 64-bit integer: bit 63 reserved (0), bits 59-62 mode, 56-58
-- reserved, bits 52-55 resolution, 45-51 base cell, then fifteen 3-bit digits for
-- resolutions 1..15, unused digits set to 7. Cells (mode 1) are below 2^63, so they
-- are stored as positive signed bigints.

create extension if not exists postgis;

create function h3_resolution(cell bigint) returns integer
  language sql immutable strict parallel safe
  return ((cell >> 52) & 15)::integer;

comment on function h3_resolution(bigint) is 'Resolution (0-15) of an H3 cell stored as bigint.';

-- Parent at resolution p: set the resolution field to p and every digit below p to 7.
-- NULL when p is outside 0..resolution(cell).
create function h3_parent(cell bigint, p integer) returns bigint
  language sql immutable strict parallel safe
  return case
    when p < 0 or p > ((cell >> 52) & 15) then null
    else (cell & ~(15::bigint << 52)) | (p::bigint << 52) | ((1::bigint << (3 * (15 - p))) - 1)
  end;

comment on function h3_parent(bigint, integer) is
  'Parent of an H3 cell (bigint) at a coarser resolution, by bit operations; equals h3-js cellToParent.';
