import { mkdirSync } from 'node:fs';
import { NodeSocketFactory, SystemClock, createLogger, type Logger } from '../base/index.js';
import { WebAccounts } from '../config/index.js';
import { fileWavIo, openHeadlessHandset } from '../media/index.js';
import { Phone, defaultPhoneConfig, lineCount } from '../phone/index.js';
import { createWebServer } from '../web/index.js';
import { StartError, type StartOptions } from './start-options.js';
import { phoneMac } from './phone-identity.js';

export interface RunningPhone {
  phone: Phone;
  httpUrl: string;
  /** The web/API admin login is still the factory root/root. */
  defaultAdminPassword: boolean;
  stop(): Promise<void>;
}

/**
 * A bind failure as one line the user can act on (which port, which option),
 * instead of Node's `listen EADDRINUSE: address already in use ...`.
 */
export function describeBindError(err: unknown, what: 'SIP' | 'HTTP', host: string, port: number): unknown {
  const e = err as NodeJS.ErrnoException;
  const flag = what === 'SIP' ? '--sip-port' : '--http-port';
  const proto = what === 'HTTP' ? '' : e.syscall === 'bind' ? ' (UDP)' : e.syscall === 'listen' ? ' (TCP)' : '';
  const where = `${what} port ${port}${proto} on ${host}`;
  switch (e?.code) {
    case 'EADDRINUSE':
      return new StartError(`${where} is already in use (another phone or PBX running?): choose another with ${flag}`, { cause: err });
    case 'EACCES':
      return new StartError(`no permission to use ${where} (ports below 1024 need privileges): choose another with ${flag}`, { cause: err });
    case 'EADDRNOTAVAIL':
      return new StartError(`--bind ${host} is not an address of this machine`, { cause: err });
    default:
      return err;
  }
}

function makeDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new StartError(`cannot create the data directory ${dir} (${(err as NodeJS.ErrnoException).code ?? String(err)}): use --data`, { cause: err });
  }
}

/**
 * Build and start one phone with its HTTP API: the composition root of `sayhi start`.
 * Everything that can fail without touching the network (data directory, logins,
 * audio files) happens before the first port is bound; a failure after that stops
 * what was started, so the process can exit.
 */
export async function startPhone(opts: StartOptions, version: string, logger?: Logger): Promise<RunningPhone> {
  const log = logger ?? createLogger(opts.logLevel);
  const clock = new SystemClock();
  makeDataDir(opts.dataDir);
  const accounts = await WebAccounts.open(opts.dataDir);
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
  try {
    await phone.start();
  } catch (err) {
    await phone.stop(0).catch(() => {});
    throw describeBindError(err, 'SIP', opts.bind, opts.sipPort);
  }
  let address: string;
  const web = await createWebServer({ phone, accounts, clock, logger: log.child({ layer: 'web' }), version });
  try {
    address = await web.listen({ port: opts.httpPort, host: opts.bind });
  } catch (err) {
    await phone.stop();
    throw describeBindError(err, 'HTTP', opts.bind, opts.httpPort);
  }
  const defaultAdminPassword = accounts.usesDefaultPassword('admin');
  if (defaultAdminPassword) log.warn('the web/API admin password is still the factory default (root/root): change it');
  return {
    phone,
    httpUrl: address,
    defaultAdminPassword,
    stop: async () => {
      // the API first, so no command arrives while the lines un-register
      await web.close();
      await phone.stop();
    },
  };
}
