/**
 * In-band DTMF: the dual tones of ITU-T Q.23 (a row and a column frequency, see
 * dtmf-detector.ts) written into PCM frames, for the "Inband" DTMF mode and for
 * tests. Passive: `nextFrame()` fills one frame per call; the tone's phase runs
 * on across frame boundaries and each burst starts at zero phase.
 */
import { SayhiError } from '../../base/index.js';
import { DTMF_COLUMNS, DTMF_KEYPAD, DTMF_ROWS } from './dtmf-detector.js';

export interface DtmfGeneratorOptions {
  sampleRate?: number;
  /** Tone length in ms (default 100). */
  onMs?: number;
  /** Silence after each tone in ms (default 100). */
  offMs?: number;
  /** Level of each of the two tones, dBFS (default -10: the pair peaks near -4 dBFS). */
  levelDbfs?: number;
}

/** Row and column frequency of a digit (0-9, *, #, A-D), or undefined. */
export function dtmfFrequencies(digit: string): [number, number] | undefined {
  const d = digit.toUpperCase();
  for (let r = 0; r < 4; r++) {
    const c = DTMF_KEYPAD[r]!.indexOf(d as never);
    if (c >= 0) return [DTMF_ROWS[r]!, DTMF_COLUMNS[c]!];
  }
  return undefined;
}

export class DtmfGenerator {
  private readonly rate: number;
  private readonly onSamples: number;
  private readonly offSamples: number;
  private readonly amplitude: number;
  private readonly queue: [number, number][] = [];
  private freqs: [number, number] | undefined;
  /** Position inside the current tone+pause. */
  private pos = 0;

  constructor(options: DtmfGeneratorOptions = {}) {
    this.rate = options.sampleRate ?? 16000;
    this.onSamples = Math.round((this.rate * (options.onMs ?? 100)) / 1000);
    this.offSamples = Math.round((this.rate * (options.offMs ?? 100)) / 1000);
    this.amplitude = 32767 * 10 ** ((options.levelDbfs ?? -10) / 20);
  }

  /** Queue digits; anything but 0-9, *, #, A-D is a programming error. */
  play(digits: string): void {
    for (const d of digits) {
      const f = dtmfFrequencies(d);
      if (!f) throw new SayhiError('MEDIA_DTMF_DIGIT', `not a DTMF digit: ${JSON.stringify(d)}`);
      this.queue.push(f);
    }
  }

  get busy(): boolean {
    return this.freqs !== undefined || this.queue.length > 0;
  }

  /** Fill `out` with the next samples (tones, pauses, then silence). */
  nextFrame(out: Int16Array): void {
    for (let i = 0; i < out.length; i++) {
      if (!this.freqs) {
        this.freqs = this.queue.shift();
        this.pos = 0;
        if (!this.freqs) {
          out.fill(0, i);
          return;
        }
      }
      let v = 0;
      if (this.pos < this.onSamples) {
        const w = (2 * Math.PI * this.pos) / this.rate;
        v = this.amplitude * (Math.sin(w * this.freqs[0]) + Math.sin(w * this.freqs[1]));
      }
      out[i] = Math.round(v);
      if (++this.pos >= this.onSamples + this.offSamples) this.freqs = undefined;
    }
  }
}
