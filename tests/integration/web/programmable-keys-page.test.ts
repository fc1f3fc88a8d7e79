/**
 * The Programmable Keys and Expansion Module pages as an administrator uses them
 * (manual §7), in Debian's Chromium (playwright-core), on a real phone (startPhone:
 * SQLite, real sockets) registered to the lab Kamailio as 1007, while baresip 1008
 * calls baresip 1009 through Kamailio (users 1007-1009 only in this file) — proves:
 *  - a memory key set to BLF for 1009 on the page and saved applies at once: the phone
 *    SUBSCRIBEs to 1009's dialog state (no restart, no 5 s poll: the lamp shows "idle"
 *    well before), and the State column follows 1009: ringing while 1008 calls it,
 *    busy once answered, idle after the hang-up; GET /api/v1/programmable-keys agrees;
 *  - a refused field (a BLF key with no extension) is shown next to that field and nothing
 *    is stored; the function, line and soft keys tabs save into the keys file;
 *  - an expansion-module key edited on the Expansion Module page is stored in module 2.
 * Screenshots: docs/screenshots/programmable-keys-*.png, expansion-module-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaresip, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { freePhonePorts, startLabKamailio, until } from '../config/config-helpers.js';
import { buildUi, logIn, openBrowser, screenshot, startTestPhone, type TestBrowser, type TestPhone } from './web-browser.js';

const PHONE_USER = '1007';
const CALLER = '1008';
const WATCHED = '1009';
const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;

let kam: Kamailio;
let caller: Baresip;
let watched: Baresip;
let phone: TestPhone;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  buildUi();
  kam = await startLabKamailio();
  [caller, watched] = await Promise.all([
    startBaresip({ user: CALLER, registrar: kam, answerMode: 'manual' }),
    startBaresip({ user: WATCHED, registrar: kam, answerMode: 'manual' }),
  ]);
  const ports = await freePhonePorts(5);
  phone = await startTestPhone({
    model: 'ES330',
    account: [`${PHONE_USER}:${kam.passwordOf(PHONE_USER)}@127.0.0.1:${kam.udp.port}`],
    sipPort: String(ports.sipPort),
    rtpPorts: `${ports.rtpRange.min}-${ports.rtpRange.min + 19}`,
  });
  browser = await openBrowser();
  page = browser.page;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await phone?.stop();
  await stopAllLab();
});

async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(`${phone.url}/api/v1${path}`, { headers: { authorization: ADMIN } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

type KeyStatus = { id: string; function: string; number: string; lamp?: string };
const lampOf = async (id: string) => (await apiGet<KeyStatus[]>('/programmable-keys')).find((k) => k.id === id)?.lamp;
const stateCell = (at: string) => page.locator(`[data-testid="state-${at}"]`);

describe('Programmable Keys page', () => {
  it('a memory key set to BLF on the page lights with the watched extension at once', async () => {
    await logIn(page, phone.url, 'root', 'root');
    await until(async () => (await apiGet<{ lines: Array<{ state: string }> }>('/status')).lines[0]?.state === 'registered', 10_000, 'line 1 registered');
    await page.goto(`${phone.url}/programmable-keys`);
    await page.waitForSelector('[data-testid=memory-keys]');
    await page.selectOption('[name="memory.1.type"]', 'blf');
    await page.selectOption('[name="memory.1.account"]', '1');
    await page.fill('[name="memory.1.number"]', WATCHED);
    await page.fill('[name="memory.1.label"]', 'Desk B');
    const saved = Date.now();
    await page.click('[data-testid=keys-save]');
    await page.waitForSelector('[data-testid=keys-outcome]:has-text("Saved 1 key")');

    // the layout change applies now: subscribed and idle well inside the feature's 5 s re-read
    await stateCell('memory.1').locator('text=idle').waitFor({ timeout: 3000 });
    const applyMs = Date.now() - saved;
    console.log('[keys-page] BLF key saved -> lamp idle on the page in %d ms', applyMs);
    expect(applyMs).toBeLessThan(3000);
    expect(await lampOf('1')).toBe('idle');

    await caller.ctrl.dial(`sip:${WATCHED}@127.0.0.1`);
    await stateCell('memory.1').locator('text=ringing').waitFor({ timeout: 8000 });
    expect(await lampOf('1')).toBe('ringing');
    await screenshot(page, 'programmable-keys-blf-ringing');

    await watched.ctrl.waitEvent('CALL_INCOMING', 5000);
    await watched.ctrl.accept();
    await stateCell('memory.1').locator('text=busy').waitFor({ timeout: 8000 });
    expect(await lampOf('1')).toBe('busy');
    await screenshot(page, 'programmable-keys-blf-busy');

    await caller.ctrl.hangup();
    await stateCell('memory.1').locator('text=idle').waitFor({ timeout: 30_000 });
    expect(await lampOf('1')).toBe('idle');
    const keys = await apiGet<KeyStatus[]>('/programmable-keys');
    expect(keys.find((k) => k.id === '1')).toMatchObject({ function: 'blf', number: WATCHED, label: 'Desk B' });
  });

  it('shows a refused field next to it and stores nothing', async () => {
    await page.goto(`${phone.url}/programmable-keys`);
    await page.selectOption('[name="memory.2.type"]', 'blf');
    await page.click('[data-testid=keys-save]');
    await page.waitForSelector('[data-testid=keys-outcome]:has-text("1 field was refused")');
    const error = page.locator('[data-testid="error-memory.2.number"]');
    expect(await error.innerText()).toContain('needs the extension');
    expect(await page.getAttribute('[name="memory.2.number"]', 'class')).toContain('invalid');
    await screenshot(page, 'programmable-keys-validation');
    const layout = await apiGet<{ memoryKeys: Array<{ index: number }> }>('/programmable-keys/layout');
    expect(layout.memoryKeys.map((k) => k.index)).toEqual([1]);
    // typing the number clears the error; Reset drops the draft
    await page.fill('[name="memory.2.number"]', '1008');
    expect(await error.count()).toBe(0);
    await page.click('.save-bar button:has-text("Reset")');
  });

  it('saves function, line and soft keys into the keys file', async () => {
    await page.goto(`${phone.url}/programmable-keys`);
    await page.click('[data-testid=tab-function]');
    await page.selectOption('[name="function.12.type"]', 'dnd');
    await page.fill('[name="function.12.label"]', 'DND');
    await page.click('[data-testid=tab-line]');
    await page.selectOption('[name="line.3.type"]', 'speed-dial');
    await page.fill('[name="line.3.number"]', '1008');
    await page.fill('[name="line.3.label"]', 'Lobby');
    await page.click('[data-testid=tab-soft]');
    await page.fill('[name="soft.0.values.0"]', '3');
    await page.fill('[name="soft.0.values.3"]', '12');
    await page.click('[data-testid=keys-save]');
    await page.waitForSelector('[data-testid=keys-outcome]:has-text("Saved 3 keys")');
    await screenshot(page, 'programmable-keys-soft');
    await page.click('[data-testid=tab-function]');
    await screenshot(page, 'programmable-keys-function');
    await page.click('[data-testid=tab-line]');
    await screenshot(page, 'programmable-keys-line');
    const xml = await (await fetch(`${phone.url}/api/v1/config/keys`, { headers: { authorization: ADMIN } })).text();
    expect(xml).toContain('<ProgramKey id="12" SipAccounts="127" Type="2" Num="" Name="DND"/>');
    expect(xml).toContain('<LineKey id="2" SipAccounts="127" Type="5" HotlineNum="1008" Name="Lobby"/>');
    expect(xml).toContain('<SoftKey id="0" softkey1Value="3" softkey4Value="12"/>');
    expect(xml).toContain(`HotlineNum="${WATCHED}" Name="Desk B"`);
  });
});

describe('Expansion Module page', () => {
  it('edits a key of module 2', async () => {
    await page.goto(`${phone.url}/expansion-module`);
    await page.click('[data-testid=module-2]');
    await page.waitForSelector('[data-testid=module-not-installed]');
    await page.selectOption('[name="expansion2.5.type"]', 'speed-dial');
    await page.selectOption('[name="expansion2.5.account"]', '1');
    await page.fill('[name="expansion2.5.number"]', CALLER);
    await page.fill('[name="expansion2.5.label"]', 'Caller');
    await page.click('[data-testid=keys-save]');
    await page.waitForSelector('[data-testid=keys-outcome]:has-text("Saved 1 key")');
    await page.waitForSelector('[data-testid=module-2]:has-text("· 1")');
    // the module tabs just under the sticky top bar
    await page.evaluate('window.scrollTo(0, document.querySelector("[role=tablist]").getBoundingClientRect().top + window.scrollY - 64)');
    await screenshot(page, 'expansion-module-edited');
    const layout = await apiGet<{ expansion: Array<Array<{ index: number; number: string }>> }>('/programmable-keys/layout');
    expect(layout.expansion[1]).toEqual([{ index: 5, type: 'speed-dial', account: 1, number: CALLER, label: 'Caller' }]);
    const keys = await apiGet<KeyStatus[]>('/programmable-keys');
    expect(keys.find((k) => k.id === 'e2-5')).toMatchObject({ function: 'speed-dial', number: CALLER });
  });
});

describe('Expansion Module page on the ES320', () => {
  it('says the model takes no module instead of offering keys', async () => {
    const es320 = await startTestPhone({ model: 'ES320' });
    try {
      await logIn(page, es320.url, 'root', 'root');
      await page.goto(`${es320.url}/expansion-module`);
      const note = page.locator('[data-testid=no-expansion]');
      expect(await note.innerText()).toContain('The ES320 takes no expansion module');
      expect(await page.locator('[data-testid=expansion-keys]').count()).toBe(0);
      await screenshot(page, 'expansion-module-es320');
    } finally {
      await es320.stop();
    }
  });
});
