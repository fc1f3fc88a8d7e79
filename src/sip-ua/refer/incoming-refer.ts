import { SayhiError, type Clock, type Logger, type TimerHandle } from '../../base/index.js';
import {
  formatEvent,
  formatSubscriptionState,
  type NameAddr,
  type ServerTransaction,
  type SipRequest,
} from '../../sip/index.js';
import type { ReferTarget } from './refer-to.js';
import { SIPFRAG_CONTENT_TYPE, formatSipfrag } from './sipfrag.js';

/**
 * A REFER we received (we are the transferee, RFC 3515 §2.4.2-2.4.7): the
 * phone decides, then reports how its new call goes. Accepting answers 202
 * and sends the first NOTIFY (100 Trying) at once (RFC 6665 §4.2.1.2); each
 * progress report is a NOTIFY with a message/sipfrag body; the final one
 * ends the implicit subscription (terminated;reason=noresource, RFC 6665
 * §4.2.2). NOTIFYs go out one at a time so that their CSeqs arrive in order.
 *
 *   pending --accept()--> accepted --notify(final)/expiry/481--> done
 *      \--decline() / no decision in time--> declined
 */
export type IncomingReferState = 'pending' | 'accepted' | 'declined' | 'done';

const REFER_MOVES: Readonly<Record<IncomingReferState, readonly IncomingReferState[]>> = {
  pending: ['accepted', 'declined'],
  accepted: ['done'],
  declined: [],
  done: [],
};

export interface IncomingReferContext {
  clock: Clock;
  logger: Logger;
  respond(tx: ServerTransaction, status: number, opts?: { reason?: string; headers?: Array<[string, string]> }): void;
  /** Send a NOTIFY in the dialog; resolves with its final status, or undefined when none came. */
  sendNotify(headers: Array<[string, string]>, body: Buffer, contentType: string): Promise<number | undefined>;
  /** How long the subscription lives if the phone never reports a final status (s). */
  expiresSeconds: number;
  /** How long the phone may take to accept or decline before we decline for it (ms). */
  decisionMs: number;
}

export class IncomingRefer {
  /** The REFER's CSeq number (the Event id of our NOTIFYs, RFC 3515 §2.4.6). */
  readonly referId: string;
  /** Whom to call, and the Replaces to put in that INVITE for an attended transfer. */
  readonly target: ReferTarget;
  /** Who asked (RFC 3892); copy `referredByText` into the new INVITE's Referred-By. */
  readonly referredBy: NameAddr | undefined;
  readonly referredByText: string | undefined;
  readonly request: SipRequest;
  /** false when the REFER said "Refer-Sub: false" (RFC 4488): no NOTIFYs are sent. */
  readonly subscription: boolean;
  private current: IncomingReferState = 'pending';
  private readonly tx: ServerTransaction;
  private readonly ctx: IncomingReferContext;
  /** Include ;id= in Event (second and later REFERs of a dialog, RFC 3515 §2.4.6). */
  private readonly withId: boolean;
  private chain: Promise<unknown> = Promise.resolve();
  private last = { status: 100, reason: 'Trying' };
  private expiry: TimerHandle | undefined;
  private decision: TimerHandle | undefined;
  private acceptedAt = 0;

  constructor(opts: {
    tx: ServerTransaction;
    request: SipRequest;
    target: ReferTarget;
    referredBy: NameAddr | undefined;
    withId: boolean;
    ctx: IncomingReferContext;
  }) {
    this.tx = opts.tx;
    this.request = opts.request;
    this.referId = String(opts.request.cseq?.seq ?? 0);
    this.target = opts.target;
    this.referredBy = opts.referredBy;
    this.referredByText = opts.request.headers.get('Referred-By');
    this.withId = opts.withId;
    this.ctx = opts.ctx;
    this.subscription = opts.request.headers.get('Refer-Sub')?.trim().toLowerCase() !== 'false';
  }

  get state(): IncomingReferState {
    return this.current;
  }

