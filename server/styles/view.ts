// The style's initial view: the extent of the city's districts, its centre, and the
// zoom that shows it whole on a 1280×800 screen.
import type { Queryable } from '../db/types.ts';
import type { CityView } from './basemap.ts';

const EXTENT_SQL = `
  select st_xmin(e) as xmin, st_ymin(e) as ymin, st_xmax(e) as xmax, st_ymax(e) as ymax
    from (select st_extent(geom) as e from admin_areas where level = 'district') s
   where e is not null`;

const SCREEN = { width: 1280, height: 800 };
const TILE_SIZE = 512;
const ZOOM_RANGE = [10, 16] as const;

/** Web Mercator y of a latitude, 0 at the top of the world and 1 at the bottom. */
const mercatorY = (lat: number) => 0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI);

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/** The zoom (MapLibre's 512-pixel tiles) at which a bounding box fills the screen. */
export function fitZoom([xmin, ymin, xmax, ymax]: readonly [number, number, number, number]): number {
  const xSpan = Math.max((xmax - xmin) / 360, 1e-9);
  const ySpan = Math.max(mercatorY(ymin) - mercatorY(ymax), 1e-9);
  const z = Math.min(Math.log2(SCREEN.width / (TILE_SIZE * xSpan)), Math.log2(SCREEN.height / (TILE_SIZE * ySpan)));
  return Math.min(ZOOM_RANGE[1], Math.max(ZOOM_RANGE[0], Math.floor(z * 10) / 10));
}

/** The city's view, or null while the store holds no district. */
export async function cityView(db: Queryable): Promise<CityView | null> {
  const r = await db.query<{ xmin: number; ymin: number; xmax: number; ymax: number }>(EXTENT_SQL);
  const row = r.rows[0];
  if (!row) return null;
  const bounds = [row.xmin, row.ymin, row.xmax, row.ymax].map((v) => round(Number(v), 6)) as [number, number, number, number];
  return {
    bounds,
    center: [round((bounds[0] + bounds[2]) / 2, 6), round((bounds[1] + bounds[3]) / 2, 6)],
    zoom: fitZoom(bounds),
  };
}
