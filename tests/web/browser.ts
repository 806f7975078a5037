// The browser tests' harness: Debian's Chromium driven by playwright-core (WebGL on
// SwiftShader), the app served on a seeded test store with the built web app, pages
// opened signed in as a demo user, and a screenshot of each view for the README.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import type { Config } from '../../server/config.ts';
import { startApp, type TestServer } from '../helpers/http.ts';
import { seededDb, type TestDb } from '../helpers/store.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
export const SCREENSHOTS = path.join(ROOT, 'docs', 'screenshots');

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * Browser tests need Debian's Chromium (`apt-get install chromium fonts-noto-cjk`).
 * Without it they are skipped with a notice, except in CI (CI=1), which installs it
 * and where a missing browser must fail.
 */
export const NO_BROWSER = !existsSync(CHROMIUM) && !process.env.CI;
if (NO_BROWSER) console.warn(`[browser tests] skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`);

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export interface WebFixture {
  db: TestDb;
  app: TestServer;
  browser: Browser;
  /** A fresh browser context (own storage) with a page on `path`, signed in as `user` when given. */
  open(pathname: string, options?: OpenOptions): Promise<Page>;
  close(): Promise<void>;
}

export interface OpenOptions {
  user?: string;
  lang?: 'zh' | 'en';
  viewport?: { width: number; height: number };
  /** Wait for the map's style to load. */
  map?: boolean;
  /** More for the browser context: a phone (isMobile, hasTouch), geolocation and its permission. */
  context?: BrowserContextOptions;
}

export async function startWeb(store: string, overrides: Partial<Config> = {}): Promise<WebFixture> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: the global setup builds it');
  const db = await seededDb(store);
  const app = await startApp(db, { webDist: WEB_DIST, demo: true, ...overrides });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  return {
    db,
    app,
    browser,
    async open(pathname, options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1440, height: 900 }, locale: options.lang === 'en' ? 'en-US' : 'zh-CN', ...options.context });
      contexts.push(context);
      // Generous: a shared 2-core machine running the embedded store in the test process can stall the page for a while.
      context.setDefaultTimeout(90_000);
      const lang = options.lang ?? 'zh';
      if (options.user) {
        const r = await app.request('POST', '/api/auth/login', { body: { username: options.user, password: 'gridcity' } });
        if (r.status !== 200) throw new Error(`login ${options.user}: ${r.status}`);
        const a = (await r.json()) as { token: string; expiresAt: string; user: unknown };
        const session = JSON.stringify({ token: a.token, expiresAt: a.expiresAt, user: a.user });
        await context.addInitScript(
          ([s, l]) => {
            if (!sessionStorage.getItem('gridcity.session')) sessionStorage.setItem('gridcity.session', s!);
            if (!localStorage.getItem('gridcity.lang')) localStorage.setItem('gridcity.lang', l!);
          },
          [session, lang],
        );
      } else {
        await context.addInitScript((l) => {
          if (!localStorage.getItem('gridcity.lang')) localStorage.setItem('gridcity.lang', l);
        }, lang);
      }
      const page = await context.newPage();
      page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await page.goto(app.url + pathname);
      if (options.map !== false && options.user !== undefined) await waitForMap(page);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await db.dispose();
    },
  };
}

/** Until the map's style and first tiles have loaded. */
export async function waitForMap(page: Page, timeout = 60_000): Promise<void> {
  await page.locator('[data-testid="map"][data-ready="true"]').first().waitFor({ timeout });
  await page.waitForFunction(() => window.__gridcityMap?.loaded() === true, undefined, { timeout });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}
