/**
 * The receive half of a call's audio. On each RTP packet: the negotiated audio
 * payload type goes into the jitter buffer, RFC 4733 telephone-events to the
 * DTMF receiver (one digit per event), anything else (comfort noise, a codec
 * we did not pick) is counted and dropped. On each tick: one frame out of the
 * jitter buffer → decode, or conceal a missing one (PLC) → up to 16 kHz when
 * the codec is 8 kHz → the 16 kHz frame the handset plays.
 */
import { SayhiError } from '../base/index.js';
import { AUDIO_RATE, FRAME_MS, FRAME_SAMPLES } from './audio-format.js';
import type { AudioCodec, AudioDecoder } from './codec.js';
import { DtmfDetector } from './dtmf/dtmf-detector.js';
import { DtmfReceiver, type DtmfDigitEvent } from './dtmf/dtmf-receiver.js';
import { JitterBuffer, newJitterFrame, type JitterFrameType, type JitterSettings } from './jitter-buffer.js';
import { Upsampler8To16 } from './resample.js';
import type { RtpHeader } from './rtp/rtp-packet.js';

export interface ReceiverCodec {
  codec: AudioCodec;
  payloadType: number;
  telephoneEventPt?: number;
}

/** A received digit: RFC 4733 (`inband: false`) or detected in the audio. */
export interface StreamDtmfEvent extends DtmfDigitEvent {
  /**
   * True for a digit heard in the audio. It is reported when recognised (about
   * 30 ms into the tone), so its `duration`/`durationMs` are 0 (not measured);
   * `timestamp` is the RTP timestamp of the frame it was heard in and `volume`
   * the frame's level in -dBm0.
   */
  inband: boolean;
}

/** 1 s: longer than any jitter-buffer delay the leaked tone could sit in. */
const INBAND_QUIET_TICKS = 1000 / FRAME_MS;
/** RMS of a full-scale sine in 16-bit PCM; G.711 (µ-law) puts that sine at +3.17 dBm0. */
const FULL_SCALE_SINE_RMS = 32767 / Math.SQRT2;
const FULL_SCALE_SINE_DBM0 = 3.17;

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
  private inband: DtmfDetector | undefined;
  private inbandQuiet = 0;
  /** RTP timestamp of the last frame that carried received audio. */
  private playedTimestamp = 0;
  private readonly onEventDigit: (ev: DtmfDigitEvent) => void;

  constructor(
    codec: ReceiverCodec,
    private readonly jitterSettings: JitterSettings,
    private readonly onDigit: (ev: StreamDtmfEvent) => void,
  ) {
    this.onEventDigit = (ev) => this.onDigit({ ...ev, inband: false });
    this.setCodec(codec);
  }

  /** Detect DTMF in the received audio (DTMF mode "Inband" or "Auto"). */
  setInbandDetection(on: boolean): void {
    if (on && !this.inband) this.inband = new DtmfDetector(AUDIO_RATE);
    if (!on) this.inband = undefined;
  }

  get inbandDetection(): boolean {
    return this.inband !== undefined;
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
      this.dtmf = new DtmfReceiver(this.onEventDigit, c.codec.rtpClockRate);
    } else if (codecChanged) {
      this.jitter.reset();
    }
  }

  /** A new remote source: its timeline and its codec state start over. */
  resetSource(): void {
    this.jitter.reset();
    this.decoder = this.codec.createDecoder();
    this.upsampler?.reset();
    this.dtmf = new DtmfReceiver(this.onEventDigit, this.codec.rtpClockRate);
    this.inband?.reset();
  }

  onRtp(h: RtpHeader, packet: Uint8Array, arrivalMs: number): void {
    if (h.payloadType === this.payloadType) {
      this.jitter.putPacket(h, packet, arrivalMs);
      this.dtmf.onAudio(h.timestamp);
    } else if (h.payloadType === this.telephoneEventPt) {
      this.inbandQuiet = INBAND_QUIET_TICKS;
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
    if (type === 'normal' || type === 'missing') this.playedTimestamp = this.frame.timestamp;
    if (this.inband) this.detectInband(out);
    return type;
  }

  private detectInband(out: Int16Array): void {
    const found = this.inband!.process(out);
    const quiet = this.inbandQuiet > 0;
    if (quiet) this.inbandQuiet--;
    if (found.length === 0 || quiet) return;
    const volume = levelInMinusDbm0(out);
    for (const d of found) {
      this.onDigit({
        digit: d.digit,
        timestamp: this.playedTimestamp,
        duration: 0,
        durationMs: 0,
        volume,
        endInferred: false,
        inband: true,
      });
    }
  }
}

/** The frame's level as RFC 4733's volume field: -dBm0, 0..63. */
function levelInMinusDbm0(pcm: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < pcm.length; i++) sum += pcm[i]! * pcm[i]!;
  const rms = Math.sqrt(sum / pcm.length);
  if (rms === 0) return 63;
  const dbm0 = 20 * Math.log10(rms / FULL_SCALE_SINE_RMS) + FULL_SCALE_SINE_DBM0;
  return Math.max(0, Math.min(63, Math.round(-dbm0)));
}
