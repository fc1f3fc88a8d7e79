/**
 * SIP Account page → registration (issue #6 "Proof": "change line 1's SIP account in
 * the page → the phone registers to Kamailio with it"). Chromium (playwright-core)
 * drives the page of a real phone started with no account; the lab Kamailio (user
 * 1006 only in this file) is the registrar — proves:
 *  - line 1 starts peer-to-peer and Kamailio has no binding for 1006;
 *  - enabling line 1 and typing server, username and password on the SIP Account page,
 *    then Save, registers the line at once: the page's line badge turns "Registered"
 *    (it polls /system-info), Kamailio's location table has 1006, and Phone Status
 *    lists the line registered with its label;
 *  - a wrong password typed on the page shows "Authentication failed" and removes the binding.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kamailio } from '../../lab/index.js';
import { freePhonePorts, startLabKamailio, until } from '../config/config-helpers.js';
import { buildUi, logIn, openBrowser, screenshot, startTestPhone, type TestBrowser, type TestPhone } from './web-browser.js';

const USER = '1006';
let kam: Kamailio;
let phone: TestPhone;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  buildUi();
  kam = await startLabKamailio();
  const ports = await freePhonePorts(6);
  phone = await startTestPhone({ sipPort: String(ports.sipPort), rtpPorts: `${ports.rtpRange.min}-${ports.rtpRange.min + 19}` });
  browser = await openBrowser();
  page = browser.page;
  page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await phone?.stop();
});

const inLocation = async () => (await kam.registeredAors()).includes(USER);

describe('SIP Account page', () => {
  it('registers line 1 with the account typed into the page', async () => {
    expect(await inLocation()).toBe(false);
    await logIn(page, phone.url, 'root', 'root');
    await page.goto(`${phone.url}/sip-account?line=1`);
    await page.waitForSelector('[data-testid=line-state]:has-text("Peer to peer")');
    await page.click('[name="account.1.enabled"]');
    await page.fill('[name="account.1.label"]', 'Desk');
    await page.fill('[name="account.1.displayName"]', 'Front Desk');
    await page.fill('[name="account.1.user"]', USER);
    await page.fill('[name="account.1.password"]', kam.passwordOf(USER));
    await page.fill('[name="account.1.server"]', `127.0.0.1:${kam.udp.port}`);
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=save-outcome]:has-text("Saved 6 settings")');
    await page.waitForSelector('[data-testid=line-state]:has-text("Registered")', { timeout: 15_000 });
    expect(await until(inLocation, 5000, `${USER} in Kamailio's location table`)).toBe(true);
    await screenshot(page, 'sip-account-registered');

    await page.goto(`${phone.url}/status`);
    const row = page.locator('[data-testid=line-status] tr[data-line="1"]');
    await row.locator('text=Registered').waitFor();
    expect(await row.innerText()).toContain('Desk');
    expect(await row.innerText()).toContain(`${USER}@127.0.0.1:${kam.udp.port}`);
    await screenshot(page, 'phone-status-registered');
  });

  it('shows an authentication failure when the password typed is wrong', async () => {
    await page.goto(`${phone.url}/sip-account?line=1`);
    await page.fill('[name="account.1.password"]', 'not-the-password');
    await page.click('[data-testid=save]');
    await page.waitForSelector('[data-testid=save-outcome]:has-text("Saved 1 setting")');
    await page.waitForSelector('[data-testid=line-state]:has-text("Authentication failed")', { timeout: 15_000 });
    expect(await until(async () => !(await inLocation()), 5000, 'binding removed')).toBe(true);
  });
});
