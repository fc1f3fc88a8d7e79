/**
 * Helpers for the /phone page tests: Chromium with a fake microphone (a WAV file
 * played in a loop) and the permission granted, logging in to the phone page,
 * and reading the LCD canvas back as bits (the middle of each LCD dot).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM } from './web-browser.js';

export interface FaceBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Chromium headless, new empty profile; the microphone is `micWav` (looped), granted without asking. */
export async function openFaceBrowser(opts: { micWav?: string; width?: number; height?: number } = {}): Promise<FaceBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'sayhi-chromium-face-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      ...(opts.micWav ? [`--use-file-for-fake-audio-capture=${opts.micWav}`] : []),
    ],
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
  });
  context.setDefaultTimeout(10_000);
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

/** Open /phone, log in on the login page it sends us to, and wait for the first LCD frame. */
export async function openPhonePage(page: Page, base: string, username = 'root', password = 'root'): Promise<void> {
  await page.goto(`${base}/phone`);
  await page.waitForURL(/\/login\?next=%2Fphone/);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('[data-testid=login-submit]');
  await page.waitForURL(/\/phone$/);
  await page.waitForSelector('canvas.lcd[data-frame]');
}

/**
 * The LCD canvas as 1-bit rows packed MSB first (as the framebuffer), read at the
 * middle of each dot, with the frame number the page says it shows. A dot counts
 * as dark when its red channel is below the midpoint of the two glass colours.
 */
export async function lcdCanvasBits(page: Page): Promise<{ frame: number; bits: Buffer; cell: number }> {
  const r = (await page.evaluate(`(() => {
    const c = document.querySelector('canvas.lcd');
    const cell = c.width / 128;
    const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const bits = new Array(1024).fill(0);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 128; x++) {
      const px = Math.floor(x * cell + (cell - 1) / 2), py = Math.floor(y * cell + (cell - 1) / 2);
      const red = img[(py * c.width + px) * 4];
      if (red < (0x9c + 0x1e) / 2) bits[y * 16 + (x >> 3)] |= 0x80 >> (x & 7);
    }
    return { frame: Number(c.dataset.frame), bits, cell };
  })()`)) as { frame: number; bits: number[]; cell: number };
  return { frame: r.frame, bits: Buffer.from(r.bits), cell: r.cell };
}

/** Poll `fn` every 100 ms until it returns something truthy (bounded). */
export async function until<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
