// The one typed configuration of the platform. Defaults live here; the environment
// (or a `.env` file in the working directory) overrides them. Every variable is
// documented in `.env.example`.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const SCALES = ['demo', 'city', 'large'] as const;
export type Scale = (typeof SCALES)[number];

export interface Config {
  /** HTTP port of the API, tile and web server. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** PostgreSQL + PostGIS server; when unset the embedded PGlite store is used. */
  databaseUrl: string | undefined;
  /** Folder of the embedded store (ignored with databaseUrl). */
  dataDir: string;
  /** Demo mode: demo users are offered on the sign-in page. On by default on the embedded store. */
  demo: boolean;
  /** H3 resolution of the polygon cell covers used for point-to-feature lookups. */
  h3CoverRes: number;
  /** Longest a single SQL statement may run. */
  statementTimeoutMs: number;
  /** Longest a request waits for a pooled connection. */
  connectionTimeoutMs: number;
  /** Size of the connection pool (server backend). */
  poolMax: number;
  /** Longest a boundary write waits for the boundary lock (retrying without holding a connection) before 503. */
  boundaryLockWaitMs: number;
  /** pino log level. */
  logLevel: string;
  /** Seed the city on first start when the store holds no city yet. */
  seedOnStart: boolean;
  /** Scale and seed used by the first-start seed. */
  seedScale: Scale;
  seedNumber: number;
  /** Built web app served at `/`. */
  webDist: string;
  /** Secret that signs sign-in tokens (HS256); a random one per process when unset. */
  authSecret: string | undefined;
  /** Lifetime of a sign-in token in seconds. */
  tokenTtlS: number;
  /** Longest a sign-in may be renewed (POST /api/auth/refresh) before signing in again, in seconds. */
  sessionMaxS: number;
  /** Failed sign-ins allowed per user name and address in the window before 429. */
  loginAttempts: number;
  /** The window of the sign-in rate limit in seconds. */
  loginWindowS: number;
  /** Largest JSON request body in bytes (imports stream and have their own limit). */
  bodyLimitBytes: number;
  /** Largest import upload in bytes. */
  importLimitBytes: number;
  /** Most features one import may hold. */
  importMaxFeatures: number;
  /** Most vertices one geometry may hold. */
  maxVertices: number;
  /** Memory for compressed tiles in the in-process tile cache, in bytes. */
  tileCacheBytes: number;
  /** A new case within this many metres of an open case of the same type is linked to it as a duplicate (0: never). */
  duplicateRadiusM: number;
  /** ... and reported within this many hours of it. */
  duplicateWindowH: number;
  /** A detection within this many metres of a candidate of the same type merges into it. */
  detectionMergeRadiusM: number;
  /** ... and within this many minutes of the candidate's first or last detection. */
  detectionMergeWindowMin: number;
  /** Candidates whose highest confidence reaches this (0–1) wait in the verification queue. */
  detectionQueueConfidence: number;
  /** Residents' reports (POST /api/public/reports) one address may file per hour (429 beyond). */
  publicReportsPerHour: number;
  /** The address residents reach the app at (printed in the QR posters' /report?c= links); the request's own origin when unset. */
  publicBaseUrl: string | undefined;
  /** Minutes within which a called department must report (报到) after a whistle. */
  whistleReportMinutes: number;
  /** Time between heartbeat comments on a live feed stream (GET /api/events), ms. */
  feedHeartbeatMs: number;
  /** Events each process keeps for clients that reconnect with Last-Event-ID. */
  feedReplay: number;
  /** Cases of one bulk import announced one by one before the rest become one summary event. */
  feedImportCap: number;
  /** Live feed streams one process serves at once (503 beyond). */
  feedMaxClients: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${key} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function fraction(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ConfigError(`${key} must be a number from 0 to 1, got "${raw}"`);
  return n;
}

function bool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${env[key]}"`);
}

function scale(env: Env, key: string, fallback: Scale): Scale {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!(SCALES as readonly string[]).includes(raw)) {
    throw new ConfigError(`${key} must be one of ${SCALES.join(', ')}, got "${raw}"`);
  }
  return raw as Scale;
}

