import { SayhiError, TypedEvents, type TimerHandle } from '../base/index.js';
import {
  DigestClient,
  createRequest,
  formatUri,
  makeUri,
  parseUri,
  type NameAddr,
  type SendTarget,
  type SipUri,
  type TargetIterator,
  type TransportProtocol,
} from '../sip/index.js';
import { sendAuthenticated } from './authenticated-request.js';
import { REGISTRATION_MOVES, type RegistrationState } from './registration-state.js';
import type { UaCore } from './ua-core.js';

export interface RegistrationOptions {
  core: UaCore;
  /** Our user name (AOR user part). */
  user: string;
  /** AOR / registrar domain: the server host. */
  domain: string;
  /** Registrar Request-URI (sip:host[:port]). */
  registrar: SipUri;
  displayName?: string;
  authName?: string;
  password: string;
  transport: TransportProtocol;
  /** "Register Expire Time", s (manual default 3600). */
  expires: number;
  /** "Poling Interval Time Of Registration": retry after a failure, s (default 32). */
  pollingInterval: number;
  /** Resolves the servers (primary, secondary) into targets, fresh for every registration round. */
  locate: () => Promise<TargetIterator>;
  /** Route header values (outbound proxy, loose routing). */
  route?: string[];
  /** Called when the registration uses a stream connection, so the owner can watch it. */
  onConnection?: (connectionId: string | undefined) => void;
}

export type RegistrationEvents = {
  state: [state: RegistrationState, detail: { reason?: string; expires?: number }];
};

/**
 * One line's registration binding (RFC 3261 §10.2): REGISTER with digest auth,
 * refresh before expiry, 423 Min-Expires, failover to the secondary server,
 * retry every polling interval after a failure, un-REGISTER on stop.
 */
export class Registration {
  readonly events = new TypedEvents<RegistrationEvents>();
  private current: RegistrationState = 'idle';
  private readonly callId: string;
  private readonly fromTag: string;
  private cseq = 1;
  private expires: number;
  private grantedExpires: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly auth: DigestClient;
  private lastTarget: SendTarget | undefined;
  private running = false;
  private round = 0;
  reason: string | undefined;

  constructor(private readonly opts: RegistrationOptions) {
    this.callId = opts.core.newCallId();
    this.fromTag = opts.core.newTag();
    this.expires = opts.expires;
    this.auth = new DigestClient({
      credentials: { username: opts.user, password: opts.password, ...(opts.authName ? { authUsername: opts.authName } : {}) },
    });
  }

  get state(): RegistrationState {
    return this.current;
  }

  get registeredFor(): number | undefined {
    return this.current === 'registered' ? this.grantedExpires : undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.register();
  }

  /** Register again now (e.g. the connection to the registrar dropped). */
  refreshNow(reason: string): void {
    if (!this.running || this.current === 'registering') return;
    this.opts.core.logger.info('re-registering', { user: this.opts.user, reason });
    void this.register();
  }

