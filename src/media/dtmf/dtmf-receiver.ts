/**
 * RFC 4733 §2.5.2 receiver: turns telephone-event packets into one digit per
 * event. An event is identified by its RTP timestamp (all its packets share
 * it), so repeated end packets, lost start packets and reordering do not
 * produce double or missing digits:
 *  - a digit is reported when its first end packet arrives;
 *  - if every end packet is lost, it is reported when a newer event starts or
 *    when audio resumes after it (`onAudio`);
 *  - timestamps already reported are remembered (last 16) and ignored.
 * The reported duration is the largest seen for the event.
 */
import { tsDiff32 } from '../../base/index.js';
import { decodeTelephoneEvent, eventToDigit } from './telephone-event.js';
import type { DtmfDigit } from './telephone-event.js';

export interface DtmfDigitEvent {
  digit: DtmfDigit;
  /** RTP timestamp of the event (its start). */
  timestamp: number;
  /** Duration in RTP timestamp units and in ms. */
  duration: number;
  durationMs: number;
  /** -dBm0 */
  volume: number;
  /** True when the end was inferred (no end packet arrived). */
  endInferred: boolean;
}

const REMEMBERED = 16;

interface OpenEvent {
  timestamp: number;
  event: number;
  duration: number;
  volume: number;
}

export class DtmfReceiver {
  private current: OpenEvent | undefined;
  private readonly done: number[] = [];

  constructor(
    private readonly onDigit: (ev: DtmfDigitEvent) => void,
    private readonly clockRate = 8000,
  ) {}

  /** A telephone-event packet (payload, RTP timestamp). Malformed ones are dropped. */
  onPacket(payload: Uint8Array, timestamp: number): void {
    const ev = decodeTelephoneEvent(payload);
    if (!ev || eventToDigit(ev.event) === undefined) return;
    const ts = timestamp >>> 0;
    if (this.done.includes(ts)) return;
    const cur = this.current;
    if (cur && cur.timestamp === ts) {
      if (ev.duration > cur.duration) cur.duration = ev.duration;
      if (ev.end) this.finish(cur, false);
      return;
    }
    const seen: OpenEvent = { timestamp: ts, event: ev.event, duration: ev.duration, volume: ev.volume };
    if (cur && tsDiff32(cur.timestamp, ts) < 0) {
      // A late packet of an event older than the open one and never seen
      // before: that event is long over, so report it once, now.
      this.finish(seen, !ev.end);
      return;
    }
    // A newer event began: an open one ended without any end packet reaching us.
    if (cur) this.finish(cur, true);
    this.current = seen;
    if (ev.end) this.finish(seen, false);
  }

  /**
   * An audio packet with this timestamp arrived. Audio clearly past the open
   * event's end (more than 25 ms beyond start + duration) means the event is
   * over; audio that some senders keep sending during an event does not.
   */
  onAudio(timestamp: number): void {
    const cur = this.current;
    if (!cur) return;
    const past = tsDiff32(cur.timestamp, timestamp >>> 0) - cur.duration;
    if (past > this.clockRate / 40) this.finish(cur, true);
  }

  private finish(ev: OpenEvent, inferred: boolean): void {
    if (this.current === ev) this.current = undefined;
    this.done.push(ev.timestamp);
    if (this.done.length > REMEMBERED) this.done.shift();
    this.onDigit({
      digit: eventToDigit(ev.event)!,
      timestamp: ev.timestamp,
      duration: ev.duration,
      durationMs: (ev.duration * 1000) / this.clockRate,
      volume: ev.volume,
      endInferred: inferred,
    });
  }
}
