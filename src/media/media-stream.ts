/**
 * One call's audio: an RTP session on an allocated port pair, the send and
 * receive halves (stream-sender.ts, stream-receiver.ts), the handset, and the
 * phone's media clock that drives them every 20 ms.
 *
 * Per tick (exchangeAudio): the jitter buffer's frame → decoded → the handset
 * plays it; the handset's captured frame → encoded → RTP (or RFC 4733 events
 * while digits are being sent). The handset is touched only in exchangeAudio(),
 * so a 3-way mixer can stand in for it (setDevice() with a mixer leg).
 *
 * DTMF both ways, by the call's DTMF mode: sendDtmf() sends RFC 4733 events
 * or, with `method: 'inband'`, dual tones in the audio itself; received
 * RFC 4733 events and (when setInbandDtmfDetection is on) digits heard in the
 * audio come out as one 'dtmf' event each, the latter flagged `inband`.
 *
 * Re-INVITEs go through update(): codec, remote address and direction change
 * on the same sockets, SSRC and sequence numbers (RFC 3264 §8: a modified
 * stream keeps its RTP session). A remote address of 0.0.0.0 is RFC 2543 hold
 * (RFC 3264 §8.4): nothing is sent.
 *
 * The stream owns the port pair it is given and releases it on close().
 */
import {
  TypedEvents,
  fail,
  nullLogger,
  ok,
  SayhiError,
  type Clock,
  type Logger,
  type Result,
} from '../base/index.js';
import type { AudioDevice } from './audio-device.js';
import { newFrame } from './audio-format.js';
import type { JitterBufferStats, JitterSettings } from './jitter-buffer.js';
import type { MediaClock } from './media-clock.js';
import { directionReceives, directionSends, type MediaDescription, type MediaDirection } from './media-description.js';
import type { RtpPortPair } from './rtp/port-allocator.js';
import type { RtcpIntervalOptions } from './rtp/rtcp-interval.js';
import { RtpSession, type RtpRemote, type RtpSessionStats } from './rtp/rtp-session.js';
import { StreamReceiver, type StreamDtmfEvent } from './stream-receiver.js';
import { StreamSender } from './stream-sender.js';

export interface MediaStreamOptions {
  clock: Clock;
  mediaClock: MediaClock;
  ports: RtpPortPair;
  device: AudioDevice;
  description: MediaDescription;
  /** Symmetric RTP latching for a far end behind NAT (see rtp-session.ts). */
  latching?: boolean;
  /** Emit 'rtp-timeout' after this long without RTP while receiving; 0 = never. */
  rtpTimeoutMs?: number;
  /** Emit 'stats' this often; 0 = never. */
  statsIntervalMs?: number;
  jitter?: JitterSettings;
  cname?: string;
  rtcpInterval?: RtcpIntervalOptions;
  /** Detect DTMF in the received audio from the start (DTMF mode "Inband" or "Auto"). */
  inbandDtmfDetection?: boolean;
  logger?: Logger;
}

export type { StreamDtmfEvent } from './stream-receiver.js';

/** How sendDtmf sends: RFC 4733 telephone-events (default) or tones in the audio. */
export type DtmfSendMethod = 'rfc4733' | 'inband';

export interface SendDtmfOptions {
  method?: DtmfSendMethod;
  /** In-band only: silence after each digit's tone, ms (default 100). */
  gapMs?: number;
}

export interface MediaStreamStats {
  codec: string;
  direction: MediaDirection;
  rtp: RtpSessionStats;
  jitter: JitterBufferStats;
  telephoneEventPacketsSent: number;
  /** RTP packets of payload types we do not play (CN, an unpicked codec). */
  otherPayloadPackets: number;
}

export type MediaStreamEvents = {
  dtmf: [event: StreamDtmfEvent];
  /** No RTP for rtpTimeoutMs while we expect some; fires once until RTP resumes. */
  'rtp-timeout': [silentMs: number];
  stats: [stats: MediaStreamStats];
};

export type SendDtmfError = 'not-negotiated' | 'not-sending' | 'closed';

export class MediaStream {
  readonly events = new TypedEvents<MediaStreamEvents>();
  private readonly clock: Clock;
  private readonly mediaClock: MediaClock;
  private readonly ports: RtpPortPair;
  private readonly log: Logger;
  private readonly session: RtpSession;
  private readonly sender: StreamSender;
  private readonly receiver: StreamReceiver;
  private readonly rtpTimeoutMs: number;
  private readonly statsEveryTicks: number;
  private readonly captureFrame = newFrame();
  private readonly playFrame = newFrame();
  private currentDevice: AudioDevice;
  private desc: MediaDescription;
  private removeTick: (() => void) | undefined;
  private state: 'new' | 'running' | 'closed' = 'new';
  private ticks = 0;
  /** Start of the current "expect RTP" period, for the timeout. */
  private expectSince = 0;
  private timedOut = false;

