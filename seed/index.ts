// The seed: a deterministic synthetic city around Loudi. The same options give the
// same rows. Each stage runs in its own transaction.
import type { Db } from '../server/db/types.ts';
import { Frame } from './city/frame.ts';
import { planCity } from './city/plan.ts';
import { SCALE_SPECS, type SeedContext, type SeedOptions } from './context.ts';
import { silentProgress, type Progress } from './progress.ts';
import { Random } from './random.ts';
import { seedAreas } from './stages/areas.ts';
import { seedBasemap } from './stages/basemap.ts';
import { seedCases } from './stages/cases.ts';
import { seedComponents } from './stages/components.ts';
import { seedCovers } from './stages/covers.ts';
import { seedPeople } from './stages/people.ts';
import { seedPlaces } from './stages/places.ts';

/** Loudi's central city. */
export const CITY_CENTRE = { lon: 112.0, lat: 27.73 };

/** Tables the seed fills, children first (the order to empty them in). */
export const SEEDED_TABLES = [
  'case_events', 'cases', 'components', 'user_grid_scopes', 'app_users', 'block_chiefs', 'subgrid_members',
  'grid_seats', 'people', 'vendor_zones', 'charging_sheds', 'service_points', 'buildings', 'green_areas',
  'water_areas', 'roads', 'h3_cover', 'boundary_history', 'blocks', 'subgrids', 'grids', 'admin_areas',
] as const;

export async function hasCity(db: Db): Promise<boolean> {
  const r = await db.query<{ n: number }>('select count(*)::int as n from grids');
  return (r.rows[0]?.n ?? 0) > 0;
}

/** Removes the city (not the reference data) and restarts the id sequences. */
export async function wipeCity(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`truncate ${SEEDED_TABLES.join(', ')} restart identity cascade;
                   delete from app_settings where key = 'h3_cover_res';`);
  });
}

export interface SeedReport {
  stages: { name: string; ms: number }[];
  totalMs: number;
}

export async function seedCity(db: Db, options: SeedOptions, progress: Progress = silentProgress): Promise<SeedReport> {
  const started = Date.now();
  const stages: SeedReport['stages'] = [];
  const run = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    progress.stage(name);
    const t = Date.now();
    const result = await fn();
    const ms = Date.now() - t;
    stages.push({ name, ms });
    progress.done(name, ms);
    return result;
  };
  const plan = await run('plan', () => planCity(new Random(options.seed, 'city')));
  const ctx: SeedContext = {
    db,
    plan,
    frame: new Frame(CITY_CENTRE.lon, CITY_CENTRE.lat),
    options,
    spec: SCALE_SPECS[options.scale],
    progress,
    rng: (stage) => new Random(options.seed, `stage:${stage}`),
  };
  await run('areas', () => seedAreas(ctx));
  await run('covers', () => seedCovers(ctx));
  await run('basemap', () => seedBasemap(ctx));
  await run('people', () => seedPeople(ctx));
  await run('places', () => seedPlaces(ctx));
  const components = await run('components', () => seedComponents(ctx));
  await run('cases', () => seedCases(ctx, components));
  await run('analyze', () => db.exec('analyze'));
  return { stages, totalMs: Date.now() - started };
}