  /** Un-REGISTER (Expires: 0) when registered, and stop all timers. Resolves when done or after the timeout. */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
    this.round++;
    const wasRegistered = this.current === 'registered' || this.current === 'registering';
    if (!wasRegistered || this.current === 'idle') {
      if (this.current !== 'idle') this.transition('idle', 'stopped');
      return;
    }
    this.transition('unregistering', 'stop');
    try {
      const targets = await this.opts.locate();
      await sendAuthenticated({
        core: this.opts.core,
        targets,
        auth: this.auth,
        cseq: ++this.cseq,
        onCseq: (c) => (this.cseq = c),
        build: (cseq, target) => this.buildRegister(cseq, target, 0),
      });
    } catch (err) {
      this.opts.core.logger.warn('un-register failed', { error: String(err) });
    }
    this.transition('idle', 'un-registered');
  }

  private async register(): Promise<void> {
    const round = ++this.round;
    this.timer?.cancel();
    this.timer = undefined;
    this.transition('registering', 'register');
    let targets: TargetIterator;
    try {
      targets = await this.opts.locate();
    } catch (err) {
      return this.fail(round, 'failed', `server lookup failed: ${String(err)}`);
    }
    if (round !== this.round) return;
    const outcome = await sendAuthenticated({
      core: this.opts.core,
      targets,
      auth: this.auth,
      cseq: ++this.cseq,
      onCseq: (c) => (this.cseq = c),
      build: (cseq, target) => this.buildRegister(cseq, target, this.expires),
    });
    if (round !== this.round || !this.running) return;
    switch (outcome.kind) {
      case 'auth-failed':
        return this.fail(round, 'auth-failed', `auth failed (${outcome.response.status} ${outcome.response.reason})`);
      case 'timeout':
      case 'transport-error':
      case 'no-target':
        return this.fail(round, 'failed', outcome.reason);
    }
    const res = outcome.response;
    this.lastTarget = outcome.target;
    if (res.status === 423) {
      // §10.2.8: retry with at least Min-Expires
      const min = Number(res.headers.get('Min-Expires'));
      if (Number.isInteger(min) && min > this.expires && min <= 86400) {
        this.expires = min;
        return this.register();
      }
      return this.fail(round, 'failed', '423 without a usable Min-Expires');
    }
    if (res.status >= 300) return this.fail(round, 'failed', `${res.status} ${res.reason}`);
    const granted = this.grantedFrom(res) ?? this.expires;
    this.grantedExpires = granted;
    this.reason = undefined;
    this.opts.onConnection?.(this.lastTarget?.connectionId);
    this.transition('registered', `${res.status} ${res.reason}`, { expires: granted });
    // Refresh ahead of expiry: half the time for short bindings, a minute early for long ones.
    const refreshIn = Math.max(1, Math.min(granted / 2, granted - 60, granted - 5)) * 1000;
    this.timer = this.opts.core.clock.setTimer(Math.max(refreshIn, granted * 500), () => void this.register());
  }

  private fail(round: number, state: 'auth-failed' | 'failed', reason: string): void {
    if (round !== this.round) return;
    this.reason = reason;
    this.grantedExpires = undefined;
    this.transition(state, reason, { reason });
    // The manual's registration polling interval: try again later, never in a tight loop.
    this.timer = this.opts.core.clock.setTimer(this.opts.pollingInterval * 1000, () => void this.register());
  }

  /** §10.2.4: the expiry for our Contact, from its expires param, else the Expires header. */
  private grantedFrom(res: { contacts: NameAddr[]; headers: { get(n: string): string | undefined } }): number | undefined {
    const ours = res.contacts.find((c) => c.uri.user === this.opts.user && this.isOurContact(c.uri));
    const p = ours?.params.get('expires');
    if (p != null && /^\d+$/.test(p)) return Number(p);
    const h = res.headers.get('Expires');
    if (h && /^\d+$/.test(h.trim())) return Number(h.trim());
    return undefined;
  }

  private isOurContact(uri: SipUri): boolean {
    const local = this.opts.core.transport.localAddress(this.opts.transport, this.lastTarget);
    return uri.port === local.port || uri.port === undefined;
  }

  private buildRegister(cseq: number, target: SendTarget, expires: number) {
    const { core, user, domain, transport } = this.opts;
    const aor = makeUri({ user, host: domain });
    const local = core.transport.localAddress(transport, target);
    const contactUri = makeUri({ user, host: local.host, port: local.port, ...(transport !== 'udp' ? { params: { transport } } : {}) });
    const display = this.opts.displayName ? { displayName: this.opts.displayName } : {};
    const req = createRequest({
      method: 'REGISTER',
      uri: formatUri(this.opts.registrar),
      from: { ...display, uri: aor, params: new Map([['tag', this.fromTag]]) },
      to: { ...display, uri: aor, params: new Map() },
      callId: this.callId,
      cseq,
      contact: { uri: contactUri, params: new Map() },
      ...(this.opts.route ? { route: this.opts.route } : {}),
      extraHeaders: [
        ['Expires', String(expires)],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, NOTIFY, REFER, MESSAGE'],
        ['User-Agent', core.userAgent],
      ],
    });
    return req;
  }

  private transition(to: RegistrationState, cause: string, detail: { reason?: string; expires?: number } = {}): void {
    const from = this.current;
    if (from === to && to !== 'registered') return;
    if (from !== to && !REGISTRATION_MOVES[from].includes(to)) {
      throw new SayhiError('UA_REG_ILLEGAL', `registration ${this.opts.user} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    this.opts.core.logger.info(`registration ${this.opts.user}@${this.opts.domain} ${from} -> ${to} (${cause})`);
    this.events.emit('state', to, detail);
  }
}

/** The registrar URI of a "SIP Server" setting ("host[:port]"). */
export function registrarUri(server: string, transport: TransportProtocol): SipUri | undefined {
  const uri = parseUri(`${transport === 'tls' ? 'sips' : 'sip'}:${server}`);
  if (!uri) return undefined;
  if (transport === 'tcp') uri.params.set('transport', 'tcp');
  return uri;
}
