// Picks the backend from the configuration: a server when DATABASE_URL is set,
// the embedded store otherwise.
import type { Config } from '../config.ts';
import { openEmbedded } from './embedded.ts';
import { openServer } from './server.ts';
import type { Db } from './types.ts';

export async function openDb(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'poolMax' | 'connectionTimeoutMs' | 'statementTimeoutMs'>,
  onIdleError?: (err: Error) => void,
): Promise<Db> {
  if (config.databaseUrl) {
    return openServer({
      connectionString: config.databaseUrl,
      poolMax: config.poolMax,
      connectionTimeoutMs: config.connectionTimeoutMs,
      statementTimeoutMs: config.statementTimeoutMs,
      ...(onIdleError ? { onIdleError } : {}),
    });
  }
  return openEmbedded({ dataDir: config.dataDir });
}
