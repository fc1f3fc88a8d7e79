/**
 * The management pages in a real browser (issue #6 "Proof"): Debian's Chromium via
 * playwright-core against a real phone (startPhone: SQLite settings, the web server,
 * the built UI) on 127.0.0.1 — proves:
 *  - log in as root: the landing page (Phone Status) shows the factory-password warning;
 *    every page of the menu renders its title without a script error (and a screenshot
 *    of each goes to docs/screenshots/);
 *  - a setting changed on a page (Advance > Phone Setting: Call Waiting off, Audio: ring
 *    volume) is what GET /api/v1/settings then returns; a reboot-effect key (Network > HTTP
 *    Port) says "takes effect after reboot";
 *  - a value out of range (Global SIP: SIP T1 = 50) shows the server's reason next to that
 *    field and nothing is stored;
 *  - Phone Book: add a group, add a contact in it, edit it, delete it; upload a phonebook XML
 *    and see its contacts; the configuration file downloaded from HTTP Upgrade uploads again;
 *  - Text Messages: a text sent from the page to the phone's own address is sent and received;
 *  - Password: a changed administrator password clears the warning and works at the next login;
 *  - the user login has no Network/SIP Account/maintenance pages in its menu, and typing their
 *    URLs gives 403 and a "Not allowed" page; its own pages work;
 *  - wrong passwords: a message each time, the 5th locks the login with the wait shown.
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PAGES } from '../../../src/web/index.js';
import { buildUi, logIn, openBrowser, screenshot, startTestPhone, storedSettings, type TestBrowser, type TestPhone } from './web-browser.js';

let phone: TestPhone;
let browser: TestBrowser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  buildUi();
  phone = await startTestPhone();
  browser = await openBrowser();
  page = browser.page;
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => void d.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await phone?.stop();
});

const go = async (path: string) => {
  const res = await page.goto(`${phone.url}${path}`);
  return res?.status();
};
const saveAndWait = async () => {
  await page.click('[data-testid=save]');
  await page.waitForSelector('[data-testid=save-outcome]');
  return (await page.textContent('[data-testid=save-outcome]')) ?? '';
};

describe('administrator', () => {
  it('logs in and sees the factory-password warning', async () => {
    await page.goto(`${phone.url}/network`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login');
    await page.fill('#login-username', 'root');
    await page.fill('#login-password', 'root');
    await page.click('[data-testid=login-submit]');
    // back to the page asked for first
    await page.waitForURL(/\/network$/);
    await go('/status');
    await page.waitForSelector('[data-testid=line-status]');
    expect(await page.textContent('[data-testid=default-password-warning]')).toContain('factory password');
    await screenshot(page, 'phone-status');
  });

  it('renders every page of the menu (screenshots in docs/screenshots)', async () => {
    for (const p of ADMIN_PAGES) {
      expect(await go(p.path), p.path).toBe(200);
      await page.waitForSelector(`h1:has-text("${p.title}")`);
      await page.waitForLoadState('networkidle');
      await page.waitForFunction("!document.body.textContent.includes('Loading…')");
      await screenshot(page, p.path.slice(1).replace(/\//g, '-'));
    }
    expect(pageErrors).toEqual([]);
  });

  it('stores a changed setting (GET /api/v1/settings shows it)', async () => {
    expect((await storedSettings(phone.url))['call.callWaiting']).toBe(true);
    await go('/advance/phone-setting');
    await page.click('[name="call.callWaiting"]');
    await page.fill('[name="call.forwardBusyNumber"]', '2001');
    expect(await saveAndWait()).toContain('Saved 2 settings');
    const stored = await storedSettings(phone.url);
    expect(stored['call.callWaiting']).toBe(false);
    expect(stored['call.forwardBusyNumber']).toBe('2001');
    await go('/audio');
    await page.fill('[name="audio.volume.ring"]', '3');
    await saveAndWait();
    expect((await storedSettings(phone.url))['audio.volume.ring']).toBe(3);
  });

  it('says when a change waits for a reboot', async () => {
    await go('/network');
    const port = await page.inputValue('[name="web.port"]');
    await page.fill('[name="web.port"]', String(Number(port) + 1));
    const text = await saveAndWait();
    expect(text).toContain('Takes effect after reboot: HTTP Port');
    await page.waitForSelector('text=for a restart');
    await screenshot(page, 'network-saved-reboot');
    expect((await storedSettings(phone.url))['web.port']).toBe(Number(port) + 1);
  });

  it('shows a refused value next to its field and stores nothing', async () => {
    await go('/advance/global-sip');
    await page.fill('[name="sip.t1"]', '50');
    await page.fill('[name="sip.t2"]', '5000');
    const text = await saveAndWait();
    expect(text).toContain('nothing was saved');
    const error = await page.textContent('[data-testid="error-sip.t1"]');
    expect(error).toMatch(/100/);
    // the message sits in the row of the field
    expect(await page.locator('.field[data-key="sip.t1"] [data-testid="error-sip.t1"]').count()).toBe(1);
    await screenshot(page, 'validation-error');
    const stored = await storedSettings(phone.url);
    expect(stored['sip.t1']).toBe(500);
    expect(stored['sip.t2']).toBe(4000);
  });

  it('adds, edits and deletes a group and a contact', async () => {
    await go('/phonebook/group');
    await page.click('[data-testid=row-add]');
    await page.fill('#row-name', 'Sales');
    await page.fill('#row-description', 'Sales team');
    await page.click('[data-testid=row-save]');
    await page.waitForSelector('td:has-text("Sales team")');
    await go('/phonebook/contact');
    await page.click('[data-testid=row-add]');
    await page.fill('#row-firstName', 'Grace');
    await page.fill('#row-lastName', 'Hopper');
    await page.fill('#row-mobile', '12 34');
    await page.selectOption('#row-groupId', { label: 'Sales' });
    await page.click('[data-testid=row-save]');
    expect(await page.textContent('[data-testid=error-mobile]')).toContain('no spaces');
    await page.fill('#row-mobile', '1234');
    await page.click('[data-testid=row-save]');
    await page.waitForSelector('tr:has-text("Grace Hopper"):has-text("Sales")');
    await page.click('tr:has-text("Grace Hopper") [data-testid=row-edit]');
    await page.fill('#row-office', '5678');
    await page.click('[data-testid=row-save]');
    await page.waitForSelector('tr:has-text("Grace Hopper"):has-text("5678")');
    await screenshot(page, 'phonebook-contact-list');
    await page.click('tr:has-text("Grace Hopper") [data-testid=row-delete]');
    await page.waitForSelector('text=No contact yet.');
    await go('/phonebook/group');
    await page.click('tr:has-text("Sales") [data-testid=row-delete]');
    await page.waitForSelector('text=No group yet.');
  });

  it('uploads a phonebook XML and shows its contacts; the config file goes out and back in', async () => {
    await go('/phonebook/contact');
    const xml =
      '<all><PhoneGroups><group id="0" groupid="1" name="Ops" Descriptor="" RingType=""/></PhoneGroups><PhoneBooks>' +
      '<book id="0" Bookid="1" speedid="0" accountid="127" NewVer="1" ISUseBLF="0" GroupName="Ops" GroupNameTwo="" FirstName="Ada" ' +
      'LastName="Lovelace" MobileNum="1815" OfficeNum="" OtherNum="" Username="Ada Lovelace"/></PhoneBooks></all>';
    await page.setInputFiles('[data-testid=phonebook-file]', { name: 'Phonebook.xml', mimeType: 'application/xml', buffer: Buffer.from(xml) });
    await page.waitForSelector('[data-testid=phonebook-file-outcome]');
    expect(await page.textContent('[data-testid=phonebook-file-outcome]')).toContain('1 contacts and 1 groups');
    await page.waitForSelector('tr:has-text("Ada Lovelace"):has-text("Ops")');

    await go('/maintenance/http-upgrade');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-configuration]')]);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toContain('sipUser');
    await page.setInputFiles('[data-testid=upload-configuration]', { name: 'ESConfig.xml', mimeType: 'application/xml', buffer: Buffer.from(file) });
    await page.waitForSelector('[data-testid=outcome-configuration]');
    expect(await page.textContent('[data-testid=outcome-configuration]')).toMatch(/ESConfig\.xml: \d+ settings changed/);
    await screenshot(page, 'http-upgrade-uploaded');
  });

  it('Text Messages: a text to the phone\'s own address goes out (sent) and comes in (received, read on opening)', async () => {
    const sip = phone.running.phone.sipPorts.udp!;
    await go('/phonebook/messages');
    await page.waitForSelector('text=No messages yet.');
    await page.fill('#sms-to', `127.0.0.1:${sip}`);
    await page.fill('#sms-text', 'Hello from the page — Grüße');
    await page.click('[data-testid=message-send]');
    await page.waitForSelector('[data-testid=message-outcome]');
    expect(await page.textContent('[data-testid=message-outcome]')).toBe(`Sent to 127.0.0.1.`);
    await page.waitForSelector('[data-testid=messages] tr:has-text("From"):has-text("Hello from the page")');
    await page.waitForSelector('[data-testid=messages] tr:has-text("To"):has-text("sent")');
    // the page marks received texts read, as the LCD list does
    expect(phone.running.phone.status().unreadTextMessages).toBe(0);
    await screenshot(page, 'text-messages');
  });
});

describe('user login', () => {
  it('does not offer or open the administrator pages', async () => {
    const user = await openBrowser();
    try {
      await logIn(user.page, phone.url, 'user', 'user');
      const menu = await user.page.locator('nav').innerText();
      expect(menu).toContain('Phone Status');
      expect(menu).toContain('Contact');
      for (const hidden of ['Network', 'SIP Account', 'Auto Provision', 'Reboot', 'Default Setting', 'VLAN']) expect(menu).not.toContain(hidden);
      await screenshot(user.page, 'user-phone-status');
      for (const p of ADMIN_PAGES.filter((x) => x.role === 'admin')) {
        const res = await user.page.goto(`${phone.url}${p.path}`);
        expect(res?.status(), p.path).toBe(403);
        await user.page.waitForSelector('h1:has-text("Not allowed")');
      }
      await screenshot(user.page, 'user-not-allowed');
      const res = await user.page.goto(`${phone.url}/advance/phone-setting`);
      expect(res?.status()).toBe(200);
      await user.page.waitForSelector('[name="call.dnd"]');
      expect(await user.page.locator('[name="call.transferCode"]').count()).toBe(0);
      await screenshot(user.page, 'user-phone-setting');
    } finally {
      await user.close();
    }
  });
});

describe('password and lock-out', () => {
  it('changes the administrator password: the warning goes, the new one logs in', async () => {
    await go('/maintenance/password');
    await page.fill('#pw-oldPassword', 'root');
    await page.fill('#pw-newPassword', 'Secret-1234');
    await page.fill('#pw-confirmPassword', 'Secret-9999');
    await page.click('[data-testid=password-save]');
    expect(await page.textContent('[data-testid=error-confirmPassword]')).toContain('differs');
    await page.fill('#pw-confirmPassword', 'Secret-1234');
    await page.click('[data-testid=password-save]');
    await page.waitForSelector('[data-testid=password-outcome]');
    // only the user login's factory password is left to warn about
    await page.waitForFunction("!document.querySelector('[data-testid=default-password-warning]')?.textContent?.includes('administrator')");
    expect(await page.textContent('[data-testid=default-password-warning]')).toContain('user/user');
    await screenshot(page, 'password-changed');
    // still logged in (the session was renewed), and the new password works next time
    expect(await go('/network')).toBe(200);
    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login$/);
    await logIn(page, phone.url, 'root', 'Secret-1234');
  });

  it('locks the login after 5 wrong passwords and says for how long', async () => {
    const other = await openBrowser();
    try {
      await other.page.goto(`${phone.url}/login`);
      for (let i = 1; i <= 5; i++) {
        await other.page.fill('#login-username', 'user');
        await other.page.fill('#login-password', `wrong-${i}`);
        const [answer] = await Promise.all([
          other.page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/login'),
          other.page.click('[data-testid=login-submit]'),
        ]);
        expect(answer.status()).toBe(i < 5 ? 401 : 429);
        await other.page.waitForSelector('[data-testid=login-error]');
      }
      const text = await other.page.textContent('[data-testid=login-error]');
      expect(text).toContain('Too many failed logins for this login name.');
      expect(await other.page.textContent('[data-testid=lock-countdown]')).toMatch(/You can try again in (30|29) s/);
      expect(await other.page.isDisabled('[data-testid=login-submit]')).toBe(true);
      await screenshot(other.page, 'login-locked');
      // the right password is refused while locked
      const res = await fetch(`${phone.url}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'user', password: 'user' }) });
      expect(res.status).toBe(429);
    } finally {
      await other.close();
    }
  });
});
