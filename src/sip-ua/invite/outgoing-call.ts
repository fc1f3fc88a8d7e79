import {
  Dialog,
  createRequest,
  createResponse,
  formatUri,
  type ClientTransaction,
  type InviteClientTransaction,
  type NameAddr,
  type ReceivedMessage,
  type SendTarget,
  type ServerTransaction,
  type SipResponse,
  type SipUri,
  type TargetIterator,
} from '../../sip/index.js';
import { formatReplaces, type ReplacesHeader } from '../refer/index.js';
import { ackAndByeFork, endedCallUser } from './ended-call-user.js';
import { SDP, type InviteSessionOptions } from './invite-session-base.js';
import { InviteSession } from './invite-session.js';

export interface OutgoingCallOptions extends InviteSessionOptions {
  /** Request-URI: whom we call. */
  target: SipUri;
  /** Our identity (From) without tag. */
  from: NameAddr;
  /** To (usually the target URI). */
  to: NameAddr;
  /** Where to send the INVITE: first hop(s) with failover. */
  targets: TargetIterator;
  /** Route values (outbound proxy). */
  route?: string[];
  /**
   * The dialog this call takes the place of (RFC 3891 §4): the transferee's
   * INVITE of an attended transfer (the Replaces of the REFER's Refer-To), or
   * a pickup. Sent with "Require: replaces" unless `requireReplaces` is false,
   * so that a target without Replaces refuses (420) instead of ringing as a
   * second call.
   */
  replaces?: ReplacesHeader;
  requireReplaces?: boolean;
  /** Referred-By of the REFER that asked for this call, copied as received (RFC 3892 §3). */
  referredBy?: string;
}

/**
 * The calling side of an INVITE session (RFC 3261 §13.2): offer in the
 * INVITE, early dialogs from 1xx with a To tag (early media on 183 + SDP),
 * the ACK for the 2xx, digest retry on 401/407, CANCEL (§9.1), failover to
 * the next server before any response (RFC 3263 §4.3), forked 2xx after
 * the first answered with ACK + BYE (§13.2.2.4), and a retry with a larger
 * Min-SE after 422 (RFC 4028 §7.3). Replaces and Referred-By ride along for
 * the transferee's call of an attended transfer (RFC 3891 §4, RFC 3892).
 */
export class OutgoingCall extends InviteSession {
  private readonly callIdValue: string;
  private readonly fromTag: string;
  private cseq = 1;
  private tx: InviteClientTransaction | undefined;
  private target: SendTarget | undefined;
  private offer: Buffer | undefined;
  private authHeaders: Array<[string, string]> = [];
  /** Replaces / Referred-By: the same in every INVITE of this call (digest and 422 retries too). */
  private readonly callHeaders: Array<[string, string]> = [];
  private authRounds = 0;
  private gotProvisional = false;
  private cancelRequested = false;
  /** A 2xx was taken (the dialog is this one's from then on). */
  private answered = false;
  private readonly o: OutgoingCallOptions;

  constructor(opts: OutgoingCallOptions) {
    super(opts, 'calling');
    this.o = opts;
    this.callIdValue = opts.core.newCallId();
    this.fromTag = opts.core.newTag();
    if (opts.replaces) {
      this.callHeaders.push(['Replaces', formatReplaces(opts.replaces)]);
      if (opts.requireReplaces !== false) this.callHeaders.push(['Require', 'replaces']);
    }
    if (opts.referredBy) this.callHeaders.push(['Referred-By', opts.referredBy]);
  }

  override get callId(): string {
    return this.callIdValue;
  }

  /** Send the INVITE. Progress and the outcome arrive as events. */
  start(): void {
    const offer = this.negotiator.createOffer();
    if (!offer.ok) {
      this.finish({ by: 'error', reason: `cannot build SDP offer (${offer.reason})` });
      return;
    }
    this.offer = Buffer.from(offer.value);
    this.sendInvite();
  }

  async hangup(): Promise<void> {
    switch (this.current) {
      case 'calling':
      case 'proceeding':
      case 'early':
        return this.cancel();
      case 'confirmed':
        return this.sendBye();
      default:
        return;
    }
  }