  constructor(opts: MediaStreamOptions) {
    this.clock = opts.clock;
    this.mediaClock = opts.mediaClock;
    this.ports = opts.ports;
    this.currentDevice = opts.device;
    this.log = opts.logger ?? nullLogger;
    this.rtpTimeoutMs = opts.rtpTimeoutMs ?? 0;
    const statsMs = opts.statsIntervalMs ?? 5000;
    this.statsEveryTicks = statsMs > 0 ? Math.max(1, Math.round(statsMs / this.mediaClock.periodMs)) : 0;
    const d = opts.description;
    this.checkDescription(d);
    this.desc = { ...d };
    this.session = new RtpSession({
      clock: this.clock,
      rtp: this.ports.rtp,
      rtcp: this.ports.rtcp,
      remote: remoteOf(d),
      clockRate: d.codec.rtpClockRate,
      latching: opts.latching ?? false,
      logger: this.log,
      ...(opts.cname === undefined ? {} : { cname: opts.cname }),
      ...(opts.rtcpInterval === undefined ? {} : { rtcpInterval: opts.rtcpInterval }),
    });
    this.session.excludeFromJitter(d.telephoneEventPt);
    this.sender = new StreamSender(this.session, d);
    this.receiver = new StreamReceiver(d, opts.jitter ?? {}, (ev) => this.events.emit('dtmf', ev));
    if (opts.inbandDtmfDetection) this.receiver.setInbandDetection(true);
    this.session.onRtp((h, packet, arrivalMs) => {
      this.timedOut = false;
      this.receiver.onRtp(h, packet, arrivalMs);
    });
    this.session.events.on('source-changed', () => this.receiver.resetSource());
  }

  get description(): Readonly<MediaDescription> {
    return this.desc;
  }

  get localRtpPort(): number {
    return this.ports.rtpPort;
  }

  get ssrc(): number {
    return this.session.ssrc;
  }

  /** Join the media clock and start RTCP. */
  start(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    this.expectSince = this.clock.now();
    this.removeTick = this.mediaClock.add(() => this.onTick());
    this.session.start();
  }

  /** Swap the handset (or put a mixer leg in its place). */
  setDevice(device: AudioDevice): void {
    this.currentDevice = device;
  }

  /** The device played to and captured from now (the handset, or a conference leg). */
  get device(): AudioDevice {
    return this.currentDevice;
  }

  /**
   * Send digits as RFC 4733 events, or in-band as Q.23 dual tones replacing
   * the microphone (`method: 'inband'`; G.711 carries them intact). Not
   * negotiated (no telephone-event in the answer, RFC 4733 only) or not
   * sending (hold) are outcomes the caller handles, e.g. by falling back to
   * in-band or SIP INFO.
   */
  sendDtmf(digits: string, durationMs = 100, opts: SendDtmfOptions = {}): Result<void, SendDtmfError> {
    if (this.state === 'closed') return fail('closed');
    const inband = opts.method === 'inband';
    if (!inband && !this.sender.canSendDtmf) return fail('not-negotiated');
    if (!directionSends(this.desc.direction)) return fail('not-sending');
    if (inband) this.sender.queueInbandDigits(digits, durationMs, opts.gapMs ?? 100);
    else this.sender.queueDigits(digits, durationMs);
    return ok(undefined);
  }

  /** Turn detection of DTMF in the received audio on or off (DTMF mode "Inband"/"Auto" → on). */
  setInbandDtmfDetection(on: boolean): void {
    this.receiver.setInbandDetection(on);
  }

  get inbandDtmfDetection(): boolean {
    return this.receiver.inbandDetection;
  }

  /** True while queued digits are still going out. */
  get sendingDtmf(): boolean {
    return this.sender.digitsPending;
  }

  setDirection(direction: MediaDirection): void {
    const was = this.desc.direction;
    if (was === direction) return;
    this.desc = { ...this.desc, direction };
    if (!directionSends(was) && directionSends(direction)) this.sender.restartTalkspurt();
    if (!directionReceives(was) && directionReceives(direction)) this.restartTimeout();
  }

