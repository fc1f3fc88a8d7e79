import { TypedEvents, nullLogger, randomToken, type Clock, type Logger, type SocketFactory } from '../base/index.js';
import {
  MemorySettingsBackend,
  Settings,
  createDefaultRegistry,
  openMemoryPhoneDatabase,
  type PhoneDatabase,
  type SettingValue,
} from '../config/index.js';
import {
  MediaClock,
  RtpPortAllocator,
  createDefaultCodecRegistry,
  type AudioDevice,
  type CodecRegistry,
  type RtpPortPair,
} from '../media/index.js';
import {
  NodeDnsResolver,
  TransportManager,
  formatUri,
  type InviteServerTransaction,
  type ReceivedMessage,
  type SipDnsResolver,
  type SipRequest,
} from '../sip/index.js';
import { IncomingCall, UaCore, type OutgoingCall } from '../sip-ua/index.js';
import { Call, type CallServices } from './call.js';
import { createIncomingSession, createOutgoingSession } from './call-factory.js';
import { ConferenceControl, type ConferenceExit } from './conference-control.js';
import { EarpieceMixer } from './features/earpiece-mixer.js';
import { defaultFeatures, serviceHub, type ServiceHub } from './features/index.js';
import { Line } from './line.js';
import { LineSwitching } from './line-switching.js';
import { followSettings, reconfigureLines, startOnlyChanges, type ApplyConfigResult } from './live-config.js';
import type { PhoneConfig } from './phone-config.js';
import type { DialOptions, PhoneContext, PlaceCallOptions } from './phone-context.js';
import { PhoneError } from './phone-errors.js';
import type { IncomingDecision, IncomingInvite, PhoneFeature } from './phone-feature.js';
import type { CallInfo, PhoneEvents, PhoneStatus } from './phone-types.js';
import { Transferor } from './transfer.js';
import { takeOverReplaced } from './transfer-target.js';
import { Transferee } from './transfer-transferee.js';
import { PhoneTime } from './time/index.js';


export interface PhoneOptions {
  config: PhoneConfig;
  clock: Clock;
  sockets: SocketFactory;
  /** The handset (headless WAV/tone device, or the browser's). */
  device: AudioDevice;
  logger?: Logger;
  resolver?: SipDnsResolver;
  version: string;
  /** PEM certificate and key for a SIP TLS listener (none: TLS is client-only). */
  tlsCert?: { cert: string; key: string };
  /**
   * The settings `config` was read from (phoneConfigFromSettings). The phone follows
   * their 'changed' events: a changed account is applied to its line at once.
   */
  settings?: Settings;
  /** Call history, phonebook, banlist...; in memory when absent. */
  db?: PhoneDatabase;
  /** The call features, in hook order (see phone-feature.ts). */
  features?: Array<(ctx: PhoneContext) => PhoneFeature>;
}

/** How long an ended call stays in calls() so surfaces can show how it ended. */
const ENDED_CALL_LINGER_MS = 30_000;

/**
 * One phone: its lines, its calls, its SIP stack and media engine, and the
 * command table and event stream every surface uses (baresip's ua + bevent).
 */
/**
 * The phone's machinery: SIP stack, lines, calls and their media, the features
 * and their hook points, start and stop. Phone (phone.ts) adds the command
 * table every surface uses on top of it.
 */
