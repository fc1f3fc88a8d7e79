import {
  Dialog,
  createResponse,
  formatUri,
  type InviteServerTransaction,
  type ReceivedMessage,
  type ServerTransaction,
  type SipRequest,
  type SipResponse,
} from '../../sip/index.js';
import { InviteSession, SDP, type InviteSessionOptions } from './invite-session.js';

export interface IncomingCallOptions extends InviteSessionOptions {
  tx: InviteServerTransaction;
  request: ReceivedMessage<SipRequest>;
}

/**
 * The called side of an INVITE session (RFC 3261 §13.3): ringing (180, early
 * dialog), answer (2xx with our SDP, retransmitted until the ACK), reject, and
 * CANCEL (§9.2: 487 to the INVITE). An INVITE without SDP gets our offer in
 * the 2xx and its answer in the ACK.
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
    this.tx.setUser({
      onTimeout: () => this.finish({ by: 'error', reason: 'no ACK for the final response' }),
      onTransportError: () => this.finish({ by: 'error', status: 503, reason: 'transport error' }),
    });
  }

  override get callId(): string {
    return this.request.callId;
  }

  /** Send 180 Ringing (or 183 with early media SDP). */
  ring(status: 180 | 183 = 180): void {
    if (this.current !== 'incoming' && this.current !== 'early') return;
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
    this.send2xx(this.tx, this.okWithSdp(this.tx, this.localTag, sdp), this.delayedOffer);
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

  protected buildResponse(tx: ServerTransaction, status: number, toTag: string): SipResponse {
    const res = createResponse(tx.request, status, { toTag });
    res.headers.append('Server', this.core.userAgent);
    if (status > 100 && status < 300) {
      res.headers.append('Contact', `<${formatUri(this.opts.contact.uri)}>`);
      for (const [n, v] of this.opts.extraHeaders ?? []) if (n !== 'User-Agent') res.headers.append(n, v);
    }
    // §16.6 / §12.1.1: Record-Route is copied into responses that create a dialog
    if (status > 100 && status < 300) {
      for (const rr of tx.request.headers.getAll('Record-Route')) res.headers.append('Record-Route', rr);
    }
    return res;
  }
}
