/**
 * The real web server over a real Device (src/device) on the device tests'
 * fake phone, with in-memory settings and logins (root/root admin, user/user
 * user), a virtual clock, no CJK font, and a switchable handset whose fallback
 * is a recording fake: what the phone-face routes and WebSocket are tested on.
 */
import type { FastifyInstance } from 'fastify';
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { PhoneSettings, WebAccounts } from '../../../src/config/index.js';
import { Device, deviceFonts } from '../../../src/device/index.js';
import { SwitchableAudioDevice, type AudioDevice } from '../../../src/media/index.js';
import type { PhoneModel } from '../../../src/phone/index.js';
import { createWebServer } from '../../../src/web/index.js';
import { FakePhone } from '../device/fake-phone.js';

export const ADMIN = `Basic ${Buffer.from('root:root').toString('base64')}`;
export const USER = `Basic ${Buffer.from('user:user').toString('base64')}`;

/** The headless handset stand-in: a constant microphone value, and what it was played. */
export class FakeHeadset implements AudioDevice {
  readonly name = 'fake-headless';
  readonly played: Int16Array[] = [];
  closed = false;
  readFrame(frame: Int16Array): boolean {
    frame.fill(7);
    return true;
  }
  writeFrame(frame: Int16Array): void {
    this.played.push(frame.slice());
  }
  close(): void {
    this.closed = true;
  }
}

export interface FaceServer {
  app: FastifyInstance;
  phone: FakePhone;
  device: Device;
  config: PhoneSettings;
  clock: VirtualClock;
  handset: SwitchableAudioDevice;
  headless: FakeHeadset;
}

export async function makeFaceServer(model: PhoneModel = 'ES330'): Promise<FaceServer> {
  const clock = new VirtualClock({ epoch: Date.UTC(2026, 1, 3, 9, 30) });
  const accounts = await WebAccounts.open(undefined);
  const config = await PhoneSettings.open({ model, accounts });
  const phone = new FakePhone(model, () => clock.wallTime());
  const device = new Device({ phone, settings: config.settings, clock, db: config.db, fonts: deviceFonts(undefined) });
  device.start();
  const headless = new FakeHeadset();
  const handset = new SwitchableAudioDevice(headless);
  const app = await createWebServer({ phone, accounts, config, clock, logger: nullLogger, version: '9.9.9-test', device, handset });
  app.addHook('onClose', async () => {
    device.stop();
    config.close();
  });
  return { app, phone, device, config, clock, handset, headless };
}