  /** Give the phone some time to decide; past it the REFER is declined (a non-INVITE transaction must be answered promptly, RFC 4320). */
  armDecisionTimer(): void {
    if (this.current !== 'pending') return;
    this.decision = this.ctx.clock.setTimer(this.ctx.decisionMs, () => {
      this.decision = undefined;
      if (this.current === 'pending') {
        this.ctx.logger.info('REFER not decided in time: declined', { referId: this.referId });
        this.decline(603);
      }
    });
  }

  /** 202 Accepted, then NOTIFY "100 Trying" (RFC 3515 §2.4.4). */
  accept(): boolean {
    if (this.current !== 'pending') return false;
    this.decision?.cancel();
    this.transition('accepted');
    // RFC 4488 §4: we honour "Refer-Sub: false" and say so in the 2xx
    this.ctx.respond(this.tx, 202, this.subscription ? {} : { headers: [['Refer-Sub', 'false']] });
    if (!this.subscription) {
      this.transition('done');
      return true;
    }
    this.acceptedAt = this.ctx.clock.now();
    this.expiry = this.ctx.clock.setTimer(this.ctx.expiresSeconds * 1000, () => {
      this.expiry = undefined;
      // RFC 6665 §4.2.2: the subscription ran out before the phone said how the call went
      if (this.current === 'accepted') void this.send(this.last.status, this.last.reason, 'timeout');
    });
    void this.send(100, 'Trying', undefined);
    return true;
  }

  /** Refuse: 603 Decline by default (403 Forbidden when policy forbids transfers). */
  decline(status = 603, reason?: string): boolean {
    if (this.current !== 'pending') return false;
    this.decision?.cancel();
    this.transition('declined');
    this.ctx.respond(this.tx, status, reason ? { reason } : {});
    return true;
  }

  /**
   * Report the new call's progress as a sipfrag status (RFC 3515 §2.4.5):
   * 180 Ringing, then 200 OK or the failure. `final` (default: any final
   * status) ends the subscription. Resolves true when the NOTIFY got a 2xx.
   */
  notify(status: number, reason: string, final = status >= 200): Promise<boolean> {
    if (this.current !== 'accepted') return Promise.resolve(false);
    this.last = { status, reason };
    return this.send(status, reason, final ? 'noresource' : undefined);
  }

  /** The dialog ended: nothing more can be sent. */
  close(): void {
    this.decision?.cancel();
    this.expiry?.cancel();
    if (this.current === 'pending') this.decline(603);
    if (this.current === 'accepted') this.transition('done');
  }

  private send(status: number, reason: string, terminatedReason: string | undefined): Promise<boolean> {
    if (terminatedReason) {
      this.expiry?.cancel();
      this.transition('done');
    }
    const left = Math.max(0, this.ctx.expiresSeconds - Math.floor((this.ctx.clock.now() - this.acceptedAt) / 1000));
    const state = terminatedReason
      ? formatSubscriptionState({ state: 'terminated', reason: terminatedReason })
      : formatSubscriptionState({ state: 'active', expires: left });
    const headers: Array<[string, string]> = [
      ['Event', formatEvent({ type: 'refer', ...(this.withId ? { id: this.referId } : {}) })],
      ['Subscription-State', state],
    ];
    const body = formatSipfrag(status, reason);
    const next = this.chain.then(async () => {
      const got = await this.ctx.sendNotify(headers, body, SIPFRAG_CONTENT_TYPE);
      if (got === undefined || got === 481) {
        // RFC 6665 §4.2.2: no answer or 481 - the subscriber is gone
        this.expiry?.cancel();
        if (this.current === 'accepted') this.transition('done');
      }
      return got !== undefined && got >= 200 && got < 300;
    });
    this.chain = next.catch(() => false);
    return next;
  }

  private transition(to: IncomingReferState): void {
    const from = this.current;
    if (!REFER_MOVES[from].includes(to)) throw new SayhiError('UA_REFER_ILLEGAL', `refer ${this.referId} ${from} -> ${to}`);
    this.current = to;
    this.ctx.logger.debug(`refer ${this.referId} ${from} -> ${to}`);
  }
}
