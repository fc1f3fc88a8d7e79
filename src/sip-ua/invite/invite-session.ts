import { randomBetween, type TimerHandle } from '../../base/index.js';
import type { InviteServerTransaction, ReceivedMessage, ServerTransaction, SipMessage, SipRequest, SipUri } from '../../sip/index.js';
import type { ReferOutcome } from '../refer/index.js';
import { SessionTimer } from '../session-timer/index.js';
import type { DialogUsage } from '../ua-core.js';
import { InviteSessionBase, SDP, type InviteSessionOptions } from './invite-session-base.js';
import type { InviteSessionState } from './invite-session-state.js';
import { trackSession, untrackSession } from './session-directory.js';
import { SessionTransfer, type ReferOptions } from './session-transfer.js';

type OfferMaker = () => { ok: true; value: string } | { ok: false; reason: string };

/**
 * What an INVITE session does in a call, for both roles: requests inside
 * the dialog (BYE, re-INVITE and UPDATE for hold/resume and target refresh,
 * INFO, OPTIONS, REFER and its NOTIFYs), and the modules it calls at named
 * points: the session timer (RFC 4028) at every INVITE/UPDATE sent or
 * received, transfer (RFC 3515/5589) for REFER and NOTIFY.
 */
export abstract class InviteSession extends InviteSessionBase implements DialogUsage {
  /** RFC 4028: the session's timer (state, interval); the session drives it. */
  readonly sessionTimer: SessionTimer;
  /** The peer allows UPDATE (Allow of its INVITE or 2xx): refreshes use it, RFC 4028 §10. */
  protected peerAllowsUpdate = false;
  private reinviteBusy = false;
  private glareTimer: TimerHandle | undefined;
  /** REFER in and out (RFC 3515), made at the first use: most calls never transfer. */
  private transferValue: SessionTransfer | undefined;

  constructor(opts: InviteSessionOptions, initial: InviteSessionState) {
    super(opts, initial);
    this.sessionTimer = new SessionTimer({
      clock: opts.core.clock,
      logger: opts.core.logger,
      label: () => this.callId,
      ...(opts.sessionTimer ? { settings: opts.sessionTimer } : {}),
      onRefresh: () => void this.refreshSession(),
      // RFC 4028 §10: the refresher did not refresh - the session is gone
      onExpire: () => void this.endAfterFailure('session timer expired'),
    });
    trackSession(opts.core, this);
  }

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

  /**
   * Transfer the peer (REFER, RFC 3515; RFC 5589 §6 blind, §7 attended): `target`
   * is a URI, which may carry ?Replaces=... (see attendedTransferTarget()), or
   * pass `opts.replaces`. Resolves with the peer's answer; progress follows as
   * 'transfer-progress'. Hanging up afterwards is the phone's choice.
   */
  refer(target: string | SipUri, opts: ReferOptions = {}): Promise<ReferOutcome> {
    return this.transfer.refer(target, opts);
  }

  /**
   * Transferee: report how the call a REFER asked for goes (NOTIFY with
   * "SIP/2.0 <status> <reason>"); `final` ends the subscription. Without
   * `referId`, the latest accepted REFER. Resolves true when the NOTIFY got a 2xx.
   */
  notifyReferProgress(status: number, reason: string, final = status >= 200, referId?: string): Promise<boolean> {
    return this.transfer.notifyProgress(status, reason, final, referId);
  }

