/**
 * Resampling — proves:
 *  - a 1 kHz tone survives 8k→16k→8k with small error (after the filters' delay);
 *  - 16k→8k removes a 5 kHz tone (> 60 dB down) and passes 3 kHz within 0.5 dB;
 *  - 8k→16k leaves no image (8 kHz - f) above -60 dB;
 *  - frames join without clicks: 20 ms frames give the same output as one call;
 *  - the generic resampler keeps a 1 kHz tone's level from 44.1/48 kHz to 16 kHz
 *    and does not fold a 12 kHz tone (48 kHz input) into the 16 kHz output.
 */
import { describe, expect, it } from 'vitest';
import { Downsampler16To8, Upsampler8To16, resample, toneRatio } from '../../../src/media/index.js';

function tone(freq: number, rate: number, n: number, amp = 10000): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));
}
const rms = (a: Int16Array): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / Math.max(1, a.length));
const db = (x: number): number => 20 * Math.log10(x);

function down(x: Int16Array, frame = 320): Int16Array {
  const d = new Downsampler16To8();
  const y = new Int16Array(x.length / 2);
  for (let i = 0; i < x.length; i += frame) d.process(x.subarray(i, i + frame), y.subarray(i / 2));
  return y;
}
function up(x: Int16Array, frame = 160): Int16Array {
  const u = new Upsampler8To16();
  const y = new Int16Array(x.length * 2);
  for (let i = 0; i < x.length; i += frame) u.process(x.subarray(i, i + frame), y.subarray(i * 2));
  return y;
}

describe('half-band 8 kHz <-> 16 kHz', () => {
  it('round-trips a 1 kHz tone 8k→16k→8k with small error', () => {
    const x = tone(1000, 8000, 8000);
    const y = down(up(x));
    // Delay: 31 samples at 16 kHz each way = 31 samples at 8 kHz.
    let err = 0;
    for (let i = 200; i < 7800; i++) err += (y[i + 31]! - x[i]!) ** 2;
    const errRms = Math.sqrt(err / 7600);
    expect(errRms / rms(x)).toBeLessThan(0.01);
  });

  it('passes 3 kHz and removes 5 kHz when going 16k→8k', () => {
    const pass = down(tone(3000, 16000, 16000));
    expect(Math.abs(db(rms(pass.subarray(100)) / rms(tone(3000, 16000, 16000))))).toBeLessThan(0.5);
    const stop = down(tone(5000, 16000, 16000));
    expect(db(rms(stop.subarray(100)) / 7071)).toBeLessThan(-60);
  });

  it('leaves no image when going 8k→16k', () => {
    const y = up(tone(1000, 8000, 8000));
    const image = toneRatio(y.subarray(200), 16000, 7000);
    expect(10 * Math.log10(image + 1e-12)).toBeLessThan(-60);
    expect(toneRatio(y.subarray(200), 16000, 1000)).toBeGreaterThan(0.99);
  });

  it('joins 20 ms frames exactly as one long call would', () => {
    const x = tone(700, 16000, 3200);
    const whole = new Int16Array(1600);
    new Downsampler16To8().process(x, whole);
    expect(Array.from(down(x, 320))).toEqual(Array.from(whole));
    const x8 = tone(700, 8000, 1600);
    const whole16 = new Int16Array(3200);
    new Upsampler8To16().process(x8, whole16);
    expect(Array.from(up(x8, 160))).toEqual(Array.from(whole16));
  });
});

describe('resample() for WAV files', () => {
  it('keeps a 1 kHz tone from 48 kHz and 44.1 kHz', () => {
    for (const rate of [48000, 44100]) {
      const y = resample(tone(1000, rate, rate), rate, 16000);
      expect(y.length).toBe(16000);
      expect(Math.abs(db(rms(y.subarray(200, 15800)) / 7071))).toBeLessThan(0.2);
      expect(toneRatio(y.subarray(200, 15800), 16000, 1000)).toBeGreaterThan(0.99);
    }
  });

  it('does not fold 12 kHz into the 16 kHz output', () => {
    const y = resample(tone(12000, 48000, 48000), 48000, 16000);
    expect(rms(y.subarray(200, 15800))).toBeLessThan(10);
  });

  it('upsamples 8 kHz to 16 kHz too', () => {
    const y = resample(tone(440, 8000, 8000), 8000, 16000);
    expect(toneRatio(y.subarray(200, 15800), 16000, 440)).toBeGreaterThan(0.99);
  });
});
