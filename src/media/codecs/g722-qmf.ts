/**
 * The 24-tap quadrature mirror filters of ITU-T G.722 §3.1 (transmit, splits
 * 16 kHz into two 8 kHz sub-bands) and §4.4 (receive, joins them again).
 * Both keep their delay lines between calls so frames join seamlessly.
 */
import { QMF_COEFFS } from './g722-tables.js';

const H = QMF_COEFFS;

/*
 * Delay lines are rings stored twice (positions p and p + length) so that the
 * newest-first window x[p .. p + length) is always contiguous: no shifting.
 */

export class G722TransmitQmf {
  /** x(j), x(j-1), ... x(j-23) at [pos, pos + 24): newest input sample first. */
  private readonly x = new Int32Array(48);
  private pos = 0;
  low = 0;
  high = 0;

  reset(): void {
    this.x.fill(0);
    this.pos = 0;
    this.low = this.high = 0;
  }

  private push(v: number): void {
    const p = (this.pos = this.pos === 0 ? 23 : this.pos - 1);
    this.x[p] = v;
    this.x[p + 24] = v;
  }

  /**
   * Feed two input samples (x0 earlier, x1 later) and compute the sub-band
   * samples XL and XH into `low` / `high`.
   */
  split(x0: number, x1: number): void {
    this.push(x0);
    this.push(x1);
    const x = this.x;
    const p = this.pos;
    // §3.1: XA = Σ h(2i)·x(j-2i), XB = Σ h(2i+1)·x(j-2i-1)
    let xa = 0;
    let xb = 0;
    for (let i = 0; i < 24; i += 2) {
      xa += H[i]! * x[p + i]!;
      xb += H[i + 1]! * x[p + i + 1]!;
    }
    // The coefficients carry a gain of 2^13; shifting by 14 puts 16-bit PCM into
    // the 15-bit sub-band range (half scale). Not clamped: SUBTRA saturates the
    // difference, and this is the scaling that interoperates bit-exactly with
    // ffmpeg's conforming encoder (tests/integration/media/g722-ffmpeg.test.ts).
    this.low = (xa + xb) >> 14;
    this.high = (xa - xb) >> 14;
  }
}

export class G722ReceiveQmf {
  /** XD = RL - RH and XS = RL + RH histories at [pos, pos + 12), newest first. */
  private readonly xd = new Int32Array(24);
  private readonly xs = new Int32Array(24);
  private pos = 0;
  out0 = 0;
  out1 = 0;

  reset(): void {
    this.xd.fill(0);
    this.xs.fill(0);
    this.pos = 0;
    this.out0 = this.out1 = 0;
  }

  /** Join one pair of reconstructed sub-band samples into two 16 kHz samples. */
  join(rl: number, rh: number): void {
    const xd = this.xd;
    const xs = this.xs;
    const p = (this.pos = this.pos === 0 ? 11 : this.pos - 1);
    xd[p] = xd[p + 12] = rl - rh;
    xs[p] = xs[p + 12] = rl + rh;
    // §4.4: XOUT1 = 2·Σ h(2i)·XD(j-i), XOUT2 = 2·Σ h(2i+1)·XS(j-i)
    let a = 0;
    let b = 0;
    for (let i = 0; i < 12; i++) {
      a += H[2 * i]! * xd[p + i]!;
      b += H[2 * i + 1]! * xs[p + i]!;
    }
    // Gain 2^13 on a 15-bit signal, doubled (§4.4 "2·Σ"): >> 11 back to 16-bit.
    this.out0 = clamp16(a >> 11);
    this.out1 = clamp16(b >> 11);
  }
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
