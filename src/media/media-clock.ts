/**
 * The phone's media ticker: one per phone, calling every registered handler
 * once per frame (20 ms) from the injected Clock. Streams and devices own no
 * timers (pjmedia's passive ports): they are pulled from here.
 *
 * Ticks are scheduled from a fixed origin (tick k is due at origin + k * period)
 * rather than re-armed "period after the last one", so timer lateness does not
 * accumulate into drift: a tick that fires 3 ms late is followed by one armed
 * 3 ms short. After a stall (a blocked event loop, a suspended VM) up to
 * `maxCatchUp` missed ticks run back to back so RTP timestamps keep pace with
 * real time; a longer stall is skipped and the schedule restarts from now.
 *
 * Lateness (fire time - due time) is kept in a 0.1 ms histogram for the farm
 * benchmark's "timer lateness < 5 ms" budget (DESIGN.md §5).
 */
import { SayhiError, type Clock, type TimerHandle } from '../base/index.js';

export type TickHandler = (tick: number) => void;

export interface MediaClockOptions {
  clock: Clock;
  periodMs?: number;
  /** Missed ticks run back to back after a stall, at most this many. */
  maxCatchUp?: number;
  /** A handler that throws is reported here and the tick goes on. */
  onHandlerError?: (err: unknown) => void;
}

export interface MediaClockStats {
  ticks: number;
  /** Ticks given up after a stall longer than maxCatchUp periods. */
  skipped: number;
  lateness: { lastMs: number; maxMs: number; meanMs: number; p50Ms: number; p99Ms: number };
}

const HIST_STEP_MS = 0.1;
const HIST_BUCKETS = 1000; // 0..100 ms; the last bucket takes everything later

export class MediaClock {
  readonly periodMs: number;
  private readonly clock: Clock;
  private readonly maxCatchUp: number;
  private readonly onHandlerError: (err: unknown) => void;
  private handlers: TickHandler[] = [];
  private timer: TimerHandle | undefined;
  private origin = 0;
  private k = 0;
  private ticks = 0;
  private skipped = 0;
  private lastLate = 0;
  private maxLate = 0;
  private sumLate = 0;
  private readonly hist = new Uint32Array(HIST_BUCKETS);

  constructor(opts: MediaClockOptions) {
    this.clock = opts.clock;
    this.periodMs = opts.periodMs ?? 20;
    this.maxCatchUp = opts.maxCatchUp ?? 5;
    this.onHandlerError = opts.onHandlerError ?? (() => {});
    if (!(this.periodMs > 0)) throw new SayhiError('MEDIA_CLOCK_PERIOD', `bad media clock period ${this.periodMs}`);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /**
   * Register a handler; returns its removal. The clock starts with its first
   * handler and stops when the last one leaves: an idle phone (farm mode runs
   * thousands) costs no timer.
   */
  add(handler: TickHandler): () => void {
    this.handlers = [...this.handlers, handler];
    this.start();
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
      if (this.handlers.length === 0) this.stop();
    };
  }

  get handlerCount(): number {
    return this.handlers.length;
  }

  start(): void {
    if (this.timer) return;
    this.origin = this.clock.now();
    this.k = 1;
    this.arm();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  stats(): MediaClockStats {
    return {
      ticks: this.ticks,
      skipped: this.skipped,
      lateness: {
        lastMs: this.lastLate,
        maxMs: this.maxLate,
        meanMs: this.ticks ? this.sumLate / this.ticks : 0,
        p50Ms: this.percentile(0.5),
        p99Ms: this.percentile(0.99),
      },
    };
  }

  /** The lateness histogram (bucket i counts ticks late by [i, i+1) x stepMs), to merge several clocks. */
  latenessHistogram(): { stepMs: number; counts: Uint32Array } {
    return { stepMs: HIST_STEP_MS, counts: this.hist.slice() };
  }

  /** Clear the lateness figures (e.g. after a benchmark's warm-up). */
  resetStats(): void {
    this.ticks = 0;
    this.skipped = 0;
    this.lastLate = 0;
    this.maxLate = 0;
    this.sumLate = 0;
    this.hist.fill(0);
  }

  private percentile(p: number): number {
    if (this.ticks === 0) return 0;
    const want = Math.ceil(this.ticks * p);
    let seen = 0;
    for (let i = 0; i < HIST_BUCKETS; i++) {
      seen += this.hist[i]!;
      if (seen >= want) return (i + 1) * HIST_STEP_MS;
    }
    return HIST_BUCKETS * HIST_STEP_MS;
  }

  private due(k: number): number {
    return this.origin + k * this.periodMs;
  }

  private arm(): void {
    // Whole milliseconds, rounded up: Node timers have 1 ms resolution anyway, a
    // tick never runs early, and Node keeps one timer list per distinct delay.
    const delay = Math.ceil(this.due(this.k) - this.clock.now());
    this.timer = this.clock.setTimer(Math.max(0, delay), () => this.fire());
  }

  private fire(): void {
    if (!this.timer) return;
    const now = this.clock.now();
    // Fired before the tick is due (clock granularity): behind is -1 and no tick runs; re-arm.
    let behind = Math.floor((now - this.due(this.k)) / this.periodMs);
    if (behind > this.maxCatchUp) {
      // Too far behind to catch up: skip, and count from here.
      this.skipped += behind;
      this.k += behind;
      behind = 0;
    }
    for (let i = 0; i <= behind && this.timer; i++) {
      this.record(now - this.due(this.k));
      this.runHandlers(this.k);
      this.k++;
    }
    if (this.timer) this.arm();
  }

  private record(lateMs: number): void {
    const late = Math.max(0, lateMs);
    this.ticks++;
    this.lastLate = late;
    this.sumLate += late;
    if (late > this.maxLate) this.maxLate = late;
    const bucket = Math.min(HIST_BUCKETS - 1, Math.floor(late / HIST_STEP_MS));
    this.hist[bucket] = this.hist[bucket]! + 1;
  }

  private runHandlers(tick: number): void {
    // The array is replaced (not mutated) on add/remove, so a handler may remove itself.
    const list = this.handlers;
    for (let i = 0; i < list.length; i++) {
      try {
        list[i]!(tick);
      } catch (err) {
        this.onHandlerError(err);
      }
    }
  }
}