function baseUrl(env: Env, key: string): string | undefined {
  const raw = env[key]?.trim();
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new ConfigError(`${key} must be an http(s) URL such as https://city.example.cn, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(u.protocol) || u.search || u.hash || u.username) {
    throw new ConfigError(`${key} must be an http(s) URL without query, fragment or credentials, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

function secret(env: Env, key: string): string | undefined {
  const raw = env[key]?.trim();
  if (!raw) return undefined;
  if (Buffer.byteLength(raw) < 32) throw new ConfigError(`${key} must be at least 32 bytes long`);
  return raw;
}

/** Reads the configuration from an environment (process.env by default). */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(cwd, env.DATA_DIR?.trim() || 'data'),
    demo: bool(env, 'DEMO', databaseUrl === undefined),
    h3CoverRes: int(env, 'H3_COVER_RES', 12, 7, 14),
    statementTimeoutMs: int(env, 'STATEMENT_TIMEOUT_MS', 30_000, 100, 3_600_000),
    connectionTimeoutMs: int(env, 'CONNECTION_TIMEOUT_MS', 5_000, 100, 600_000),
    poolMax: int(env, 'POOL_MAX', 10, 1, 200),
    boundaryLockWaitMs: int(env, 'BOUNDARY_LOCK_WAIT_MS', 60_000, 0, 600_000),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    seedOnStart: bool(env, 'SEED_ON_START', true),
    seedScale: scale(env, 'SEED_SCALE', 'demo'),
    seedNumber: int(env, 'SEED', 1, 0, 2 ** 31 - 1),
    webDist: path.resolve(cwd, env.WEB_DIST?.trim() || 'web/dist'),
    authSecret: secret(env, 'AUTH_SECRET'),
    tokenTtlS: int(env, 'TOKEN_TTL_S', 3600, 60, 86_400),
    sessionMaxS: int(env, 'SESSION_MAX_S', 12 * 3600, 60, 7 * 86_400),
    loginAttempts: int(env, 'LOGIN_ATTEMPTS', 10, 1, 1000),
    loginWindowS: int(env, 'LOGIN_WINDOW_S', 900, 1, 86_400),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024, 1024, 1024 ** 3),
    importLimitBytes: int(env, 'IMPORT_LIMIT_BYTES', 200 * 1024 * 1024, 1024, 16 * 1024 ** 3),
    importMaxFeatures: int(env, 'IMPORT_MAX_FEATURES', 1_000_000, 1, 100_000_000),
    maxVertices: int(env, 'MAX_VERTICES', 100_000, 4, 10_000_000),
    tileCacheBytes: int(env, 'TILE_CACHE_BYTES', 64 * 1024 * 1024, 0, 16 * 1024 ** 3),
    duplicateRadiusM: int(env, 'DUPLICATE_RADIUS_M', 30, 0, 5000),
    duplicateWindowH: int(env, 'DUPLICATE_WINDOW_H', 24, 1, 24 * 90),
    detectionMergeRadiusM: int(env, 'DETECTION_MERGE_RADIUS_M', 50, 0, 5000),
    detectionMergeWindowMin: int(env, 'DETECTION_MERGE_WINDOW_MIN', 60, 1, 7 * 24 * 60),
    detectionQueueConfidence: fraction(env, 'DETECTION_QUEUE_CONFIDENCE', 0.6),
    publicReportsPerHour: int(env, 'PUBLIC_REPORTS_PER_HOUR', 5, 1, 10_000),
    publicBaseUrl: baseUrl(env, 'PUBLIC_BASE_URL'),
    whistleReportMinutes: int(env, 'WHISTLE_REPORT_MINUTES', 30, 1, 24 * 60),
    feedHeartbeatMs: int(env, 'FEED_HEARTBEAT_S', 15, 1, 300) * 1000,
    feedReplay: int(env, 'FEED_REPLAY', 1000, 0, 100_000),
    feedImportCap: int(env, 'FEED_IMPORT_CAP', 50, 0, 10_000),
    feedMaxClients: int(env, 'FEED_MAX_CLIENTS', 1000, 1, 100_000),
  };
}

/** Loads `.env` from the working directory into process.env, if there is one. */
export function loadDotEnv(cwd = process.cwd()): void {
  const file = path.join(cwd, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}
