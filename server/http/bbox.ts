// The bbox query parameter: minLon,minLat,maxLon,maxLat in EPSG:4326.
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.ts';

export const BBOX_QUERY = Type.String({
  pattern: '^[^,]+,[^,]+,[^,]+,[^,]+$',
  description: 'minLon,minLat,maxLon,maxLat (EPSG:4326)',
});

export function parseBbox(raw: string): [number, number, number, number] {
  const n = raw.split(',').map((s) => Number(s.trim()));
  const bad = (why: string) => new AppError(400, 'invalid_query', `bbox ${why}: got "${raw}"`, { problems: [{ in: 'query', path: '/bbox', message: why }] });
  if (n.length !== 4 || n.some((v) => !Number.isFinite(v))) throw bad('must be four numbers minLon,minLat,maxLon,maxLat');
  const [x1, y1, x2, y2] = n as [number, number, number, number];
  if (x1 < -180 || x2 > 180 || y1 < -90 || y2 > 90) throw bad('must lie within -180..180 and -90..90');
  if (x1 > x2 || y1 > y2) throw bad('must have its minimum before its maximum');
  return [x1, y1, x2, y2];
}
