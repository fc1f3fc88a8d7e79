import { randomBetween, type Logger } from '../../base/index.js';
import { answerOffer, type AnswerResult } from './sdp-answer.js';
import { holdDirection, type SdpDirection } from './sdp-direction.js';
import { describeNegotiation, type NegotiatedMedia } from './negotiated-media.js';
import { offerDescription, type LocalMedia } from './sdp-offer.js';
import { writeSdp } from './sdp-writer.js';
import { parseSdp, type SdpSession } from './sdp-session.js';
import { nextNegotiatorState, type NegotiatorEvent, type NegotiatorState } from './negotiator-state.js';

/**
 * The offer/answer state of one call (RFC 3264), apart from the INVITE
 * session so that hold, re-INVITE, UPDATE and glare rules live in one place.
 * It holds the active local and remote SDP and the negotiated stream. Every
 * operation returns a value: an illegal move, glare, garbage SDP or a refused
 * offer never throws, so a peer cannot crash the call with a bad body.
 *
 * o= (RFC 3264 §8): the session id never changes; the version goes up by one
 * whenever our SDP differs from the last one we sent, and stays the same for
 * an unchanged SDP (a session refresh; RFC 6337 §5.3). Versions never go
 * back, also after a refused offer, so a peer that compares versions always
 * sees the change.
 */

export interface NegotiatorOptions {
  local: LocalMedia;
  /** o= session id (default: random digits). */
  sessionId?: string;
  /** o= version of our first SDP (default 1). */
  initialVersion?: number;
  /** o= username (default '-'). */
  username?: string;
  logger?: Logger;
}

export type NegotiatorFailure =
  /** The move is not allowed in this state (an answer without offer, two offers...). */
  | 'illegal-state'
  /** A remote offer while ours is pending: the UA answers 491 (RFC 3261 §14.2). */
  | 'glare'
  | 'bad-sdp'
  /** We cannot accept the remote offer: answer 488, then cancelOffer(). */
  | 'not-acceptable'
  /** The remote answer leaves no usable audio; the previous session stays active. */
  | 'answer-rejected';

export type NegotiatorResult<T> = { ok: true; value: T } | { ok: false; reason: NegotiatorFailure; detail?: string };

export class OfferAnswerNegotiator {
  private stateValue: NegotiatorState = 'stable';
  private local: LocalMedia;
  readonly sessionId: string;
  private readonly username: string;
  private version: number;
  /** Our last SDP as built, with its o= version. */
  private lastBuilt: string | undefined;
  private readonly logger: Logger | undefined;

  /** What we are willing to do: sendrecv, or sendonly while we hold. */
  private wanted: SdpDirection = 'sendrecv';
  private activeLocalSdp: string | undefined;
  private activeRemoteSdp: string | undefined;
  private negotiatedMedia: NegotiatedMedia | undefined;

  private pendingLocal: string | undefined;
  private pendingRemote: SdpSession | undefined;
  private pendingWanted: SdpDirection = 'sendrecv';
  private pendingMedia: NegotiatedMedia | undefined;

  constructor(opts: NegotiatorOptions) {
    this.local = { ...opts.local, codecs: [...opts.local.codecs] };
    this.sessionId = opts.sessionId ?? String(randomBetween(1, 0x7fffffff));
    this.version = opts.initialVersion ?? 1;
    this.username = opts.username ?? '-';
    this.logger = opts.logger;
  }

  get state(): NegotiatorState {
    return this.stateValue;
  }
  get activeLocal(): string | undefined {
    return this.activeLocalSdp;
  }
  get activeRemote(): string | undefined {
    return this.activeRemoteSdp;
  }
  /** The stream agreed by the last successful exchange. */
  get media(): NegotiatedMedia | undefined {
    return this.negotiatedMedia;
  }
  /** We hold the call (our last accepted offer was a hold). */
  get isLocalHold(): boolean {
    return this.wanted !== 'sendrecv';
  }
  /** The o= version of the last SDP we built. */
  get sessionVersion(): number {
    return this.version;
  }

  /** New address, port or codecs for the next SDP we build (e.g. after a NAT change). */
  setLocalMedia(update: Partial<LocalMedia>): void {
    this.local = { ...this.local, ...update };
  }

  /** set-local-offer: an offer with our current wish (still on hold if we hold). */
  createOffer(opts: { direction?: SdpDirection } = {}): NegotiatorResult<string> {
    const direction = opts.direction ?? this.wanted;
    return this.offer(direction, direction);
  }

  /** RFC 3264 §8.4 hold: sendonly, or inactive if the peer already holds us. */
  hold(): NegotiatorResult<string> {
    return this.offer(holdDirection(this.negotiatedMedia?.direction ?? 'sendrecv'), 'sendonly');
  }

  /** Back to sendrecv; the answer says what the peer does. */
  resume(): NegotiatorResult<string> {
    return this.offer('sendrecv', 'sendrecv');
  }

