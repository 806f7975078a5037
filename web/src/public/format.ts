// Distances, walking times and compass directions in the UI's language.
import type { TFunction } from 'i18next';

const DIRS = ['n', 'ne', 'e', 'se', 's', 'sw', 'w', 'nw'] as const;

/** The eight-point compass direction of a bearing (degrees clockwise from north). */
export const compass = (deg: number): (typeof DIRS)[number] => DIRS[Math.round((((deg % 360) + 360) % 360) / 45) % 8]!;

export function distanceText(t: TFunction, m: number): string {
  if (m < 1) return t('public.here');
  if (m < 1000) return t('public.metres', { n: Math.round(m) });
  return t('public.km', { n: (m / 1000).toFixed(m < 10_000 ? 1 : 0) });
}

/** On foot at 80 m a minute, at least a minute. */
export const walkMinutes = (m: number) => Math.max(1, Math.round(m / 80));

export function wayText(t: TFunction, m: number, bearing: number | null): string {
  if (bearing === null || m < 1) return t('public.inside');
  return t('public.way', { dir: t(`public.dir.${compass(bearing)}`), min: walkMinutes(m) });
}
