/**
 * Playout jitter buffer, keyed by RTP timestamp (not arrival order), with no
 * timer of its own: the media clock pulls one frame per tick (pjmedia jbuf
 * style), and every take says what it returned:
 *
 *   normal       a received frame, in timestamp order
 *   missing      a gap while playing (loss, or a frame inserted to grow the
 *                delay): the decoder conceals it (PLC)
 *   prefetching  filling up to the target delay: play silence
 *   empty        nothing to play (not started, or drained): play silence
 *
 *       put()                     level >= target
 *   idle ─────> prefetching ──────────────────────> playing
 *    ^                                                 │
 *    └────────────── nothing buffered at take ─────────┘
 *
 * Delay is counted in frames ("level": frames from the play point to the
 * newest buffered one). Target and steering (grow by holding the play point
 * one concealed frame, shrink by dropping one) are playout-delay.ts's policy.
 *
 * Timestamps are unwrapped into a float counter (wrap-safe differences from
 * src/base), so 16-bit sequence and 32-bit timestamp wraps are invisible here.
 */
import { SayhiError, tsDiff32 } from '../base/index.js';
import { PlayoutDelay, type JitterMode } from './playout-delay.js';
import type { RtpHeader } from './rtp/rtp-packet.js';

export type { JitterMode } from './playout-delay.js';
export type JitterFrameType = 'normal' | 'missing' | 'prefetching' | 'empty';
export type JitterPutResult = 'ok' | 'duplicate' | 'late' | 'resync';

export interface JitterBufferOptions {
  /** RTP timestamp units per second (8000 for G.711 and G.722). */
  clockRate: number;
  frameMs?: number;
  mode?: JitterMode;
  minDelayMs?: number;
  normalDelayMs?: number;
  maxDelayMs?: number;
  /** Largest payload kept without reallocating a slot. */
  maxPayload?: number;
}

/** The phone's jitter settings (mode, min/normal/max delay); clock rate and frame size come from the stream. */
export type JitterSettings = Omit<JitterBufferOptions, 'clockRate' | 'frameMs'>;

/** What take() fills in; reused by the caller from tick to tick. */
export interface JitterFrame {
  type: JitterFrameType;
  /** The payload for 'normal'; a view into the buffer, valid until the next put(). */
  payload: Uint8Array;
  timestamp: number;
  sequenceNumber: number;
  marker: boolean;
}

export interface JitterBufferStats {
  received: number;
  late: number;
  duplicate: number;
  /** Frames that should have played but were not there. */
  lost: number;
  /** Frames dropped to shrink the delay. */
  discarded: number;
  /** Frames inserted (concealed) to grow the delay. */
  inserted: number;
  resyncs: number;
  /** Level at the last take, in ms. */
  delayMs: number;
  targetMs: number;
}

interface Slot {
  filled: boolean;
  /** Frame index this slot holds, or last held. */
  index: number;
  played: boolean;
  timestamp: number;
  sequenceNumber: number;
  marker: boolean;
  storage: Uint8Array;
  view: Uint8Array;
}

type JitterState = 'idle' | 'prefetching' | 'playing';

/** A packet this many frames behind the play point is a restarted stream, not a late one. */
const RESYNC_BEHIND = 50;
/** So many late packets in a row also mean the timeline moved. */
const RESYNC_LATE_RUN = 5;

export function newJitterFrame(): JitterFrame {
  return { type: 'empty', payload: new Uint8Array(0), timestamp: 0, sequenceNumber: 0, marker: false };
}

export class JitterBuffer {
  readonly mode: JitterMode;
  private readonly frameTs: number;
  private readonly frameMs: number;
  private readonly delay: PlayoutDelay;
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private state: JitterState = 'idle';
  // Unwrapping: the newest timestamp seen and its unwrapped value.
  private refTs = 0;
  private refExt = 0;
  private started = false;
  // Play point: frame index and unwrapped timestamp of the next frame to play.
  private playIndex = 0;
  private playExt = 0;
  private newestIndex = -1;
  private lastPlayedIndex = -Infinity;
  private lateRun = 0;
  // Steering decisions waiting for the next takes.
  private hold = 0;
  private drop = false;
  private level = 0;
  private readonly counters = { received: 0, late: 0, duplicate: 0, lost: 0, discarded: 0, inserted: 0, resyncs: 0 };

