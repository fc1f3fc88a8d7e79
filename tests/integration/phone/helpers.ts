import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSocketFactory, SystemClock, createLogger, nullLogger, sleep } from '../../../src/base/index.js';
import { fileWavIo, openHeadlessHandset, readWav, toneRatio } from '../../../src/media/index.js';
import { Phone, defaultPhoneConfig, type AccountConfig, type CallInfo, type PhoneConfig } from '../../../src/phone/index.js';

export interface TestPhone {
  phone: Phone;
  recordPath: string;
  dir: string;
  stop(): Promise<void>;
}

/** A real phone on 127.0.0.1 with a tone as its microphone and a WAV recorder as its earpiece. */
export async function startTestPhone(opts: {
  sipPort: number;
  rtpBase: number;
  toneHz: number;
  accounts?: AccountConfig[];
  tweak?: (c: PhoneConfig) => void;
}): Promise<TestPhone> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-phone-'));
  const recordPath = join(dir, 'heard.wav');
  const config = defaultPhoneConfig('ES330');
  config.bindAddress = '127.0.0.1';
  config.sipPort = opts.sipPort;
  config.rtpPortMin = opts.rtpBase;
  config.rtpPortMax = opts.rtpBase + 19;
  opts.accounts?.forEach((a, i) => (config.accounts[i] = a));
  opts.tweak?.(config);
  const device = await openHeadlessHandset({ play: `tone:${opts.toneHz}`, record: recordPath }, fileWavIo);
  const logger = process.env.SAYHI_TEST_LOG ? createLogger(process.env.SAYHI_TEST_LOG as 'debug') : nullLogger;
  const phone = new Phone({ config, clock: new SystemClock(), sockets: new NodeSocketFactory(), device, logger, version: 'test' });
  await phone.start();
  return {
    phone,
    recordPath,
    dir,
    stop: async () => {
      await phone.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Wait until `pred` holds for a call event or the current calls (bounded). */
export async function waitForCall(phone: Phone, pred: (c: CallInfo) => boolean, timeoutMs = 10_000): Promise<CallInfo> {
  const now = phone.calls().find(pred);
  if (now) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no call matched within ${timeoutMs} ms; calls: ${JSON.stringify(phone.calls())}`));
    }, timeoutMs);
    const off = phone.events.on('call', (c) => {
      if (pred(c)) {
        clearTimeout(timer);
        off();
        resolve(c);
      }
    });
  });
}

export async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Fraction of the recording's energy at `hz` (Goertzel), over its middle part. */
export function toneShare(path: string, hz: number): number {
  const wav = readWav(path);
  const skip = Math.floor(wav.sampleRate * 0.3);
  const body = wav.samples.subarray(skip, Math.max(skip, wav.samples.length - skip));
  return toneRatio(body, wav.sampleRate, hz);
}
