import { TypedEvents } from '../base/index.js';
import {
  TransportManager,
  locateServers,
  parseUri,
  type SipDnsResolver,
  type SipUri,
  type TargetIterator,
  type TransportProtocol,
} from '../sip/index.js';
import { Registration, registrarUri, type RegistrationDetail, type RegistrationState, type UaCore } from '../sip-ua/index.js';
import type { AccountConfig } from './phone-config.js';
import type { LineState, LineStatus } from './phone-types.js';

/** What a reconfigure did: nothing, new values for the next calls only, or a new registration. */
export type LineReconfigureResult = 'unchanged' | 'updated' | 're-registered';

/** Fields that define the registration (RFC 3261 §10.2): a change means un-REGISTER, then REGISTER anew. */
const REGISTRATION_FIELDS = [
  'enabled',
  'displayName',
  'user',
  'authName',
  'password',
  'server',
  'secondaryServer',
  'outboundProxy',
  'secondaryOutboundProxy',
  'transport',
  'registerExpires',
  'pollingInterval',
  'dnsSrv',
  'tlsVerify',
  'keepAlive',
  'keepAliveInterval',
] as const satisfies ReadonlyArray<keyof AccountConfig>;

/** How long a reconfigure waits for the old binding's un-REGISTER before registering anew. */
const UNREGISTER_WAIT_MS = 4000;

