import { TypedEvents } from '../../base/index.js';
import {
  parseEvent,
  parseUri,
  makeUri,
  type ReceivedMessage,
  type ServerTransaction,
  type SipRequest,
  type SipUri,
} from '../../sip/index.js';
import type { SubscriptionLine } from './blf-watcher.js';
import { MESSAGE_SUMMARY_TYPE, parseMessageSummary, type MessageSummary } from './message-summary.js';
import type { SubscriberStateDetail, SubscriptionNotify } from './subscribe-request.js';
import type { SubscriberState } from './subscriber-state.js';
import { Subscription } from './subscription.js';

export interface MwiMonitorOptions extends SubscriptionLine {
  /** SUBSCRIBE to message-summary (the manual's "Booking Voice Mail"). Unsolicited NOTIFYs are taken either way. */
  subscribe: boolean;
  /** The mailbox to subscribe to (default our own AOR, RFC 3842 §3.2). */
  mailbox?: SipUri;
}

export type MwiSource = 'subscription' | 'unsolicited';

export type MwiMonitorEvents = {
  /** A new summary (the message light and count). */
  summary: [summary: MessageSummary, source: MwiSource];
  /** A NOTIFY body we could not use (answered 200 all the same), with why. */
  ignored: [reason: string, source: MwiSource];
  /** The subscription's state (subscribe: true only). */
  state: [state: SubscriberState, detail: SubscriberStateDetail];
};

/**
 * The message light of one line: a message-summary subscription (RFC 3842)
 * to our own mailbox, plus the unsolicited NOTIFYs many PBXs send without any
 * subscription (Event: message-summary outside a dialog, addressed to us).
 */
export class MwiMonitor {
  readonly events = new TypedEvents<MwiMonitorEvents>();
  readonly subscription: Subscription | undefined;
  private last: MessageSummary | undefined;
  private offUnsolicited: (() => void) | undefined;

  constructor(private readonly opts: MwiMonitorOptions) {
    if (opts.subscribe) {
      const sub = new Subscription({
        ...opts,
        target: opts.mailbox ?? makeUri({ user: opts.user, host: opts.domain }),
        event: 'message-summary',
        accept: [MESSAGE_SUMMARY_TYPE],
        label: `MWI ${opts.user}`,
      });
      this.subscription = sub;
      sub.events.on('notify', (n) => this.onNotify(n));
      sub.events.on('state', (state, detail) => this.events.emit('state', state, detail));
    }
  }

  /** The last summary taken, from either source. */
  get summary(): MessageSummary | undefined {
    return this.last;
  }

  start(): void {
    this.offUnsolicited ??= this.opts.core.onUnsolicitedNotify((tx, rx) => this.onUnsolicited(tx, rx));
    this.subscription?.start();
  }

  async stop(): Promise<void> {
    this.offUnsolicited?.();
    this.offUnsolicited = undefined;
    await this.subscription?.stop();
  }

  private onNotify(n: SubscriptionNotify): void {
    // a pending subscription, or a notifier without a summary yet, may send no body
    if (n.body.length === 0) return;
    this.take(n.body, n.contentType, 'subscription');
  }

  /** An out-of-dialog NOTIFY: ours when it is message-summary addressed to our user. */
  private onUnsolicited(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): boolean {
    const req = rx.message;
    const ev = parseEvent(req.headers.get('Event') ?? '');
    if (ev?.type.toLowerCase() !== 'message-summary') return false;
    const user = this.opts.user;
    if (parseUri(req.uri)?.user !== user && req.to?.uri.user !== user) return false;
    this.opts.core.respond(tx, 200);
    this.take(req.body, req.contentType, 'unsolicited');
    return true;
  }

  private take(body: Buffer, contentType: string | undefined, source: MwiSource): void {
    // RFC 3842 §4: application/simple-message-summary; some PBXs send no Content-Type on unsolicited ones
    if (contentType !== undefined && contentType !== MESSAGE_SUMMARY_TYPE) return this.ignore(`content type ${contentType}`, source);
    const parsed = parseMessageSummary(body);
    if (!parsed.ok) return this.ignore(parsed.reason, source);
    this.last = parsed.value;
    this.events.emit('summary', parsed.value, source);
  }

  private ignore(reason: string, source: MwiSource): void {
    this.opts.core.logger.info('MWI NOTIFY ignored', { user: this.opts.user, reason, source });
    this.events.emit('ignored', reason, source);
  }
}
