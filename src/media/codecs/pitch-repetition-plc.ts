/**
 * Packet-loss concealment by pitch-period repetition, after ITU-T G.711
 * Appendix I, for any PCM stream at 8 kHz (G.711) or 16 kHz (G.722 output).
 *
 * Algorithm (Appendix I §I.2, written from its description):
 *  - keep 48.75 ms of history (3 × longest pitch period + 1/4 period);
 *  - on the first lost 10 ms, find the pitch period P (66..200 Hz) by
 *    normalised cross-correlation of the last 20 ms against earlier lags, coarse
 *    on a decimated grid then refined;
 *  - synthesise by repeating the last period, the loop point smoothed by a 1/4 P
 *    overlap-add; every further lost 10 ms widens the loop to 2 and then 3 periods
 *    (less buzzy);
 *  - from the second lost 10 ms on, attenuate linearly by 20 % per 10 ms, so the
 *    output is silent after 60 ms of loss;
 *  - on the first good frame, overlap-add the continued synthetic signal into it
 *    over 1/4 P plus 4 ms per extra lost 10 ms (at most 10 ms).
 * Deliberate deviation: Appendix I delays all output by 3.75 ms so it can also
 * overlap-add at the start of an erasure. We splice at a pitch-aligned point
 * instead and add no latency (and decoders stay sample-exact with references).
 */

const ATTENUATION_PER_10MS = 0.2;

export class PitchRepetitionPlc {
  private readonly pitchMin: number;
  private readonly pitchMax: number;
  /** Samples in 10 ms: the unit of attenuation and loop widening. */
  private readonly block: number;
  private readonly corrLen: number;
  private readonly decimation: number;
  private readonly history: Float32Array;
  private readonly pitchBuf: Float32Array;
  private readonly synth: Float32Array;

  /** Samples lost so far in the current erasure (0 = receiving). */
  private lost = 0;
  private period = 0;
  private overlap = 0;
  /** Number of periods in the loop (1..3) and the read offset into it. */
  private periods = 1;
  private readPos = 0;
  private gain = 1;

  constructor(readonly sampleRate: 8000 | 16000 = 8000) {
    const m = sampleRate / 8000;
    this.pitchMin = 40 * m; // 200 Hz
    this.pitchMax = 120 * m; // 66.7 Hz
    this.block = 80 * m;
    this.corrLen = 160 * m;
    this.decimation = 2 * m;
    const histLen = 3 * this.pitchMax + (this.pitchMax >> 2);
    this.history = new Float32Array(histLen);
    this.pitchBuf = new Float32Array(histLen);
    this.synth = new Float32Array(this.block);
  }

  /** Whether the last call was a concealment (the stream is in an erasure). */
  get concealing(): boolean {
    return this.lost > 0;
  }

  /** Lost samples in the current erasure. */
  get lostSamples(): number {
    return this.lost;
  }

  reset(): void {
    this.history.fill(0);
    this.lost = 0;
  }

  /**
   * Hand a correctly received frame to the concealer. At the end of an erasure
   * the frame's start is overlap-added with the synthetic continuation, in place.
   */
  good(pcm: Int16Array, length = pcm.length): void {
    if (this.lost > 0) this.recover(pcm, length);
    this.pushHistory(pcm, length);
  }

  /** Synthesise `samples` samples of a lost frame into `out`; returns `samples`. */
  conceal(out: Int16Array, samples: number): number {
    let done = 0;
    while (done < samples) {
      if (this.lost === 0) this.startErasure();
      // Work in pieces that never straddle a 10 ms boundary of the erasure.
      const inBlock = this.lost % this.block;
      const n = Math.min(samples - done, this.block - inBlock);
      if (inBlock === 0 && this.lost > 0) this.nextBlock();
      this.synthesise(this.synth, n);
      for (let i = 0; i < n; i++) out[done + i] = Math.round(this.synth[i]!);
      this.pushHistoryFloat(this.synth, n);
      done += n;
    }
    return samples;
  }

