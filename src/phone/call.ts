import { TypedEvents, type Clock, type Logger } from '../base/index.js';
import { MediaStream, NullAudioDevice, type AudioDevice, type CodecRegistry, type MediaClock, type RtpPortPair } from '../media/index.js';
import type { IncomingCall, InviteSession, InviteSessionState, NegotiatedMedia, OutgoingCall, SessionEnd } from '../sip-ua/index.js';
import { mediaDescriptionFor } from './call-media.js';
import { dtmfFromInfo } from './dtmf-info.js';
import type { DtmfMode } from './phone-config.js';
import type { CallInfo, CallState, CallTransferInfo, DtmfEvent } from './phone-types.js';

export interface CallServices {
  clock: Clock;
  mediaClock: MediaClock;
  codecs: CodecRegistry;
  logger: Logger;
  /** The handset, if this call is the one the user talks on now (line-switching.ts decides). */
  acquireDevice(call: Call): AudioDevice | undefined;
  releaseDevice(call: Call): void;
}

/**
 * SIP INFO digits are paced like key presses: each INFO says Duration=160 and
 * the next one waits until that tone and a gap are over, so a gateway that
 * turns them into RFC 4733 events or tones does not get overlapping digits.
 */
const INFO_DIGIT_MS = 160;
const INFO_GAP_MS = 50;
/** In-band digits: 100 ms of tone and 100 ms of silence (ITU-T Q.24 asks for at least 40 ms each). */
const INBAND_DIGIT_MS = 100;
const INBAND_GAP_MS = 100;

export type CallEvents = {
  change: [info: CallInfo];
  dtmf: [event: DtmfEvent];
};

/**
 * One call of the phone: an INVITE session and its audio stream, seen as the
 * manual's call states (dialing, ringing, talking, held...). The session
 * decides the signalling; the call starts, updates and stops the media when
 * the negotiated stream changes, and releases the RTP ports at the end.
 */
export class Call {
  readonly events = new TypedEvents<CallEvents>();
  readonly id: string;
  readonly line: number;
  readonly direction: 'incoming' | 'outgoing';
  readonly session: InviteSession;
  private readonly services: CallServices;
  private readonly ports: RtpPortPair;
  private readonly dtmfMode: DtmfMode;
  private stream: MediaStream | undefined;
  /** The device the stream plays to when not in a conference: the handset, or none. */
  private device: AudioDevice | undefined;
  private readonly noDevice = new NullAudioDevice();
  /** A conference bridge drives the stream's device (conference-leg.ts); we keep our hands off it. */
  private conferenced = false;
  private heard180 = false;
  private earlyMedia = false;
  private localHold = false;
  /** SIP INFO digits in flight (they go one at a time) and when the last one went. */
  private infoDigits: Promise<boolean> = Promise.resolve(true);
  private lastInfoDigitAt = Number.NEGATIVE_INFINITY;
  private info: CallInfo;

  constructor(opts: {
    id: string;
    line: number;
    direction: 'incoming' | 'outgoing';
    session: OutgoingCall | IncomingCall;
    remote: string;
    remoteName?: string;
    ports: RtpPortPair;
    dtmfMode: DtmfMode;
    services: CallServices;
  }) {
    this.id = opts.id;
    this.line = opts.line;
    this.direction = opts.direction;
    this.session = opts.session;
    this.services = opts.services;
    this.ports = opts.ports;
    this.dtmfMode = opts.dtmfMode;
    this.info = {
      id: opts.id,
      line: opts.line,
      direction: opts.direction,
      remote: opts.remote,
      ...(opts.remoteName ? { remoteName: opts.remoteName } : {}),
      state: opts.direction === 'incoming' ? 'ringing' : 'dialing',
      startedAt: opts.services.clock.wallTime(),
    };
    const s = this.session;
    s.events.on('state', (state) => this.onSessionState(state));
    s.events.on('progress', (status) => {
      if (status === 180) this.heard180 = true;
      this.update();
    });
    s.events.on('media', (m) => this.onMedia(m));
    s.events.on('info', (req) => {
      const digit = dtmfFromInfo(req.contentType, req.body);
      if (digit) this.events.emit('dtmf', { callId: this.id, digit, method: 'sip-info' });
    });
    s.events.on('end', (end) => this.onEnd(end));
  }

  get state(): CallState {
    return this.info.state;
  }

  snapshot(): CallInfo {
    const info = { ...this.info };
    if (info.conference) info.conference = [...info.conference];
    if (info.transfer) info.transfer = { ...info.transfer };
    return info;
  }

  /** The call's RTP stream once media is negotiated (a conference mixes it). */
  get mediaStream(): MediaStream | undefined {
    return this.stream;
  }

  /**
   * Give this call the handset, or take it away (`undefined`: its audio goes
   * nowhere and it sends silence). Inside a conference the bridge owns the
   * stream's device; the choice is kept for when the call leaves it.
   */
  setAudioDevice(device: AudioDevice | undefined): void {
    this.device = device;
    this.applyDevice();
  }

  /** The call joined a local conference (`members`: every call in it) or left it (`undefined`). */
  setConference(members: string[] | undefined): void {
    this.conferenced = members !== undefined;
    if (members) this.info.conference = [...members];
    else delete this.info.conference;
    if (!this.conferenced) this.applyDevice();
    this.update();
  }

