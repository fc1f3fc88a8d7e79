import { TypedEvents, nullLogger, randomToken, type Clock, type Logger, type SocketFactory } from '../base/index.js';
import {
  MediaClock,
  RtpPortAllocator,
  createDefaultCodecRegistry,
  type AudioDevice,
  type CodecRegistry,
  type RtpPortPair,
} from '../media/index.js';
import {
  DigestClient,
  NodeDnsResolver,
  TargetIterator,
  TransportManager,
  formatUri,
  makeUri,
  type InviteServerTransaction,
  type ReceivedMessage,
  type SipDnsResolver,
  type SipRequest,
  type TargetGroup,
} from '../sip/index.js';
import type { Settings } from '../config/index.js';
import { IncomingCall, OutgoingCall, UaCore, targetsForUri } from '../sip-ua/index.js';
import { Call, type CallServices } from './call.js';
import { sdpCodecsFor } from './call-media.js';
import { parseDialTarget } from './dial-target.js';
import { DTMF_DIGITS_RE } from './dtmf-info.js';
import { Line } from './line.js';
import { followSettings, reconfigureLines, startOnlyChanges, type ApplyConfigResult } from './live-config.js';
import type { PhoneConfig } from './phone-config.js';
import { PhoneError } from './phone-errors.js';
import type { CallInfo, PhoneCommands, PhoneEvents, PhoneStatus } from './phone-types.js';

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
}

/** How long an ended call stays in calls() so surfaces can show how it ended. */
const ENDED_CALL_LINGER_MS = 30_000;

/**
 * One phone: its lines, its calls, its SIP stack and media engine, and the
 * command table and event stream every surface uses (baresip's ua + bevent).
 */
export class Phone implements PhoneCommands {
  readonly events = new TypedEvents<PhoneEvents>();
  private current: PhoneConfig;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly resolver: SipDnsResolver;
  private readonly codecs: CodecRegistry = createDefaultCodecRegistry();
  private readonly mediaClock: MediaClock;
  private readonly ports: RtpPortAllocator;
  private readonly device: AudioDevice;
  private transport: TransportManager | undefined;
  private core: UaCore | undefined;
  private lines: Line[] = [];
  private readonly callMap = new Map<string, Call>();
  private deviceOwner: Call | undefined;
  private offSettings: (() => void) | undefined;

