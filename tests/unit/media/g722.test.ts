/**
 * G.722 codec unit checks (bit-exactness against ffmpeg is in
 * tests/integration/media/g722-ffmpeg.test.ts) — proves:
 *  - the descriptor: PT 9, 16 kHz audio, 8 kHz RTP clock (RFC 3551 §4.5.2);
 *  - 320 samples → 160 octets → 320 samples, with > 25 dB SNR on a 1 kHz tone
 *    after the codec's 22-sample delay, and silence decodes to near silence;
 *  - concealment continues a voiced signal, fades out, and the decoder
 *    re-converges after the loss.
 */
import { describe, expect, it } from 'vitest';
import { g722Codec } from '../../../src/media/index.js';

function tone(freq: number, n: number, amp = 10000, rate = 16000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));
}

function snrDb(ref: Int16Array, got: Int16Array, delay: number, from: number, to: number): number {
  let s = 0;
  let e = 0;
  for (let i = from; i < to; i++) {
    s += ref[i]! ** 2;
    e += (got[i + delay]! - ref[i]!) ** 2;
  }
  return 10 * Math.log10(s / Math.max(e, 1));
}

describe('G.722', () => {
  it('is described as RFC 3551 payload type 9 with the 8 kHz RTP clock', () => {
    expect(g722Codec).toMatchObject({ name: 'G722', staticPayloadType: 9, sampleRate: 16000, rtpClockRate: 8000, channels: 1 });
  });

  it('codes a 1 kHz tone with good SNR, 20 ms at a time', () => {
    const pcm = tone(1000, 16000);
    const enc = g722Codec.createEncoder();
    const dec = g722Codec.createDecoder();
    const out = new Int16Array(pcm.length);
    const payload = new Uint8Array(160);
    for (let i = 0; i < pcm.length; i += 320) {
      expect(enc.encode(pcm.subarray(i, i + 320), payload)).toBe(160);
      expect(dec.decode(payload, out.subarray(i, i + 320))).toBe(320);
    }
    expect(snrDb(pcm, out, 22, 1600, 15000)).toBeGreaterThan(25);
  });

  it('decodes silence to near silence', () => {
    const enc = g722Codec.createEncoder();
    const dec = g722Codec.createDecoder();
    const payload = new Uint8Array(160);
    const out = new Int16Array(320);
    let peak = 0;
    for (let f = 0; f < 10; f++) {
      enc.encode(new Int16Array(320), payload);
      dec.decode(payload, out);
      for (const s of out) peak = Math.max(peak, Math.abs(s));
    }
    expect(peak).toBeLessThan(8);
  });

  it('conceals a lost frame, fades a long loss, and recovers afterwards', () => {
    const pcm = tone(200, 32000, 8000);
    const enc = g722Codec.createEncoder();
    const dec = g722Codec.createDecoder();
    const payload = new Uint8Array(160);
    const out = new Int16Array(pcm.length);
    const lost = new Set([20, 40, 41, 42, 43, 44]);
    for (let f = 0; f * 320 < pcm.length; f++) {
      const frame = out.subarray(f * 320, f * 320 + 320);
      enc.encode(pcm.subarray(f * 320, f * 320 + 320), payload);
      if (lost.has(f)) expect(dec.conceal!(frame, 320)).toBe(320);
      else dec.decode(payload, frame);
    }
    // One lost frame of a steady tone is bridged closely (pitch repetition).
    expect(snrDb(pcm, out, 22, 20 * 320 - 22, 21 * 320 - 22)).toBeGreaterThan(10);
    // After 60 ms of loss the output has faded to silence.
    const rms = (a: Int16Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
    expect(rms(out.subarray(43 * 320, 45 * 320))).toBeLessThan(50);
    // 100 ms after the loss the decoder tracks the tone again.
    expect(snrDb(pcm, out, 22, 50 * 320, 99 * 320)).toBeGreaterThan(20);
  });
});
