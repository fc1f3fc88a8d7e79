/**
 * Call-progress tones — proves, by counting generated samples (no clock needed: the generator
 * is passive and 320 samples = 20 ms at 16 kHz):
 *  - cadences: US busy 500/500, US ringback 2 s/4 s, CN busy 350/350, ITU congestion 250/250,
 *    dial tone continuous; edges within the 2 ms ramp;
 *  - frequencies: US dial is 350 + 440 Hz, CN dial 450 Hz, ITU 425 Hz (Goertzel);
 *  - every country has every tone; an unknown country falls back to ITU;
 *  - SineGenerator gives a clean tone at the asked level with continuous phase across frames.
 */
import { describe, expect, it } from 'vitest';
import {
  CallProgressToneGenerator,
  SineGenerator,
  TONE_COUNTRIES,
  TONE_PLANS,
  createCallProgressTone,
  toneRatio,
  toneSpec,
} from '../../../src/media/index.js';
import type { CallProgressTone } from '../../../src/media/index.js';

function render(gen: { nextFrame(out: Int16Array): void }, ms: number): Int16Array {
  const frames = ms / 20;
  const all = new Int16Array(frames * 320);
  const f = new Int16Array(320);
  for (let i = 0; i < frames; i++) {
    gen.nextFrame(f);
    all.set(f, i * 320);
  }
  return all;
}

/** On/off pattern in ms, judged per 10 ms block by energy. */
function pattern(x: Int16Array): string {
  let s = '';
  for (let i = 0; i < x.length; i += 160) {
    let e = 0;
    for (let k = i; k < i + 160; k++) e += x[k]! * x[k]!;
    s += e / 160 > 1e4 ? '#' : '.';
  }
  return s;
}

const on = (ms: number): string => '#'.repeat(ms / 10);
const off = (ms: number): string => '.'.repeat(ms / 10);

describe('call-progress tones', () => {
  it('plays the US busy cadence 0.5 s on / 0.5 s off', () => {
    const x = render(createCallProgressTone('US', 'busy'), 2000);
    expect(pattern(x)).toBe((on(500) + off(500)).repeat(2));
  });

  it('plays US ringback 2 s on / 4 s off, and restarts on demand', () => {
    const g = createCallProgressTone('US', 'ringback');
    expect(pattern(render(g, 8000))).toBe(on(2000) + off(4000) + on(2000));
    expect(g.position).toBe(8000 * 16);
    g.restart();
    expect(pattern(render(g, 100))).toBe(on(100));
  });

  it('plays CN busy 350/350 and ITU congestion 250/250', () => {
    expect(pattern(render(createCallProgressTone('CN', 'busy'), 1400))).toBe((on(350) + off(350)).repeat(2));
    expect(pattern(render(createCallProgressTone('ITU', 'congestion'), 1000))).toBe((on(250) + off(250)).repeat(2));
  });

  it('ramps the edges: silent exactly at the boundary, full level 2 ms in', () => {
    const x = render(createCallProgressTone('CN', 'busy'), 1000);
    const edge = 350 * 16;
    for (let i = edge; i < edge + 100; i++) expect(x[i]).toBe(0);
    const peak = (a: Int16Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak(x.subarray(0, 8))).toBeLessThan(800); // unramped it would reach ~4900
    expect(peak(x.subarray(64, 400))).toBeGreaterThan(4000);
  });

  it('uses the right frequencies', () => {
    const us = render(createCallProgressTone('US', 'dial'), 1000);
    expect(toneRatio(us, 16000, 350) + toneRatio(us, 16000, 440)).toBeGreaterThan(0.95);
    expect(toneRatio(us, 16000, 425)).toBeLessThan(0.05);
    expect(pattern(us)).toBe(on(1000));
    expect(toneRatio(render(createCallProgressTone('CN', 'dial'), 500), 16000, 450)).toBeGreaterThan(0.95);
    expect(toneRatio(render(createCallProgressTone('ITU', 'ringback'), 1000), 16000, 425)).toBeGreaterThan(0.95);
  });

  it('has every tone for every country, ITU for unknown ones', () => {
    const tones: CallProgressTone[] = ['dial', 'ringback', 'busy', 'congestion', 'callWaiting', 'hold', 'hangup'];
    for (const c of TONE_COUNTRIES) {
      for (const t of tones) {
        const spec = TONE_PLANS[c][t];
        expect(spec.freqs.length).toBeGreaterThan(0);
        expect(spec.cadenceMs.length % 2).toBe(0);
        const x = render(new CallProgressToneGenerator(spec), 1000);
        expect(x.some((v) => v !== 0)).toBe(true);
      }
    }
    expect(toneSpec('XX', 'busy')).toBe(TONE_PLANS.ITU.busy);
    expect(toneSpec('us', 'busy')).toBe(TONE_PLANS.US.busy);
  });
});

describe('SineGenerator', () => {
  it('makes a 1 kHz tone at -6 dBFS with continuous phase', () => {
    const x = render(new SineGenerator(1000, -6), 1000);
    const peak = x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(16300);
    expect(peak).toBeLessThan(16500);
    expect(toneRatio(x, 16000, 1000)).toBeGreaterThan(0.999);
    // No discontinuity at frame joins: neighbour differences stay within the sine's slope.
    const maxSlope = 16423 * ((2 * Math.PI * 1000) / 16000) + 2;
    for (let i = 1; i < x.length; i++) expect(Math.abs(x[i]! - x[i - 1]!)).toBeLessThanOrEqual(maxSlope);
  });
});
