/**
 * The browser microphone's frames on their way to the phone: a small ring of
 * 20 ms PCM frames between the WebSocket (frames arrive in bursts, paced by the
 * browser's audio clock and the network) and the media clock (one frame taken
 * every 20 ms by the server's clock).
 *
 * Like pjmedia's passive jitter buffer it owns no timer and says why a read
 * gave silence: 'prefetching' (filling up to the playout depth after a start
 * or an underrun), 'empty'. Two clocks that drift apart are handled at the
 * edges: an underrun re-prefetches (one short gap), a queue that grows past
 * `maxFrames` drops its oldest frames back to the playout depth (one short
 * skip), so the added latency stays bounded by `maxFrames` × 20 ms.
 *
 * Frames are copied into slots allocated once: no allocation per frame.
 */
export type PcmReadResult = 'frame' | 'prefetching' | 'empty';

export interface PcmFrameQueueOptions {
  /** Samples per frame (320 = 20 ms at 16 kHz). */
  frameSamples: number;
  /** Frames held before playing starts (and after each underrun). Default 2 (40 ms). */
  prefetchFrames?: number;
  /** Frames held at most; beyond it the oldest are dropped back to prefetchFrames. Default 10 (200 ms). */
  maxFrames?: number;
}

export interface PcmFrameQueueStats {
  queued: number;
  framesIn: number;
  framesOut: number;
  underruns: number;
  /** Frames dropped because the queue was full (the sender's clock runs fast). */
  dropped: number;
}

export class PcmFrameQueue {
  private readonly slots: Int16Array[];
  private readonly prefetch: number;
  private readonly max: number;
  private head = 0;
  private count = 0;
  private playing = false;
  private readonly counters = { framesIn: 0, framesOut: 0, underruns: 0, dropped: 0 };

  constructor(private readonly opts: PcmFrameQueueOptions) {
    this.prefetch = Math.max(1, opts.prefetchFrames ?? 2);
    this.max = Math.max(this.prefetch + 1, opts.maxFrames ?? 10);
    this.slots = Array.from({ length: this.max }, () => new Int16Array(opts.frameSamples));
  }

  get frameSamples(): number {
    return this.opts.frameSamples;
  }

  /** Frames waiting. */
  get queued(): number {
    return this.count;
  }

  /** Add one frame of little-endian 16-bit samples from `bytes` at `offset`. */
  putLittleEndian(bytes: Uint8Array, offset: number): void {
    if (this.count === this.max) {
      // the browser's clock runs ahead of ours: catch up to the playout depth at once
      const drop = this.count - this.prefetch + 1;
      this.head = (this.head + drop) % this.max;
      this.count -= drop;
      this.counters.dropped += drop;
    }
    const slot = this.slots[(this.head + this.count) % this.max]!;
    const n = this.opts.frameSamples;
    for (let i = 0, p = offset; i < n; i++, p += 2) {
      const v = bytes[p]! | (bytes[p + 1]! << 8);
      slot[i] = v >= 0x8000 ? v - 0x10000 : v;
    }
    this.count++;
    this.counters.framesIn++;
  }

  /** Take the next frame into `out`; on anything but 'frame', `out` is silence. */
  read(out: Int16Array): PcmReadResult {
    if (!this.playing) {
      if (this.count < this.prefetch) {
        out.fill(0);
        return this.count === 0 ? 'empty' : 'prefetching';
      }
      this.playing = true;
    }
    if (this.count === 0) {
      this.playing = false;
      this.counters.underruns++;
      out.fill(0);
      return 'empty';
    }
    out.set(this.slots[this.head]!.subarray(0, out.length));
    this.head = (this.head + 1) % this.max;
    this.count--;
    this.counters.framesOut++;
    return 'frame';
  }

  /** Forget what is queued (a new browser took the microphone). */
  reset(): void {
    this.head = 0;
    this.count = 0;
    this.playing = false;
  }

  stats(): PcmFrameQueueStats {
    return { queued: this.count, ...this.counters };
  }
}
