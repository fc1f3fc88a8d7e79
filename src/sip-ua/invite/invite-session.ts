import { SayhiError, TypedEvents, randomBetween, type TimerHandle } from '../../base/index.js';
import {
  Uas2xxRetransmitter,
  type Dialog,
  type DigestClient,
  type InviteServerTransaction,
  type NameAddr,
  type ReceivedMessage,
  type ServerTransaction,
  type SendTarget,
  type SipDnsResolver,
  type SipRequest,
  type SipResponse,
  type TransportProtocol,
} from '../../sip/index.js';
import { OfferAnswerNegotiator, type LocalMedia, type NegotiatedMedia } from '../sdp/index.js';
import { nextHopUri, targetsForUri } from '../request-target.js';
import type { DialogUsage, UaCore } from '../ua-core.js';
import { sendInDialog } from './in-dialog-sender.js';
import { INVITE_SESSION_MOVES, type InviteSessionState, type SessionEnd } from './invite-session-state.js';

export type InviteSessionEvents = {
  state: [state: InviteSessionState, cause: string];
  /** A 1xx for our INVITE (UAC). */
  progress: [status: number, reason: string];
  /** The negotiated audio stream is new or changed (answer, re-INVITE, hold). */
  media: [media: NegotiatedMedia];
  /** An INFO request; listeners return nothing, the session answers 200 for handled types. */
  info: [request: SipRequest];
  end: [end: SessionEnd];
};

export interface InviteSessionOptions {
  core: UaCore;
  local: LocalMedia;
  /** The line's transport, used when a URI does not say. */
  transport: TransportProtocol;
  resolver: SipDnsResolver;
  /** Our Contact. */
  contact: NameAddr;
  /** Credentials for challenges to our in-dialog requests and the INVITE. */
  auth?: DigestClient;
  /** Extra headers for every INVITE/re-INVITE (Supported, Allow, User-Agent...). */
  extraHeaders?: Array<[string, string]>;
}

export const SDP = 'application/sdp';

/**
 * What an INVITE session does once its dialog exists, for both roles
 * (RFC 3261 §12-15): BYE, re-INVITE for hold/resume and target refresh,
 * INFO, OPTIONS, the ACK and 2xx retransmission rules. The session never
 * touches media: it reports the negotiated stream through the `media` event.
 */
export abstract class InviteSession implements DialogUsage {
  readonly events = new TypedEvents<InviteSessionEvents>();
  readonly negotiator: OfferAnswerNegotiator;
  dialog: Dialog | undefined;
  ended: SessionEnd | undefined;
  protected current: InviteSessionState;
  protected readonly core: UaCore;
  protected readonly opts: InviteSessionOptions;
  /** UAS 2xx (to INVITE or re-INVITE) waiting for its ACK. */
  private retransmitter: Uas2xxRetransmitter | undefined;
  private expectAnswerInAck = false;
  /** UAC: the last ACK we sent and the CSeq of the 2xx it answers, to re-ACK retransmitted 2xx. */
  protected lastAck: { cseq: number; ack: SipRequest; target: SendTarget } | undefined;
  private reinviteBusy = false;
  private glareTimer: TimerHandle | undefined;

  constructor(opts: InviteSessionOptions, initial: InviteSessionState) {
    this.opts = opts;
    this.core = opts.core;
    this.current = initial;
    this.negotiator = new OfferAnswerNegotiator({ local: opts.local, logger: opts.core.logger });
  }

  get state(): InviteSessionState {
    return this.current;
  }

  get callId(): string {
    return this.dialog?.id.callId ?? '';
  }

  get media(): NegotiatedMedia | undefined {
    return this.negotiator.media;
  }

  /** End the call: BYE when confirmed; subclasses cancel or reject before that. */
  abstract hangup(): Promise<void>;

  /** Put the call on hold (re-INVITE with sendonly, RFC 3264 §8.4). Resolves true when accepted. */
  hold(): Promise<boolean> {
    return this.reinvite(() => this.negotiator.hold());
  }

  resume(): Promise<boolean> {
    return this.reinvite(() => this.negotiator.resume());
  }

  /** SIP INFO DTMF (application/dtmf-relay, the de-facto format PBXs accept). */
  async sendInfoDtmf(digit: string, durationMs = 160): Promise<boolean> {
    const body = Buffer.from(`Signal=${digit}\r\nDuration=${durationMs}\r\n`);
    return this.sendInfo('application/dtmf-relay', body);
  }

  async sendInfo(contentType: string, body: Buffer): Promise<boolean> {
    const dialog = this.dialog;
    if (!dialog || this.current !== 'confirmed') return false;
    const out = await this.send(() => dialog.createRequest('INFO', { body, contentType }));
    return out.kind === 'response' && out.response.status < 300;
  }

  // ---- DialogUsage: requests inside our dialog -------------------------------------------

