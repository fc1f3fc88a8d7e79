/**
 * Sample-rate conversion.
 *
 * - `Upsampler8To16` / `Downsampler16To8`: the codec edge between 8 kHz G.711
 *   and the phone's 16 kHz frames. One 63-tap half-band FIR (Kaiser window,
 *   β = 7: about -70 dB beyond 4.7 kHz, flat to about 3.4 kHz). Half of its taps
 *   are zero, so each output costs ~16 (up) or ~33 (down) multiplies. Both keep
 *   their delay line across calls, so consecutive 20 ms frames join without a
 *   click; the group delay is 31 samples at 16 kHz (~1.9 ms) each way, so a
 *   round trip 8k→16k→8k is a pure delay of 31 samples at 8 kHz.
 * - `resample()`: any rate to any rate for whole buffers (WAV prompts at 44.1 or
 *   48 kHz), by a Kaiser-windowed sinc whose cut-off follows the lower rate.
 *   Good for tones and speech; not a mastering-grade converter.
 */

/** Half the half-band filter's length, plus one: L = 4K - 1 taps. */
const K = 16;
const TAPS = 4 * K - 1;
const CENTER = (TAPS - 1) / 2;

function besselI0(x: number): number {
  // Power series; converges quickly for the β values used here.
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 50; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

function kaiser(n: number, halfWidth: number, beta: number): number {
  const r = n / halfWidth;
  if (r <= -1 || r >= 1) return 0;
  return besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
}

function sinc(x: number): number {
  return x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
}

/** Taps at even indices of the half-band filter (the odd ones are 0 but the centre). */
const EVEN_TAPS = ((): Float64Array => {
  const even = new Float64Array(TAPS + 1 >> 1);
  for (let j = 0; j < TAPS; j += 2) {
    const k = j - CENTER;
    even[j >> 1] = 0.5 * sinc(k / 2) * kaiser(k, CENTER + 1, 7);
  }
  // Normalise so the even taps sum to exactly 0.5: unity gain at DC.
  let sum = 0;
  for (const t of even) sum += t;
  for (let i = 0; i < even.length; i++) even[i] = (even[i]! * 0.5) / sum;
  return even;
})();

function clamp16(v: number): number {
  const r = Math.round(v);
  return r > 32767 ? 32767 : r < -32768 ? -32768 : r;
}

/** 8 kHz → 16 kHz, streaming: `n` input samples give `2n` output samples. */
export class Upsampler8To16 {
  /** x(n-2K+1) .. x(n-1), oldest first, followed by the current input. */
  private buf = new Float64Array(2 * K - 1 + 160);

  reset(): void {
    this.buf.fill(0);
  }

  process(input: Int16Array, out: Int16Array): number {
    const hist = 2 * K - 1;
    const n = Math.min(input.length, out.length >> 1);
    if (this.buf.length < hist + n) {
      const bigger = new Float64Array(hist + n);
      bigger.set(this.buf.subarray(0, hist));
      this.buf = bigger;
    }
    const z = this.buf;
    for (let i = 0; i < n; i++) z[hist + i] = input[i]!;
    const h = EVEN_TAPS;
    const last = h.length - 1;
    for (let i = 0; i < n; i++) {
      const newest = hist + i;
      // Even outputs: the interpolating taps (×2 for the zero-stuffing loss);
      // the taps are symmetric, so pairs of samples share one multiply.
      let acc = 0;
      for (let t = 0; t < K; t++) acc += h[t]! * (z[newest - t]! + z[newest - last + t]!);
      out[2 * i] = clamp16(2 * acc);
      // Odd outputs: only the centre tap (0.5 × 2) meets a real sample.
      out[2 * i + 1] = clamp16(z[newest - (K - 1)]!);
    }
    z.copyWithin(0, n, n + hist);
    return 2 * n;
  }
}

/** 16 kHz → 8 kHz, streaming: `n` (even) input samples give `n / 2` outputs. */
export class Downsampler16To8 {
  private buf = new Float64Array(TAPS - 1 + 320);

  reset(): void {
    this.buf.fill(0);
  }

  process(input: Int16Array, out: Int16Array): number {
    const hist = TAPS - 1;
    const n = Math.min(input.length >> 1, out.length);
    const used = 2 * n;
    if (this.buf.length < hist + used) {
      const bigger = new Float64Array(hist + used);
      bigger.set(this.buf.subarray(0, hist));
      this.buf = bigger;
    }
    const z = this.buf;
    for (let i = 0; i < used; i++) z[hist + i] = input[i]!;
    const h = EVEN_TAPS;
    const last = 2 * (h.length - 1);
    for (let m = 0; m < n; m++) {
      const newest = hist + 2 * m;
      let acc = 0.5 * z[newest - CENTER]!;
      for (let t = 0; t < K; t++) acc += h[t]! * (z[newest - 2 * t]! + z[newest - last + 2 * t]!);
      out[m] = clamp16(acc);
    }
    z.copyWithin(0, used, used + hist);
    return n;
  }
}

/** Zero crossings of the sinc kept on each side in `resample()`. */
const SINC_ZEROS = 16;
const WINDOW_STEPS = 2048;

/** Kaiser window (β = 8) sampled on [0, 1], looked up with linear interpolation. */
const RESAMPLE_WINDOW = ((): Float64Array => {
  const w = new Float64Array(WINDOW_STEPS + 2);
  for (let i = 0; i <= WINDOW_STEPS; i++) w[i] = kaiser(i, WINDOW_STEPS, 8);
  return w;
})();

function windowAt(r: number): number {
  const x = Math.abs(r) * WINDOW_STEPS;
  const i = Math.floor(x);
  if (i >= WINDOW_STEPS) return 0;
  const f = x - i;
  return RESAMPLE_WINDOW[i]! * (1 - f) + RESAMPLE_WINDOW[i + 1]! * f;
}

/**
 * Convert a whole buffer from `fromRate` to `toRate` (any positive rates).
 * Output length is round(input.length × toRate / fromRate). The cut-off sits at
 * 90 % of the lower Nyquist frequency so speech and tones pass and the band
 * above the new Nyquist does not fold back.
 */
export function resample(input: Int16Array, fromRate: number, toRate: number): Int16Array {
  if (fromRate === toRate) return input.slice();
  const ratio = toRate / fromRate;
  const outLen = Math.round(input.length * ratio);
  const out = new Int16Array(outLen);
  // Cut-off in units of the input Nyquist frequency.
  const cutoff = 0.9 * Math.min(1, ratio);
  const halfWidth = SINC_ZEROS / cutoff; // input samples on each side
  for (let k = 0; k < outLen; k++) {
    const centre = k / ratio;
    const first = Math.max(0, Math.ceil(centre - halfWidth));
    const last = Math.min(input.length - 1, Math.floor(centre + halfWidth));
    let acc = 0;
    let wsum = 0;
    for (let i = first; i <= last; i++) {
      const d = i - centre;
      const w = sinc(cutoff * d) * windowAt(d / halfWidth);
      acc += w * input[i]!;
      wsum += w;
    }
    // Dividing by the weight sum keeps DC exact, also near the buffer edges.
    out[k] = wsum !== 0 ? clamp16(acc / wsum) : 0;
  }
  return out;
}
