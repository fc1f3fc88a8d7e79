/**
 * The /phone page without a PBX (issue #5), in Debian's Chromium on real phones
 * (startPhone) — proves:
 *  - the ES330 draws 3 line keys, the 12 programmable keys with their paper labels
 *    from the keys file, and an EMS32 expansion module when `expansion.modules` is 1;
 *    the ES320 draws 2 line keys and no module;
 *  - keyboard shortcuts reach the phone: digits, Esc held (clears), space lifts the
 *    handset (drawn lifted; with audio on the page sounds the dial tone until the
 *    first digit) and puts it back, Enter opens the menu, Esc leaves it,
 *    the Down arrow opens the missed calls;
 *  - MENU on the face opens the main menu on the LCD;
 *  - a second page on the same phone follows the first one's key presses (same frame);
 *  - the page reconnects by itself after its WebSocket drops;
 *  - after a phone reboot (sessions end) the page goes to the login page and back.
 * Screenshots: docs/screenshots/phone-es330-module.png, phone-es330-menu.png,
 * phone-es330-offhook.png, phone-es320-idle.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFaceBrowser, openPhonePage, lcdCanvasBits, until, type FaceBrowser } from './phone-face-helpers.js';
import { ROOT, buildUi, screenshot, startTestPhone, type TestPhone } from './web-browser.js';

const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;

let es330: TestPhone;
let es320: TestPhone;
let browser: FaceBrowser;

type Screen = { screen: string; lines: string[]; menu: string[]; audio: { offHook: boolean }; frame: number };
async function screen(phone: TestPhone): Promise<Screen> {
  const res = await fetch(`${phone.url}/api/v1/screen`, { headers: { authorization: ADMIN } });
  expect(res.status).toBe(200);
  return (await res.json()) as Screen;
}

/** C held: the number is gone (through the REST route, as automation would). */
async function clear(phone: TestPhone): Promise<void> {
  const res = await fetch(`${phone.url}/api/v1/keys`, {
    method: 'POST',
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ key: 'C', holdMs: 1500 }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { screen: { screen: string } }).screen.screen).toBe('idle');
}