  onDialogRequest(tx: ServerTransaction, rx: ReceivedMessage<SipRequest>): void {
    const req = rx.message;
    const dialog = this.dialog;
    if (!dialog) return void this.core.respond(tx, 481);
    const check = dialog.receiveRequest(req);
    if (!check.ok) return void this.core.respond(tx, check.status);
    switch (req.method) {
      case 'BYE':
        this.core.respond(tx, 200);
        this.finish({ by: 'remote', reason: 'remote hangup' });
        return;
      case 'INVITE':
        return this.onReinvite(tx as InviteServerTransaction, req);
      case 'UPDATE':
        return this.onUpdate(tx, req);
      case 'INFO':
        this.events.emit('info', req);
        this.core.respond(tx, 200);
        return;
      case 'OPTIONS':
        this.core.respond(tx, 200, { headers: [['Accept', SDP]] });
        return;
      default:
        this.core.respond(tx, 501);
    }
  }

  onAck(rx: ReceivedMessage<SipRequest>): void {
    this.retransmitter?.ackReceived();
    this.retransmitter = undefined;
    if (this.expectAnswerInAck) {
      this.expectAnswerInAck = false;
      if (rx.message.body.length > 0) {
        const r = this.negotiator.setRemoteAnswer(rx.message.body);
        if (!r.ok) this.core.logger.warn('bad SDP answer in ACK', { reason: r.reason });
      }
      this.publishMedia();
    }
    if (this.current === 'accepted') this.transition('confirmed', 'ACK');
  }

  onStrayResponse(rx: ReceivedMessage<SipResponse>): void {
    // §13.2.2.4: a retransmitted 2xx is answered with the same ACK again
    this.reAck(rx.message);
  }

  // ---- shared machinery -------------------------------------------------------------------

