// What every seed stage receives.
import type { Scale } from '../server/config.ts';
import type { Db } from '../server/db/types.ts';
import type { Frame, LonLat, Pt } from './city/frame.ts';
import type { CityPlan } from './city/plan.ts';
import type { Progress } from './progress.ts';
import type { Random } from './random.ts';

export interface SeedOptions {
  seed: number;
  scale: Scale;
  /** Last day of the seeded year of cases, 'YYYY-MM-DD' (Asia/Shanghai). */
  until: string;
  /** H3 resolution of the polygon covers. */
  coverRes: number;
}

export interface ScaleSpec {
  components: number;
  cases: number;
}

export const SCALE_SPECS: Record<Scale, ScaleSpec> = {
  demo: { components: 6_000, cases: 20_000 },
  city: { components: 100_000, cases: 300_000 },
  large: { components: 200_000, cases: 1_050_000 },
};

export interface SeedContext {
  db: Db;
  plan: CityPlan;
  frame: Frame;
  options: SeedOptions;
  spec: ScaleSpec;
  progress: Progress;
  /** A random stream for a stage, independent of the other stages. */
  rng(stage: string): Random;
}

export function wktPoint(frame: Frame, p: Pt): string {
  const [x, y] = frame.toLonLat(p);
  return `POINT(${x} ${y})`;
}

export function wktLine(frame: Frame, line: readonly Pt[]): string {
  return `LINESTRING(${line.map((p) => frame.toLonLat(p).join(' ')).join(',')})`;
}

export function wktPolygon(frame: Frame, ring: readonly Pt[]): string {
  return `POLYGON((${ring.map((p) => frame.toLonLat(p).join(' ')).join(',')}))`;
}

export function lonLat(frame: Frame, p: Pt): LonLat {
  return frame.toLonLat(p);
}

/** Yesterday in China Standard Time: the last full day, so no seeded case lies in the future. */
export function lastCompleteDay(now: Date = new Date()): string {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1)).toISOString().slice(0, 10);
}
