import { SayhiError, TypedEvents } from '../../base/index.js';
import {
  Uas2xxRetransmitter,
  formatUri,
  type Dialog,
  type DigestClient,
  type InviteServerTransaction,
  type NameAddr,
  type ReceivedMessage,
  type SendTarget,
  type ServerTransaction,
  type SipDnsResolver,
  type SipRequest,
  type SipResponse,
  type TransportProtocol,
} from '../../sip/index.js';
import type { IncomingRefer, TransferProgress } from '../refer/index.js';
import { OfferAnswerNegotiator, type LocalMedia, type NegotiatedMedia } from '../sdp/index.js';
import type { SessionTimerSettings } from '../session-timer/index.js';
import type { UaCore } from '../ua-core.js';
import { ackTargetOf, resendAck, type AckContext, type SentAckMemory } from './ended-call-user.js';
import { sendInDialog } from './in-dialog-sender.js';
import { INVITE_SESSION_MOVES, type InviteSessionState, type SessionEnd } from './invite-session-state.js';
import type { ReferSettings } from './session-transfer.js';

export type InviteSessionEvents = {
  state: [state: InviteSessionState, cause: string];
  /** A 1xx for our INVITE (UAC). */
  progress: [status: number, reason: string];
  /** The negotiated audio stream is new or changed (answer, re-INVITE, hold). */
  media: [media: NegotiatedMedia];
  /** An INFO request; listeners return nothing, the session answers 200 for handled types. */
  info: [request: SipRequest];
  /**
   * The peer asks us to transfer (REFER, RFC 3515): call `refer.accept()` (202) and place the call
   * to `refer.target` (with its Replaces), or `refer.decline()`; report with `refer.notify()`.
   * No listener: 603. Undecided after ReferSettings.decisionMs: 603.
   */
  refer: [refer: IncomingRefer];
  /** How the transferee's call to the target goes (NOTIFY sipfrag, RFC 3515 §2.4.5), for our `refer()`. */
  'transfer-progress': [progress: TransferProgress];
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
  /** Extra headers for every INVITE/re-INVITE (Allow, User-Agent...); SUPPORTED_OPTIONS are merged into their Supported. */
  extraHeaders?: Array<[string, string]>;
  /** RFC 4028 settings (the account's session timer); absent: supported when the peer asks, never asked for. */
  sessionTimer?: Partial<SessionTimerSettings>;
  /** REFER timings (tests shorten them). */
  refer?: ReferSettings;
}

export const SDP = 'application/sdp';

/** Option tags we always support (RFC 3261 §20.37): Replaces (RFC 3891 §6.2) and session timers (RFC 4028 §3). */
export const SUPPORTED_OPTIONS: readonly string[] = ['replaces', 'timer'];

/** Headers with our option tags merged into one Supported header (keeping any the phone put there). */
export function withSupported(headers: ReadonlyArray<[string, string]>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const tags: string[] = [];
  for (const [n, v] of headers) {
    const name = n.toLowerCase();
    if (name === 'supported' || name === 'k') tags.push(...v.split(',').map((t) => t.trim()).filter((t) => t !== ''));
    else out.push([n, v]);
  }
  for (const t of SUPPORTED_OPTIONS) if (!tags.some((x) => x.toLowerCase() === t)) tags.push(t);
  out.push(['Supported', tags.join(', ')]);
  return out;
}

/**
 * The RFC 3261 plumbing of an INVITE session once its dialog exists (§12-15):
 * the one state machine, the end of the session, BYE, the ACK and 2xx
 * retransmission rules, in-dialog sending. InviteSession adds the mid-call
 * features on top. The session never touches media: it reports the
 * negotiated stream through the `media` event.
 */
export abstract class InviteSessionBase {
  readonly events = new TypedEvents<InviteSessionEvents>();
  readonly negotiator: OfferAnswerNegotiator;
  dialog: Dialog | undefined;
  ended: SessionEnd | undefined;
  protected current: InviteSessionState;
  protected readonly core: UaCore;
  protected readonly opts: InviteSessionOptions;
  /** UAS 2xx (to INVITE or re-INVITE) waiting for its ACK. */
  protected retransmitter: Uas2xxRetransmitter | undefined;
  private expectAnswerInAck = false;
  /** UAC: the last ACK we sent and the CSeq of the 2xx it answers, to re-ACK retransmitted 2xx. */
  protected readonly acks: SentAckMemory = {};
  private extras: ReadonlyArray<[string, string]> | undefined;
  private contactValue: string | undefined;

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

  protected transition(to: InviteSessionState, cause: string): void {
    const from = this.current;
    if (from === to) return;
    if (!INVITE_SESSION_MOVES[from].includes(to)) {
      throw new SayhiError('UA_SESSION_ILLEGAL', `session ${this.callId} ${from} -> ${to} (${cause})`);
    }
    this.current = to;
    if (this.core.logger.enabled('debug')) this.core.logger.debug(`session ${this.callId} ${from} -> ${to} (${cause})`);
    this.events.emit('state', to, cause);
  }

  /** Timers and helpers of the features layered on top stop here. */
  protected abstract onFinish(): void;

  /**
   * The INVITE transaction outlives the session (Timer L/M: 64*T1 after a
   * 2xx, RFC 6026 §8.4/§8.5): give it a TU that does not hold the session,
   * so an ended call can be collected at once.
   */
  protected abstract releaseInviteTransaction(): void;

  /** Tear down our side: timers, dialog binding, state; tell listeners once. */
  protected finish(end: SessionEnd): void {
    if (this.current === 'terminated') return;
    this.ended = end;
    this.retransmitter?.stop();
    this.retransmitter = undefined;
    this.onFinish();
    this.releaseInviteTransaction();
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

  /** BYE after a mid-call request failed for good (§14.1: 481, 408, timeout), unless the call ended meanwhile. */
  protected async endAfterFailure(reason: string): Promise<void> {
    if (this.current === 'confirmed' || this.current === 'accepted') await this.sendBye(reason);
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
    resendAck(this.core, this.acks, res);
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
  protected ackTarget(ack: SipRequest): Promise<SendTarget | undefined> {
    return ackTargetOf(this.ackContext(), ack);
  }

  protected ackContext(): AckContext {
    return { core: this.core, resolver: this.opts.resolver, transport: this.opts.transport };
  }

  /** The extra headers of our INVITEs, re-INVITEs and UPDATEs, with our Supported option tags (built once). */
  protected requestExtras(): ReadonlyArray<[string, string]> {
    this.extras ??= withSupported(this.opts.extraHeaders ?? []);
    return this.extras;
  }

  /** Our Contact URI as text, for responses that need it (built once). */
  protected contactText(): string {
    this.contactValue ??= `<${formatUri(this.opts.contact.uri)}>`;
    return this.contactValue;
  }

  /** A 200 with our Contact and SDP (for answers to INVITE / re-INVITE), plus `headers`. */
  protected okWithSdp(tx: ServerTransaction, toTag: string, sdp: string, headers: ReadonlyArray<[string, string]> = []): SipResponse {
    const res = this.buildResponse(tx, 200, toTag);
    for (const [n, v] of headers) res.headers.append(n, v);
    res.body = Buffer.from(sdp);
    res.headers.set('Content-Type', SDP);
    return res;
  }

  protected abstract buildResponse(tx: ServerTransaction, status: number, toTag: string): SipResponse;
}
