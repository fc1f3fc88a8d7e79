/**
 * Helpers for the management-page browser tests: a real phone (startPhone: SQLite
 * settings, real sockets, the web server) on loopback, the built UI, and Debian's
 * Chromium driven by playwright-core with a fresh profile. Screenshots go to
 * docs/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { nullLogger } from '../../../src/base/index.js';
import { givenStartFlags, startPhone, validateStartOptions, type RawStartOptions, type RunningPhone } from '../../../src/cli/index.js';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = join(ROOT, 'docs/screenshots');
export const CHROMIUM = '/usr/bin/chromium';

/** Build the front end into dist/ui (what the web server serves), once per test file. */
export function buildUi(): void {
  execFileSync('npx', ['vite', 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
}

export interface TestPhone {
  running: RunningPhone;
  dir: string;
  url: string;
  stop(): Promise<void>;
}

/** A phone on 127.0.0.1 with its own data directory; HTTP on any free port unless given. */
export async function startTestPhone(raw: RawStartOptions = {}, extra: { httpsPort?: number } = {}): Promise<TestPhone> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-web-ui-'));
  const full: RawStartOptions = { data: dir, bind: '127.0.0.1', httpPort: '0', sipPort: '0', logLevel: 'error', ...raw };
  const running = await startPhone({ ...validateStartOptions(full), given: givenStartFlags(full), ...extra }, 'test', nullLogger);
  return {
    running,
    dir,
    url: running.httpUrl,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium headless with a new empty profile (no cookies, no cache). */
export async function openBrowser(options: { ignoreHTTPSErrors?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'sayhi-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 860 },
    acceptDownloads: true,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  // generous: other test processes may share the CPU
  context.setDefaultTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Log in through the login page and wait for the landing page. */
export async function logIn(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(/\/status$/);
  await page.waitForSelector('h1:has-text("Phone Status")');
}

/** A screenshot into docs/screenshots/<name>.png (the viewport, or the whole page). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' });
}

/** GET /api/v1/settings with HTTP Basic, outside the browser: what the phone stored. */
export async function storedSettings(base: string, login = 'root:root'): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}/api/v1/settings`, { headers: { authorization: `Basic ${Buffer.from(login).toString('base64')}` } });
  if (!res.ok) throw new Error(`GET /settings: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}
