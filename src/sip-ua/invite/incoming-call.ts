import {
  Dialog,
  createResponse,
  type InviteServerTransaction,
  type ReceivedMessage,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from '../../sip/index.js';
import { parseReplaces, type ReplacesHeader } from '../refer/index.js';
import type { IncomingTimerCheck } from '../session-timer/index.js';
import { SDP, type InviteSessionOptions } from './invite-session-base.js';
import { InviteSession } from './invite-session.js';
import { findReplacedSession, type ReplacesMatch } from './replaces-match.js';

export interface IncomingCallOptions extends InviteSessionOptions {
  tx: InviteServerTransaction;
  request: ReceivedMessage<SipRequest>;
}

/**
 * The called side of an INVITE session (RFC 3261 §13.3): ringing (180, early
 * dialog), answer (2xx with our SDP, retransmitted until the ACK), reject, and
 * CANCEL (§9.2: 487 to the INVITE). An INVITE without SDP gets our offer in
 * the 2xx and its answer in the ACK. The session timer answers the INVITE's
 * Session-Expires in the 2xx (RFC 4028 §9); an INVITE with Replaces (RFC
 * 3891) says which session it replaces through findReplaced().
 */
export class IncomingCall extends InviteSession {
  readonly tx: InviteServerTransaction;
  readonly request: SipRequest;
  readonly source: ReceivedMessage<SipRequest>;
  private readonly localTag: string;
  /** The INVITE had no SDP: we offer in the 2xx (delayed offer). */
  private readonly delayedOffer: boolean;
  /** Why the offer is unusable (then the only answer is 488). */
  readonly offerProblem: string | undefined;
  /**
   * The INVITE must be refused with this whatever the phone decides: 422
   * Session Interval Too Small (RFC 4028 §9) or 400 for a bad Replaces (RFC
   * 3891 §3). ring() and answer() send it; the phone may check it first.
   */
  readonly refusal: { status: number; reason: string; headers: Array<[string, string]> } | undefined;
  /** RFC 3891: this call takes the place of another dialog; see findReplaced(). */
  readonly replaces: ReplacesHeader | undefined;
  /** RFC 3892: who referred the caller to us (a transfer), as received. */
  readonly referredBy: string | undefined;
  /** RFC 4028 §9: our answer to the INVITE's Session-Expires, applied when the 2xx goes out. */
  private readonly timerCheck: IncomingTimerCheck;

  constructor(opts: IncomingCallOptions) {
    super(opts, 'incoming');
    this.tx = opts.tx;
    this.source = opts.request;
    this.request = opts.request.message;
    this.localTag = opts.core.newTag();
    this.delayedOffer = this.request.body.length === 0;
    if (!this.delayedOffer) {
      const set = this.negotiator.setRemoteOffer(this.request.body);
      if (!set.ok) this.offerProblem = set.reason;
    }
    const d = Dialog.fromUasRequest(this.request, this.localTag, opts.contact, {
      overTls: opts.request.source.protocol === 'tls',
      logger: opts.core.logger,
    });
    if (d.ok) {
      this.dialog = d.value;
      this.core.bindDialog(d.value, this);
    } else {
      this.offerProblem ??= `bad INVITE (${d.reason})`;
    }
    this.notePeerAllow(this.request);
    this.timerCheck = this.sessionTimer.onRequest(this.request);
    this.referredBy = this.request.headers.get('Referred-By');
    const replaces = this.request.headers.getAll('Replaces');
    this.replaces = replaces.length === 1 ? parseReplaces(replaces[0]!) : undefined;
    if (replaces.length > 0 && !this.replaces) {
      // RFC 3891 §3: more than one Replaces (or one we cannot read) is a 400
      this.refusal = { status: 400, reason: 'Bad Replaces', headers: [] };
    } else if (!this.timerCheck.ok) {
      this.refusal = { status: this.timerCheck.status, reason: 'Session Interval Too Small', headers: this.timerCheck.headers };
    }
    this.tx.setUser({
      onTimeout: () => this.finish({ by: 'error', reason: 'no ACK for the final response' }),
      onTransportError: () => this.finish({ by: 'error', status: 503, reason: 'transport error' }),
    });
  }

  override get callId(): string {
    return this.request.callId;
  }

  /**
   * The session this INVITE's Replaces names, and what to do with it (RFC
   * 3891 §3); undefined without Replaces. On `ok: false` reject with its status.
   */
  findReplaced(): ReplacesMatch | undefined {
    return this.replaces ? findReplacedSession(this.core, this.replaces) : undefined;
  }

  /** Send 180 Ringing (or 183 with early media SDP). */
  ring(status: 180 | 183 = 180): void {
    if (this.current !== 'incoming' && this.current !== 'early') return;
    if (this.refusal) return this.refuse();
    const res = this.buildResponse(this.tx, status, this.localTag);
    if (status === 183) {
      const answer = this.negotiator.createAnswer();
      if (answer.ok) {
        res.body = Buffer.from(answer.value);
        res.headers.set('Content-Type', SDP);
      }
    }
    this.tx.respond(res);
    if (this.current === 'incoming') this.transition('early', `${status} sent`);
  }

  /** Answer: 200 with our SDP. Media is published at once (the offer told us where to send). */
  answer(): boolean {
    if (this.current !== 'incoming' && this.current !== 'early') return false;
    if (this.refusal) {
      this.refuse();
      return false;
    }
    if (this.offerProblem) {
      this.reject(488);
      return false;
    }
    let sdp: string;
    if (this.delayedOffer) {
      const offer = this.negotiator.createOffer();
      if (!offer.ok) return this.reject(500), false;
      sdp = offer.value;
    } else if (this.negotiator.state === 'remote-offer') {
      const answer = this.negotiator.createAnswer();
      if (!answer.ok) {
        this.reject(488);
        return false;
      }
      sdp = answer.value;
    } else {
      // answered already in a 183
      sdp = this.negotiator.activeLocal ?? '';
    }
    this.dialog?.confirm('2xx sent');
    const timerHeaders = this.timerCheck.ok ? this.timerCheck.headers : [];
    this.send2xx(this.tx, this.okWithSdp(this.tx, this.localTag, sdp, timerHeaders), this.delayedOffer);
    if (this.timerCheck.ok) this.timerCheck.commit();
    if (!this.delayedOffer) this.publishMedia();
    this.transition('accepted', '200 sent');
    return true;
  }

  /** Refuse the call (486 Busy Here by default; 603 Decline, 480...). */
  reject(status = 486, reason?: string): void {
    if (this.current !== 'incoming' && this.current !== 'early') return;
    const res = this.buildResponse(this.tx, status, this.localTag);
    if (reason) res.reason = reason;
    this.tx.respond(res);
    this.finish({ by: 'local', status, reason: `rejected ${status} ${res.reason}` });
  }

  /** Redirect the caller (RFC 3261 §21.3.3: 302 with the new target in Contact), e.g. call forwarding. */
  redirect(target: string, status: 301 | 302 = 302): void {
    if (this.current !== 'incoming' && this.current !== 'early') return;
    const res = createResponse(this.tx.request, status, { toTag: this.localTag });
    res.headers.append('Server', this.core.userAgent);
    res.headers.append('Contact', `<${target}>`);
    this.tx.respond(res);
    this.finish({ by: 'local', status, reason: `forwarded to ${target}` });
  }

  private refuse(): void {
    const r = this.refusal!;
    const res = this.buildResponse(this.tx, r.status, this.localTag);
    res.reason = r.reason;
    for (const [n, v] of r.headers) res.headers.append(n, v);
    this.tx.respond(res);
    this.finish({ by: 'local', status: r.status, reason: `refused ${r.status} ${r.reason}` });
  }

  /** The caller sent CANCEL (the 200 to it is already sent): 487 to the INVITE (§9.2). */
  cancelled(): void {
    if (this.current !== 'incoming' && this.current !== 'early') return;
    this.tx.respond(this.buildResponse(this.tx, 487, this.localTag));
    this.finish({ by: 'remote', status: 487, reason: 'cancelled by caller' });
  }

  async hangup(): Promise<void> {
    switch (this.current) {
      case 'incoming':
      case 'early':
        return this.reject(486);
      case 'accepted':
      case 'confirmed':
        return this.sendBye();
      default:
        return;
    }
  }

  protected releaseInviteTransaction(): void {
    // Timer H / transport errors would only end a session that has ended already
    this.tx.setUser({});
  }

  protected buildResponse(tx: ServerTransaction, status: number, toTag: string): SipResponse {
    const res = createResponse(tx.request, status, { toTag });
    res.headers.append('Server', this.core.userAgent);
    if (status > 100 && status < 300) {
      res.headers.append('Contact', this.contactText());
      for (const [n, v] of this.requestExtras()) if (n !== 'User-Agent') res.headers.append(n, v);
    }
    // §16.6 / §12.1.1: Record-Route is copied into responses that create a dialog
    if (status > 100 && status < 300) {
      for (const rr of tx.request.headers.getAll('Record-Route')) res.headers.append('Record-Route', rr);
    }
    return res;
  }
}
