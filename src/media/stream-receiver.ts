/**
 * The receive half of a call's audio. On each RTP packet: the negotiated audio
 * payload type goes into the jitter buffer, RFC 4733 telephone-events to the
 * DTMF receiver (one digit per event), anything else (comfort noise, a codec
 * we did not pick) is counted and dropped. On each tick: one frame out of the
 * jitter buffer → decode, or conceal a missing one (PLC) → up to 16 kHz when
 * the codec is 8 kHz → the 16 kHz frame the handset plays.
 */
import { SayhiError } from '../base/index.js';
import { FRAME_MS, FRAME_SAMPLES } from './audio-format.js';
import type { AudioCodec, AudioDecoder } from './codec.js';
import { DtmfReceiver, type DtmfDigitEvent } from './dtmf/dtmf-receiver.js';
import { JitterBuffer, newJitterFrame, type JitterFrameType, type JitterSettings } from './jitter-buffer.js';
import { Upsampler8To16 } from './resample.js';
import type { RtpHeader } from './rtp/rtp-packet.js';

export interface ReceiverCodec {
  codec: AudioCodec;
  payloadType: number;
  telephoneEventPt?: number;
}

export class StreamReceiver {
  private codec!: AudioCodec;
  private payloadType = 0;
  private telephoneEventPt: number | undefined;
  private decoder!: AudioDecoder;
  private upsampler: Upsampler8To16 | undefined;
  private jitter!: JitterBuffer;
  private dtmf!: DtmfReceiver;
  private readonly frame = newJitterFrame();
  private readonly pcmStorage = new Int16Array(FRAME_SAMPLES);
  /** One frame at the codec's rate: a view of pcmStorage. */
  private codecPcm = this.pcmStorage;
  private otherPayload = 0;

  constructor(
    codec: ReceiverCodec,
    private readonly jitterSettings: JitterSettings,
    private readonly onDigit: (ev: DtmfDigitEvent) => void,
  ) {
    this.setCodec(codec);
  }

  /** Packets of a payload type we do not play (CN, an unpicked codec). */
  get otherPayloadPackets(): number {
    return this.otherPayload;
  }

  get jitterBuffer(): JitterBuffer {
    return this.jitter;
  }

  setCodec(c: ReceiverCodec): void {
    const rate = c.codec.sampleRate;
    if (rate !== 8000 && rate !== 16000) {
      throw new SayhiError('MEDIA_CODEC_RATE', `codec ${c.codec.name} at ${rate} Hz: only 8 and 16 kHz codecs are wired`);
    }
    const clockChanged = !this.codec || this.codec.rtpClockRate !== c.codec.rtpClockRate;
    const codecChanged = this.codec !== c.codec;
    this.codec = c.codec;
    this.payloadType = c.payloadType;
    this.telephoneEventPt = c.telephoneEventPt;
    this.codecPcm = this.pcmStorage.subarray(0, (rate * FRAME_MS) / 1000);
    this.upsampler = rate === 8000 ? new Upsampler8To16() : undefined;
    if (codecChanged) this.decoder = c.codec.createDecoder();
    if (clockChanged) {
      this.jitter = new JitterBuffer({ ...this.jitterSettings, clockRate: c.codec.rtpClockRate, frameMs: FRAME_MS });
      this.dtmf = new DtmfReceiver(this.onDigit, c.codec.rtpClockRate);
    } else if (codecChanged) {
      this.jitter.reset();
    }
  }

  /** A new remote source: its timeline and its codec state start over. */
  resetSource(): void {
    this.jitter.reset();
    this.decoder = this.codec.createDecoder();
    this.upsampler?.reset();
    this.dtmf = new DtmfReceiver(this.onDigit, this.codec.rtpClockRate);
  }

  onRtp(h: RtpHeader, packet: Uint8Array, arrivalMs: number): void {
    if (h.payloadType === this.payloadType) {
      this.jitter.putPacket(h, packet, arrivalMs);
      this.dtmf.onAudio(h.timestamp);
    } else if (h.payloadType === this.telephoneEventPt) {
      this.dtmf.onPacket(packet.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength), h.timestamp);
    } else {
      this.otherPayload++;
    }
  }

  /** Fill `out` (16 kHz, one frame) with what plays this tick; returns why. */
  tick(out: Int16Array): JitterFrameType {
    const type = this.jitter.take(this.frame);
    let n = 0;
    if (type === 'normal') {
      n = this.decoder.decode(this.frame.payload, this.codecPcm);
    } else if (type === 'missing' && this.decoder.conceal) {
      n = this.decoder.conceal(this.codecPcm, this.codecPcm.length);
    }
    // Silence also goes through the upsampler, so its delay line stays continuous.
    if (n < this.codecPcm.length) this.codecPcm.fill(0, n);
    if (this.upsampler) this.upsampler.process(this.codecPcm, out);
    else out.set(this.codecPcm);
    return type;
  }
}
