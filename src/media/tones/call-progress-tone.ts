/**
 * Plays one call-progress tone (tone-plan.ts) as 16 kHz frames. Passive: each
 * `nextFrame()` advances the cadence by the frame's sample count, so timing
 * follows the media clock (and a virtual clock in tests) exactly. Bursts are
 * shaped with 2 ms raised-cosine ramps so cadence edges do not click.
 */
import { AUDIO_RATE } from '../audio-format.js';
import { toneSpec } from './tone-plan.js';
import type { CallProgressTone, ToneSpec } from './tone-plan.js';

const RAMP_MS = 2;

export class CallProgressToneGenerator {
  private readonly steps: Float64Array;
  private readonly rotRe: Float64Array;
  private readonly rotIm: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly amplitude: number;
  /** Cadence segment ends, in samples from the cycle start. */
  private readonly edges: number[];
  private readonly cycle: number;
  private readonly ramp: number;
  /** Samples since the tone started. */
  private pos = 0;

  constructor(
    readonly spec: ToneSpec,
    readonly sampleRate = AUDIO_RATE,
  ) {
    this.steps = Float64Array.from(spec.freqs, (f) => (2 * Math.PI * f) / sampleRate);
    this.rotRe = this.steps.map(Math.cos);
    this.rotIm = this.steps.map(Math.sin);
    this.re = new Float64Array(this.steps.length);
    this.im = new Float64Array(this.steps.length);
    this.amplitude = 32767 * 10 ** (spec.levelDbfs / 20);
    let t = 0;
    this.edges = spec.cadenceMs.map((ms) => (t += Math.round((ms * sampleRate) / 1000)));
    this.cycle = t;
    this.ramp = Math.round((RAMP_MS * sampleRate) / 1000);
  }

  /** Samples generated so far (the "virtual sample count"). */
  get position(): number {
    return this.pos;
  }

  /** Start the cadence over (e.g. a new call). */
  restart(): void {
    this.pos = 0;
  }

  nextFrame(out: Int16Array): void {
    // One phasor per frequency, set exactly from the sample count at the start
    // of each frame and rotated per sample (cheaper than Math.sin per sample).
    // Plan frequencies are whole Hz, so the phase repeats every second exactly.
    const m = this.steps.length;
    const t0 = this.pos % this.sampleRate;
    for (let k = 0; k < m; k++) {
      this.re[k] = Math.cos(this.steps[k]! * t0);
      this.im[k] = Math.sin(this.steps[k]! * t0);
    }
    for (let i = 0; i < out.length; i++, this.pos++) {
      const g = this.envelope(this.pos);
      let v = 0;
      for (let k = 0; k < m; k++) {
        const re = this.re[k]!;
        const im = this.im[k]!;
        v += im;
        this.re[k] = re * this.rotRe[k]! - im * this.rotIm[k]!;
        this.im[k] = im * this.rotRe[k]! + re * this.rotIm[k]!;
      }
      out[i] = g === 0 ? 0 : Math.round(this.amplitude * g * v);
    }
  }

  /** 0 during "off" segments, 1 during "on", with ramps at the segment edges. */
  private envelope(pos: number): number {
    if (this.cycle === 0) return pos < this.ramp ? rampUp(pos, this.ramp) : 1;
    const t = pos % this.cycle;
    let start = 0;
    for (let s = 0; s < this.edges.length; s++) {
      const end = this.edges[s]!;
      if (t < end) {
        if (s % 2 === 1) return 0;
        const len = end - start;
        const r = Math.min(this.ramp, len >> 1);
        const into = t - start;
        const left = end - 1 - t;
        return into < r ? rampUp(into, r) : left < r ? rampUp(left, r) : 1;
      }
      start = end;
    }
    return 0;
  }
}

function rampUp(i: number, len: number): number {
  return 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / len);
}

/** The generator for `which` tone of a country's plan (unknown country: ITU). */
export function createCallProgressTone(country: string, which: CallProgressTone, sampleRate = AUDIO_RATE): CallProgressToneGenerator {
  return new CallProgressToneGenerator(toneSpec(country, which), sampleRate);
}
