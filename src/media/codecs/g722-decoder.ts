/**
 * G.722 SB-ADPCM decoder, 64 kbit/s (mode 1), ITU-T G.722 §4. The lower band
 * output uses the full 6-bit inverse quantizer (INVQBL) while its predictor is
 * driven by the 4-bit core (INVQAL), exactly as in the encoder, so both stay in
 * step whatever the mode.
 */
import type { AudioDecoder } from '../codec.js';
import { G722Band } from './g722-band.js';
import { G722ReceiveQmf } from './g722-qmf.js';
import { QM2, QM4, QM6, RH2, RL42, WH, WL } from './g722-tables.js';
import { PitchRepetitionPlc } from './pitch-repetition-plc.js';

export class G722Decoder implements AudioDecoder {
  private readonly qmf = new G722ReceiveQmf();
  private readonly low = new G722Band(32, 18432, 8);
  private readonly high = new G722Band(8, 22528, 10);
  private readonly plc = new PitchRepetitionPlc(16000);

  reset(): void {
    this.qmf.reset();
    this.low.reset();
    this.high.reset();
    this.plc.reset();
  }

  /** Each octet yields two 16 kHz samples; returns payload.length * 2. */
  decode(payload: Uint8Array, out: Int16Array): number {
    if (this.plc.concealing) this.resync();
    const n = Math.min(payload.length, out.length >> 1);
    const low = this.low;
    const high = this.high;
    for (let k = 0; k < n; k++) {
      const code = payload[k]!;
      const il = code & 0x3f;
      const ih = code >> 6;

      // INVQBL (mode 1) then RECONS, limited to the 15-bit sub-band range.
      const ril = il >> 2;
      const rl = clamp15(low.s + ((low.det * QM6[il]!) >> 15));
      const dlt = (low.det * QM4[ril]!) >> 15;
      low.adaptScale(WL[RL42[ril]!]!);
      low.adaptPredictor(dlt);

      const dh = (high.det * QM2[ih]!) >> 15;
      const rh = clamp15(high.s + dh);
      high.adaptScale(WH[RH2[ih]!]!);
      high.adaptPredictor(dh);

      this.qmf.join(rl, rh);
      out[2 * k] = this.qmf.out0;
      out[2 * k + 1] = this.qmf.out1;
    }
    const samples = 2 * n;
    this.plc.good(out, samples);
    return samples;
  }

  /**
   * Packet-loss concealment at 16 kHz by pitch repetition on the decoded PCM
   * (pitch-repetition-plc.ts); the ADPCM state is left untouched meanwhile.
   */
  conceal(out: Int16Array, samples: number): number {
    return this.plc.conceal(out, samples);
  }

  /**
   * First packet after a loss: our ADPCM state no longer matches the far
   * encoder's, which moved on during the gap. A stale pole/zero predictor can
   * ring or overshoot, so it restarts from zero and re-converges within a few
   * ms; the scale factors keep their level, which is usually about right. The
   * concealer then cross-fades the first samples.
   */
  private resync(): void {
    this.low.resetPredictor();
    this.high.resetPredictor();
  }
}

function clamp15(v: number): number {
  return v > 16383 ? 16383 : v < -16384 ? -16384 : v;
}