beforeAll(async () => {
  buildUi();
  es330 = await startTestPhone({ model: 'ES330' });
  es320 = await startTestPhone({ model: 'ES320' });
  const keys = await fetch(`${es330.url}/api/v1/config/keys`, {
    method: 'PUT',
    headers: { authorization: ADMIN, 'content-type': 'application/xml' },
    body: readFileSync(join(ROOT, 'tests/fixtures/escene/1001_Extern.xml')),
  });
  expect(keys.status).toBe(200);
  const mods = await fetch(`${es330.url}/api/v1/settings`, {
    method: 'PATCH',
    headers: { authorization: ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ 'expansion.modules': 1 }),
  });
  expect(mods.status).toBe(200);
  browser = await openFaceBrowser({ width: 1600, height: 900 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await es330?.stop();
  await es320?.stop();
});

describe('the /phone page', () => {
  it('draws the ES330 with its labels and an expansion module; MENU opens the menu', async () => {
    const page = browser.page;
    await openPhonePage(page, es330.url);
    expect(await page.locator('[data-key^=line]').count()).toBe(3);
    expect(await page.locator('[data-key^=p]').count()).toBe(12);
    await page.waitForSelector('.module[data-module="1"]');
    expect(await page.locator('[data-module-key]').count()).toBe(32);
    await page.waitForSelector('.label-left .label-cell:has-text("Bob")');
    await page.waitForSelector('.module-label:has-text("Reception")');
    await page.waitForTimeout(300);
    await screenshot(page, 'phone-es330-module');

    await page.click('[data-key=menu]');
    await until(async () => (await screen(es330)).screen === 'menu', 3000, 'the menu');
    expect((await screen(es330)).lines.join(' ')).toMatch(/Call history/i);
    await page.waitForTimeout(200);
    await screenshot(page, 'phone-es330-menu');
    await page.click('[data-key=c]');
    await until(async () => (await screen(es330)).screen === 'idle', 3000, 'back to idle');
  });

  it('takes keyboard shortcuts: digits, Esc held, space for the hook, Enter, Esc, arrows', async () => {
    const page = browser.page;
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('4');
    await page.keyboard.press('2');
    await until(async () => (await screen(es330)).lines.join(' ').includes('42'), 3000, '42 on the LCD');
    // Esc held for a second clears the whole number (C held ≥ 1 s)
    await page.keyboard.down('Escape');
    await page.waitForTimeout(1100);
    await page.keyboard.up('Escape');
    await until(async () => (await screen(es330)).screen === 'idle', 3000, 'the number cleared');

    // with audio on, lifting the handset sounds the dial tone in the page (the phone does not stream it)
    await page.click('[data-testid=audio-toggle]');
    await page.waitForSelector('[data-testid=audio-state]:has-text("this browser is the handset")');
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.keyboard.press('Space');
    await until(async () => (await screen(es330)).audio.offHook, 3000, 'off hook');
    await page.waitForSelector('svg.handset.lifted');
    await until(async () => (await page.evaluate('window.sayhiFace.localSound')) === 'dial', 3000, 'the dial tone in the page');
    await page.keyboard.press('7');
    await until(async () => (await page.evaluate('window.sayhiFace.localSound')) === 'none', 3000, 'the dial tone stops at the first digit');
    await page.waitForTimeout(200);
    await screenshot(page, 'phone-es330-offhook');
    await page.keyboard.press('Space');
    await until(async () => !(await screen(es330)).audio.offHook, 3000, 'on hook');
    await page.click('[data-testid=audio-toggle]');
    await page.locator('body').click({ position: { x: 5, y: 880 } });
    await page.waitForSelector('svg.handset:not(.lifted)');
    expect((await screen(es330)).screen).toBe('idle');

    // Enter = OK opens the menu from idle, Esc = C goes back; Down = the missed calls list
    await page.keyboard.press('Enter');
    await until(async () => (await screen(es330)).screen === 'menu', 3000, 'the menu by Enter');
    await page.keyboard.press('Escape');
    await until(async () => (await screen(es330)).screen === 'idle', 3000, 'idle by Esc');
    await page.keyboard.press('ArrowDown');
    await until(async () => (await screen(es330)).menu.join(' ').match(/missed/i), 3000, 'missed calls by the Down arrow');
    for (let i = 0; i < 4 && (await screen(es330)).screen !== 'idle'; i++) await page.keyboard.press('Escape');
    expect((await screen(es330)).screen).toBe('idle');
  });

  it('a second page follows the first; a dropped WebSocket comes back by itself', async () => {
    const page = browser.page;
    const second = await browser.context.newPage();
    try {
      await second.goto(`${es330.url}/phone`);
      await second.waitForSelector('canvas.lcd[data-frame]');
      await page.click('[data-key="9"]');
      const frame = await until(async () => {
        const s = await screen(es330);
        return s.lines.join(' ').includes('9') ? s.frame : undefined;
      }, 3000, '9 on the LCD');
      await until(async () => (await lcdCanvasBits(second)).frame >= frame, 3000, 'the second page at the new frame');
      const [a, b] = [await lcdCanvasBits(page), await lcdCanvasBits(second)];
      if (a.frame === b.frame) expect(a.bits.equals(b.bits)).toBe(true);

      await page.evaluate('window.sayhiFace.dropConnection()');
      await until(async () => (await page.evaluate('window.sayhiFace.opens')) === 2, 5000, 'the page reconnected');
      await page.waitForSelector('[data-testid=link-state][data-state=open]');
      await page.click('[data-key="8"]');
      await until(async () => (await screen(es330)).lines.join(' ').includes('98'), 3000, 'a key after the reconnect');
      await clear(es330);
    } finally {
      await second.close();
    }
  });

  it('after a reboot (sessions end) the page sends the person to the login page', async () => {
    const page = browser.page;
    await es330.running.reboot();
    await page.waitForURL(/\/login\?next=%2Fphone/, { timeout: 15_000 });
    await page.fill('#login-username', 'root');
    await page.fill('#login-password', 'root');
    await page.click('[data-testid=login-submit]');
    await page.waitForURL(/\/phone$/);
    await page.waitForSelector('canvas.lcd[data-frame]');
    await page.click('[data-key="5"]');
    await until(async () => (await screen(es330)).lines.join(' ').includes('5'), 3000, 'keys work on the rebooted phone');
    await clear(es330);
  });

  it('draws the ES320 with two line keys and no expansion module', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${es320.url}/phone`);
      await page.waitForURL(/\/login/);
      await page.fill('#login-username', 'root');
      await page.fill('#login-password', 'root');
      await page.click('[data-testid=login-submit]');
      await page.waitForURL(/\/phone$/);
      await page.waitForSelector('canvas.lcd[data-frame]');
      expect(await page.locator('[data-key^=line]').count()).toBe(2);
      expect(await page.locator('.module').count()).toBe(0);
      expect(await page.locator('.phone').getAttribute('data-model')).toBe('ES320');
      await page.waitForTimeout(300);
      await screenshot(page, 'phone-es320-idle');
    } finally {
      await page.close();
    }
  });
});
