import { SayhiError, TypedEvents, type TimerHandle } from '../base/index.js';
import {
  DigestClient,
  TargetIterator,
  createRequest,
  formatUri,
  makeUri,
  parseExpires,
  parseMinExpires,
  parseUri,
  type NameAddr,
  type SendTarget,
  type SipRequest,
  type SipUri,
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
  /** Called on every 2xx with the stream connection it came on (undefined over UDP), so the owner can keep and watch it. */
  onConnection?: (connectionId: string | undefined) => void;
}

export interface RegistrationDetail {
  /** Why the last attempt failed (auth-failed, failed). */
  reason?: string;
  /** Seconds the registrar granted (registered). */
  expires?: number;
  /** Which server holds the binding, e.g. "secondary 127.0.0.1:5060" (registered). */
  server?: string;
  /** The 2xx's Date header (RFC 3261 §20.17), for a phone that takes its time from the registrar (registered). */
  date?: string;
}

export type RegistrationEvents = {
  state: [state: RegistrationState, detail: RegistrationDetail];
};

/** Largest Min-Expires we follow (one day); a registrar asking for more is broken. */
const MAX_MIN_EXPIRES = 86_400;

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
  private cseq = 0;
  private expires: number;
  private grantedExpires: number | undefined;
  private timer: TimerHandle | undefined;
  private readonly auth: DigestClient;
  /** The server (and TCP/TLS connection) that accepted our last REGISTER. */
  private boundTarget: SendTarget | undefined;
  /** The Contact that server holds for us (to replace or remove it later). */
  private boundContact: SipUri | undefined;
  /** The Contact of the REGISTER most recently built. */
  private sentContact: SipUri | undefined;
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

  /** The Expires we ask for now (the configured one, or a registrar's larger Min-Expires, §10.2.8). */
  get requestedExpires(): number {
    return this.expires;
  }

  /** Where the binding lives while registered (with its TCP/TLS connection), for keep-alives. */
  get registrarTarget(): SendTarget | undefined {
    return this.current === 'registered' && this.boundTarget ? { ...this.boundTarget } : undefined;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.register();
  }

  /**
   * Register again now (the connection to the registrar dropped, RFC 5626 §4.4.1
   * in spirit). A round already in flight is left alone: it ends in a response,
   * a transport error or Timer F, and a failure retries after the polling interval.
   */
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
    if (this.current !== 'registered' && this.current !== 'registering') {
      if (this.current !== 'idle') this.transition('idle', 'stopped');
      return;
    }
    this.transition('unregistering', 'stop');
    try {
      // §10.2.2: remove our binding where it lives. The server that accepted it,
      // on the same connection; re-locating could start with a dead primary and
      // spend Timer F there while the phone is shutting down.
      const targets = this.boundTarget
        ? new TargetIterator([{ label: 'registrar', targets: [this.boundTarget] }])
        : await this.opts.locate();
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
    this.boundTarget = undefined;
    this.boundContact = undefined;
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
        return this.fail(round, 'auth-failed', outcome.reason);
      case 'timeout':
      case 'transport-error':
      case 'no-target':
        return this.fail(round, 'failed', outcome.reason);
    }
    const res = outcome.response;
    if (res.status === 423) {
      // §10.2.8: "the UA MAY retry the registration with an expiration interval
      // greater than or equal to" Min-Expires, and SHOULD keep using it.
      const raw = res.headers.get('Min-Expires');
      const min = raw === undefined ? undefined : parseMinExpires(raw);
      if (min !== undefined && min > this.expires && min <= MAX_MIN_EXPIRES) {
        this.opts.core.logger.info('registrar wants a longer expiry', { user: this.opts.user, minExpires: min });
        this.expires = min;
        return this.register();
      }
      return this.fail(round, 'failed', `423 ${res.reason} without a usable Min-Expires (${raw ?? 'none'})`);
    }
    if (res.status >= 300) return this.fail(round, 'failed', `${res.status} ${res.reason} from ${outcome.label} server`);
    this.boundTarget = { ...outcome.target, ...(outcome.connectionId ? { connectionId: outcome.connectionId } : {}) };
    this.boundContact = this.sentContact;
    const granted = this.grantedFrom(res);
    if (granted === 0) {
      // §10.3 step 8 lists the bindings that remain; ours at expires=0 means it was not kept
      return this.fail(round, 'failed', `${res.status} ${res.reason} but the registrar kept no binding for our Contact`);
    }
    this.grantedExpires = granted;
    this.reason = undefined;
    this.opts.onConnection?.(outcome.connectionId);
    const server = `${outcome.label} ${outcome.target.host}:${outcome.target.port}`;
    const date = res.headers.get('Date');
    this.transition('registered', `${res.status} ${res.reason} from ${server}`, { expires: granted, server, ...(date ? { date } : {}) });
    this.timer = this.opts.core.clock.setTimer(refreshDelayMs(granted), () => void this.register());
  }

  private fail(round: number, state: 'auth-failed' | 'failed', reason: string): void {
    if (round !== this.round) return;
    this.reason = reason;
    this.grantedExpires = undefined;
    this.transition(state, reason, { reason });
    // The manual's registration polling interval: try again later, never in a tight loop.
    this.timer = this.opts.core.clock.setTimer(this.opts.pollingInterval * 1000, () => void this.register());
  }

  /**
   * §10.2.4: the expiry of our binding, from its Contact's expires param (the
   * 200 lists every binding of the AOR, other phones' too), else the Expires
   * header, else what we asked for.
   */
  private grantedFrom(res: { contacts: NameAddr[]; headers: { get(n: string): string | undefined } }): number {
    const sent = this.sentContact;
    const contacts = res.contacts;
    const ours =
      contacts.find((c) => sent !== undefined && sameContact(c.uri, sent)) ??
      // a registrar may rewrite the host part (NAT fix-ups): the user and port still tell ours
      contacts.find((c) => c.uri.user === this.opts.user && sent !== undefined && portOf(c.uri) === portOf(sent));
    const p = ours?.params.get('expires');
    if (p != null) {
      const n = parseExpires(p);
      if (n !== undefined) return n;
    }
    const h = res.headers.get('Expires');
    const fromHeader = h === undefined ? undefined : parseExpires(h);
    if (fromHeader !== undefined) return fromHeader;
    return this.expires;
  }

  /** Our Contact towards `target`: sips: over TLS, as §8.1.1.8 requires for a sips: Request-URI. */
  private contactFor(target: SendTarget): SipUri {
    const { core, user, transport } = this.opts;
    const local = core.transport.localAddress(transport, target);
    return makeUri({
      ...(transport === 'tls' ? { scheme: 'sips' as const } : {}),
      user,
      host: local.host,
      port: local.port,
      ...(transport === 'tcp' ? { params: { transport: 'tcp' } } : {}),
    });
  }

  private buildRegister(cseq: number, target: SendTarget, expires: number): SipRequest {
    const { core, user, domain } = this.opts;
    const aor = makeUri({ user, host: domain });
    // un-REGISTER removes the binding the server holds, whatever our address is now
    const contact = expires === 0 && this.boundContact ? this.boundContact : this.contactFor(target);
    this.sentContact = contact;
    const extra: Array<[string, string]> = [];
    if (expires > 0 && this.boundContact && !sameContact(this.boundContact, contact)) {
      // Our address changed (a new TCP/TLS connection has a new local port): drop the
      // old binding in the same request (§10.2.2, expires=0 per Contact), or calls
      // would fork to a dead contact until it expires.
      extra.push(['Contact', `<${formatUri(this.boundContact)}>;expires=0`]);
    }
    const display = this.opts.displayName ? { displayName: this.opts.displayName } : {};
    return createRequest({
      method: 'REGISTER',
      uri: formatUri(this.opts.registrar),
      from: { ...display, uri: aor, params: new Map([['tag', this.fromTag]]) },
      to: { ...display, uri: aor, params: new Map() },
      callId: this.callId,
      cseq,
      contact: { uri: contact, params: new Map() },
      ...(this.opts.route ? { route: this.opts.route } : {}),
      extraHeaders: [
        ...extra,
        ['Expires', String(expires)],
        ['Allow', 'INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, UPDATE, NOTIFY, REFER, MESSAGE'],
        ['User-Agent', core.userAgent],
      ],
    });
  }

  private transition(to: RegistrationState, cause: string, detail: RegistrationDetail = {}): void {
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

/**
 * When to refresh a binding granted for `granted` seconds: at half its life
 * (at least 1 s), so a refresh that times out and fails over to the secondary
 * server (Timer F is 32 s with the default T1) still lands before expiry.
 */
export function refreshDelayMs(granted: number): number {
  return Math.max(1, granted / 2) * 1000;
}

function portOf(uri: SipUri): number {
  return uri.port ?? (uri.scheme === 'sips' || uri.params.get('transport')?.toLowerCase() === 'tls' ? 5061 : 5060);
}

/** The same contact address (§19.1.4 in spirit: scheme, user, host, port and transport). */
function sameContact(a: SipUri, b: SipUri): boolean {
  return (
    a.scheme === b.scheme &&
    a.user === b.user &&
    a.host.toLowerCase() === b.host.toLowerCase() &&
    portOf(a) === portOf(b) &&
    (a.params.get('transport') ?? '').toLowerCase() === (b.params.get('transport') ?? '').toLowerCase()
  );
}

/** The registrar URI of a "SIP Server" setting ("host[:port]"). */
export function registrarUri(server: string, transport: TransportProtocol): SipUri | undefined {
  const uri = parseUri(`${transport === 'tls' ? 'sips' : 'sip'}:${server}`);
  if (!uri) return undefined;
  if (transport === 'tcp') uri.params.set('transport', 'tcp');
  return uri;
}