  constructor(opts: JitterBufferOptions) {
    this.frameMs = opts.frameMs ?? 20;
    this.frameTs = (opts.clockRate * this.frameMs) / 1000;
    this.mode = opts.mode ?? 'adaptive';
    const frames = (ms: number) => Math.max(1, Math.ceil(ms / this.frameMs - 1e-9));
    const minFrames = frames(opts.minDelayMs ?? 40);
    const normalFrames = frames(opts.normalDelayMs ?? 60);
    const maxFrames = frames(opts.maxDelayMs ?? 240);
    if (!(minFrames <= normalFrames && normalFrames <= maxFrames) || !(this.frameTs > 0)) {
      throw new SayhiError('MEDIA_JITTER_CONFIG', 'jitter buffer needs min <= normal <= max delay and a positive frame size');
    }
    this.delay = new PlayoutDelay({ mode: this.mode, frameMs: this.frameMs, clockRate: opts.clockRate, minFrames, normalFrames, maxFrames });
    this.size = maxFrames * 2 + 4;
    const maxPayload = opts.maxPayload ?? 512;
    for (let i = 0; i < this.size; i++) {
      const storage = new Uint8Array(maxPayload);
      this.slots.push({ filled: false, index: 0, played: false, timestamp: 0, sequenceNumber: 0, marker: false, storage, view: storage.subarray(0, 0) });
    }
  }

  get targetDelayMs(): number {
    return this.delay.target * this.frameMs;
  }

  stats(): JitterBufferStats {
    return { ...this.counters, delayMs: this.level * this.frameMs, targetMs: this.targetDelayMs };
  }

  /** Forget everything buffered (new remote source); counters are kept. */
  reset(): void {
    for (const s of this.slots) {
      s.filled = false;
      s.played = false;
    }
    this.state = 'idle';
    this.started = false;
    this.newestIndex = -1;
    this.lastPlayedIndex = -Infinity;
    this.lateRun = 0;
    this.hold = 0;
    this.drop = false;
    this.level = 0;
    this.delay.clearTransit();
  }

  private slotOf(index: number): Slot {
    return this.slots[((index % this.size) + this.size) % this.size]!;
  }

  private unwrap(ts: number): number {
    const ext = this.refExt + tsDiff32(this.refTs, ts);
    if (ext > this.refExt) {
      this.refExt = ext;
      this.refTs = ts >>> 0;
    }
    return ext;
  }

  /** Start over with this packet as the first of a new timeline. */
  private begin(ts: number): void {
    this.reset();
    this.started = true;
    this.refTs = ts >>> 0;
    this.refExt = 0;
    this.playIndex = 0;
    this.playExt = 0;
    this.state = 'prefetching';
  }

  /**
   * Add a received packet. `arrivalMs` (the injected clock's now) only feeds
   * the jitter estimate; placement is by timestamp.
   */
  put(timestamp: number, sequenceNumber: number, payload: Uint8Array, arrivalMs: number, marker = false): JitterPutResult {
    return this.store(timestamp, sequenceNumber, payload, 0, payload.length, arrivalMs, marker);
  }

  /** put() straight from a parsed RTP packet, without a payload view. */
  putPacket(header: RtpHeader, packet: Uint8Array, arrivalMs: number): JitterPutResult {
    return this.store(
      header.timestamp,
      header.sequenceNumber,
      packet,
      header.payloadOffset,
      header.payloadLength,
      arrivalMs,
      header.marker,
    );
  }

