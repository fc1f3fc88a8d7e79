/**
 * The jitter buffer's delay policy (jitter-buffer.ts does the storage): what
 * the target delay is and when to grow or shrink toward it. All counts are in
 * frames and ticks; no timer, no clock.
 *
 * - fixed: the target is the normal delay.
 * - adaptive: the target is the peak-to-peak transit spread (arrival time
 *   minus RTP time) over the last BUCKETS seconds, rounded up to frames, plus
 *   one frame for the phase of the 20 ms tick, kept within [min, max]. A late
 *   packet raises it at once by its lateness.
 * - steering (both modes): once per adapt window the delay is compared with
 *   the target. The delay is the highest buffer level seen in the window, i.e.
 *   the lead of the fastest packet, which is what the slowest one has to use
 *   up. Below the target: hold the play point one frame (grow); more than one
 *   frame above: drop one frame (shrink).
 */

export type JitterMode = 'adaptive' | 'fixed';
export type SteerAction = 'none' | 'hold' | 'drop';

export interface PlayoutDelayOptions {
  mode: JitterMode;
  frameMs: number;
  clockRate: number;
  minFrames: number;
  normalFrames: number;
  maxFrames: number;
}

/** Takes per adapt window (0.5 s at 20 ms) and per transit bucket (1 s); buckets kept. */
const ADAPT_WINDOW = 25;
const BUCKET_TAKES = 50;
const BUCKETS = 4;

export class PlayoutDelay {
  /** Target delay in frames. */
  target: number;
  private readonly opts: PlayoutDelayOptions;
  private readonly bucketMin = new Float64Array(BUCKETS).fill(Infinity);
  private readonly bucketMax = new Float64Array(BUCKETS).fill(-Infinity);
  private bucket = 0;
  private takes = 0;
  private windowMax = -Infinity;

  constructor(opts: PlayoutDelayOptions) {
    this.opts = opts;
    this.target = opts.normalFrames;
  }

  get adaptive(): boolean {
    return this.opts.mode === 'adaptive';
  }

  /** One packet's transit; `ext` is its unwrapped RTP timestamp. */
  noteTransit(arrivalMs: number, ext: number): void {
    const transit = arrivalMs - (ext * 1000) / this.opts.clockRate;
    if (transit < this.bucketMin[this.bucket]!) this.bucketMin[this.bucket] = transit;
    if (transit > this.bucketMax[this.bucket]!) this.bucketMax[this.bucket] = transit;
  }

  /** Forget the transit history: a new timeline or talk-spurt has its own baseline. */
  clearTransit(): void {
    this.bucketMin.fill(Infinity);
    this.bucketMax.fill(-Infinity);
  }

  /** A new steering window starts (playout just began). */
  restartWindow(): void {
    this.windowMax = -Infinity;
  }

  /**
   * A packet arrived `lateFrames` after its turn while the buffer held `level`
   * frames. Adaptive mode grows at once; returns the frames to hold the play point.
   */
  noteLate(level: number, lateFrames: number): number {
    if (!this.adaptive) return 0;
    const max = this.opts.maxFrames;
    const needed = Math.min(max, level + lateFrames);
    if (needed > this.target) this.target = needed;
    return Math.max(0, Math.min(lateFrames, max - level));
  }

  /** Called on every take while playing, with the level before the take. */
  steer(level: number): SteerAction {
    if (level > this.windowMax) this.windowMax = level;
    if (this.takes % ADAPT_WINDOW !== ADAPT_WINDOW - 1) return 'none';
    const delay = this.windowMax;
    this.windowMax = -Infinity;
    if (delay < this.target) return 'hold';
    if (delay > this.target + 1) return 'drop';
    return 'none';
  }

  /** Called after every take: rotates the transit buckets and re-targets each second. */
  endOfTake(): void {
    this.takes++;
    if (this.takes % BUCKET_TAKES !== 0) return;
    if (this.adaptive) this.retarget();
    this.bucket = (this.bucket + 1) % BUCKETS;
    this.bucketMin[this.bucket] = Infinity;
    this.bucketMax[this.bucket] = -Infinity;
  }

  private retarget(): void {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < BUCKETS; i++) {
      if (this.bucketMin[i]! < lo) lo = this.bucketMin[i]!;
      if (this.bucketMax[i]! > hi) hi = this.bucketMax[i]!;
    }
    if (hi < lo) return;
    const needed = Math.ceil((hi - lo) / this.opts.frameMs - 1e-6) + 1;
    this.target = Math.max(this.opts.minFrames, Math.min(this.opts.maxFrames, needed));
  }
}