export abstract class PhoneCore {
  readonly events = new TypedEvents<PhoneEvents>();
  private current: PhoneConfig;
  protected readonly clock: Clock;
  protected readonly logger: Logger;
  private readonly resolver: SipDnsResolver;
  private readonly codecs: CodecRegistry = createDefaultCodecRegistry();
  private readonly mediaClock: MediaClock;
  private readonly ports: RtpPortAllocator;
  private readonly device: AudioDevice;
  /** The handset with local tones (call waiting...) mixed into the earpiece. */
  private readonly earpiece: EarpieceMixer;
  protected transport: TransportManager | undefined;
  protected core: UaCore | undefined;
  protected lines: Line[] = [];
  protected readonly callMap = new Map<string, Call>();
  /** Which call has the handset; answering/dialing holds the current call (line-switching.ts). */
  protected readonly lineSwitching: LineSwitching;
  protected readonly conferences: ConferenceControl;
  protected readonly transferor: Transferor;
  private readonly transferee: Transferee;
  private offSettings: (() => void) | undefined;
  protected readonly settings: Settings;
  private readonly db: PhoneDatabase;
  protected readonly ctx: PhoneContext;
  protected readonly features: PhoneFeature[];
  /** The phone's clock: SNTP, the registrar's Date header or a manual offset on the host's (time/phone-time.ts). */
  readonly time: PhoneTime;

  constructor(private readonly opts: PhoneOptions) {
    this.current = opts.config;
    this.clock = opts.clock;
    this.logger = opts.logger ?? nullLogger;
    this.resolver = opts.resolver ?? new NodeDnsResolver();
    this.earpiece = new EarpieceMixer(opts.device);
    this.device = this.earpiece;
    this.mediaClock = new MediaClock({ clock: opts.clock, onHandlerError: (e) => this.logger.error('media tick failed', { error: String(e) }) });
    this.ports = new RtpPortAllocator({
      sockets: opts.sockets,
      address: opts.config.bindAddress,
      range: { min: opts.config.rtpPortMin, max: opts.config.rtpPortMax },
    });
    this.settings = opts.settings ?? new Settings(createDefaultRegistry(opts.config.model), new MemorySettingsBackend());
    this.db = opts.db ?? openMemoryPhoneDatabase();
    const logger = this.logger.child({ layer: 'call' });
    this.lineSwitching = new LineSwitching({
      device: this.device,
      mediaClock: this.mediaClock,
      logger,
      calls: () => [...this.callMap.values()],
      holdTone: () => ({ enabled: this.settings.get('call.holdTone') === true, intervalS: Number(this.settings.get('call.holdToneInterval')) }),
    });
    this.transferor = new Transferor({ logger, call: (id) => this.callMap.get(id), line: (n) => this.lines[n - 1] });
    this.transferee = new Transferee({ clock: this.clock, logger, line: (n) => this.lines[n - 1], placeCall: (o) => this.placeCall(o) });
    this.conferences = new ConferenceControl({
      clock: this.clock,
      mediaClock: this.mediaClock,
      logger,
      lineSwitching: this.lineSwitching,
      exitSetting: () => this.settings.get('call.conferenceExit') as ConferenceExit,
      transfer: (call, request) => this.transferor.transfer(call, request, { holdFirst: false }),
    });
    this.ctx = this.makeContext();
    this.features = (opts.features ?? defaultFeatures()).map((make) => make(this.ctx));
    this.time = new PhoneTime({ clock: opts.clock, sockets: opts.sockets, settings: this.settings, logger: this.logger, bindAddress: opts.config.bindAddress });
  }

  /** The dial pipeline (features' rewriteDial, then placeCall): the command table's, used by features too. */
  abstract dial(to: string, opts?: DialOptions): Promise<{ id: string }>;

  /** The configuration in effect (accounts follow live changes; ports and timers are those of the start). */
  get config(): PhoneConfig {
    return this.current;
  }

  /**
   * Apply a new configuration while running: each line whose account changed is
   * reconfigured (re-registered when the registration changed, un-registered when
   * disabled). Ports, bind address, RTP range and SIP timers are read at start:
   * they are reported in `atNextStart` and take effect at the next start.
   */
  async applyConfig(next: PhoneConfig): Promise<ApplyConfigResult> {
    const atNextStart = startOnlyChanges(this.current, next);
    this.current = { ...this.current, accounts: next.accounts.map((a) => ({ ...a, codecs: [...a.codecs] })) };
    const result = { lines: await reconfigureLines(this.lines, next.accounts), atNextStart };
    const changed = result.lines.filter((l) => l.result !== 'unchanged');
    if (changed.length > 0 || atNextStart.length > 0) {
      this.logger.info('configuration applied', { lines: changed.map((l) => `${l.line}:${l.result}`).join(' '), atNextStart: atNextStart.join(' ') });
    }
    return result;
  }

