/**
 * The send half of a call's audio, once per tick: a 16 kHz frame from the
 * handset → down to the codec's rate when it is 8 kHz → encode → RTP; or,
 * while DTMF is being sent, RFC 4733 telephone-event packets instead of audio
 * (RFC 4733 §2.5.1.1: the audio for the event's duration is not sent).
 *
 * In-band DTMF (the manual's DTMF mode "Inband") goes the other way: the
 * digits' dual tones (ITU-T Q.23, dtmf-generator.ts) replace the microphone's
 * frame before encoding, tone and inter-digit pause alike, so speech cannot
 * break a digit string apart; the packets are ordinary audio.
 *
 * The RTP timestamp advances by one frame every tick whether or not a packet
 * goes out (RFC 3550 §5.1: it follows the sampling clock), so hold, mute and
 * DTMF leave no timestamp holes the far end's jitter buffer would misread.
 */
import { SayhiError } from '../base/index.js';
import { FRAME_MS, FRAME_SAMPLES } from './audio-format.js';
import type { AudioCodec, AudioEncoder } from './codec.js';
import { DtmfGenerator, dtmfFrequencies } from './dtmf/dtmf-generator.js';
import { DtmfSender } from './dtmf/dtmf-sender.js';
import { digitToEvent } from './dtmf/telephone-event.js';
import { Downsampler16To8 } from './resample.js';
import type { RtpSession } from './rtp/rtp-session.js';

export interface SenderCodec {
  codec: AudioCodec;
  payloadType: number;
  telephoneEventPt?: number;
}

export class StreamSender {
  private encoder!: AudioEncoder;
  private downsampler: Downsampler16To8 | undefined;
  /** One frame at 8 kHz, for codecs that take it. */
  private readonly codecPcm = new Int16Array(FRAME_SAMPLES / 2);
  private payloadType = 0;
  private telephoneEventPt: number | undefined;
  private timestampStep = 0;
  private clockRate = 8000;
  private timestamp: number;
  private marker = true;
  private dtmf: DtmfSender | undefined;
  private dtmfDurationMs = 0;
  private readonly dtmfQueue: Array<{ digits: string; durationMs: number }> = [];
  private dtmfPackets = 0;
  private inband: DtmfGenerator | undefined;
  private readonly inbandQueue: Array<{ digits: string; durationMs: number; gapMs: number }> = [];
  private readonly inbandFrame = new Int16Array(FRAME_SAMPLES);

  constructor(
    private readonly session: RtpSession,
    codec: SenderCodec,
  ) {
    this.timestamp = session.initialTimestamp;
    this.setCodec(codec);
  }

  get digitsPending(): boolean {
    return this.dtmfQueue.length > 0 || (this.dtmf?.busy ?? false) || this.inbandQueue.length > 0 || (this.inband?.busy ?? false);
  }

  get telephoneEventPacketsSent(): number {
    return this.dtmfPackets;
  }

  setCodec(c: SenderCodec): void {
    const rate = c.codec.sampleRate;
    if (rate !== 8000 && rate !== 16000) {
      throw new SayhiError('MEDIA_CODEC_RATE', `codec ${c.codec.name} at ${rate} Hz: only 8 and 16 kHz codecs are wired`);
    }
    this.encoder = c.codec.createEncoder();
    this.downsampler = rate === 8000 ? new Downsampler16To8() : undefined;
    this.payloadType = c.payloadType;
    this.telephoneEventPt = c.telephoneEventPt;
    this.clockRate = c.codec.rtpClockRate;
    this.timestampStep = (c.codec.rtpClockRate * FRAME_MS) / 1000;
    // An event in flight on the old payload type is abandoned with it; queued digits stay.
    this.dtmf = undefined;
  }

  get canSendDtmf(): boolean {
    return this.telephoneEventPt !== undefined;
  }

  /** Queue RFC 4733 digits; the caller checked canSendDtmf. */
  queueDigits(digits: string, durationMs: number): void {
    // Refuse a bad digit now, in the caller's stack, rather than on a later tick.
    for (const d of digits) {
      if (digitToEvent(d) === undefined) throw new SayhiError('MEDIA_DTMF_DIGIT', `not a DTMF digit: ${JSON.stringify(d)}`);
    }
    this.dtmfQueue.push({ digits, durationMs });
  }

  /**
   * Queue digits to be sent in-band: `durationMs` of dual tone, then `gapMs`
   * of silence, per digit (Q.24 asks receivers to take ≥ 40 ms of each).
   */
  queueInbandDigits(digits: string, durationMs: number, gapMs: number): void {
    for (const d of digits) {
      if (!dtmfFrequencies(d)) throw new SayhiError('MEDIA_DTMF_DIGIT', `not a DTMF digit: ${JSON.stringify(d)}`);
    }
    this.inbandQueue.push({ digits, durationMs, gapMs });
  }

  /** Mark the next audio packet as the start of a talk-spurt (after hold or mute). */
  restartTalkspurt(): void {
    this.marker = true;
  }

  /** One tick: `capture` is this tick's 16 kHz frame; `send` is false on hold/inactive. */
  tick(capture: Int16Array, send: boolean): void {
    const ts = this.timestamp;
    this.timestamp = (this.timestamp + this.timestampStep) >>> 0;
    // In-band digits run on real time, also through a hold: they are not resumed later.
    const audio = this.nextInbandFrame() ?? capture;
    if (!send) {
      this.marker = true;
      return;
    }
    if (this.sendDtmfPacket(ts)) return;
    let pcm = audio;
    if (this.downsampler) {
      this.downsampler.process(audio, this.codecPcm);
      pcm = this.codecPcm;
    }
    const len = this.encoder.encode(pcm, this.session.payloadBuffer());
    this.session.sendRtp(this.payloadType, ts, this.marker, len);
    this.marker = false;
  }

  private sendDtmfPacket(ts: number): boolean {
    if (this.telephoneEventPt === undefined) return false;
    if (!this.dtmf?.busy) {
      const next = this.dtmfQueue.shift();
      if (!next) return false;
      if (!this.dtmf || this.dtmfDurationMs !== next.durationMs) {
        this.dtmf = new DtmfSender({ clockRate: this.clockRate, ptimeMs: FRAME_MS, durationMs: next.durationMs });
        this.dtmfDurationMs = next.durationMs;
      }
      this.dtmf.send(next.digits);
    }
    const packet = this.dtmf.tick(ts);
    if (!packet) return false;
    this.session.send(packet.payload, this.telephoneEventPt, packet.timestamp, packet.marker);
    this.dtmfPackets++;
    return true;
  }

  /** This tick's in-band DTMF frame, or undefined when no digit is playing. */
  private nextInbandFrame(): Int16Array | undefined {
    if (!this.inband?.busy) {
      const next = this.inbandQueue.shift();
      if (!next) return undefined;
      this.inband = new DtmfGenerator({ onMs: next.durationMs, offMs: next.gapMs });
      this.inband.play(next.digits);
    }
    this.inband.nextFrame(this.inbandFrame);
    return this.inbandFrame;
  }
}
