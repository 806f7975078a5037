// The seed every database test shares: fixed seed and end date, so runs repeat.
import type { SeedOptions } from '../../seed/context.ts';

export const TEST_SEED: SeedOptions = { seed: 7, scale: 'demo', until: '2026-06-30', coverRes: 12 };

/** 'server' when DATABASE_URL is set (a PostgreSQL + PostGIS server), else 'embedded'. */
export const BACKEND: 'embedded' | 'server' = process.env.DATABASE_URL ? 'server' : 'embedded';