  /** Local SIP ports once started. */
  get sipPorts(): { udp?: number; tcp?: number; tls?: number } {
    const t = this.transport;
    return {
      ...(t?.listening('udp') ? { udp: t.listening('udp')!.port } : {}),
      ...(t?.listening('tcp') ? { tcp: t.listening('tcp')!.port } : {}),
      ...(t?.listening('tls') ? { tls: t.listening('tls')!.port } : {}),
    };
  }

  async start(): Promise<void> {
    const c = this.config;
    const targets: Record<string, { verify?: boolean }> = {};
    for (const a of c.accounts) if (a.enabled && a.transport === 'tls' && !a.tlsVerify && a.server) targets[a.server.replace(/:\d+$/, '')] = { verify: false };
    this.transport = await TransportManager.start({
      factory: this.opts.sockets,
      clock: this.clock,
      logger: this.logger.child({ layer: 'transport' }),
      udp: { host: c.bindAddress, port: c.sipPort },
      tcp: { host: c.bindAddress, port: c.sipPort },
      tls: { host: c.bindAddress, port: c.sipPort === 0 ? 0 : c.sipPort + 1, listen: !!this.opts.tlsCert },
      tlsSettings: { ca: c.tlsCa, targets, ...(this.opts.tlsCert ?? {}) },
    });
    this.core = new UaCore({
      transport: this.transport,
      clock: this.clock,
      logger: this.logger.child({ layer: 'ua' }),
      timers: { t1: c.t1, t2: c.t2, t4: c.t4 },
      userAgent: `${c.userAgent} ${this.opts.version}`,
    });
    this.core.delegate = {
      onInvite: (tx, rx) => void this.onInvite(tx, rx),
      onCancel: (tx) => this.findIncoming(tx)?.cancelled(),
      onOtherRequest: (tx, rx) => {
        const core = this.requireCore();
        const incoming = { request: rx.message, source: rx.source, line: this.lineForRequest(rx.message), respond: (status: number, opts = {}) => void core.respond(tx, status, opts) };
        try {
          return this.features.some((f) => f.onRequest?.(incoming) === true);
        } catch (err) {
          // a feature's bug must not leave the request unanswered (the sender would retransmit for 32 s)
          this.logger.error('request handler failed', { method: rx.message.method, error: (err as Error).message });
          core.respond(tx, 500);
          return true;
        }
      },
    };
    this.transport.onConnectionClosed((id) => this.lines.forEach((l) => l.connectionLost(id)));
    this.lines = c.accounts.map((a, i) => new Line(i + 1, a, this.core!, this.resolver));
    for (const line of this.lines) {
      line.events.on('status', (s) => this.events.emit('registration', s));
      line.events.on('serverDate', (date) => this.time.sipServerDate(date));
      line.start();
    }
    this.mediaClock.start();
    this.time.start();
    if (this.opts.settings) this.offSettings = followSettings(this.opts.settings, this, this.logger);
    for (const f of this.features) await f.start?.();
  }

  /** Hang up, un-register (bounded wait), close sockets. */
  async stop(timeoutMs = 3000): Promise<void> {
    this.offSettings?.();
    this.offSettings = undefined;
    this.time.stop();
    for (const f of this.features) await Promise.resolve(f.stop?.()).catch(() => {});
    const work = Promise.all([
      ...[...this.callMap.values()].map((c) => c.session.hangup().catch(() => {})),
      ...this.lines.map((l) => l.stop().catch(() => {})),
    ]);
    await Promise.race([work, new Promise<void>((r) => this.clock.setTimer(timeoutMs, r))]);
    this.conferences.close();
    this.lineSwitching.close();
    this.mediaClock.stop();
    this.core?.close();
    await this.transport?.close();
    await this.device.close();
  }