  /** CANCEL the pending INVITE; the 487 ends the session. */
  async cancel(): Promise<void> {
    if (this.cancelRequested || !this.tx) return;
    this.cancelRequested = true;
    this.core.transactions.sendCancel(this.tx, {});
    if (this.current !== 'terminating') this.transition('terminating', 'CANCEL');
  }

  private sendInvite(): void {
    const cur = this.o.targets.current;
    if (!cur) {
      const last = this.o.targets.failures.at(-1);
      const status = last?.cause === 'timeout' ? 408 : 503;
      this.finish({ by: 'error', status, reason: last ? `${status} (${last.cause} at ${last.target.host}:${last.target.port})` : 'no server address' });
      return;
    }
    this.target = cur.target;
    const req = createRequest({
      method: 'INVITE',
      uri: formatUri(this.o.target),
      from: { ...this.o.from, params: new Map([['tag', this.fromTag]]) },
      to: this.o.to,
      callId: this.callIdValue,
      cseq: this.cseq,
      contact: this.o.contact,
      ...(this.o.route ? { route: this.o.route } : {}),
      // RFC 4028 §7.1: Session-Expires / Min-SE from the session timer (raised after a 422)
      extraHeaders: [...this.requestExtras(), ...this.sessionTimer.requestHeaders(), ...this.callHeaders, ...this.authHeaders],
      body: this.offer!,
      contentType: SDP,
    });
    this.tx = this.core.transactions.sendRequest(req, cur.target, {
      onResponse: (rx, tx) => this.onResponse(rx, tx),
      onTimeout: () => this.onNoAnswer('timeout'),
      onTransportError: () => this.onNoAnswer('transport-error'),
    }) as InviteClientTransaction;
  }

  private onNoAnswer(cause: 'timeout' | 'transport-error'): void {
    if (this.current === 'terminated') return;
    if (!this.gotProvisional && !this.cancelRequested && this.o.targets.failover(cause)) {
      this.cseq++;
      this.sendInvite();
      return;
    }
    const status = cause === 'timeout' ? 408 : 503;
    this.finish({ by: 'error', status, reason: `${status} ${cause === 'timeout' ? 'Request Timeout' : 'Service Unavailable'}` });
  }

  private onResponse(rx: ReceivedMessage<SipResponse>, tx: ClientTransaction): void {
    const res = rx.message;
    if (tx !== this.tx && !(res.status >= 200 && res.status < 300)) return;
    if (res.status < 200) return this.onProvisional(res);
    if (res.status < 300) return void this.on2xx(res);
    if (this.current === 'terminated') return;
    if ((res.status === 401 || res.status === 407) && this.o.auth && this.authRounds < 2 && !this.cancelRequested) {
      const out = this.o.auth.applyCredentials(this.tx!.request, res);
      if (out.ok) {
        this.authRounds++;
        this.authHeaders = out.headers.map((h) => [h.name, h.value]);
        this.cseq++;
        this.sendInvite();
        return;
      }
    }
    if (res.status === 422 && !this.cancelRequested && this.sessionTimer.on422(res)) {
      // RFC 4028 §7.3: same Call-ID and tags, a new CSeq, the larger Min-SE
      this.cseq++;
      this.sendInvite();
      return;
    }
    if (res.status === 503 && !this.gotProvisional && !this.cancelRequested && this.o.targets.failover('service-unavailable')) {
      this.cseq++;
      this.sendInvite();
      return;
    }
    const by = res.status === 487 && this.cancelRequested ? 'local' : 'remote';
    this.finish({ by, status: res.status, reason: res.status === 487 && this.cancelRequested ? 'cancelled' : `${res.status} ${res.reason}` });
  }

