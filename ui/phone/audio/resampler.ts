/**
 * A streaming sample-rate converter for the audio worklet: band-limited
 * interpolation with a Blackman-windowed sinc (Smith, "Digital Audio
 * Resampling", the classic bandlimited-interpolation method), any ratio
 * (48 kHz or 44.1 kHz to 16 kHz and back). The kernel is tabulated once with
 * 128 points per input sample and read with linear interpolation, so the
 * per-sample work is multiply-adds only (no Math.sin in the audio thread).
 *
 * The cutoff sits at 90 % of the lower rate's Nyquist frequency: for 16 kHz,
 * 7.2 kHz, which keeps the wideband speech band (G.722: 50-7000 Hz) and
 * stops the images and aliases.
 */
const TABLE_PER_SAMPLE = 128;
const ZERO_CROSSINGS = 12;

export class Resampler {
  /** Input samples per output sample. */
  private readonly step: number;
  /** Cutoff as a fraction of the input's Nyquist frequency (≤ 1). */
  private readonly cutoff: number;
  /** Kernel half-width in input samples. */
  private readonly half: number;
  private readonly table: Float32Array;
  private readonly history: Float32Array;
  /** Input samples held in `history` (the last `keep` of them are the tail the next call needs). */
  private held = 0;
  /** Position of the next output sample, in input samples from history[0]. */
  private pos: number;

  constructor(
    readonly inRate: number,
    readonly outRate: number,
    maxInputPerCall = 4096,
  ) {
    this.step = inRate / outRate;
    this.cutoff = Math.min(1, outRate / inRate) * 0.9;
    this.half = Math.ceil(ZERO_CROSSINGS / this.cutoff);
    const n = this.half * TABLE_PER_SAMPLE + 2;
    this.table = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const x = i / TABLE_PER_SAMPLE; // distance in input samples
      const w = x >= this.half ? 0 : 0.42 + 0.5 * Math.cos((Math.PI * x) / this.half) + 0.08 * Math.cos((2 * Math.PI * x) / this.half);
      const arg = Math.PI * x * this.cutoff;
      this.table[i] = this.cutoff * (x === 0 ? 1 : Math.sin(arg) / arg) * w;
    }
    this.history = new Float32Array(maxInputPerCall + 2 * this.half + Math.ceil(this.step) + 8);
    // start with a half kernel of silence, so the first output needs no samples from before
    this.held = this.half;
    this.pos = this.half;
  }

  /**
   * Convert `input`, calling `emit` for each output sample. Input blocks may be
   * any length up to maxInputPerCall.
   */
  process(input: Float32Array, emit: (sample: number) => void): void {
    const h = this.history;
    h.set(input, this.held);
    this.held += input.length;
    const half = this.half;
    const table = this.table;
    // an output at `pos` needs input up to floor(pos) + half
    while (this.pos + half < this.held) {
      const centre = Math.floor(this.pos);
      const frac = this.pos - centre;
      let acc = 0;
      for (let k = -half + 1; k <= half; k++) {
        const d = Math.abs(k - frac) * TABLE_PER_SAMPLE;
        const i = d | 0;
        if (i >= table.length - 1) continue;
        const coef = table[i]! + (table[i + 1]! - table[i]!) * (d - i);
        acc += h[centre + k]! * coef;
      }
      emit(acc);
      this.pos += this.step;
    }
    // keep the tail the next outputs need
    const drop = Math.max(0, Math.floor(this.pos) - half);
    if (drop > 0) {
      h.copyWithin(0, drop, this.held);
      this.held -= drop;
      this.pos -= drop;
    }
  }
}
