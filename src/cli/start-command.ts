import { mkdirSync } from 'node:fs';
import { NodeSocketFactory, SystemClock, createLogger, type Logger } from '../base/index.js';
import { WebAccounts } from '../config/index.js';
import { fileWavIo, openHeadlessHandset } from '../media/index.js';
import { Phone, defaultPhoneConfig, lineCount } from '../phone/index.js';
import { createWebServer } from '../web/index.js';
import type { StartOptions } from './start-options.js';
import { phoneMac } from './phone-identity.js';

export interface RunningPhone {
  phone: Phone;
  httpUrl: string;
  stop(): Promise<void>;
}

/** Build and start one phone with its HTTP API: the composition root of `sayhi start`. */
export async function startPhone(opts: StartOptions, version: string, logger?: Logger): Promise<RunningPhone> {
  const log = logger ?? createLogger(opts.logLevel);
  const clock = new SystemClock();
  mkdirSync(opts.dataDir, { recursive: true });
  const config = defaultPhoneConfig(opts.model);
  config.mac = phoneMac(opts.dataDir, opts.mac);
  config.sipPort = opts.sipPort;
  config.bindAddress = opts.bind;
  config.rtpPortMin = opts.rtpPortMin;
  config.rtpPortMax = opts.rtpPortMax;
  config.tlsCa = opts.tlsCa;
  opts.accounts.forEach((a, i) => {
    if (i < lineCount(opts.model)) config.accounts[i] = a;
  });
  const device = await openHeadlessHandset(
    { ...(opts.play ? { play: opts.play } : {}), ...(opts.record ? { record: opts.record } : {}), loop: true },
    fileWavIo,
  );
  const phone = new Phone({ config, clock, sockets: new NodeSocketFactory(), device, logger: log, version });
  await phone.start();
  const accounts = await WebAccounts.open(opts.dataDir);
  const web = await createWebServer({ phone, accounts, clock, logger: log.child({ layer: 'web' }), version });
  let address: string;
  try {
    address = await web.listen({ port: opts.httpPort, host: opts.bind });
  } catch (err) {
    await phone.stop();
    throw err;
  }
  if (accounts.usesDefaultPassword('admin')) {
    log.warn('the web/API admin password is still the factory default (root/root): change it');
  }
  return {
    phone,
    httpUrl: address,
    stop: async () => {
      await web.close();
      await phone.stop();
    },
  };
}
