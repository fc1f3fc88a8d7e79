import { SayhiError, TypedEvents, type TimerHandle } from '../../base/index.js';
import {
  Dialog,
  DigestClient,
  formatUri,
  parseEvent,
  parseExpires,
  parseMinExpires,
  parseSubscriptionState,
  routeSetFromRecordRoute,
  sameEvent,
  type EventHeader,
  type NameAddr,
  type ReceivedMessage,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
  type SipUri,
  type SubscriptionState,
  type TargetIterator,
} from '../../sip/index.js';
import { sendAuthenticated } from '../authenticated-request.js';
import { sendInDialog } from '../invite/index.js';
import type { DialogUsage } from '../ua-core.js';
import { SUBSCRIBER_MOVES, type SubscriberState } from './subscriber-state.js';
import {
  buildSubscribe,
  retryAfterOf,
  subscribeHeaders,
  type SubscriberStateDetail,
  type SubscriptionEvents,
  type SubscriptionOptions,
} from './subscribe-request.js';
import {
  IMMEDIATE_RETRY_SPACING_MS,
  MAX_MIN_EXPIRES,
  adviceForTermination,
  refreshEndsSubscription,
  retryBackoffMs,
  subscriptionRefreshDelayMs,
} from './subscription-policy.js';

/**
 * The subscriber side of one subscription (RFC 6665 §4.1): SUBSCRIBE with
 * digest auth, the dialog made by the 2xx or by a NOTIFY that overtook it,
 * 200 to every NOTIFY, refresh before expiry, a new subscription when the
 * notifier ends it or a refresh gets 481, backoff after failures, and
 * un-SUBSCRIBE on stop. The body is the event package's business: listeners
 * get it through the 'notify' event.
 */
export class Subscription implements DialogUsage {
  readonly events = new TypedEvents<SubscriptionEvents>();
  readonly event: EventHeader;
  private current: SubscriberState = 'idle';
  private running = false;
  /** Bumped whenever a subscription attempt is abandoned: late answers to it are ignored. */
  private round = 0;
  private callId = '';
  private fromTag = '';
  private cseq = 0;
  private contact: NameAddr | undefined;
  private dialog: Dialog | undefined;
  private dialogFromNotify = false;
  private gotNotify = false;
  private stopAwaiting: (() => void) | undefined;
  private expires: number;
  private expiresAt = 0;
  private refreshTimer: TimerHandle | undefined;
  private retryTimer: TimerHandle | undefined;
  private timerN: TimerHandle | undefined;
  private lingerTimer: TimerHandle | undefined;
  private failures = 0;
  private refreshing = false;
  private lastImmediateRetry = Number.NEGATIVE_INFINITY;
  private readonly auth: DigestClient;
  private readonly label: string;
  reason: string | undefined;

  constructor(private readonly opts: SubscriptionOptions) {
    const ev = parseEvent(opts.event);
    if (!ev) throw new SayhiError('UA_SUB_EVENT', `not an event package name: "${opts.event}"`);
    this.event = ev;
    this.expires = opts.expires;
    this.label = opts.label ?? `${opts.event} ${formatUri(opts.target)}`;
    this.auth = new DigestClient({
      credentials: { username: opts.user, password: opts.password, ...(opts.authName ? { authUsername: opts.authName } : {}) },
    });
  }

  get state(): SubscriberState {
    return this.current;
  }

  /** The watched resource (Request-URI and To). */
  get target(): SipUri {
    return this.opts.target;
  }

  /** Seconds the notifier granted, while pending or active. */
  get grantedFor(): number | undefined {
    if (this.current !== 'active' && this.current !== 'pending') return undefined;
    return Math.max(0, Math.round((this.expiresAt - this.opts.core.clock.now()) / 1000));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    void this.subscribe('start');
  }

  /** Refresh now (e.g. the package saw a gap in versions and wants full state, RFC 4235 §4.1). */
  refreshNow(cause: string): void {
    if (!this.running || (this.current !== 'active' && this.current !== 'pending')) return;
    this.opts.core.logger.info('refreshing subscription', { subscription: this.label, cause });
    void this.refresh();
  }