  private startErasure(): void {
    const h = this.history;
    const end = h.length;
    const p = this.findPitch();
    this.period = p;
    this.overlap = p >> 2;
    this.pitchBuf.set(h);
    // Smooth the loop point: fade the period's tail into the samples one period
    // earlier, so that wrapping from the end to end-P is continuous.
    const pb = this.pitchBuf;
    const ov = this.overlap;
    for (let i = 0; i < ov; i++) {
      const w = (i + 1) / (ov + 1);
      pb[end - ov + i] = pb[end - ov + i]! * (1 - w) + pb[end - p - ov + i]! * w;
    }
    this.periods = 1;
    this.readPos = 0;
    this.gain = 1;
    this.lost = 0;
  }

  /**
   * At each new 10 ms of loss widen the loop by one period (up to 3). The read
   * point keeps its absolute position, so the switch itself is seamless; the
   * older period comes in at the next wrap.
   */
  private nextBlock(): void {
    if (this.periods < 3) {
      this.periods++;
      this.readPos += this.period;
    }
  }

  private synthesise(out: Float32Array, n: number): void {
    const pb = this.pitchBuf;
    const loop = this.period * this.periods;
    const start = pb.length - loop;
    const step = ATTENUATION_PER_10MS / this.block;
    for (let i = 0; i < n; i++) {
      // The first 10 ms play at full level, then fade 20 % per 10 ms.
      if (this.lost >= this.block) this.gain = Math.max(0, this.gain - step);
      out[i] = pb[start + this.readPos]! * this.gain;
      this.readPos = (this.readPos + 1) % loop;
      this.lost++;
    }
  }

  /** First good frame after loss: overlap-add the synthetic signal into it. */
  private recover(pcm: Int16Array, length: number): void {
    const blocksLost = Math.ceil(this.lost / this.block);
    const incr = (this.block * 4) / 10; // 4 ms per extra lost 10 ms
    const len = Math.min(length, this.block, this.overlap + (blocksLost - 1) * incr);
    this.synthesise(this.synth, len);
    for (let i = 0; i < len; i++) {
      const w = (i + 1) / (len + 1);
      pcm[i] = clamp16(Math.round(this.synth[i]! * (1 - w) + pcm[i]! * w));
    }
    this.lost = 0;
  }

  /**
   * Pitch period maximising the normalised correlation between the last 20 ms
   * and the 20 ms `lag` earlier: a coarse pass on a decimated grid, then ±1
   * grid step at full resolution (Appendix I §I.2.2).
   */
  private findPitch(): number {
    const h = this.history;
    const end = h.length;
    const base = end - this.corrLen;
    const score = (lag: number, step: number): number => {
      let corr = 0;
      let energy = 0;
      for (let i = 0; i < this.corrLen; i += step) {
        const x = h[base - lag + i]!;
        corr += h[base + i]! * x;
        energy += x * x;
      }
      // Silence or near-silence: avoid dividing by (almost) zero.
      return energy < 1 ? -Infinity : corr / Math.sqrt(energy);
    };
    const dec = this.decimation;
    let best = this.pitchMax;
    let bestScore = -Infinity;
    for (let lag = this.pitchMin; lag <= this.pitchMax; lag += dec) {
      const s = score(lag, dec);
      if (s > bestScore) {
        bestScore = s;
        best = lag;
      }
    }
    const lo = Math.max(this.pitchMin, best - dec + 1);
    const hi = Math.min(this.pitchMax, best + dec - 1);
    bestScore = -Infinity;
    let fine = best;
    for (let lag = lo; lag <= hi; lag++) {
      const s = score(lag, 1);
      if (s > bestScore) {
        bestScore = s;
        fine = lag;
      }
    }
    return fine;
  }

  private pushHistory(pcm: Int16Array, length: number): void {
    const h = this.history;
    if (length >= h.length) {
      for (let i = 0; i < h.length; i++) h[i] = pcm[length - h.length + i]!;
      return;
    }
    h.copyWithin(0, length);
    const off = h.length - length;
    for (let i = 0; i < length; i++) h[off + i] = pcm[i]!;
  }

  private pushHistoryFloat(x: Float32Array, length: number): void {
    const h = this.history;
    h.copyWithin(0, length);
    h.set(x.subarray(0, length), h.length - length);
  }
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