  constructor(private readonly opts: PhoneOptions) {
    this.current = opts.config;
    this.clock = opts.clock;
    this.logger = opts.logger ?? nullLogger;
    this.resolver = opts.resolver ?? new NodeDnsResolver();
    this.device = opts.device;
    this.mediaClock = new MediaClock({ clock: opts.clock, onHandlerError: (e) => this.logger.error('media tick failed', { error: String(e) }) });
    this.ports = new RtpPortAllocator({
      sockets: opts.sockets,
      address: opts.config.bindAddress,
      range: { min: opts.config.rtpPortMin, max: opts.config.rtpPortMax },
    });
  }

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
    };
    this.transport.onConnectionClosed((id) => this.lines.forEach((l) => l.connectionLost(id)));
    this.lines = c.accounts.map((a, i) => new Line(i + 1, a, this.core!, this.resolver));
    for (const line of this.lines) {
      line.events.on('status', (s) => this.events.emit('registration', s));
      line.start();
    }
    this.mediaClock.start();
    if (this.opts.settings) this.offSettings = followSettings(this.opts.settings, this, this.logger);
  }

  /** Hang up, un-register (bounded wait), close sockets. */
  async stop(timeoutMs = 3000): Promise<void> {
    this.offSettings?.();
    this.offSettings = undefined;
    const work = Promise.all([
      ...[...this.callMap.values()].map((c) => c.session.hangup().catch(() => {})),
      ...this.lines.map((l) => l.stop().catch(() => {})),
    ]);
    await Promise.race([work, new Promise<void>((r) => this.clock.setTimer(timeoutMs, r))]);
    this.mediaClock.stop();
    this.core?.close();
    await this.transport?.close();
    await this.device.close();
  }

  status(): PhoneStatus {
    return {
      model: this.config.model,
      mac: this.config.mac,
      version: this.opts.version,
      lines: this.lines.map((l) => l.status()),
      calls: this.calls(),
    };
  }

  calls(): CallInfo[] {
    return [...this.callMap.values()].map((c) => c.snapshot());
  }

  async dial(to: string, opts: { line?: number } = {}): Promise<{ id: string }> {
    const core = this.requireCore();
    const line = this.pickLine(opts.line);
    const target = parseDialTarget(to, line.domain, line.transport);
    if (!target.ok) throw new PhoneError('PHONE_BAD_TARGET', target.reason);
    const uri = target.uri;
    const a = line.config;
    const viaServer = line.hasServer && (uri.host === line.domain || a.outboundProxy !== '');
    let iterator: TargetIterator;
    if (viaServer) {
      iterator = await line.locate();
    } else {
      const list = await targetsForUri(uri, line.transport, this.resolver).catch(() => []);
      iterator = new TargetIterator([{ label: 'direct', targets: list } as TargetGroup]);
    }
    const first = iterator.current?.target;
    if (!first) throw new PhoneError('PHONE_BAD_TARGET', `no address for ${formatUri(uri)}`);
    const local = this.transport!.localAddress(first.protocol, first);
    const pair = await this.ports.allocate();
    if (!pair.ok) throw new PhoneError('PHONE_LINE_BUSY', 'no free RTP port');
    const user = a.user || 'sayhi';
    const fromHost = line.domain ?? local.host;
    const session = new OutgoingCall({
      core,
      target: uri,
      from: { ...(a.displayName ? { displayName: a.displayName } : {}), uri: makeUri({ user, host: fromHost }), params: new Map() },
      to: { uri, params: new Map() },
      targets: iterator,
      ...(viaServer && line.outboundRoute() ? { route: line.outboundRoute()! } : {}),
      local: { address: local.host, port: pair.value.rtpPort, codecs: sdpCodecsFor(a.codecs, this.codecs, a.rfc2833Payload) },
      transport: first.protocol,
      resolver: this.resolver,
      contact: this.contactFor(user, first.protocol, local),
      ...(line.hasServer ? { auth: this.digestFor(line) } : {}),
      extraHeaders: this.sessionHeaders(),
    });
    const call = this.addCall(line.number, 'outgoing', session, formatUri(uri), undefined, pair.value);
    session.start();
    return { id: call.id };
  }

  async answer(callId: string): Promise<void> {
    const call = this.requireCall(callId);
    if (!(call.session instanceof IncomingCall) || call.state !== 'ringing') {
      throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    }
    if (!call.session.answer()) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} could not be answered`);
  }

  async hangup(callId: string): Promise<void> {
    const call = this.requireCall(callId);
    if (call.state === 'ended') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} has ended`);
    await call.session.hangup();
  }

  async reject(callId: string, status = 486): Promise<void> {
    const call = this.requireCall(callId);
    if (!(call.session instanceof IncomingCall) || call.state !== 'ringing') {
      throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not ringing`);
    }
    call.session.reject(status);
  }

  /**
   * Put a connected call on hold (re-INVITE with a=sendonly, RFC 3264 §8.4).
   * Resolves true when the far end accepted it; false when it refused (the call goes on).
   */
  async hold(callId: string): Promise<boolean> {
    const call = this.requireCall(callId);
    if (call.state !== 'connected') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not connected`);
    return call.hold();
  }

  /** Take a call we hold off hold (re-INVITE with a=sendrecv). */
  async resume(callId: string): Promise<boolean> {
    const call = this.requireCall(callId);
    if (call.state !== 'held') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}, not held`);
    return call.resume();
  }

  async sendDtmf(callId: string, digits: string): Promise<void> {
    if (!DTMF_DIGITS_RE.test(digits)) throw new PhoneError('PHONE_BAD_DIGITS', `"${digits}" is not DTMF (0-9 * # A-D, up to 32)`);
    const call = this.requireCall(callId);
    if (call.state !== 'connected' && call.state !== 'early') throw new PhoneError('PHONE_BAD_STATE', `call ${callId} is ${call.state}`);
    if (!(await call.sendDtmf(digits))) throw new PhoneError('PHONE_BAD_STATE', `call ${callId} cannot send DTMF now`);
  }

  // ---- incoming calls ----------------------------------------------------------------

  private async onInvite(tx: InviteServerTransaction, rx: ReceivedMessage<SipRequest>): Promise<void> {
    const core = this.requireCore();
    const req = rx.message;
    const line = this.lineForRequest(req);
    const pair = await this.ports.allocate();
    if (!pair.ok) {
      core.respond(tx, 486, { reason: 'Busy Here (no RTP port)' });
      return;
    }
    const a = line.config;
    const local = this.transport!.localAddress(rx.source.protocol, rx.source);
    const session = new IncomingCall({
      core,
      tx,
      request: rx,
      local: { address: local.host, port: pair.value.rtpPort, codecs: sdpCodecsFor(a.codecs, this.codecs, a.rfc2833Payload) },
      transport: rx.source.protocol,
      resolver: this.resolver,
      contact: this.contactFor(a.user || 'sayhi', rx.source.protocol, local),
      ...(line.hasServer ? { auth: this.digestFor(line) } : {}),
      extraHeaders: this.sessionHeaders(),
    });
    const from = req.from;
    const remote = from ? formatUri(from.uri) : 'unknown';
    this.addCall(line.number, 'incoming', session, remote, from?.displayName, pair.value);
    if (session.offerProblem) {
      this.logger.info('incoming call refused: unusable offer', { reason: session.offerProblem });
      session.reject(488);
      return;
    }
    session.ring(180);
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
    });
    call.events.on('dtmf', (e) => this.events.emit('dtmf', e));
    this.events.emit('call', call.snapshot());
    return call;
  }

  private callServices(): CallServices {
    return {
      clock: this.clock,
      mediaClock: this.mediaClock,
      codecs: this.codecs,
      logger: this.logger.child({ layer: 'call' }),
      acquireDevice: (call) => {
        if (this.deviceOwner && this.deviceOwner !== call && this.deviceOwner.state !== 'ended') return undefined;
        this.deviceOwner = call;
        return this.device;
      },
      releaseDevice: (call) => {
        if (this.deviceOwner === call) this.deviceOwner = undefined;
      },
    };
  }

  private contactFor(user: string, protocol: 'udp' | 'tcp' | 'tls', local: { host: string; port: number }) {
    // RFC 3261 §8.1.1.8: a sips: Contact over TLS; transport=tcp over TCP
    const uri = makeUri({
      ...(protocol === 'tls' ? { scheme: 'sips' as const } : {}),
      user,
      host: local.host,
      port: local.port,
      ...(protocol === 'tcp' ? { params: { transport: 'tcp' } } : {}),
    });
    return { uri, params: new Map<string, string | null>() };
  }

  private digestFor(line: Line): DigestClient {
    const a = line.config;
    return new DigestClient({
      credentials: { username: a.user, password: a.password, ...(a.authName ? { authUsername: a.authName } : {}) },
    });
  }

  private sessionHeaders(): Array<[string, string]> {
    return [
      ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE'],
      ['User-Agent', this.core!.userAgent],
    ];
  }

  private pickLine(n: number | undefined) {
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

  private requireCall(id: string): Call {
    const call = this.callMap.get(id);
    if (!call) throw new PhoneError('PHONE_NO_SUCH_CALL', `no call ${id}`);
    return call;
  }

  private requireCore(): UaCore {
    if (!this.core) throw new PhoneError('PHONE_BAD_STATE', 'the phone is not started');
    return this.core;
  }
}