  /**
   * Un-SUBSCRIBE (§4.1.2.3: a refresh with Expires: 0) and stop all timers. The
   * dialog stays bound for 64*T1 so the notifier's final NOTIFY gets its 200.
   * A SUBSCRIBE still in flight is abandoned: the NOTIFYs it brings get 481,
   * which ends it at the notifier (§4.2.2).
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.round++;
    this.cancelTimers();
    this.stopAwaiting?.();
    this.stopAwaiting = undefined;
    if (this.current !== 'terminated') this.transition('terminated', 'stopped', { reason: 'stopped' });
    const dialog = this.dialog;
    if (!dialog || dialog.state === 'terminated') return this.dropDialog();
    this.lingerTimer = this.opts.core.clock.setTimer(64 * this.opts.core.transactions.timers.t1, () => this.dropDialog());
    const out = await this.sendInDialog(dialog, 0).catch((err: unknown) => ({ kind: 'error' as const, reason: String(err) }));
    if (out.kind !== 'response' || out.response.status >= 300) {
      // nothing more will come in this dialog (unless start() made a new one meanwhile)
      this.opts.core.logger.info('un-subscribe failed', { subscription: this.label, outcome: out.kind === 'response' ? out.response.status : out.reason });
      if (this.dialog === dialog) this.dropDialog();
    }
  }

  // ---- a new subscription (§4.1.2.1) ----------------------------------------------------

  private async subscribe(cause: string): Promise<void> {
    const round = ++this.round;
    this.cancelTimers();
    this.dropDialog();
    const { core } = this.opts;
    // §4.1.2.2: a new subscription has a fresh Call-ID and From tag
    this.callId = core.newCallId();
    this.fromTag = core.newTag();
    this.cseq = 0;
    this.gotNotify = false;
    this.transition('subscribing', cause);
    this.stopAwaiting = core.awaitDialog(this.callId, this.fromTag, this);
    let targets: TargetIterator;
    try {
      targets = await this.opts.locate();
    } catch (err) {
      return this.fail(round, `server lookup failed: ${String(err)}`);
    }
    if (round !== this.round) return;
    const outcome = await sendAuthenticated({
      core,
      targets,
      auth: this.auth,
      cseq: ++this.cseq,
      onCseq: (c) => (this.cseq = c),
      build: (cseq, target) => {
        const built = buildSubscribe(this.opts, { callId: this.callId, fromTag: this.fromTag, cseq, target, expires: this.expires, event: this.event });
        this.contact = built.contact;
        return built.request;
      },
    });
    if (round !== this.round) return;
    if (outcome.kind !== 'response') return this.fail(round, outcome.reason);
    const res = outcome.response;
    if (res.status === 423 && this.takeMinExpires(res)) return void this.subscribe('423 Interval Too Brief');
    if (res.status >= 300) return this.fail(round, `${res.status} ${res.reason}`, retryAfterOf(res));
    this.accepted(res);
    if (!this.dialog) {
      const d = Dialog.fromUacResponse(outcome.request, res, { logger: core.logger });
      // without a Contact in the 2xx the first NOTIFY makes the dialog (§4.4.1)
      if (d.ok) this.bind(d.value, false);
    }
    if (!this.gotNotify) {
      // §4.1.2.4 Timer N: a 2xx without any NOTIFY within 64*T1 is no subscription
      this.timerN = core.clock.setTimer(64 * core.transactions.timers.t1, () => this.fail(round, 'no NOTIFY after the 2xx (Timer N)'));
    }
  }

  /** A 2xx to a SUBSCRIBE: §4.1.2.1, its Expires is the duration granted (it may be shorter). */
  private accepted(res: SipResponse): void {
    const raw = res.headers.get('Expires');
    const granted = (raw === undefined ? undefined : parseExpires(raw)) ?? this.expires;
    this.scheduleRefresh(granted);
  }

  private scheduleRefresh(granted: number): void {
    const { clock } = this.opts.core;
    this.refreshTimer?.cancel();
    this.refreshTimer = undefined;
    this.expiresAt = clock.now() + granted * 1000;
    // Expires: 0 is a fetch (§4.4.3): the final NOTIFY comes, nothing to refresh
    if (granted > 0) this.refreshTimer = clock.setTimer(subscriptionRefreshDelayMs(granted), () => void this.refresh());
  }

