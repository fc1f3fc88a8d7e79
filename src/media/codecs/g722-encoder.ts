/**
 * G.722 SB-ADPCM encoder, 64 kbit/s (mode 1), ITU-T G.722 §3. Each pair of
 * 16 kHz input samples becomes one octet: 2 bits of the higher sub-band (IH) on
 * top, 6 bits of the lower sub-band (IL) below.
 * No trellis search: this is the Recommendation's plain quantizer, which is what
 * makes the output bit-exact with other conforming encoders.
 */
import type { AudioEncoder } from '../codec.js';
import { G722Band, sat16 } from './g722-band.js';
import { G722TransmitQmf } from './g722-qmf.js';
import { IHN, IHP, ILN, ILP, Q2_DECISION, Q6_DECISION, QM2, QM4, RH2, RL42, WH, WL } from './g722-tables.js';

export class G722Encoder implements AudioEncoder {
  private readonly qmf = new G722TransmitQmf();
  private readonly low = new G722Band(32, 18432, 8);
  private readonly high = new G722Band(8, 22528, 10);

  reset(): void {
    this.qmf.reset();
    this.low.reset();
    this.high.reset();
  }

  /** Encode an even number of 16 kHz samples; returns pcm.length / 2 octets. */
  encode(pcm: Int16Array, out: Uint8Array): number {
    const n = pcm.length >> 1;
    for (let k = 0; k < n; k++) {
      this.qmf.split(pcm[2 * k]!, pcm[2 * k + 1]!);
      const il = this.encodeLow(this.qmf.low);
      const ih = this.encodeHigh(this.qmf.high);
      out[k] = (ih << 6) | il;
    }
    return n;
  }

  /** SUBTRA, QUANTL, INVQAL, LOGSCL, SCALEL and the predictor (§3, §6). */
  private encodeLow(xl: number): number {
    const band = this.low;
    const el = sat16(xl - band.s);
    // QUANTL compares the magnitude -(EL+1) for negative EL (one's complement).
    const wd = el >= 0 ? el : -(el + 1);
    const det = band.det;
    // Smallest mil in 1..29 with WD < Q6(mil)·DETL >> 12, else 30: the
    // thresholds rise with mil, so a binary search finds what QUANTL's linear scan does.
    let lo = 1;
    let hi = 30;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (wd < (Q6_DECISION[mid]! * det) >> 12) hi = mid;
      else lo = mid + 1;
    }
    const mil = lo;
    const il = el < 0 ? ILN[mil]! : ILP[mil]!;
    const ril = il >> 2;
    const dlt = (det * QM4[ril]!) >> 15;
    band.adaptScale(WL[RL42[ril]!]!);
    band.adaptPredictor(dlt);
    return il;
  }

  /** SUBTRA, QUANTH, INVQAH, LOGSCH, SCALEH and the predictor (§3, §6). */
  private encodeHigh(xh: number): number {
    const band = this.high;
    const eh = sat16(xh - band.s);
    const wd = eh >= 0 ? eh : -(eh + 1);
    const det = band.det;
    const mih = wd >= (Q2_DECISION * det) >> 12 ? 2 : 1;
    const ih = eh < 0 ? IHN[mih]! : IHP[mih]!;
    const dh = (det * QM2[ih]!) >> 15;
    band.adaptScale(WH[RH2[ih]!]!);
    band.adaptPredictor(dh);
    return ih;
  }
}