  private get transfer(): SessionTransfer {
    this.transferValue ??= new SessionTransfer(
      {
        core: this.core,
        label: () => this.callId,
        dialog: () => this.dialog,
        confirmed: () => this.current === 'confirmed',
        send: (build) => this.send(build),
        hasReferListener: () => this.events.listenerCount('refer') > 0,
        emitRefer: (r) => this.events.emit('refer', r),
        emitProgress: (p) => this.events.emit('transfer-progress', p),
      },
      this.opts.refer,
    );
    return this.transferValue;
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
      case 'REFER':
        return this.transfer.onRefer(tx, req);
      case 'NOTIFY':
        return this.transfer.onNotify(tx, req);
      default:
        this.core.respond(tx, 501);
    }
  }

  protected onFinish(): void {
    this.glareTimer?.cancel();
    this.sessionTimer.stop();
    this.transferValue?.close();
    untrackSession(this.core, this);
  }

  /** Learn from the peer's Allow whether it takes UPDATE (RFC 3311), for session refreshes. */
  protected notePeerAllow(msg: SipMessage): void {
    const allow = msg.tokens('Allow');
    if (allow.length > 0) this.peerAllowsUpdate = allow.includes('update');
  }

  // ---- session refresh (RFC 4028 §10) -----------------------------------------------------

  /** The refresher's refresh: UPDATE without SDP when the peer allows it, else a re-INVITE with our unchanged SDP. */
  private async refreshSession(): Promise<void> {
    if (this.current !== 'confirmed') return this.sessionTimer.refreshFailed();
    if (this.peerAllowsUpdate) {
      const r = await this.refreshByUpdate();
      if (r !== 'unsupported') return;
      this.peerAllowsUpdate = false;
    }
    // RFC 6337 §5.3: the same SDP (same o= version) refreshes without changing the session
    const ok = await this.reinvite(() => this.negotiator.createOffer());
    if (!ok && this.current === 'confirmed') this.sessionTimer.refreshFailed();
  }

  private async refreshByUpdate(): Promise<'done' | 'unsupported'> {
    const dialog = this.dialog!;
    for (;;) {
      const out = await this.send(() =>
        dialog.createRequest('UPDATE', { extraHeaders: [...this.requestExtras(), ...this.sessionTimer.requestHeaders()] }),
      );
      if (out.kind !== 'response') {
        await this.endAfterFailure('session refresh got no answer');
        return 'done';
      }
      const res = out.response;
      if (res.status < 300) {
        this.sessionTimer.onSuccess(res);
        return 'done';
      }
      if (res.status === 422 && this.sessionTimer.on422(res)) continue;
      if (res.status === 405 || res.status === 501) return 'unsupported';
      // §10: 408 and 481 mean the session is gone; anything else leaves it to expire
      if (res.status === 408 || res.status === 481) await this.endAfterFailure(`${res.status} to session refresh`);
      else this.sessionTimer.refreshFailed();
      return 'done';
    }
  }

  // ---- re-INVITE and UPDATE (ours and theirs) --------------------------------------------

  private async reinvite(makeOffer: OfferMaker): Promise<boolean> {
    const dialog = this.dialog;
    if (!dialog || this.current !== 'confirmed' || this.reinviteBusy) return false;
    const offer = makeOffer();
    if (!offer.ok) return false;
    this.reinviteBusy = true;
    let retry = false;
    try {
      const body = Buffer.from(offer.value);
      let inviteCseq = 0;
      const out = await this.send(
        () => {
          const extraHeaders = [...this.requestExtras(), ...this.sessionTimer.requestHeaders()];
          const req = dialog.createRequest('INVITE', { body, contentType: SDP, extraHeaders });
          inviteCseq = req.cseq!.seq;
          return req;
        },
        (later) => this.reAck(later),
      );
      if (out.kind !== 'response') {
        this.negotiator.cancelOffer();
        // §14.1: a re-INVITE that times out ends the dialog
        if (out.kind === 'timeout') await this.endAfterFailure('re-INVITE timed out');
        return false;
      }
      const res = out.response;
      if (res.status >= 200 && res.status < 300) {
        dialog.updateFromResponse(res);
        const ack = dialog.createAck(inviteCseq);
        const target = await this.ackTarget(ack);
        if (target) {
          this.acks.last = { cseq: inviteCseq, ack, target };
          await this.core.transactions.sendAck(ack, target).catch(() => {});
        }
        this.notePeerAllow(res);
        this.sessionTimer.onSuccess(res);
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
      // RFC 4028 §7.3: Session Interval Too Small - again, with the larger Min-SE
      if (res.status === 422 && this.sessionTimer.on422(res)) retry = true;
      else if (res.status === 481 || res.status === 408) await this.endAfterFailure(`${res.status} to re-INVITE`);
    } finally {
      this.reinviteBusy = false;
    }
    return retry ? this.reinvite(makeOffer) : false;
  }

  private onReinvite(tx: InviteServerTransaction, req: SipRequest): void {
    if (this.reinviteBusy || this.retransmitter) {
      // §14.2: an offer while ours is pending
      this.core.respond(tx, 491);
      return;
    }
    this.notePeerAllow(req);
    // RFC 4028 §9: a re-INVITE is a session refresh; too short an interval gets 422
    const timer = this.sessionTimer.onRequest(req);
    if (!timer.ok) return void this.core.respond(tx, timer.status, { headers: timer.headers });
    const dialog = this.dialog!;
    const localTag = dialog.id.localTag;
    if (req.body.length === 0) {
      // offer in our 2xx, answer in the ACK (§14.2)
      const offer = this.negotiator.createOffer();
      if (!offer.ok) return void this.core.respond(tx, 500);
      this.send2xx(tx, this.okWithSdp(tx, localTag, offer.value, timer.headers), true);
      timer.commit();
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
    this.send2xx(tx, this.okWithSdp(tx, localTag, answer.value, timer.headers), false);
    timer.commit();
    this.publishMedia();
  }

  private onUpdate(tx: ServerTransaction, req: SipRequest): void {
    this.notePeerAllow(req);
    const timer = this.sessionTimer.onRequest(req);
    if (!timer.ok) return void this.core.respond(tx, timer.status, { headers: timer.headers });
    if (req.body.length === 0) {
      // RFC 4028 §10: an UPDATE without SDP is a plain session refresh
      this.core.respond(tx, 200, { headers: timer.headers });
      timer.commit();
      return;
    }
    const set = this.negotiator.setRemoteOffer(req.body);
    if (!set.ok) return void this.core.respond(tx, set.reason === 'glare' ? 491 : 488);
    const answer = this.negotiator.createAnswer();
    if (!answer.ok) {
      this.negotiator.cancelOffer();
      return void this.core.respond(tx, 488);
    }
    this.core.respond(tx, 200, { body: Buffer.from(answer.value), contentType: SDP, headers: timer.headers });
    timer.commit();
    this.publishMedia();
  }
}