  /** §10.2.8 of RFC 3261 carried over to SUBSCRIBE (§4.2.1.1 of RFC 6665): ask again with Min-Expires. */
  private takeMinExpires(res: SipResponse): boolean {
    const raw = res.headers.get('Min-Expires');
    const min = raw === undefined ? undefined : parseMinExpires(raw);
    if (min === undefined || min <= this.expires || min > MAX_MIN_EXPIRES) return false;
    this.expires = min;
    return true;
  }

  // ---- refresh (§4.1.2.2) ---------------------------------------------------------------

  private async refresh(): Promise<void> {
    const round = this.round;
    const dialog = this.dialog;
    if (!dialog) return void this.subscribe('no dialog to refresh');
    if (this.refreshing) return;
    this.refreshing = true;
    const out = await this.sendInDialog(dialog, this.expires).finally(() => (this.refreshing = false));
    if (round !== this.round || !this.running) return;
    if (out.kind !== 'response') return this.fail(round, `refresh: ${out.reason}`);
    const res = out.response;
    if (res.status < 300) {
      dialog.updateFromResponse(res);
      this.accepted(res);
      return;
    }
    if (res.status === 423 && this.takeMinExpires(res)) return this.refresh();
    const why = `${res.status} ${res.reason} to the refresh`;
    if (refreshEndsSubscription(res.status)) return this.endedByNotifier(why, { retry: 'now' });
    this.fail(round, why, retryAfterOf(res));
  }

  private async sendInDialog(dialog: Dialog, expires: number) {
    return sendInDialog({
      core: this.opts.core,
      resolver: this.opts.resolver,
      transport: this.opts.transport,
      auth: this.auth,
      build: () => dialog.createRequest('SUBSCRIBE', { extraHeaders: subscribeHeaders(this.event, this.opts.accept, expires) }),
    });
  }

  // ---- NOTIFY (§4.1.3) -------------------------------------------------------------------

  onDialogRequest(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): void {
    const { core } = this.opts;
    const req = rx.message;
    if (req.method !== 'NOTIFY') return void core.respond(tx, 405, { headers: [['Allow', 'NOTIFY']] });
    // §8.2.1: the NOTIFY names the same event (type and id) as our SUBSCRIBE
    const ev = parseEvent(req.headers.get('Event') ?? '');
    if (!ev || !sameEvent(ev, this.event)) return void core.respond(tx, 489);
    const st = parseSubscriptionState(req.headers.get('Subscription-State') ?? '');
    if (!st) return void core.respond(tx, 400, { reason: 'Missing or Bad Subscription-State' });
    let dialog = this.dialog;
    if (!dialog) {
      // §4.1.2.4: the NOTIFY overtook the 2xx; it makes the dialog (UAS-like: its Record-Route as is)
      if (!this.contact) return void core.respond(tx, 481);
      const d = Dialog.fromUasRequest(req, this.fromTag, this.contact, { state: 'confirmed', logger: core.logger });
      if (!d.ok) return void core.respond(tx, 400, { reason: `Cannot Make Dialog (${d.reason})` });
      dialog = d.value;
      // our later requests continue the CSeq space of the SUBSCRIBE (RFC 3261 §12.2.1.1)
      dialog.localSeq = this.cseq;
      this.bind(dialog, true);
    } else {
      const check = dialog.receiveRequest(req);
      if (!check.ok) return void core.respond(tx, check.status);
      // §4.4.1: the route set comes from the first NOTIFY, not from the 2xx
      if (!this.gotNotify && !this.dialogFromNotify) dialog.routeSet = routeSetFromRecordRoute(req, 'uas');
    }
    core.respond(tx, 200);
    this.gotNotify = true;
    this.timerN?.cancel();
    this.timerN = undefined;
    if (!this.running) {
      // the final NOTIFY after our un-SUBSCRIBE: answered, nothing to report
      if (st.state === 'terminated') this.dropDialog();
      return;
    }
    this.events.emit('notify', { body: req.body, contentType: req.contentType, subscriptionState: st, request: req });
    this.onSubscriptionState(st);
  }

