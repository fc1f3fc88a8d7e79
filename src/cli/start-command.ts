import { mkdirSync } from 'node:fs';
import { NodeSocketFactory, SystemClock, createLogger, type Logger } from '../base/index.js';
import type { PhoneSettings } from '../config/index.js';
import { SwitchableAudioDevice, fileWavIo, openHeadlessHandset } from '../media/index.js';
import { Phone, phoneConfigFromSettings } from '../phone/index.js';
import { LdapDirectory } from '../directory/index.js';
import type * as DeviceLayer from '../device/index.js';
import type * as WebLayer from '../web/index.js';
import type { WebSecurity } from '../web/index.js';
// the log ring only (types and plain code): the rest of src/web brings Fastify, loaded after the phone starts
import { LogBuffer, RecordingLogger } from '../web/log-buffer.js';
import { StartError, type StartOptions } from './start-options.js';
import { hostFacts } from './host-facts.js';
import { phoneMac, phoneModel } from './phone-identity.js';
import { openPhoneStore } from './phone-store.js';
import { applyStartFlags, mergeStartConfig, runPorts } from './start-settings.js';

export interface RunningPhone {
  /** The phone of the current run (a web-page Reboot starts a new one). */
  readonly phone: Phone;
  /** Its settings, database and logins (closed by stop). */
  readonly config: PhoneSettings;
  readonly httpUrl: string;
  /** The management pages over HTTPS, when an HTTPS port was asked for. */
  readonly httpsUrl?: string;
  /** The web/API admin login is still the factory root/root. */
  defaultAdminPassword: boolean;
  /** Phone Maintenance > Reboot: stop everything and start again from the stored settings. */
  reboot(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `--https-port N` (issue #6): the management pages and API also over HTTPS, with
 * a self-signed certificate made in the data directory on the first start
 * (src/web/self-signed-cert.ts).
 */
export interface HttpsStartOption {
  httpsPort?: number;
}

/**
 * The face and the web layer are loaded once the phone has started
 * registering: importing Fastify and its plug-ins costs more CPU than the
 * whole phone, and DESIGN.md §5 counts start to "registered". Node caches
 * the modules, so a reboot does not load them again.
 */
type WebModule = typeof WebLayer;
type DeviceModule = typeof DeviceLayer;

function loadFaceAndWeb(): Promise<[DeviceModule, WebModule]> {
  return Promise.all([import('../device/index.js'), import('../web/index.js')]);
}

/** How long the web layer waits for the lines' first registration outcome before loading anyway. */
const WEB_LOAD_WAIT_MS = 200;

/**
 * Resolves when no line is registering any more, or after WEB_LOAD_WAIT_MS:
 * loading the web layer meanwhile would hold the 401 and 200 in the event
 * loop's queue behind module compilation.
 */
function registrationSettled(phone: Phone, clock: SystemClock): Promise<void> {
  const registering = () => phone.status().lines.some((l) => l.state === 'registering');
  if (!registering()) return Promise.resolve();
  return new Promise((done) => {
    const timer = clock.setTimer(WEB_LOAD_WAIT_MS, finish);
    const off = phone.events.on('registration', () => {
      if (!registering()) finish();
    });
    function finish(): void {
      timer.cancel();
      off();
      done();
    }
  });
}

/** One run of the phone: what a reboot stops and starts again. */
interface PhoneRun {
  phone: Phone;
  config: PhoneSettings;
  httpUrl: string;
  httpsUrl?: string;
  defaultAdminPassword: boolean;
  /** Ports this run bound, reused by a reboot when the command line said 0 (any). */
  bound: { sipPort: number; httpPort: number; httpsPort?: number };
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
export async function startPhone(opts: StartOptions & HttpsStartOption, version: string, logger?: Logger): Promise<RunningPhone> {
  const clock = new SystemClock();
  // the Log page shows the latest records, whatever goes to stderr
  const logBuffer = new LogBuffer(2000);
  const log = new RecordingLogger(logger ?? createLogger(opts.logLevel), logBuffer, () => clock.wallTime());
  makeDataDir(opts.dataDir);
  const model = phoneModel(opts.dataDir, opts.given && !opts.given.flags.includes('model') ? undefined : opts.model);
  const mac = phoneMac(opts.dataDir, opts.mac);
  // sessions and the login back-off outlive a reboot of the phone (a reboot logs everyone out)
  let security: WebSecurity | undefined;
  const webSecurity = (web: WebModule): WebSecurity => (security ??= web.createWebSecurity(clock));
  const shared = { opts, version, log, clock, model, mac, webSecurity, logBuffer };
  let run: PhoneRun;
  let rebooting: Promise<void> | undefined;
  const startRun = async (reuse?: PhoneRun['bound']): Promise<PhoneRun> => {
    const store = await openPhoneStore(opts.dataDir, model);
    try {
      return await startWithSettings(store, { ...shared, reuse, reboot: () => running.reboot() });
    } catch (err) {
      store.close();
      throw err;
    }
  };
  run = await startRun();
  const running: RunningPhone = {
    get phone() {
      return run.phone;
    },
    get config() {
      return run.config;
    },
    get httpUrl() {
      return run.httpUrl;
    },
    get httpsUrl() {
      return run.httpsUrl;
    },
    defaultAdminPassword: run.defaultAdminPassword,
    reboot: () => {
      rebooting ??= (async () => {
        log.warn('rebooting: stopping the phone and starting it again from the stored settings');
        const bound = run.bound;
        await run.stop();
        security?.sessions.destroyAll();
        run = await startRun(bound);
        running.defaultAdminPassword = run.defaultAdminPassword;
        log.info('reboot done', { http: run.httpUrl });
      })().finally(() => {
        rebooting = undefined;
      });
      return rebooting;
    },
    stop: async () => {
      await rebooting?.catch(() => undefined);
      await run.stop();
    },
  };
  return running;
}

/**
 * Settings first (the --config file, then the command-line options, each atomic),
 * then the phone as the settings describe it, then the API.
 */
async function startWithSettings(
  store: PhoneSettings,
  run: {
    opts: StartOptions & HttpsStartOption;
    version: string;
    log: Logger;
    clock: SystemClock;
    model: StartOptions['model'];
    mac: string;
    /** The sessions and login back-off shared by every run, made with the first web server. */
    webSecurity: (web: WebModule) => WebSecurity;
    logBuffer: LogBuffer;
    /** A reboot: the ports the previous run bound where the command line said 0. */
    reuse?: PhoneRun['bound'];
    reboot: () => Promise<void>;
  },
): Promise<PhoneRun> {
  const { opts, version, log, clock, model, mac } = run;
  if (opts.configFile) await mergeStartConfig(store, opts.configFile);
  await applyStartFlags(store, opts);
  store.markStarted();
  const ports = runPorts(store, opts);
  if (run.reuse && ports.sipPort === 0) ports.sipPort = run.reuse.sipPort;
  if (run.reuse && ports.httpPort === 0) ports.httpPort = run.reuse.httpPort;
  const config = phoneConfigFromSettings(store.settings, model, { mac, bindAddress: opts.bind, tlsCa: opts.tlsCa });
  config.sipPort = ports.sipPort;
  const headless = await openHeadlessHandset(
    { ...(opts.play ? { play: opts.play } : {}), ...(opts.record ? { record: opts.record } : {}), loop: true },
    fileWavIo,
  );
  // the handset: the headless one, or the browser's while a /phone page has audio on (issue #5)
  const handset = new SwitchableAudioDevice(headless);
  const phone = new Phone({ config, settings: store.settings, db: store.db, clock, sockets: new NodeSocketFactory(), device: handset, logger: log, version });
  try {
    await phone.start();
  } catch (err) {
    await phone.stop(0).catch(() => {});
    throw describeBindError(err, 'SIP', opts.bind, ports.sipPort);
  }
  let modules: [DeviceModule, WebModule];
  try {
    await registrationSettled(phone, clock);
    modules = await loadFaceAndWeb();
  } catch (err) {
    await phone.stop();
    throw err;
  }
  const [{ Device }, web] = modules;
  // the face (issue #5): LCD, keys, LEDs; the Mute key mutes whichever handset is in use
  const face = new Device({
    phone,
    settings: store.settings,
    db: store.db,
    clock,
    logger: log,
    reboot: () => void run.reboot(),
    systemInfo: () => hostFacts(phone.config.mac, version),
    time: phone.time,
    // Phone book > LDAP (manual §5): reads ldap.1/ldap.2 at each search, so web changes apply live
    directory: new LdapDirectory({ settings: store.settings }),
  });
  face.events.on('audio', (a) => (handset.microphoneMuted = a.mute));
  face.start();
  let address: string;
  const accounts = store.accounts;
  const ctx = { phone, accounts, config: store, clock, logger: log.child({ layer: 'web' }), version, device: face, handset, time: phone.time };
  const webOptions = { security: run.webSecurity(web), log: run.logBuffer, reboot: run.reboot };
  const server = await web.createWebServer(ctx, webOptions);
  try {
    address = await server.listen({ port: ports.httpPort, host: opts.bind });
  } catch (err) {
    face.stop();
    await phone.stop();
    throw describeBindError(err, 'HTTP', opts.bind, ports.httpPort);
  }
  let secure: { server: WebServer; url: string } | undefined;
  if (opts.httpsPort !== undefined) {
    try {
      secure = await startHttps(web, ctx, webOptions, { ...opts, httpsPort: run.reuse?.httpsPort ?? opts.httpsPort }, log);
    } catch (err) {
      await server.close();
      face.stop();
      await phone.stop();
      throw err;
    }
  }
  const defaultAdminPassword = accounts.usesDefaultPassword('admin');
  if (defaultAdminPassword) log.warn('the web/API admin password is still the factory default (root/root): change it');
  return {
    phone,
    config: store,
    httpUrl: address,
    ...(secure ? { httpsUrl: secure.url } : {}),
    defaultAdminPassword,
    bound: {
      sipPort: phone.sipPorts.udp ?? phone.sipPorts.tcp ?? ports.sipPort,
      httpPort: Number(new URL(address).port),
      ...(secure ? { httpsPort: Number(new URL(secure.url).port) } : {}),
    },
    stop: async () => {
      // the API first, so no command arrives while the lines un-register
      await secure?.server.close();
      await server.close();
      face.stop();
      await phone.stop();
      store.close();
    },
  };
}

type WebServer = Awaited<ReturnType<WebModule['createWebServer']>>;

/** The HTTPS server of the management pages: same routes, sessions and back-off; Secure cookies. */
async function startHttps(
  web: WebModule,
  ctx: Parameters<WebModule['createWebServer']>[0],
  webOptions: NonNullable<Parameters<WebModule['createWebServer']>[1]>,
  opts: StartOptions & { httpsPort: number },
  log: Logger,
): Promise<{ server: WebServer; url: string }> {
  const names = ['localhost', '127.0.0.1', '::1', ...(opts.bind !== '0.0.0.0' && opts.bind !== '::' ? [opts.bind] : [])];
  const cert = web.ensureWebCertificate(opts.dataDir, { names });
  if (!cert.ok) throw new StartError(`--https-port ${opts.httpsPort}: ${cert.reason}`);
  if (cert.created) log.info('made a self-signed HTTPS certificate', { file: cert.certFile, sha256: cert.fingerprint256, validTo: cert.validTo });
  const server = await web.createWebServer(ctx, { ...webOptions, https: { key: cert.key, cert: cert.cert } });
  try {
    const url = await server.listen({ port: opts.httpsPort, host: opts.bind });
    return { server, url };
  } catch (err) {
    await server.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EADDRINUSE') throw new StartError(`HTTPS port ${opts.httpsPort} on ${opts.bind} is already in use: choose another with --https-port`, { cause: err });
    throw err;
  }
}