  /** set-remote-offer. In 'local-offer' this is glare (the UA answers 491). */
  setRemoteOffer(sdp: string | Buffer): NegotiatorResult<void> {
    if (this.stateValue === 'local-offer') return { ok: false, reason: 'glare' };
    const parsed = this.checkMove('set-remote-offer') ?? parseSdp(sdp);
    if (!parsed.ok) return parsed.reason === 'bad-sdp' ? { ok: false, reason: 'bad-sdp', detail: parsed.detail } : parsed;
    this.transition('set-remote-offer');
    this.pendingRemote = parsed.value;
    return { ok: true, value: undefined };
  }

  /** set-local-answer. 'not-acceptable': answer 488 and call cancelOffer(). */
  createAnswer(): NegotiatorResult<string> {
    const illegal = this.checkMove('set-local-answer');
    if (illegal) return illegal;
    const build = (sessionVersion: number): AnswerResult =>
      answerOffer(this.pendingRemote!, this.local, this.wanted, { username: this.username, sessionId: this.sessionId, sessionVersion });
    const answer = build(this.version);
    if (!answer.ok) return { ok: false, reason: 'not-acceptable', detail: answer.detail ?? answer.reason };
    const sdp = this.stampVersion(answer.sdp, (v) => build(v).sdp ?? answer.sdp);
    this.transition('set-local-answer');
    this.pendingLocal = sdp;
    this.pendingMedia = answer.media;
    this.pendingWanted = this.wanted;
    return { ok: true, value: sdp };
  }

  /** set-remote-answer (in a 2xx, a reliable 1xx, or the ACK of an offerless INVITE). */
  setRemoteAnswer(sdp: string | Buffer): NegotiatorResult<void> {
    const parsed = this.checkMove('set-remote-answer') ?? parseSdp(sdp);
    if (!parsed.ok) return parsed.reason === 'bad-sdp' ? { ok: false, reason: 'bad-sdp', detail: parsed.detail } : parsed;
    this.transition('set-remote-answer');
    this.pendingRemote = parsed.value;
    return { ok: true, value: undefined };
  }

  /** wait-nego -> stable: make the pending exchange the active one. */
  negotiate(): NegotiatorResult<NegotiatedMedia> {
    const illegal = this.checkMove('negotiate');
    if (illegal) return illegal;
    let result: NegotiatorResult<NegotiatedMedia>;
    if (this.pendingMedia) {
      result = { ok: true, value: this.pendingMedia };
    } else {
      const offer = parseSdp(this.pendingLocal!);
      const r = offer.ok
        ? describeNegotiation({ offer: offer.value, answer: this.pendingRemote!, localIs: 'offerer', wanted: this.pendingWanted })
        : ({ ok: false, reason: 'bad-sdp' } as const);
      result = r.ok ? r : { ok: false, reason: 'answer-rejected', detail: r.reason };
    }
    this.transition('negotiate');
    if (result.ok) {
      this.activeLocalSdp = this.pendingLocal;
      this.activeRemoteSdp = this.pendingRemote!.text;
      this.negotiatedMedia = result.value;
      this.wanted = this.pendingWanted;
    }
    this.clearPending();
    return result;
  }

  /** Roll back a pending offer (ours refused with 488/491, or theirs we answered 488). */
  cancelOffer(): NegotiatorResult<void> {
    const illegal = this.checkMove('cancel-offer');
    if (illegal) return illegal;
    this.transition('cancel-offer');
    this.clearPending();
    return { ok: true, value: undefined };
  }

  private offer(direction: SdpDirection, wantedAfter: SdpDirection): NegotiatorResult<string> {
    const illegal = this.checkMove('set-local-offer');
    if (illegal) return illegal;
    const build = (sessionVersion: number): string =>
      writeSdp(offerDescription(this.local, direction, { username: this.username, sessionId: this.sessionId, sessionVersion }));
    const sdp = this.stampVersion(build(this.version), build);
    this.transition('set-local-offer');
    this.pendingLocal = sdp;
    this.pendingWanted = wantedAfter;
    this.pendingMedia = undefined;
    return { ok: true, value: sdp };
  }

  /**
   * RFC 3264 §8: bump the o= version when the body changed since the last SDP
   * we built. `sdp` was built with the current version, as was the last one,
   * so the texts are equal exactly when the bodies are; a changed body is
   * built again with the next version.
   */
  private stampVersion(sdp: string, rebuild: (version: number) => string): string {
    let out = sdp;
    if (this.lastBuilt !== undefined && out !== this.lastBuilt) {
      this.version += 1;
      out = rebuild(this.version);
    }
    this.lastBuilt = out;
    return out;
  }

  private checkMove(event: NegotiatorEvent): { ok: false; reason: 'illegal-state'; detail: string } | undefined {
    if (nextNegotiatorState(this.stateValue, event)) return undefined;
    return { ok: false, reason: 'illegal-state', detail: `${event} in ${this.stateValue}` };
  }

  private transition(event: NegotiatorEvent): void {
    const from = this.stateValue;
    const to = nextNegotiatorState(from, event)!;
    this.stateValue = to;
    if (this.logger?.enabled('debug')) this.logger.debug(`sdp-neg ${from} -> ${to} (${event})`);
  }

  private clearPending(): void {
    this.pendingLocal = undefined;
    this.pendingRemote = undefined;
    this.pendingMedia = undefined;
  }
}