  private onSubscriptionState(st: SubscriptionState): void {
    switch (st.state) {
      case 'active':
      case 'pending': {
        this.failures = 0;
        // §4.1.3: the expires parameter may shorten the subscription
        const now = this.opts.core.clock.now();
        if (st.expires !== undefined && now + st.expires * 1000 < this.expiresAt - 1000) this.scheduleRefresh(st.expires);
        this.transition(st.state, `NOTIFY ${st.state}`);
        return;
      }
      case 'terminated': {
        const why = `NOTIFY terminated${st.reason ? `;reason=${st.reason}` : ''}`;
        return this.endedByNotifier(why, adviceForTermination(st.reason, st.retryAfter), st.reason);
      }
      default:
        // §8.2.3 extension states we do not know: keep what we have
        this.opts.core.logger.info('unknown Subscription-State', { subscription: this.label, state: st.state });
    }
  }

  /** The notifier ended the subscription (or a refresh found it gone): retry per the advice. */
  private endedByNotifier(why: string, advice: ReturnType<typeof adviceForTermination>, reason = why): void {
    this.round++;
    this.cancelTimers();
    this.stopAwaiting?.();
    this.stopAwaiting = undefined;
    this.dropDialog();
    this.reason = reason;
    if (advice.retry === 'never') {
      this.running = false;
      this.transition('terminated', why, { reason });
      return;
    }
    const now = this.opts.core.clock.now();
    let delay: number;
    if (advice.retry === 'now' && now - this.lastImmediateRetry >= IMMEDIATE_RETRY_SPACING_MS) {
      this.lastImmediateRetry = now;
      delay = 0;
    } else {
      const later = advice.retry === 'later' ? advice.ms : undefined;
      delay = later ?? this.backoff();
    }
    this.transition('terminated', why, { reason, retryInMs: delay });
    if (delay === 0) return void this.subscribe(`new subscription after ${why}`);
    this.retryTimer = this.opts.core.clock.setTimer(delay, () => void this.subscribe(`retry after ${why}`));
  }

  private fail(round: number, reason: string, retryAfterSeconds?: number): void {
    if (round !== this.round || !this.running) return;
    this.round++;
    this.cancelTimers();
    this.stopAwaiting?.();
    this.stopAwaiting = undefined;
    this.dropDialog();
    this.reason = reason;
    const delay = Math.max(this.backoff(), (retryAfterSeconds ?? 0) * 1000);
    this.transition('failed', reason, { reason, retryInMs: delay });
    this.retryTimer = this.opts.core.clock.setTimer(delay, () => void this.subscribe('retry'));
  }

  private backoff(): number {
    this.failures++;
    return retryBackoffMs(this.failures, this.opts.retryMinMs ?? 15_000, this.opts.retryMaxMs ?? 900_000);
  }

  // ---- dialog and timers -------------------------------------------------------------------

  /**
   * Once bound, NOTIFYs from other forks of the SUBSCRIBE (other From tags)
   * match no dialog and get the UA core's 481, which ends those subscriptions
   * at their notifiers (§4.2.2): one Subscription keeps one dialog.
   */
  private bind(dialog: Dialog, fromNotify: boolean): void {
    this.dialog = dialog;
    this.dialogFromNotify = fromNotify;
    this.opts.core.bindDialog(dialog, this);
    this.stopAwaiting?.();
    this.stopAwaiting = undefined;
  }

  private dropDialog(): void {
    this.lingerTimer?.cancel();
    this.lingerTimer = undefined;
    const dialog = this.dialog;
    if (!dialog) return;
    this.dialog = undefined;
    this.opts.core.unbindDialog(dialog);
    if (dialog.state !== 'terminated') dialog.terminate('subscription ended');
  }

  private cancelTimers(): void {
    for (const t of [this.refreshTimer, this.retryTimer, this.timerN]) t?.cancel();
    this.refreshTimer = this.retryTimer = this.timerN = undefined;
  }

  private transition(to: SubscriberState, cause: string, detail: SubscriberStateDetail = {}): void {
    const from = this.current;
    if (from === to) return;
    if (!SUBSCRIBER_MOVES[from].includes(to)) {
      throw new SayhiError('UA_SUB_ILLEGAL', `subscription ${this.label} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    this.opts.core.logger.info(`subscription ${this.label} ${from} -> ${to} (${cause})`);
    this.events.emit('state', to, detail);
  }
}