  /** Apply a re-negotiated description (re-INVITE / UPDATE) without new sockets. */
  update(next: MediaDescription): void {
    if (this.state === 'closed') return;
    this.checkDescription(next);
    const prev = this.desc;
    const remoteChanged =
      prev.remoteAddress !== next.remoteAddress ||
      prev.remotePort !== next.remotePort ||
      prev.remoteRtcpPort !== next.remoteRtcpPort;
    const codecChanged =
      prev.codec !== next.codec || prev.payloadType !== next.payloadType || prev.telephoneEventPt !== next.telephoneEventPt;
    this.desc = { ...next, direction: prev.direction };
    if (remoteChanged) {
      this.session.setRemote(remoteOf(next));
      // A new far end sends from a new SSRC: take it at once rather than after the switch delay.
      this.session.forgetSource();
      this.restartTimeout();
    }
    if (codecChanged) {
      this.sender.setCodec(next);
      this.receiver.setCodec(next);
      this.session.setClockRate(next.codec.rtpClockRate);
      this.session.excludeFromJitter(next.telephoneEventPt);
    }
    this.setDirection(next.direction);
    this.log.debug('media stream updated', { remoteChanged, codecChanged, direction: next.direction });
  }

  stats(): MediaStreamStats {
    return {
      codec: this.desc.codec.name,
      direction: this.desc.direction,
      rtp: this.session.stats(),
      jitter: this.receiver.jitterBuffer.stats(),
      telephoneEventPacketsSent: this.sender.telephoneEventPacketsSent,
      otherPayloadPackets: this.receiver.otherPayloadPackets,
    };
  }

  /** Leave the media clock, send RTCP BYE (RFC 3550 §6.6) and release the ports. */
  close(reason?: string): void {
    if (this.state === 'closed') return;
    const wasRunning = this.state === 'running';
    this.state = 'closed';
    this.removeTick?.();
    this.removeTick = undefined;
    this.session.close(wasRunning ? (reason === undefined ? { bye: true } : { bye: true, reason }) : {});
    this.ports.release();
    this.events.removeAll();
  }

  private checkDescription(d: MediaDescription): void {
    if (d.localRtpPort !== this.ports.rtpPort) {
      throw new SayhiError('MEDIA_STREAM_PORT', `description port ${d.localRtpPort} is not the stream's ${this.ports.rtpPort}`);
    }
    if (d.ptime !== this.mediaClock.periodMs) {
      throw new SayhiError('MEDIA_STREAM_PTIME', `ptime ${d.ptime} ms; the media clock ticks every ${this.mediaClock.periodMs} ms`);
    }
  }

  private restartTimeout(): void {
    this.expectSince = this.clock.now();
    this.timedOut = false;
  }

  private onTick(): void {
    if (this.state !== 'running') return;
    this.exchangeAudio();
    this.ticks++;
    if (this.rtpTimeoutMs > 0) this.checkTimeout();
    if (this.statsEveryTicks > 0 && this.ticks % this.statsEveryTicks === 0) this.events.emit('stats', this.stats());
  }

  /** The only place the handset is touched: play one frame, capture one frame. */
  private exchangeAudio(): void {
    const receiving = directionReceives(this.desc.direction);
    this.receiver.tick(this.playFrame);
    if (!receiving) this.playFrame.fill(0);
    this.currentDevice.writeFrame(this.playFrame);
    if (!this.currentDevice.readFrame(this.captureFrame)) this.captureFrame.fill(0);
    this.sender.tick(this.captureFrame, directionSends(this.desc.direction) && this.session.remoteEndpoint !== undefined);
  }

  private checkTimeout(): void {
    if (this.timedOut || !directionReceives(this.desc.direction)) return;
    const now = this.clock.now();
    const last = Math.max(this.expectSince, this.session.lastReceiveMs ?? -Infinity);
    if (now - last >= this.rtpTimeoutMs) {
      this.timedOut = true;
      this.events.emit('rtp-timeout', now - last);
    }
  }
}

function remoteOf(d: MediaDescription): RtpRemote | undefined {
  // c=0.0.0.0 is the old way to put a call on hold (RFC 3264 §8.4): send nothing.
  if (d.remoteAddress === '0.0.0.0' || d.remotePort === 0) return undefined;
  const r: RtpRemote = { address: d.remoteAddress, port: d.remotePort };
  if (d.remoteRtcpPort !== undefined) r.rtcpPort = d.remoteRtcpPort;
  return r;
}