  protected transition(to: InviteSessionState, cause: string): void {
    const from = this.current;
    if (from === to) return;
    if (!INVITE_SESSION_MOVES[from].includes(to)) {
      throw new SayhiError('UA_SESSION_ILLEGAL', `session ${this.callId} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    this.core.logger.debug(`session ${this.callId} ${from} -> ${to} (${cause})`);
    this.events.emit('state', to, cause);
  }

  /** Tear down our side: timers, dialog binding, state; tell listeners once. */
  protected finish(end: SessionEnd): void {
    if (this.current === 'terminated') return;
    this.ended = end;
    this.retransmitter?.stop();
    this.retransmitter = undefined;
    this.glareTimer?.cancel();
    if (this.dialog) {
      this.core.unbindDialog(this.dialog);
      if (this.dialog.state !== 'terminated') this.dialog.terminate(end.reason);
    }
    this.transition('terminated', end.reason);
    this.events.emit('end', end);
  }

  protected publishMedia(): void {
    const n = this.negotiator.negotiate();
    if (n.ok) this.events.emit('media', n.value);
    else this.core.logger.debug('no negotiated media yet', { reason: n.reason });
  }

  /** Send BYE and end the session (whatever the answer: §15.1.1). */
  protected async sendBye(reason = 'local hangup'): Promise<void> {
    const dialog = this.dialog;
    if (!dialog) return this.finish({ by: 'local', reason });
    this.transition('terminating', 'BYE');
    const out = await this.send(() => dialog.createRequest('BYE', { extraHeaders: [['User-Agent', this.core.userAgent]] }));
    if (out.kind !== 'response') this.core.logger.warn('BYE got no answer', { callId: this.callId, reason: out.reason });
    this.finish({ by: 'local', reason });
  }

  protected send(build: () => SipRequest, onLaterFinal?: (res: SipResponse) => void) {
    return sendInDialog({
      core: this.core,
      resolver: this.opts.resolver,
      transport: this.opts.transport,
      build,
      ...(this.opts.auth ? { auth: this.opts.auth } : {}),
      ...(onLaterFinal ? { onLaterFinal } : {}),
    });
  }

  /** §13.2.2.4: a retransmitted 2xx to our (re-)INVITE gets the same ACK again. */
  protected reAck(res: SipResponse): void {
    const last = this.lastAck;
    if (res.status >= 200 && res.status < 300 && res.cseq?.method === 'INVITE' && last?.cseq === res.cseq.seq) {
      void this.core.transactions.sendAck(last.ack, last.target).catch(() => {});
    }
  }

  /** UAS: send a 2xx on an INVITE server transaction and retransmit it until the ACK (§13.3.1.4). */
  protected send2xx(tx: InviteServerTransaction, res: SipResponse, expectAnswerInAck: boolean): void {
    this.expectAnswerInAck = expectAnswerInAck;
    tx.respond(res);
    this.retransmitter?.stop();
    this.retransmitter = new Uas2xxRetransmitter({
      clock: this.core.clock,
      timers: this.core.transactions.timers,
      retransmit: () => tx.respond(res),
      onTimeout: () => {
        // §13.3.1.4: no ACK within 64*T1 - the session ends with a BYE
        this.core.logger.warn('no ACK for our 2xx', { callId: this.callId });
        void this.sendBye('no ACK');
      },
      logger: this.core.logger,
      id: this.callId,
    });
    this.retransmitter.start();
  }

  /** Resolve the first hop of an in-dialog request, to ACK a 2xx. */
  protected async ackTarget(ack: SipRequest): Promise<SendTarget | undefined> {
    const uri = nextHopUri(ack);
    if (!uri) return undefined;
    const targets = await targetsForUri(uri, this.opts.transport, this.opts.resolver).catch(() => []);
    return targets[0];
  }

  // ---- re-INVITE (ours and theirs) -------------------------------------------------------

  private async reinvite(makeOffer: () => { ok: true; value: string } | { ok: false; reason: string }): Promise<boolean> {
    const dialog = this.dialog;
    if (!dialog || this.current !== 'confirmed' || this.reinviteBusy) return false;
    const offer = makeOffer();
    if (!offer.ok) return false;
    this.reinviteBusy = true;
    try {
      const body = Buffer.from(offer.value);
      let inviteCseq = 0;
      const out = await this.send(
        () => {
          const req = dialog.createRequest('INVITE', { body, contentType: SDP, extraHeaders: this.opts.extraHeaders ?? [] });
          inviteCseq = req.cseq!.seq;
          return req;
        },
        (later) => this.reAck(later),
      );
      if (out.kind !== 'response') {
        this.negotiator.cancelOffer();
        return false;
      }
      const res = out.response;
      if (res.status >= 200 && res.status < 300) {
        dialog.updateFromResponse(res);
        const ack = dialog.createAck(inviteCseq);
        const target = await this.ackTarget(ack);
        if (target) {
          this.lastAck = { cseq: inviteCseq, ack, target };
          await this.core.transactions.sendAck(ack, target).catch(() => {});
        }
        const r = this.negotiator.setRemoteAnswer(res.body);
        if (!r.ok) return false;
        this.publishMedia();
        return true;
      }
      this.negotiator.cancelOffer();
      if (res.status === 491) {
        // §14.1: glare - try again after a random wait (2.1-4 s if we own the Call-ID, else 0-2 s)
        const wait = dialog.role === 'uac' ? randomBetween(2100, 4000) : randomBetween(0, 2000);
        return new Promise((resolve) => {
          this.glareTimer = this.core.clock.setTimer(wait, () => {
            resolve(this.reinvite(makeOffer));
          });
        });
      }
      if (res.status === 481 || res.status === 408) await this.sendBye(`${res.status} to re-INVITE`);
      return false;
    } finally {
      this.reinviteBusy = false;
    }
  }

  private onReinvite(tx: InviteServerTransaction, req: SipRequest): void {
    if (this.reinviteBusy || this.retransmitter) {
      // §14.2: an offer while ours is pending
      this.core.respond(tx, 491);
      return;
    }
    const dialog = this.dialog!;
    const localTag = dialog.id.localTag;
    if (req.body.length === 0) {
      // offer in our 2xx, answer in the ACK (§14.2)
      const offer = this.negotiator.createOffer();
      if (!offer.ok) return void this.core.respond(tx, 500);
      this.send2xx(tx, this.okWithSdp(tx, localTag, offer.value), true);
      return;
    }
    const set = this.negotiator.setRemoteOffer(req.body);
    if (!set.ok) {
      this.core.respond(tx, set.reason === 'glare' ? 491 : 488);
      return;
    }
    const answer = this.negotiator.createAnswer();
    if (!answer.ok) {
      this.negotiator.cancelOffer();
      this.core.respond(tx, 488);
      return;
    }
    this.send2xx(tx, this.okWithSdp(tx, localTag, answer.value), false);
    this.publishMedia();
  }

  private onUpdate(tx: ServerTransaction, req: SipRequest): void {
    if (req.body.length === 0) return void this.core.respond(tx, 200);
    const set = this.negotiator.setRemoteOffer(req.body);
    if (!set.ok) return void this.core.respond(tx, set.reason === 'glare' ? 491 : 488);
    const answer = this.negotiator.createAnswer();
    if (!answer.ok) {
      this.negotiator.cancelOffer();
      return void this.core.respond(tx, 488);
    }
    this.core.respond(tx, 200, { body: Buffer.from(answer.value), contentType: SDP });
    this.publishMedia();
  }

  /** A 200 with our Contact and SDP (for answers to INVITE / re-INVITE). */
  protected okWithSdp(tx: ServerTransaction, toTag: string, sdp: string): SipResponse {
    const res = this.buildResponse(tx, 200, toTag);
    res.body = Buffer.from(sdp);
    res.headers.set('Content-Type', SDP);
    return res;
  }

  protected abstract buildResponse(tx: ServerTransaction, status: number, toTag: string): SipResponse;
}