  get inConference(): boolean {
    return this.conferenced;
  }

  /** Show how a transfer of this call goes (transfer.ts). */
  setTransfer(transfer: CallTransferInfo): void {
    this.info.transfer = { ...transfer };
    this.update();
  }

  /**
   * Send DTMF by the line's mode (manual: RFC2833 / Inband / SIP Info / Auto).
   * Auto = RFC 4733 when the answer has telephone-event, else SIP INFO.
   * In-band = Q.23 dual tones in the audio, for G.711 paths that drop events.
   */
  async sendDtmf(digits: string): Promise<boolean> {
    const useInfo =
      this.dtmfMode === 'sip-info' || (this.dtmfMode === 'auto' && this.session.media?.telephoneEventPt === undefined);
    if (useInfo) {
      // one key press after another, also when a second sendDtmf comes while the first is paced
      const run = this.infoDigits.then(() => this.sendInfoDigits(digits));
      this.infoDigits = run.catch(() => false);
      return run;
    }
    if (!this.stream) return false;
    if (this.dtmfMode === 'inband') {
      return this.stream.sendDtmf(digits, INBAND_DIGIT_MS, { method: 'inband', gapMs: INBAND_GAP_MS }).ok;
    }
    return this.stream.sendDtmf(digits).ok;
  }

  private async sendInfoDigits(digits: string): Promise<boolean> {
    for (const digit of digits) {
      const wait = this.lastInfoDigitAt + INFO_DIGIT_MS + INFO_GAP_MS - this.services.clock.now();
      if (wait > 0) await this.pause(wait);
      if (this.info.state === 'ended') return false;
      this.lastInfoDigitAt = this.services.clock.now();
      if (!(await this.session.sendInfoDtmf(digit, INFO_DIGIT_MS))) return false;
    }
    return true;
  }

  async hold(): Promise<boolean> {
    if (this.info.state !== 'connected') return false;
    const ok = await this.session.hold();
    if (ok) {
      this.localHold = true;
      this.update();
    }
    return ok;
  }

  async resume(): Promise<boolean> {
    if (this.info.state !== 'held') return false;
    const ok = await this.session.resume();
    if (ok) {
      this.localHold = false;
      this.update();
    }
    return ok;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => this.services.clock.setTimer(ms, resolve));
  }

  private onSessionState(state: InviteSessionState): void {
    // 'terminated' is reported by onEnd, which knows why
    if (state !== 'terminated') this.update();
  }

  private onMedia(m: NegotiatedMedia): void {
    const desc = mediaDescriptionFor(m, this.services.codecs, this.ports.rtpPort, { localHold: this.session.negotiator.isLocalHold });
    if (!desc) {
      this.services.logger.warn('negotiated codec has no media engine', { codec: m.codec.name });
      return;
    }
    if (this.info.state === 'dialing' || this.info.state === 'ringing') this.earlyMedia = true;
    if (!this.stream) {
      this.device = this.services.acquireDevice(this);
      this.stream = new MediaStream({
        clock: this.services.clock,
        mediaClock: this.services.mediaClock,
        ports: this.ports,
        device: this.device ?? this.noDevice,
        description: desc,
        latching: true,
        logger: this.services.logger,
      });
      this.stream.events.on('dtmf', (e) =>
        this.events.emit('dtmf', { callId: this.id, digit: e.digit, method: e.inband ? 'inband' : 'rfc4733' }),
      );
      this.stream.start();
    } else {
      this.stream.update(desc);
    }
    // In-band detection: always in "Inband" mode; in "Auto" only without telephone-event, so a
    // peer that sends both events and tones is not heard twice (RFC 4733 §2.6 lets it do that).
    this.stream.setInbandDtmfDetection(this.dtmfMode === 'inband' || (this.dtmfMode === 'auto' && desc.telephoneEventPt === undefined));
    this.info.codec = desc.codec.name;
    this.update();
  }

  private applyDevice(): void {
    const target = this.device ?? this.noDevice;
    if (this.stream && !this.conferenced && this.stream.device !== target) this.stream.setDevice(target);
  }

  private onEnd(end: SessionEnd): void {
    this.stream?.close(end.reason);
    this.stream = undefined;
    this.device = undefined;
    this.ports.release();
    this.services.releaseDevice(this);
    this.info.endReason = end.reason;
    this.info.endedAt = this.services.clock.wallTime();
    this.update();
  }

  private computeState(): CallState {
    switch (this.session.state) {
      case 'calling':
      case 'proceeding':
      case 'early':
        if (this.direction === 'incoming') return 'ringing';
        if (this.earlyMedia && !this.heard180) return 'early';
        return this.heard180 ? 'ringing' : 'dialing';
      case 'incoming':
        return 'ringing';
      case 'accepted':
      case 'confirmed':
        return this.localHold ? 'held' : 'connected';
      case 'terminating':
        return this.info.state === 'held' ? 'held' : this.info.state;
      case 'terminated':
        return 'ended';
    }
  }

  private update(): void {
    const state = this.computeState();
    if (state === 'connected' && this.info.answeredAt === undefined) this.info.answeredAt = this.services.clock.wallTime();
    this.info.state = state;
    const i = this.info;
    const key = JSON.stringify([state, i.codec, i.endReason, i.conference, i.transfer]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.events.emit('change', this.snapshot());
  }

  private lastKey = '';
}
