/**
 * Helpers for the call-feature tests (transfer, conference, line switching,
 * in-band DTMF) against the lab: Sayhi phones registered to Kamailio with
 * their own settings registry (so a test can set call.conferenceExit,
 * dtmf.mode...), and baresip's view of calls.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeSocketFactory, SystemClock, createLogger, nullLogger } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { DtmfDetector, DtmfGenerator, encodeWav, fileWavIo, openHeadlessHandset, readWav } from '../../../src/media/index.js';
import { Phone, phoneConfigFromSettings, type CallInfo, type DtmfMode } from '../../../src/phone/index.js';
import { phonePorts, type Kamailio } from '../../lab/index.js';
import { durationOf, toneShareIn, waitRegistered } from './baresip-helpers.js';
import { waitForCall, type TestPhone } from './helpers.js';

export interface FeaturePhone extends TestPhone {
  user: string;
  settings: Settings;
}

/**
 * A Sayhi phone whose line 1 is `user` on Kamailio (UDP, PCMU/PCMA), with
 * `settings` applied, registered; without `kam`, a peer-to-peer phone.
 */
export async function startFeaturePhone(opts: {
  kam?: Kamailio;
  slot: number;
  user: string;
  toneHz: number;
  dtmfMode?: DtmfMode;
  settings?: Record<string, unknown>;
}): Promise<FeaturePhone> {
  const dir = mkdtempSync(join(tmpdir(), 'sayhi-phone-'));
  const recordPath = join(dir, 'heard.wav');
  const ports = phonePorts(opts.slot);
  // the account lives in the settings too: a live settings change re-reads the accounts from there
  const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
  const r = settings.setMany({
    'sip.localPort': ports.sipPort,
    'sip.rtpPortMin': ports.rtpRange.min,
    'sip.rtpPortMax': ports.rtpRange.min + 19,
    'account.1.enabled': true,
    'account.1.user': opts.user,
    ...(opts.kam ? { 'account.1.password': opts.kam.passwordOf(opts.user), 'account.1.server': `${opts.kam.udp.host}:${opts.kam.udp.port}` } : {}),
    'account.1.registerExpires': 300,
    'dtmf.mode': opts.dtmfMode ?? 'rfc2833',
    'audio.codec1': 'PCMU',
    'audio.codec2': 'PCMA',
    'audio.codec3': 'none',
    ...opts.settings,
  });
  if (!r.ok) throw new Error(`settings refused: ${r.reason}`);
  const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e000001', bindAddress: '127.0.0.1' });
  const device = await openHeadlessHandset({ play: `tone:${opts.toneHz}`, record: recordPath }, fileWavIo);
  const logger = process.env.SAYHI_TEST_LOG ? createLogger(process.env.SAYHI_TEST_LOG as 'debug').child({ phone: opts.user }) : nullLogger;
  const phone = new Phone({ config, clock: new SystemClock(), sockets: new NodeSocketFactory(), device, logger, version: 'test', settings });
  const stop = async () => {
    await phone.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  await phone.start();
  try {
    if (opts.kam) await waitRegistered(phone, 1, 5000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { phone, recordPath, dir, user: opts.user, settings, stop };
}

/** The phone's call with `remote` containing `who`, once `pred` holds for it. */
export function waitCallWith(p: TestPhone, who: string, pred: (c: CallInfo) => boolean, timeoutMs = 5000): Promise<CallInfo> {
  return waitForCall(p.phone, (c) => c.remote.includes(who) && pred(c), timeoutMs);
}

/** Sayhi `caller` dials `callee` (a Sayhi phone, answered by API); returns both call ids once connected. */
export async function sayhiCall(caller: FeaturePhone, callee: FeaturePhone): Promise<{ atCaller: string; atCallee: string }> {
  const { id } = await caller.phone.dial(callee.user);
  const ringing = await waitCallWith(callee, caller.user, (c) => c.state === 'ringing');
  await callee.phone.answer(ringing.id);
  await waitForCall(caller.phone, (c) => c.id === id && c.state === 'connected', 5000);
  return { atCaller: id, atCallee: ringing.id };
}

/**
 * An 8 kHz mono WAV for baresip's aufile: `leadS` seconds of silence, then
 * in-band DTMF `digits` (Q.23 tones, 100 ms on / 100 ms off), then silence
 * up to `totalS` (aufile hangs up when the file ends).
 */
export function writeDtmfWav(dir: string, digits: string, leadS: number, totalS: number): string {
  const rate = 8000;
  const samples = new Int16Array(rate * totalS);
  const gen = new DtmfGenerator({ sampleRate: rate, onMs: 100, offMs: 100, levelDbfs: -10 });
  gen.play(digits);
  const frame = new Int16Array(160);
  for (let at = rate * leadS; gen.busy && at + frame.length <= samples.length; at += frame.length) {
    gen.nextFrame(frame);
    samples.set(frame, at);
  }
  const path = join(dir, `dtmf-${digits.replace(/[*#]/g, (c) => (c === '*' ? 's' : 'p'))}.wav`);
  writeFileSync(path, encodeWav(samples, rate));
  return path;
}

/** The digits our own DTMF detector hears in a recording (any rate the detector takes). */
export function dtmfIn(path: string): string {
  const wav = readWav(path);
  const rate = wav.sampleRate === 16000 ? 16000 : 8000;
  return new DtmfDetector(rate)
    .process(wav.samples)
    .map((d) => d.digit)
    .join('');
}

/**
 * Share of `hz` in the newest `spanS` seconds of a Sayhi phone's recording, as
 * flushed so far. The recorder writes in blocks of about half a second, so the
 * newest audio on disk is up to 0.52 s old: call this at least spanS + 0.6 s
 * after the event whose aftermath it checks.
 */
export function recentShare(path: string, hz: number, spanS = 0.8): number {
  const end = durationOf(path);
  return toneShareIn(path, hz, Math.max(0, end - spanS), end);
}