  private store(
    timestamp: number,
    sequenceNumber: number,
    src: Uint8Array,
    srcOffset: number,
    length: number,
    arrivalMs: number,
    marker: boolean,
  ): JitterPutResult {
    let result: JitterPutResult = 'ok';
    if (!this.started) this.begin(timestamp);
    let ext = this.unwrap(timestamp);
    let offset = Math.round((ext - this.playExt) / this.frameTs);
    if (
      this.state === 'idle' &&
      this.playIndex + offset <= this.lastPlayedIndex &&
      offset > -RESYNC_BEHIND &&
      this.lateRun + 1 < RESYNC_LATE_RUN
    ) {
      // Drained, and this one is older than what already played: too late, not a new start.
      return this.noteLate(offset, arrivalMs, ext);
    }
    if (this.state === 'idle') {
      // Refill from this packet, keeping the timeline (frame indices continue). The
      // transit baseline restarts: a sender may not advance timestamps over a pause.
      this.playIndex += offset;
      this.playExt += offset * this.frameTs;
      offset = 0;
      this.state = 'prefetching';
      this.delay.clearTransit();
    } else if (this.state === 'prefetching' && offset < 0 && this.newestIndex - (this.playIndex + offset) < this.size - 1) {
      // Reordered before the first packet while filling: start earlier.
      this.playIndex += offset;
      this.playExt += offset * this.frameTs;
      offset = 0;
    }
    if (offset < 0) {
      const slot = this.slotOf(this.playIndex + offset);
      if (slot.index === this.playIndex + offset && (slot.played || slot.filled) && slot.sequenceNumber === sequenceNumber) {
        this.counters.duplicate++;
        return 'duplicate';
      }
      if (offset >= -RESYNC_BEHIND && this.lateRun + 1 < RESYNC_LATE_RUN) return this.noteLate(offset, arrivalMs, ext);
      result = 'resync';
    } else if (offset >= this.size) {
      result = 'resync';
    }
    if (result === 'resync') {
      this.counters.resyncs++;
      this.begin(timestamp);
      ext = this.unwrap(timestamp);
      offset = 0;
    }
    const index = this.playIndex + offset;
    const slot = this.slotOf(index);
    if (slot.filled && slot.index === index) {
      this.counters.duplicate++;
      return 'duplicate';
    }
    if (length > slot.storage.length) slot.storage = new Uint8Array(length);
    for (let i = 0; i < length; i++) slot.storage[i] = src[srcOffset + i]!;
    if (slot.view.buffer !== slot.storage.buffer || slot.view.length !== length) {
      slot.view = slot.storage.subarray(0, length);
    }
    slot.filled = true;
    slot.played = false;
    slot.index = index;
    slot.timestamp = timestamp >>> 0;
    slot.sequenceNumber = sequenceNumber;
    slot.marker = marker;
    if (index > this.newestIndex) this.newestIndex = index;
    this.lateRun = 0;
    this.counters.received++;
    this.delay.noteTransit(arrivalMs, ext);
    return result;
  }

  private noteLate(offset: number, arrivalMs: number, ext: number): JitterPutResult {
    this.counters.late++;
    this.lateRun++;
    this.delay.noteTransit(arrivalMs, ext);
    if (this.state === 'playing') this.hold = Math.max(this.hold, this.delay.noteLate(this.level, -offset));
    return 'late';
  }

  /** The frame for this tick (see the file comment for the four types). */
  take(out: JitterFrame): JitterFrameType {
    const type = this.takeInner(out);
    out.type = type;
    this.delay.endOfTake();
    return type;
  }

  private currentLevel(): number {
    return this.newestIndex >= this.playIndex ? this.newestIndex - this.playIndex + 1 : 0;
  }

  private takeInner(out: JitterFrame): JitterFrameType {
    out.marker = false;
    if (this.state === 'idle') {
      this.level = 0;
      return 'empty';
    }
    let level = this.currentLevel();
    if (this.state === 'prefetching') {
      this.level = level;
      if (level < this.delay.target) return level === 0 ? 'empty' : 'prefetching';
      this.state = 'playing';
      this.delay.restartWindow();
    }
    if (level === 0) {
      // Drained: the far end paused (VAD, hold) or the network stalled. Refill.
      this.state = 'idle';
      this.hold = 0;
      this.drop = false;
      this.level = 0;
      return 'empty';
    }
    const action = this.delay.steer(level);
    if (action === 'hold') this.hold = Math.max(this.hold, 1);
    else if (action === 'drop') this.drop = true;
    out.timestamp = (this.refTs + (this.playExt - this.refExt)) >>> 0;
    if (this.hold > 0) {
      // Grow: conceal one frame and keep the play point where it is.
      this.hold--;
      this.counters.inserted++;
      this.level = level;
      return 'missing';
    }
    if (this.drop && level >= 2) {
      // Shrink: skip the frame at the play point.
      this.drop = false;
      const skipped = this.slotOf(this.playIndex);
      if (skipped.filled && skipped.index === this.playIndex) {
        skipped.filled = false;
        skipped.played = true;
      }
      this.counters.discarded++;
      this.advance();
      level--;
      out.timestamp = (this.refTs + (this.playExt - this.refExt)) >>> 0;
    }
    this.level = level;
    const slot = this.slotOf(this.playIndex);
    let type: JitterFrameType;
    if (slot.filled && slot.index === this.playIndex) {
      slot.filled = false;
      slot.played = true;
      out.payload = slot.view;
      out.sequenceNumber = slot.sequenceNumber;
      out.marker = slot.marker;
      out.timestamp = slot.timestamp;
      type = 'normal';
    } else {
      this.counters.lost++;
      type = 'missing';
    }
    this.advance();
    return type;
  }

  private advance(): void {
    this.lastPlayedIndex = this.playIndex;
    this.playIndex++;
    this.playExt += this.frameTs;
  }
}
