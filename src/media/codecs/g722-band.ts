/**
 * One G.722 sub-band's ADPCM state: the scale factor (LOGSCL/SCALEL or
 * LOGSCH/SCALEH) and the adaptive pole-zero predictor (RECONS, PARREC, UPPOL1/2,
 * UPZERO, DELAYA, FILTEP, FILTEZ, PREDIC), the blocks of ITU-T G.722 §6
 * (computational details). Encoder and decoder
 * run the identical update so they stay in step; the lower and higher band differ
 * only in their scale-factor tables and limits.
 */
import { ILB } from './g722-tables.js';

/** 16-bit saturation, the "limit" of the Recommendation's fixed-point blocks. */
export function sat16(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}

export class G722Band {
  /** Signal estimate S (SL or SH) for the next sample. */
  s = 0;
  /** Pole (SP) and zero (SZ) parts of the estimate. */
  private sp = 0;
  private sz = 0;
  /** Quantizer scale factor DET (initial DETL 32, DETH 8, as the Recommendation's reset). */
  det: number;
  /** Log scale factor NB. */
  private nb = 0;
  private r1 = 0;
  private r2 = 0;
  private a1 = 0;
  private a2 = 0;
  private p1 = 0;
  private p2 = 0;
  /** Delayed quantized differences D1..D6 and zero coefficients B1..B6. */
  private readonly d = new Int32Array(6);
  private readonly b = new Int32Array(6);

  constructor(
    private readonly initialDet: number,
    private readonly nbMax: number,
    /** 8 for the lower band (SCALEL), 10 for the higher band (SCALEH). */
    private readonly scaleShift: number,
  ) {
    this.det = initialDet;
  }

  reset(): void {
    this.det = this.initialDet;
    this.nb = 0;
    this.resetPredictor();
  }

  /** Zero the predictor (coefficients and memory) but keep the scale factor. */
  resetPredictor(): void {
    this.s = this.sp = this.sz = 0;
    this.r1 = this.r2 = this.a1 = this.a2 = this.p1 = this.p2 = 0;
    this.d.fill(0);
    this.b.fill(0);
  }

  /**
   * LOGSCL/LOGSCH then SCALEL/SCALEH: leak the log scale factor by 127/128, add
   * the code's multiplier `w`, clamp, and convert back to the linear DET.
   */
  adaptScale(w: number): void {
    let nb = ((this.nb * 127) >> 7) + w;
    if (nb < 0) nb = 0;
    else if (nb > this.nbMax) nb = this.nbMax;
    this.nb = nb;
    const mant = ILB[(nb >> 6) & 31]!;
    const shift = this.scaleShift - (nb >> 11);
    this.det = (shift < 0 ? mant << -shift : mant >> shift) << 2;
  }

  /** Run the predictor one step with the quantized difference `dq` (DLT or DH). */
  adaptPredictor(dq: number): void {
    // RECONS and PARREC
    const r = sat16(this.s + dq);
    const p = sat16(dq + this.sz);

    // UPPOL2: second pole coefficient; signs are "negative or not" (bit 15).
    const sg0 = p >> 15;
    const sg1 = this.p1 >> 15;
    const sg2 = this.p2 >> 15;
    const wd1 = sat16(this.a1 * 4);
    let wd2 = sg0 === sg1 ? -wd1 : wd1;
    if (wd2 > 32767) wd2 = 32767;
    const wd3 = (wd2 >> 7) + (sg0 === sg2 ? 128 : -128);
    let a2 = wd3 + ((this.a2 * 32512) >> 15);
    if (a2 > 12288) a2 = 12288;
    else if (a2 < -12288) a2 = -12288;

    // UPPOL1: first pole coefficient, kept inside the stability triangle.
    let a1 = sat16((sg0 === sg1 ? 192 : -192) + ((this.a1 * 32640) >> 15));
    const lim = 15360 - a2;
    if (a1 > lim) a1 = lim;
    else if (a1 < -lim) a1 = -lim;

    // UPZERO: sign-sign update of the six zero coefficients.
    const step = dq === 0 ? 0 : 128;
    const sgd = dq >> 15;
    const d = this.d;
    const b = this.b;
    for (let i = 0; i < 6; i++) {
      const g = (d[i]! >> 15) === sgd ? step : -step;
      b[i] = sat16(g + ((b[i]! * 32640) >> 15));
    }

    // DELAYA
    for (let i = 5; i > 0; i--) d[i] = d[i - 1]!;
    d[0] = dq;
    this.r2 = this.r1;
    this.r1 = r;
    this.p2 = this.p1;
    this.p1 = p;
    this.a1 = a1;
    this.a2 = a2;

    // FILTEP
    const sp1 = (a1 * sat16(this.r1 + this.r1)) >> 15;
    const sp2 = (a2 * sat16(this.r2 + this.r2)) >> 15;
    this.sp = sat16(sp1 + sp2);

    // FILTEZ
    let sz = 0;
    for (let i = 0; i < 6; i++) sz = sat16(sz + ((b[i]! * sat16(d[i]! + d[i]!)) >> 15));
    this.sz = sz;

    // PREDIC
    this.s = sat16(this.sp + this.sz);
  }
}
