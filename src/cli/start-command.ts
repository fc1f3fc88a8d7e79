import { mkdirSync } from 'node:fs';
import { NodeSocketFactory, SystemClock, createLogger, type Logger } from '../base/index.js';
import type { PhoneSettings } from '../config/index.js';
import { fileWavIo, openHeadlessHandset } from '../media/index.js';
import { Phone, phoneConfigFromSettings } from '../phone/index.js';
import { createWebServer } from '../web/index.js';
import { StartError, type StartOptions } from './start-options.js';
import { phoneMac, phoneModel } from './phone-identity.js';
import { openPhoneStore } from './phone-store.js';
import { applyStartFlags, mergeStartConfig, runPorts } from './start-settings.js';

export interface RunningPhone {
  phone: Phone;
  /** Its settings, database and logins (closed by stop). */
  config: PhoneSettings;
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
  const model = phoneModel(opts.dataDir, opts.given && !opts.given.flags.includes('model') ? undefined : opts.model);
  const mac = phoneMac(opts.dataDir, opts.mac);
  const store = await openPhoneStore(opts.dataDir, model);
  try {
    return await startWithSettings(store, { opts, version, log, clock, model, mac });
  } catch (err) {
    store.close();
    throw err;
  }
}

/**
 * Settings first (the --config file, then the command-line options, each atomic),
 * then the phone as the settings describe it, then the API.
 */
async function startWithSettings(
  store: PhoneSettings,
  run: { opts: StartOptions; version: string; log: Logger; clock: SystemClock; model: StartOptions['model']; mac: string },
): Promise<RunningPhone> {
  const { opts, version, log, clock, model, mac } = run;
  if (opts.configFile) await mergeStartConfig(store, opts.configFile);
  await applyStartFlags(store, opts);
  store.markStarted();
  const ports = runPorts(store, opts);
  const config = phoneConfigFromSettings(store.settings, model, { mac, bindAddress: opts.bind, tlsCa: opts.tlsCa });
  config.sipPort = ports.sipPort;
  const device = await openHeadlessHandset(
    { ...(opts.play ? { play: opts.play } : {}), ...(opts.record ? { record: opts.record } : {}), loop: true },
    fileWavIo,
  );
  const phone = new Phone({ config, settings: store.settings, db: store.db, clock, sockets: new NodeSocketFactory(), device, logger: log, version });
  try {
    await phone.start();
  } catch (err) {
    await phone.stop(0).catch(() => {});
    throw describeBindError(err, 'SIP', opts.bind, ports.sipPort);
  }
  let address: string;
  const accounts = store.accounts;
  const web = await createWebServer({ phone, accounts, config: store, clock, logger: log.child({ layer: 'web' }), version });
  try {
    address = await web.listen({ port: ports.httpPort, host: opts.bind });
  } catch (err) {
    await phone.stop();
    throw describeBindError(err, 'HTTP', opts.bind, ports.httpPort);
  }
  const defaultAdminPassword = accounts.usesDefaultPassword('admin');
  if (defaultAdminPassword) log.warn('the web/API admin password is still the factory default (root/root): change it');
  return {
    phone,
    config: store,
    httpUrl: address,
    defaultAdminPassword,
    stop: async () => {
      // the API first, so no command arrives while the lines un-register
      await web.close();
      await phone.stop();
      store.close();
    },
  };
}
