/**
 * The /phone page as a person uses it (issue #5), in Debian's Chromium driven by
 * playwright-core, on a real phone (startPhone: SQLite settings, real sockets)
 * registered to the lab Kamailio as 1001, calling baresip (1002, auto-answer,
 * playing a 1200 Hz tone) — proves:
 *  - /phone needs the login and shows the LCD; line 1's LED turns green when registered;
 *  - "Enable audio" makes this browser the phone's handset;
 *  - clicking 1-0-0-2-# on the drawn keypad dials: the LCD shows the call, line 1's LED turns red;
 *  - baresip answers; Chromium's fake microphone (a 700 Hz tone WAV) is what baresip
 *    hears (Goertzel on its recording), and baresip's 1200 Hz arrives in the page
 *    over the WebSocket (Goertzel on the page's received samples);
 *  - the canvas shows the framebuffer of GET /api/v1/screen bit for bit;
 *  - the End soft key hangs up; key press → new frame in the browser is measured;
 *  - baresip calling the phone rings in the page: line 1 and the strip red fast, the
 *    page sounds the ring; the Ans soft key answers; baresip's BYE brings idle back.
 * Screenshots: docs/screenshots/phone-es330-idle.png, phone-es330-call.png, phone-es330-ringing.png.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav, toneRatio } from '../../../src/media/index.js';
import { labToneWav, makeToneWav, phonePorts, portIsFree, PHONE_SLOT_COUNT, startBaresip, startKamailio, stopAllLab, type Baresip, type Kamailio } from '../../lab/index.js';
import { openFaceBrowser, openPhonePage, lcdCanvasBits, until, type FaceBrowser } from './phone-face-helpers.js';
import { buildUi, screenshot, startTestPhone, type TestPhone } from './web-browser.js';

const MIC_HZ = 700;
const FAR_HZ = 1200;
const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;

let kam: Kamailio;
let far: Baresip;
let phone: TestPhone;
let browser: FaceBrowser;
let wavDir: string;

async function freeSlot(): Promise<ReturnType<typeof phonePorts>> {
  for (let i = 0; i < PHONE_SLOT_COUNT; i++) {
    const p = phonePorts((i + 7) % PHONE_SLOT_COUNT);
    if ((await portIsFree({ port: p.sipPort, proto: 'udp' })) && (await portIsFree({ port: p.sipPort, proto: 'tcp' }))) return p;
  }
  throw new Error('no free phone slot');
}

type Screen = { screen: string; lines: string[]; audio: { path: string; tone?: string }; framebuffer: { frame: number; data: string } };
async function screen(): Promise<Screen> {
  const res = await fetch(`${phone.url}/api/v1/screen`, { headers: { authorization: ADMIN } });
  expect(res.status).toBe(200);
  return (await res.json()) as Screen;
}

beforeAll(async () => {
  buildUi();
  wavDir = mkdtempSync(join(tmpdir(), 'sayhi-face-mic-'));
  const micWav = await makeToneWav(join(wavDir, 'mic-700.wav'), MIC_HZ, 10, 48_000, { amplitude: 0.4 });
  kam = await startKamailio();
  far = await startBaresip({ user: '1002', registrar: kam, audioSource: await labToneWav(FAR_HZ) });
  const ports = await freeSlot();
  phone = await startTestPhone({
    model: 'ES330',
    account: [`1001:${kam.passwordOf('1001')}@127.0.0.1:${kam.udp.port}`],
    sipPort: String(ports.sipPort),
    rtpPorts: `${ports.rtpRange.min}-${ports.rtpRange.min + 19}`,
  });
  browser = await openFaceBrowser({ micWav });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await phone?.stop();
  await stopAllLab();
  rmSync(wavDir, { recursive: true, force: true });
});

describe('the /phone page: a call from the drawn keypad with the browser as the handset', () => {
  it('dials 1002#, baresip answers, audio flows both ways, the LCD is the framebuffer', async () => {
    const page = browser.page;
    await openPhonePage(page, phone.url);
    await page.waitForSelector('[data-led=line1][data-color=green]', { timeout: 10_000 });
    await page.waitForTimeout(300);
    await screenshot(page, 'phone-es330-idle');

    await page.click('[data-testid=audio-toggle]');
    await page.waitForSelector('[data-testid=audio-state]:has-text("this browser is the handset")');

    far.ctrl.clearEvents();
    const before = far.latestRecording('dec');
    for (const k of ['1', '0', '0', '2', '#']) await page.click(`[data-key="${k}"]`);
    await page.waitForSelector('[data-led=line1][data-color=red]', { timeout: 5000 });
    const calling = await screen();
    expect(['calling', 'talking']).toContain(calling.screen);
    expect(calling.lines.join(' ')).toContain('1002');

    await far.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    await until(async () => (await screen()).screen === 'talking', 5000, 'the talking screen');
    // let the tones flow: the page hears baresip, baresip hears the fake microphone
    await page.waitForTimeout(3000);

    const heard = (await page.evaluate('window.sayhiFace.downlinkSamples(2000)')) as number[];
    expect(heard.length).toBe(32_000);
    const inPage = toneRatio(heard, 16_000, FAR_HZ);
    expect(inPage).toBeGreaterThan(0.5);
    expect(toneRatio(heard, 16_000, MIC_HZ)).toBeLessThan(0.05);
    const probe = (await page.evaluate(
      '({ up: window.sayhiFace.uplinkFrames, down: window.sayhiFace.downlinkFrames, audio: window.sayhiFace.audio, ping: window.sayhiFace.pingMs, out: window.sayhiFace.outputLatencyMs })',
    )) as {
      up: number;
      down: number;
      audio?: { queuedMs: number; underruns: number; droppedMs: number; sampleRate: number };
      ping: number[];
      out?: number;
    };
    expect(probe.up).toBeGreaterThan(100);
    expect(probe.down).toBeGreaterThan(100);
    console.log(
      '[phone-face] audio in the page: %s of the energy at %d Hz; uplink %d frames, downlink %d; playout buffer %s ms (underruns %d, dropped %s ms) at %d Hz; output latency + playout target %s ms',
      inPage.toFixed(2),
      FAR_HZ,
      probe.up,
      probe.down,
      probe.audio?.queuedMs.toFixed(1),
      probe.audio?.underruns,
      probe.audio?.droppedMs.toFixed(1),
      probe.audio?.sampleRate,
      probe.out?.toFixed(1),
    );

    // the canvas is the framebuffer the API reports (the call timer may tick: take a pair with the same frame)
    const match = await until(async () => {
      const canvas = await lcdCanvasBits(page);
      const api = await screen();
      return canvas.frame === api.framebuffer.frame ? { canvas, api } : undefined;
    }, 5000, 'the same frame in the page and the API');
    expect(match.canvas.cell).toBeGreaterThanOrEqual(2);
    expect(match.canvas.bits.equals(Buffer.from(match.api.framebuffer.data, 'base64'))).toBe(true);
    await screenshot(page, 'phone-es330-call');

    await page.click('[data-key=soft4]'); // End
    await far.ctrl.waitEvent('CALL_CLOSED', 5000);
    await page.waitForSelector('[data-led=line1][data-color=green]', { timeout: 5000 });
    const recording = await far.waitRecording('dec', { notPath: before });
    const wav = readWav(recording);
    const part = wav.samples.subarray(Math.floor(0.5 * wav.sampleRate), Math.floor(2.5 * wav.sampleRate));
    const atFar = toneRatio(part, wav.sampleRate, MIC_HZ);
    console.log('[phone-face] the fake microphone at baresip: %s of the energy at %d Hz', atFar.toFixed(2), MIC_HZ);
    expect(atFar).toBeGreaterThan(0.5);

    const latencies = (await page.evaluate('window.sayhiFace.keyToFrameMs')) as number[];
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log('[phone-face] key press → new LCD frame in the browser: median %s ms, max %s ms (n=%d); WebSocket ping %o ms', sorted[Math.floor(sorted.length / 2)]?.toFixed(1), sorted.at(-1)?.toFixed(1), sorted.length, probe.ping.map((p) => Math.round(p)));
    expect(sorted.length).toBeGreaterThanOrEqual(5);
    expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(250);
  });

  it('a call from baresip rings in the page (LED red fast, the ring sounds); Ans answers, baresip hangs up', async () => {
    const page = browser.page;
    // the ring tone chosen (System setting > Ring type, or the web page) is the one the page rings with
    const ring = await fetch(`${phone.url}/api/v1/settings`, {
      method: 'PATCH',
      headers: { authorization: ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ 'audio.ringType': 'Ring3' }),
    });
    expect(ring.status).toBe(200);
    far.ctrl.clearEvents();
    await far.ctrl.dial('sip:1001@127.0.0.1');
    await page.waitForSelector('[data-led=line1][data-color=red][data-cadence=fast]', { timeout: 5000 });
    await page.waitForSelector('[data-led=strip][data-color=red][data-cadence=fast]');
    expect((await screen()).screen).toBe('ringing');
    await until(async () => (await page.evaluate('window.sayhiFace.localSound')) === 'ring', 3000, 'the ring in the page');
    expect(await page.evaluate('window.sayhiFace.ringTone')).toBe('Ring3');
    await screenshot(page, 'phone-es330-ringing');
    await page.click('[data-key=soft1]'); // Ans
    await far.ctrl.waitEvent('CALL_ESTABLISHED', 5000);
    await page.waitForSelector('[data-led=line1][data-color=red][data-cadence=steady]');
    await until(async () => (await page.evaluate('window.sayhiFace.localSound')) === 'none', 3000, 'the ring stops');
    await far.ctrl.hangup();
    await far.ctrl.waitEvent('CALL_CLOSED', 5000);
    await page.waitForSelector('[data-led=line1][data-color=green]', { timeout: 5000 });
    expect((await screen()).screen).toBe('idle');
    // the speaker's end tone (if any) runs out before the phone is stopped
    await until(async () => (await screen()).audio.path === 'none', 5000, 'the audio path back to none');
  });
});
