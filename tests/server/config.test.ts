import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('config', () => {
  it('defaults to the embedded store in ./data, demo mode, port 8080', () => {
    const c = loadConfig({}, '/srv/gridcity');
    expect(c).toMatchObject({ port: 8080, databaseUrl: undefined, dataDir: '/srv/gridcity/data', demo: true, h3CoverRes: 12, seedScale: 'demo' });
  });

  it('switches to the server with DATABASE_URL, and demo mode off unless DEMO=1', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '9000' });
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.port).toBe(9000);
    expect(c.demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', DEMO: '1' }).demo).toBe(true);
  });

  it('reads the live feed settings, the heartbeat in seconds', () => {
    expect(loadConfig({})).toMatchObject({ feedHeartbeatMs: 15_000, feedReplay: 1000, feedImportCap: 50, feedMaxClients: 1000 });
    expect(loadConfig({ FEED_HEARTBEAT_S: '5', FEED_IMPORT_CAP: '0' })).toMatchObject({ feedHeartbeatMs: 5_000, feedImportCap: 0 });
  });

  it('reads the public base URL of the QR posters, without a trailing slash; unset by default', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://city.example.cn/gridcity/' }).publicBaseUrl).toBe('https://city.example.cn/gridcity');
  });

  it.each([
    [{ PUBLIC_BASE_URL: 'city.example.cn' }, /PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ PUBLIC_BASE_URL: 'ftp://city.example.cn' }, /PUBLIC_BASE_URL must be an http\(s\) URL without query/],
    [{ PORT: 'eighty' }, /PORT must be an integer/],
    [{ PORT: '70000' }, /PORT must be an integer from 0 to 65535/],
    [{ DEMO: 'maybe' }, /DEMO must be true or false/],
    [{ SEED_SCALE: 'huge' }, /SEED_SCALE must be one of demo, city, large/],
    [{ H3_COVER_RES: '3' }, /H3_COVER_RES must be an integer from 7 to 14/],
    [{ FEED_HEARTBEAT_S: '0' }, /FEED_HEARTBEAT_S must be an integer from 1 to 300/],
  ])('refuses %o with a reason', (env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(reason);
  });
});