  private onProvisional(res: SipResponse): void {
    if (res.status === 100 || this.current === 'terminated') return;
    this.gotProvisional = true;
    if (res.toTag && res.headers.has('Contact') && !this.dialog) {
      const d = Dialog.fromUacResponse(this.tx!.request, res, { logger: this.core.logger });
      if (d.ok) {
        this.dialog = d.value;
        this.core.bindDialog(d.value, this);
      }
    }
    if (this.current === 'calling') this.transition(this.dialog ? 'early' : 'proceeding', `${res.status}`);
    else if (this.current === 'proceeding' && this.dialog) this.transition('early', `${res.status}`);
    // early media: the answer may come in a reliable... or plain 183 with SDP (RFC 3960)
    if (res.body.length > 0 && res.contentType === SDP && this.negotiator.state === 'local-offer') {
      const r = this.negotiator.setRemoteAnswer(res.body);
      if (r.ok) this.publishMedia();
    }
    this.events.emit('progress', res.status, res.reason);
  }

  private async on2xx(res: SipResponse): Promise<void> {
    const seq = res.cseq?.seq ?? this.cseq;
    const sameDialog = !this.dialog || this.dialog.id.remoteTag === res.toTag;
    if (this.answered && sameDialog) {
      // §13.2.2.4: the callee retransmits its 2xx until our ACK arrives; each one gets the same
      // ACK again, whatever became of the call since (up, BYE pending, ended). While the INVITE
      // transaction is Accepted they come here (RFC 6026 §8.4), later through onStrayResponse.
      this.reAck(res);
      return;
    }
    if (this.answered || this.current === 'terminated') {
      // A 2xx from another fork after we took one (or after we gave up): ACK it, then BYE (§13.2.2.4).
      return this.ackAndBye(res, seq);
    }
    // set before the first await: a retransmission arriving meanwhile must not run this twice
    this.answered = true;
    if (this.dialog && !sameDialog) {
      // the early dialog was another fork's; this 2xx wins
      this.core.unbindDialog(this.dialog);
      this.dialog = undefined;
    }
    if (!this.dialog) {
      const d = Dialog.fromUacResponse(this.tx!.request, res, { logger: this.core.logger });
      if (!d.ok) {
        this.finish({ by: 'error', reason: `unusable 2xx (${d.reason})` });
        return;
      }
      this.dialog = d.value;
      this.core.bindDialog(d.value, this);
    } else {
      this.dialog.updateFromResponse(res);
    }
    const ack = this.dialog.createAck(seq);
    const target = await this.ackTarget(ack);
    if (target) {
      this.acks.last = { cseq: seq, ack, target };
      await this.core.transactions.sendAck(ack, target).catch((err: Error) =>
        this.core.logger.warn('ACK send failed', { error: err.message }),
      );
    }
    if (this.cancelRequested) {
      // CANCEL lost the race with the 2xx: the call is up, end it with BYE (§9.1).
      // We are 'terminating' already, so no detour through 'confirmed'.
      await this.sendBye('cancelled');
      return;
    }
    if (this.negotiator.state === 'local-offer') {
      const r = this.negotiator.setRemoteAnswer(res.body);
      if (!r.ok) {
        this.transition('confirmed', '2xx');
        await this.sendBye(`bad SDP answer (${r.reason})`);
        return;
      }
    }
    // media first, so listeners see the codec when they see the call connected;
    // when a 183 already carried the answer the negotiator is stable and there is nothing new
    if (this.negotiator.state !== 'stable') this.publishMedia();
    this.notePeerAllow(res);
    // RFC 4028 §7.2: the 2xx says whether a session timer runs, how long, and who refreshes
    this.sessionTimer.onSuccess(res);
    this.transition('confirmed', `${res.status}`);
  }

  private ackAndBye(res: SipResponse, seq: number): Promise<void> {
    return ackAndByeFork(this.ackContext(), this.tx!.request, res, seq);
  }

  protected releaseInviteTransaction(): void {
    this.tx?.setUser(
      endedCallUser({
        ctx: this.ackContext(),
        acks: this.acks,
        answered: this.answered,
        remoteTag: this.dialog?.id.remoteTag,
        cseq: this.cseq,
      }),
    );
  }

  protected buildResponse(tx: ServerTransaction, status: number, toTag: string): SipResponse {
    const res = createResponse(tx.request, status, { toTag });
    res.headers.append('Contact', this.contactText());
    return res;
  }
}
