// Starts the platform: configuration, database (migrated; seeded with the demo city
// on first start), then the HTTP server. Stops cleanly on SIGINT and SIGTERM.
import { pino } from 'pino';
import { seedCity, hasCity } from '../seed/index.ts';
import { lastCompleteDay } from '../seed/context.ts';
import { consoleProgress } from '../seed/progress.ts';
import { createApp } from './app.ts';
import { loadConfig, loadDotEnv } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openDb } from './db/open.ts';

const started = performance.now();
loadDotEnv();
const config = loadConfig();
const logger = pino({ level: config.logLevel });

const db = await openDb(config, (err) => logger.warn({ err: err.message }, 'idle database connection lost; the pool will reconnect'));
const where = db.kind === 'server' ? 'PostgreSQL server (DATABASE_URL)' : `embedded PGlite store in ${config.dataDir}`;
logger.info(`database: ${where}`);
const migration = await migrate(db);
logger.info({ applied: migration.applied, version: migration.version }, migration.applied.length ? 'migrations applied' : 'schema up to date');
if (config.seedOnStart && !(await hasCity(db))) {
  logger.info({ scale: config.seedScale, seed: config.seedNumber }, 'no city in the store yet: seeding one');
  const report = await seedCity(db, {
    seed: config.seedNumber,
    scale: config.seedScale,
    until: lastCompleteDay(),
    coverRes: config.h3CoverRes,
  }, consoleProgress());
  logger.info({ seconds: Math.round(report.totalMs / 100) / 10 }, 'city seeded');
}

const app = createApp({ db, config, logger });
// The live feed listens from the start, so its replay buffer holds what happened
// before the first reader came.
app.deps.feed.start();
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ seconds: Math.round((performance.now() - started) / 100) / 10 }, `gridcity is serving on http://localhost:${port}`);
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info(`${signal}: stopping`);
  server.close();
  server.closeAllConnections();
  await app.deps.feed.close();
  await db.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
