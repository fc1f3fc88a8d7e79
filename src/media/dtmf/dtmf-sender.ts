/**
 * RFC 4733 §2.5.1 sender of DTMF digits as telephone-event packets. Passive: the
 * media clock calls `tick()` once per packet interval with the RTP timestamp the
 * next audio packet would carry; when it returns packets, the stream sends them
 * instead of audio.
 *
 *   idle --queue--> tone --(duration reached)--> ending --(3 end packets)--> gap
 *     ^                                                                     |
 *     +------------------(gap over, queue empty; else next digit: tone)-----+
 *
 * - One event keeps the timestamp of its first packet (§2.5.1.2); the first
 *   packet has the marker bit; updates carry the growing duration.
 * - The final packet (E bit) is sent three times with the same duration
 *   (§2.5.1.4), here on consecutive ticks.
 * - Between digits the stream goes back to audio for `gapMs`.
 */
import { SayhiError } from '../../base/index.js';
import { digitToEvent, encodeTelephoneEvent, TELEPHONE_EVENT_SIZE } from './telephone-event.js';

export interface TelephoneEventPacket {
  /** RTP timestamp: the event's start, identical for all its packets. */
  timestamp: number;
  /** RTP marker bit: set on the first packet of an event. */
  marker: boolean;
  /** The 4-octet telephone-event payload. */
  payload: Uint8Array;
}

export interface DtmfSenderOptions {
  /** RTP clock of the telephone-event payload type (8000 in practice). */
  clockRate?: number;
  /** Packet interval in ms (one tick). */
  ptimeMs?: number;
  /** Tone length in ms (default 100). */
  durationMs?: number;
  /** Audio between two digits in ms (default 50). */
  gapMs?: number;
  /** Level as -dBm0 (default 10). */
  volume?: number;
}

type SenderState = 'idle' | 'tone' | 'ending' | 'gap';

const MOVES: Record<SenderState, readonly SenderState[]> = {
  idle: ['tone'],
  tone: ['ending'],
  ending: ['gap'],
  gap: ['tone', 'idle'],
};

const END_PACKETS = 3;

export class DtmfSender {
  private state: SenderState = 'idle';
  private readonly queue: number[] = [];
  private readonly unitsPerTick: number;
  private readonly toneUnits: number;
  private readonly gapTicks: number;
  private readonly volume: number;
  private event = 0;
  private eventTimestamp = 0;
  private duration = 0;
  private endsSent = 0;
  private gapLeft = 0;

  constructor(options: DtmfSenderOptions = {}) {
    const clockRate = options.clockRate ?? 8000;
    const ptimeMs = options.ptimeMs ?? 20;
    this.unitsPerTick = Math.round((clockRate * ptimeMs) / 1000);
    this.toneUnits = Math.max(this.unitsPerTick, Math.round((clockRate * (options.durationMs ?? 100)) / 1000));
    // Longer events need the segmenting of RFC 4733 §2.5.1.3; a key press never does.
    if (this.toneUnits > 0xffff) {
      throw new SayhiError('MEDIA_DTMF_RANGE', `DTMF duration ${options.durationMs} ms is too long`);
    }
    this.gapTicks = Math.ceil((options.gapMs ?? 50) / ptimeMs);
    this.volume = options.volume ?? 10;
  }

  /** Queue digits (0-9, *, #, A-D); anything else is a programming error. */
  send(digits: string): void {
    for (const d of digits) {
      const ev = digitToEvent(d);
      if (ev === undefined) throw new SayhiError('MEDIA_DTMF_DIGIT', `not a DTMF digit: ${JSON.stringify(d)}`);
      this.queue.push(ev);
    }
  }

  /** True while digits are queued or an event is still on the wire. */
  get busy(): boolean {
    return this.state !== 'idle' || this.queue.length > 0;
  }

  /**
   * One packet interval. `rtpTimestamp` is where the stream's clock stands now.
   * Returns the packet to send in place of audio, or null to send audio.
   */
  tick(rtpTimestamp: number): TelephoneEventPacket | null {
    switch (this.state) {
      case 'idle':
      case 'gap':
        if (this.state === 'gap' && --this.gapLeft > 0) return null;
        if (this.queue.length === 0) {
          if (this.state === 'gap') this.transition('idle');
          return null;
        }
        this.event = this.queue.shift()!;
        this.eventTimestamp = rtpTimestamp >>> 0;
        this.duration = 0;
        this.transition('tone');
        return this.nextTonePacket(true);
      case 'tone':
        return this.nextTonePacket(false);
      case 'ending':
        return this.endPacket();
    }
  }

  private nextTonePacket(first: boolean): TelephoneEventPacket {
    // The duration counts the audio up to the end of this packet (§2.5.1.2).
    this.duration = Math.min(this.toneUnits, this.duration + this.unitsPerTick);
    if (this.duration >= this.toneUnits) {
      this.endsSent = 0;
      this.transition('ending');
      const p = this.endPacket();
      p.marker = first;
      return p;
    }
    return this.packet(false, first);
  }

  private endPacket(): TelephoneEventPacket {
    const p = this.packet(true, false);
    if (++this.endsSent >= END_PACKETS) {
      this.gapLeft = this.gapTicks + 1;
      this.transition('gap');
    }
    return p;
  }

  private packet(end: boolean, marker: boolean): TelephoneEventPacket {
    const payload = new Uint8Array(TELEPHONE_EVENT_SIZE);
    encodeTelephoneEvent({ event: this.event, end, volume: this.volume, duration: this.duration }, payload);
    return { timestamp: this.eventTimestamp, marker, payload };
  }

  private transition(to: SenderState): void {
    if (!MOVES[this.state].includes(to)) {
      throw new SayhiError('MEDIA_DTMF_STATE', `DtmfSender ${this.state} -> ${to} is not a legal move`);
    }
    this.state = to;
  }
}
