/**
 * The 24-tap quadrature mirror filters of ITU-T G.722 §3.1 (transmit, splits
 * 16 kHz into two 8 kHz sub-bands) and §4.4 (receive, joins them again).
 * Both keep their delay lines between calls so frames join seamlessly.
 */
import { QMF_COEFFS } from './g722-tables.js';

const H = QMF_COEFFS;

export class G722TransmitQmf {
  /** x(j), x(j-1), ... x(j-23): newest input sample first. */
  private readonly x = new Int32Array(24);
  low = 0;
  high = 0;

  reset(): void {
    this.x.fill(0);
    this.low = this.high = 0;
  }

  /**
   * Feed two input samples (x0 earlier, x1 later) and compute the sub-band
   * samples XL and XH into `low` / `high`.
   */
  split(x0: number, x1: number): void {
    const x = this.x;
    x.copyWithin(2, 0, 22);
    x[1] = x0;
    x[0] = x1;
    // §3.1: XA = Σ h(2i)·x(j-2i), XB = Σ h(2i+1)·x(j-2i-1)
    let xa = 0;
    let xb = 0;
    for (let i = 0; i < 24; i += 2) {
      xa += H[i]! * x[i]!;
      xb += H[i + 1]! * x[i + 1]!;
    }
    // The coefficients carry a gain of 2^13 and the input is 16-bit rather than
    // the Recommendation's 14-bit, hence 2^15 (the STL fixed-point reference's
    // scaling), clamped to the 15-bit sub-band range.
    this.low = clamp15((xa + xb) >> 14);
    this.high = clamp15((xa - xb) >> 14);
  }
}

export class G722ReceiveQmf {
  /** XD = RL - RH and XS = RL + RH histories, newest first. */
  private readonly xd = new Int32Array(12);
  private readonly xs = new Int32Array(12);
  out0 = 0;
  out1 = 0;

  reset(): void {
    this.xd.fill(0);
    this.xs.fill(0);
    this.out0 = this.out1 = 0;
  }

  /** Join one pair of reconstructed sub-band samples into two 16 kHz samples. */
  join(rl: number, rh: number): void {
    const xd = this.xd;
    const xs = this.xs;
    xd.copyWithin(1, 0, 11);
    xs.copyWithin(1, 0, 11);
    xd[0] = rl - rh;
    xs[0] = rl + rh;
    // §4.4: XOUT1 = 2·Σ h(2i)·XD(j-i), XOUT2 = 2·Σ h(2i+1)·XS(j-i)
    let a = 0;
    let b = 0;
    for (let i = 0; i < 12; i++) {
      a += H[2 * i]! * xd[i]!;
      b += H[2 * i + 1]! * xs[i]!;
    }
    this.out0 = clamp16(a >> 11);
    this.out1 = clamp16(b >> 11);
  }
}

function clamp15(v: number): number {
  return v > 16383 ? 16383 : v < -16384 ? -16384 : v;
}

function clamp16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