  status(): PhoneStatus {
    const status: PhoneStatus = {
      model: this.config.model,
      mac: this.config.mac,
      version: this.opts.version,
      lines: this.lines.map((l) => l.status()),
      calls: this.calls(),
    };
    for (const f of this.features) f.decorateStatus?.(status);
    return status;
  }

  calls(): CallInfo[] {
    return [...this.callMap.values()].map((c) => c.snapshot());
  }

  /** Place a call to a URI on a line (the dial pipeline's last step; features use it too). */
  async placeCall(opts: PlaceCallOptions): Promise<Call> {
    this.requireCore();
    for (const f of this.features) if (f.prepareCall) opts = f.prepareCall(opts);
    const { session, ports, remote } = await createOutgoingSession(this.ctx, opts);
    const call = this.addCall(opts.line.number, 'outgoing', session, remote, undefined, ports);
    for (const f of this.features) f.onCallAdded?.(call);
    session.start();
    this.lineSwitching.focus(call);
    return call;
  }

  /** One of the keys-and-services features (absent when the phone was built without it). */
  protected service<K extends keyof ServiceHub>(name: K): NonNullable<ServiceHub[K]> {
    const f = serviceHub(this.ctx)[name];
    if (!f) throw new PhoneError('PHONE_BAD_STATE', `this phone runs without the ${name} feature`);
    return f as NonNullable<ServiceHub[K]>;
  }

  protected feature<T extends PhoneFeature>(name: string): T {
    const f = this.features.find((x) => x.name === name);
    if (!f) throw new PhoneError('PHONE_BAD_STATE', `this phone runs without the ${name} feature`);
    return f as T;
  }

  // ---- incoming calls ----------------------------------------------------------------

  private async onInvite(tx: InviteServerTransaction, rx: ReceivedMessage<SipRequest>): Promise<void> {
    const core = this.requireCore();
    const req = rx.message;
    const line = this.lineForRequest(req);
    const made = await createIncomingSession(this.ctx, line, tx, rx);
    if (!made) {
      core.respond(tx, 486, { reason: 'Busy Here (no RTP port)' });
      return;
    }
    const { session } = made;
    const from = req.from;
    const remote = from ? formatUri(from.uri) : 'unknown';
    const call = this.addCall(line.number, 'incoming', session, remote, from?.displayName, made.ports);
    if (session.offerProblem) {
      this.logger.info('incoming call refused: unusable offer', { reason: session.offerProblem });
      session.reject(488);
      return;
    }
    const invite: IncomingInvite = { call, session, line, request: req, source: rx.source, anonymous: isAnonymous(req) };
    // RFC 3891: a call that takes another's place (transfer target) is answered at once, not screened
    const replaced = takeOverReplaced(call, session, {
      logger: this.logger,
      calls: () => [...this.callMap.values()],
      takePlace: (old, next) => {
        this.conferences.replace(old, next);
        this.lineSwitching.replace(old, next);
      },
    });
    if (replaced) {
      for (const f of this.features) f.onCallAdded?.(call, invite);
      return;
    }
    let decision: IncomingDecision = { action: 'ring' };
    for (const f of this.features) {
      const d = f.screenIncoming?.(invite);
      if (d) {
        decision = d;
        break;
      }
    }
    if (decision.action === 'reject') session.reject(decision.status, decision.reason);
    else if (decision.action === 'redirect') session.redirect(decision.target);
    else session.ring(180);
    for (const f of this.features) f.onCallAdded?.(call, invite);
  }

  private lineForRequest(req: SipRequest): Line {
    const user = /^sips?:([^@;]+)@/i.exec(req.uri)?.[1] ?? req.to?.uri.user;
    return (
      this.lines.find((l) => l.enabled && l.config.user === user) ??
      this.lines.find((l) => l.enabled) ??
      this.lines[0]!
    );
  }