function sameAccount(a: AccountConfig, b: AccountConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * One line key's account (the manual's "SIP Account" page): its registration
 * when a server is set, and the status the LCD icon and the API show.
 * Without a server the line still makes and takes direct calls by IP
 * (the manual's peer-to-peer mode).
 */
export class Line {
  /** serverDate: the registrar's Date header on each 2xx to REGISTER (the phone's "SIP server" time mode). */
  readonly events = new TypedEvents<{ status: [LineStatus]; serverDate: [date: string] }>();
  readonly number: number;
  private account: AccountConfig;
  private registration: Registration | undefined;
  private regState: RegistrationState = 'idle';
  private regDetail: RegistrationDetail = {};
  /** TCP/TLS: the connection our binding lives on (RFC 5626's "flow"), held open while registered. */
  private flow: { id: string; hold: { release(): void } | undefined } | undefined;
  private keepAlive: { stop(): void } | undefined;
  /** Reconfigures run one after another: a second change waits for the first un-REGISTER. */
  private reconfiguring: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    number: number,
    account: AccountConfig,
    private readonly core: UaCore,
    private readonly resolver: SipDnsResolver,
  ) {
    this.number = number;
    this.account = account;
  }

  get config(): AccountConfig {
    return this.account;
  }

  get enabled(): boolean {
    return this.account.enabled && this.account.user !== '';
  }

  get hasServer(): boolean {
    return this.enabled && this.account.server !== '';
  }

  get transport(): TransportProtocol {
    return this.account.transport;
  }

  /** Our domain: the server host, for From/To of calls on this line. */
  get domain(): string | undefined {
    if (!this.hasServer) return undefined;
    return registrarUri(this.account.server, this.account.transport)?.host;
  }

  start(): void {
    if (!this.hasServer) {
      this.emit();
      return;
    }
    const registrar = registrarUri(this.account.server, this.account.transport);
    if (!registrar) {
      this.regState = 'failed';
      this.regDetail = { reason: `bad SIP server "${this.account.server}"` };
      this.emit();
      return;
    }
    const a = this.account;
    this.registration = new Registration({
      core: this.core,
      user: a.user,
      domain: registrar.host,
      registrar,
      ...(a.displayName ? { displayName: a.displayName } : {}),
      ...(a.authName ? { authName: a.authName } : {}),
      password: a.password,
      transport: a.transport,
      expires: a.registerExpires,
      pollingInterval: a.pollingInterval,
      locate: () => this.locate(),
      ...(this.outboundRoute() ? { route: this.outboundRoute()! } : {}),
      onConnection: (id) => this.keepFlow(id),
    });
    const reg = this.registration;
    reg.events.on('state', (state, detail) => {
      if (this.registration !== reg) return; // an old binding finishing its un-REGISTER
      this.regState = state;
      this.regDetail = detail;
      if (state === 'registered') this.startKeepAlive();
      else this.stopKeepAlive();
      this.emit();
      if (state === 'registered' && detail.date) this.events.emit('serverDate', detail.date);
    });
    this.registration.start();
  }

  /** The registrar and secondary server (or the outbound proxies), in failover order. */
  locate(): Promise<TargetIterator> {
    const a = this.account;
    const scheme = a.transport === 'tls' ? 'sips' : 'sip';
    const servers: Array<{ label: string; uri: SipUri }> = [];
    const add = (label: string, hostport: string) => {
      if (!hostport) return;
      const uri = parseUri(`${scheme}:${hostport}`);
      if (!uri) return;
      if (a.transport === 'tcp') uri.params.set('transport', 'tcp');
      servers.push({ label, uri });
    };
    if (a.outboundProxy) {
      add('outbound proxy', a.outboundProxy);
      add('secondary outbound proxy', a.secondaryOutboundProxy);
    } else {
      add('primary', a.server);
      add('secondary', a.secondaryServer);
    }
    return locateServers(servers, { resolver: this.resolver, dnsSrv: a.dnsSrv, transport: a.transport });
  }

  /** Route header for the outbound proxy (RFC 3261 §8.1.2, loose routing). */
  outboundRoute(): string[] | undefined {
    const a = this.account;
    if (!a.outboundProxy) return undefined;
    const scheme = a.transport === 'tls' ? 'sips' : 'sip';
    const t = a.transport === 'tcp' ? ';transport=tcp' : '';
    return [`<${scheme}:${a.outboundProxy}${t};lr>`];
  }

  /**
   * A TCP/TLS connection closed. When it is the one our binding lives on,
   * register again at once: the registrar can no longer reach us through it
   * (RFC 5626 §4.4.1 "flow failure" in spirit). Other connections (calls, other
   * lines) are none of this line's business. Without an id (an older caller),
   * our connection counts as lost when it is no longer open.
   */
  connectionLost(connectionId?: string): void {
    const flow = this.flow;
    // No flow: not registered over a stream. The polling timer retries a failed
    // line; reacting to every close here could spin with a server that accepts
    // and drops connections.
    if (this.account.transport === 'udp' || !this.registration || !flow) return;
    const ours = connectionId !== undefined ? connectionId === flow.id : !this.transportManager()?.isConnectionOpen(flow.id);
    if (!ours) return;
    flow.hold?.release();
    this.flow = undefined;
    this.registration.refreshNow('connection lost');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unregister();
  }

  /**
   * Apply a changed account while the phone runs (issue #3: "changing a SIP account
   * re-registers; disabling it un-registers"). When only call parameters changed
   * (codecs, DTMF), the next call uses them and the binding stays. Otherwise the old
   * binding is removed (Expires: 0, RFC 3261 §10.2.2; waited for at most a few
   * seconds, so a dead old server does not hold up the new one) and the line
   * registers with the new account, if it is enabled and has a server.
   */
  reconfigure(next: AccountConfig): Promise<LineReconfigureResult> {
    const run = this.reconfiguring.then(async (): Promise<LineReconfigureResult> => {
      const prev = this.account;
      if (sameAccount(prev, next)) return 'unchanged';
      const rebind = this.stopped ? false : REGISTRATION_FIELDS.some((f) => prev[f] !== next[f]);
      if (!rebind) {
        this.account = { ...next };
        return 'updated';
      }
      let timer: { cancel(): void } | undefined;
      await Promise.race([
        this.unregister(),
        new Promise<void>((resolve) => (timer = this.core.clock.setTimer(UNREGISTER_WAIT_MS, resolve))),
      ]);
      timer?.cancel();
      this.registration = undefined; // a late answer to the old un-REGISTER no longer moves this line
      this.account = { ...next };
      this.regState = 'idle';
      this.regDetail = {};
      if (!this.stopped) this.start();
      return 're-registered';
    });
    this.reconfiguring = run.catch(() => undefined);
    return run;
  }

  private async unregister(): Promise<void> {
    this.stopKeepAlive();
    const reg = this.registration;
    await reg?.stop();
    if (this.registration === reg) this.registration = undefined;
    this.flow?.hold?.release();
    this.flow = undefined;
  }

  status(): LineStatus {
    const a = this.account;
    const s: LineStatus = {
      line: this.number,
      user: a.user,
      server: a.server,
      transport: a.transport,
      registered: this.regState === 'registered',
      state: this.lineState(),
    };
    if (this.regDetail.reason && (s.state === 'auth-failed' || s.state === 'failed')) s.reason = this.regDetail.reason;
    if (s.registered && this.regDetail.expires !== undefined) s.expires = this.regDetail.expires;
    return s;
  }

  private lineState(): LineState {
    // A line without a server still makes and takes direct calls; line 1 does so even unconfigured.
    if (!this.hasServer) return this.enabled || this.number === 1 ? 'peer-to-peer' : 'disabled';
    switch (this.regState) {
      case 'registered':
        return 'registered';
      case 'registering':
        return 'registering';
      case 'auth-failed':
        return 'auth-failed';
      case 'failed':
        return 'failed';
      default:
        return 'unregistered';
    }
  }

  /** The real transport layer, for connection holds and keep-alives (absent on a loop network). */
  private transportManager(): TransportManager | undefined {
    return this.core.transport instanceof TransportManager ? this.core.transport : undefined;
  }

  /**
   * Hold the registration's connection so the transport's idle timeout never
   * closes it: the registrar sends our incoming calls down it (RFC 3261 §18.3,
   * Kamailio's received/alias), and closing it would only trigger a re-REGISTER.
   */
  private keepFlow(connectionId: string | undefined): void {
    if (this.flow?.id === connectionId) return;
    this.flow?.hold?.release();
    this.flow = connectionId === undefined ? undefined : { id: connectionId, hold: this.transportManager()?.holdConnection(connectionId) };
  }

  /**
   * The manual's "UDP Keep-alive Message" (default on, every 30 s): CRLFCRLF to
   * the registrar keeps NAT bindings open; on TCP/TLS the same ping keeps the
   * connection alive and is answered with CRLF (RFC 5626 §3.5.1).
   */
  private startKeepAlive(): void {
    this.stopKeepAlive();
    const target = this.registration?.registrarTarget;
    const manager = this.transportManager();
    if (!this.account.keepAlive || !target || !manager || !(this.account.keepAliveInterval > 0)) return;
    this.keepAlive = manager.startKeepAlive(target, this.account.keepAliveInterval * 1000);
  }

  private stopKeepAlive(): void {
    this.keepAlive?.stop();
    this.keepAlive = undefined;
  }

  private emit(): void {
    this.events.emit('status', this.status());
  }
}
