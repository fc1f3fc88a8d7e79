/**
 * HTTPS and Reboot of the management pages (issue #6) — a real phone started with an
 * HTTPS port (startPhone's `httpsPort`), Chromium through playwright-core — proves:
 *  - the first start makes a self-signed certificate in the data directory with openssl
 *    (web-cert.pem / web-key.pem, key 0600, subjectAltName 127.0.0.1); the second start
 *    reuses it (same fingerprint);
 *  - over HTTPS the session cookie is `__Host-sayhi_session`, Secure, HttpOnly, SameSite=Strict;
 *    over HTTP it is `sayhi_session` without Secure; a login on one does not log in the other's
 *    cookie name;
 *  - Phone Maintenance > Reboot: the page says the phone restarts, then lands on the login page
 *    (every session ended); the phone comes back on the same HTTP and HTTPS ports, and the
 *    'after reboot' setting changed before (SIP T1) is no longer pending.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWebCertificate } from '../../../src/web/index.js';
import { buildUi, logIn, openBrowser, screenshot, startTestPhone, type TestBrowser, type TestPhone } from './web-browser.js';

let phone: TestPhone;
let browser: TestBrowser;

beforeAll(async () => {
  buildUi();
  phone = await startTestPhone({}, { httpsPort: 0 });
  browser = await openBrowser({ ignoreHTTPSErrors: true });
  browser.page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await phone?.stop();
});

describe('HTTPS', () => {
  it('makes a self-signed certificate on the first start and keeps it', () => {
    const certFile = join(phone.dir, 'web-cert.pem');
    const keyFile = join(phone.dir, 'web-key.pem');
    expect(existsSync(certFile)).toBe(true);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const x509 = new X509Certificate(readFileSync(certFile));
    expect(x509.subjectAltName).toContain('IP Address:127.0.0.1');
    const again = ensureWebCertificate(phone.dir);
    expect(again).toMatchObject({ ok: true, created: false, fingerprint256: x509.fingerprint256 });
    expect(phone.running.httpsUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the pages over HTTPS with a Secure __Host- cookie', async () => {
    const { page, context } = browser;
    await logIn(page, phone.running.httpsUrl!, 'root', 'root');
    const cookies = await context.cookies(phone.running.httpsUrl!);
    const session = cookies.find((c) => c.name === '__Host-sayhi_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.find((c) => c.name === 'sayhi_session')).toBeUndefined();
    await screenshot(page, 'https-phone-status');
    // the plain-HTTP side is another origin with its own cookie
    const res = await page.goto(`${phone.url}/status`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(res?.status()).toBe(200);
  });
});

describe('Reboot', () => {
  it('restarts the phone on the same ports; the pending setting takes effect; sessions end', async () => {
    const { page } = browser;
    const httpsUrl = phone.running.httpsUrl!;
    const httpUrl = phone.running.httpUrl;
    const firstPhone = phone.running.phone;
    await logIn(page, httpUrl, 'root', 'root');
    await page.goto(`${httpUrl}/advance/global-sip`);
    await page.fill('[name="sip.t1"]', '600');
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=save-outcome]:has-text("after reboot")');
    await page.goto(`${httpUrl}/maintenance/reboot`);
    await page.waitForSelector('text=Waiting for a restart: SIP T1');
    await page.click('[data-testid=reboot]');
    await page.waitForSelector('text=The phone is restarting');
    await screenshot(page, 'reboot-restarting');
    await page.waitForURL(/\/login$/, { timeout: 60_000 });
    // the page went to the login page because the restarted server no longer knew its session
    expect(phone.running.phone).not.toBe(firstPhone);
    expect(phone.running.httpUrl).toBe(httpUrl);
    expect(phone.running.httpsUrl).toBe(httpsUrl);
    await logIn(page, httpUrl, 'root', 'root');
    const info = (await page.evaluate(async () => (await fetch('/api/v1/session', { headers: { 'x-requested-with': 'fetch' } })).json())) as { pendingReboot: string[] };
    expect(info.pendingReboot).toEqual([]);
    expect(phone.running.config.settings.get('sip.t1')).toBe(600);
  });
});