  private findIncoming(tx: InviteServerTransaction): IncomingCall | undefined {
    for (const c of this.callMap.values()) if (c.session instanceof IncomingCall && c.session.tx === tx) return c.session;
    return undefined;
  }

  // ---- helpers -----------------------------------------------------------------------

  private addCall(
    line: number,
    direction: 'incoming' | 'outgoing',
    session: OutgoingCall | IncomingCall,
    remote: string,
    remoteName: string | undefined,
    ports: RtpPortPair,
  ): Call {
    const call = new Call({
      id: randomToken(8),
      line,
      direction,
      session,
      remote,
      ...(remoteName ? { remoteName } : {}),
      ports,
      dtmfMode: this.lines[line - 1]?.config.dtmfMode ?? 'rfc2833',
      services: this.callServices(),
    });
    this.callMap.set(call.id, call);
    call.events.on('change', (info) => {
      this.events.emit('call', info);
      if (info.state === 'ended') this.clock.setTimer(ENDED_CALL_LINGER_MS, () => this.callMap.delete(call.id));
      this.conferences.callChanged(call);
      this.lineSwitching.refresh();
    });
    call.events.on('dtmf', (e) => this.events.emit('dtmf', e));
    this.transferee.follow(call);
    this.events.emit('call', call.snapshot());
    return call;
  }

  private callServices(): CallServices {
    return {
      clock: this.clock,
      mediaClock: this.mediaClock,
      codecs: this.codecs,
      logger: this.logger.child({ layer: 'call' }),
      acquireDevice: (call) => this.lineSwitching.deviceFor(call),
      // the call's 'change' to ended moves the handset on (addCall)
      releaseDevice: () => {},
    };
  }

  private makeContext(): PhoneContext {
    return {
      clock: this.clock,
      logger: this.logger,
      events: this.events,
      setting: <T extends SettingValue>(key: string) => this.settings.get(key) as T,
      settings: this.settings,
      db: this.db,
      config: () => this.config,
      lines: () => this.lines,
      calls: () => [...this.callMap.values()],
      call: (id) => this.callMap.get(id),
      core: () => this.requireCore(),
      transport: () => {
        if (!this.transport) throw new PhoneError('PHONE_BAD_STATE', 'the phone is not started');
        return this.transport;
      },
      resolver: this.resolver,
      codecs: this.codecs,
      mediaClock: this.mediaClock,
      ports: this.ports,
      device: this.device,
      earpiece: this.earpiece,
      placeCall: (o) => this.placeCall(o),
      dial: (to, o) => this.dial(to, o),
      sockets: this.opts.sockets,
    };
  }

  protected pickLine(n: number | undefined) {
    if (n !== undefined) {
      const line = this.lines[n - 1];
      if (!line) throw new PhoneError('PHONE_NO_SUCH_LINE', `no line ${n} on the ${this.config.model}`);
      return line;
    }
    return (
      this.lines.find((l) => l.status().state === 'registered') ??
      this.lines.find((l) => l.hasServer) ??
      this.lines.find((l) => l.enabled) ??
      this.lines[0]!
    );
  }

  protected requireCall(id: string): Call {
    const call = this.callMap.get(id);
    if (!call) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${id}`);
    return call;
  }

  protected requireCore(): UaCore {
    if (!this.core) throw new PhoneError('PHONE_BAD_STATE', 'the phone is not started');
    return this.core;
  }
}

/** RFC 3323: an anonymous caller (From anonymous, or Privacy: id). */
function isAnonymous(req: SipRequest): boolean {
  const from = req.from;
  const user = from?.uri.user?.toLowerCase();
  const name = from?.displayName?.toLowerCase();
  if (user === 'anonymous' || name === 'anonymous' || from?.uri.host.toLowerCase() === 'anonymous.invalid') return true;
  return req.tokens('Privacy').some((t) => t === 'id' || t === 'user');
}
