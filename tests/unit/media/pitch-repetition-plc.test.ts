/**
 * Pitch-repetition PLC (G.711 Appendix I style) — proves, at 8 kHz:
 *  - without history it conceals with silence;
 *  - a voiced (periodic) signal is continued closely for the first 10 ms
 *    (pitch found and repeated), in phase;
 *  - the output is attenuated from 10 ms and silent after 60 ms of loss;
 *  - the first good frame is blended in: no jump larger than the signal's own
 *    sample-to-sample movement at the recovery edge;
 *  - through the G.711 decoder's conceal().
 */
import { describe, expect, it } from 'vitest';
import { PitchRepetitionPlc, linearToUlaw, pcmuCodec } from '../../../src/media/index.js';

/** A voiced-like periodic signal: 125 Hz fundamental plus harmonics (period 64). */
function voiced(n: number, from = 0): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => {
    const t = (i + from) / 8000;
    return Math.round(6000 * Math.sin(2 * Math.PI * 125 * t) + 3000 * Math.sin(2 * Math.PI * 375 * t + 1) + 1500 * Math.sin(2 * Math.PI * 625 * t + 2));
  });
}

const rms = (a: Int16Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / Math.max(1, a.length));

describe('PitchRepetitionPlc', () => {
  it('conceals with silence when it has heard nothing', () => {
    const plc = new PitchRepetitionPlc(8000);
    const out = new Int16Array(160).fill(123);
    expect(plc.conceal(out, 160)).toBe(160);
    expect(rms(out)).toBe(0);
  });

  it('continues a periodic signal in phase, then fades to silence by 60 ms', () => {
    const plc = new PitchRepetitionPlc(8000);
    for (let f = 0; f < 5; f++) plc.good(voiced(160, f * 160));
    const out = new Int16Array(800); // 100 ms of loss
    for (let f = 0; f < 5; f++) plc.conceal(out.subarray(f * 160), 160);
    const truth = voiced(800, 800);
    // First 10 ms: near-perfect continuation.
    let err = 0;
    for (let i = 0; i < 80; i++) err += (out[i]! - truth[i]!) ** 2;
    expect(Math.sqrt(err / 80)).toBeLessThan(0.05 * rms(truth.subarray(0, 80)));
    // 20-30 ms: attenuated (gain falls 20 % per 10 ms after the first 10 ms).
    const level = rms(out.subarray(160, 240)) / rms(truth.subarray(160, 240));
    expect(level).toBeGreaterThan(0.5);
    expect(level).toBeLessThan(0.85);
    // From 60 ms on: silence.
    expect(rms(out.subarray(480))).toBe(0);
    expect(plc.concealing).toBe(true);
  });

  it('blends the first good frame after a loss without a jump', () => {
    const plc = new PitchRepetitionPlc(8000);
    for (let f = 0; f < 5; f++) plc.good(voiced(160, f * 160));
    const lost = new Int16Array(160);
    plc.conceal(lost, 160);
    // The far end moved on by half a period: the good frame starts out of phase.
    const good = voiced(160, 5 * 160 + 160 + 32);
    const raw = good.slice();
    plc.good(good);
    expect(plc.concealing).toBe(false);
    const maxStep = (a: Int16Array): number => {
      let m = 0;
      for (let i = 1; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - a[i - 1]!));
      return m;
    };
    const jumpRaw = Math.abs(raw[0]! - lost[159]!);
    const jumpBlended = Math.abs(good[0]! - lost[159]!);
    expect(jumpRaw).toBeGreaterThan(2 * maxStep(voiced(800)));
    expect(jumpBlended).toBeLessThanOrEqual(1.2 * maxStep(voiced(800)));
    // Past the overlap the frame is untouched.
    expect(Array.from(good.subarray(80))).toEqual(Array.from(raw.subarray(80)));
  });

  it('is what the G.711 decoder uses for conceal()', () => {
    const dec = pcmuCodec.createDecoder();
    const pcm = voiced(800);
    const payload = Uint8Array.from(pcm, (s) => linearToUlaw(s));
    const out = new Int16Array(160);
    for (let f = 0; f < 5; f++) dec.decode(payload.subarray(f * 160, f * 160 + 160), out);
    expect(dec.conceal!(out, 160)).toBe(160);
    expect(rms(out)).toBeGreaterThan(0.8 * rms(pcm));
  });
});
