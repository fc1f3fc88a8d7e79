/**
 * In-band DTMF receiver (Goertzel), for 8 or 16 kHz PCM, after the acceptance
 * rules of ITU-T Q.24:
 *  - 13.25 ms analysis blocks (106 samples at 8 kHz); the eight Goertzel
 *    filters sit on the exact row/column frequencies. At this length the
 *    neighbouring row (73 Hz away) falls close to the filter's first null;
 *  - a block carries digit d when the strongest row and column are each above
 *    an absolute level, within 8 dB of each other (twist), at least 8 dB above
 *    the other rows/columns, and the two tones hold ≥ 60 % of the block energy
 *    (rejects speech and noise, which spread energy);
 *  - a digit is reported once, after 2 consecutive blocks (any tone ≥ 40 ms
 *    spans two whole blocks; one < 26.5 ms never does), and re-armed after 3
 *    blocks without it, so a ≤ 10 ms interruption does not split a press.
 */
import { goertzelCoefficient, goertzelPower } from './goertzel.js';
import type { DtmfDigit } from './telephone-event.js';

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLUMNS = [1209, 1336, 1477, 1633] as const;
export const DTMF_KEYPAD: readonly (readonly DtmfDigit[])[] = [
  ['1', '2', '3', 'A'],
  ['4', '5', '6', 'B'],
  ['7', '8', '9', 'C'],
  ['*', '0', '#', 'D'],
];

export interface DtmfDetection {
  digit: DtmfDigit;
  /** Sample index (since the detector started) of the block that confirmed it. */
  atSample: number;
}

const TWIST = 10 ** (8 / 10); // 8 dB, as power ratio
const PEAK_MARGIN = 10 ** (8 / 10);
const TONE_SHARE = 0.6;
/** Smallest accepted amplitude per tone, about -41 dBFS. */
const MIN_AMPLITUDE = 300;
const HITS_TO_ACCEPT = 2;
const MISSES_TO_RELEASE = 3;
const NO_DETECTIONS: readonly DtmfDetection[] = Object.freeze([]);

export class DtmfDetector {
  private readonly block: number;
  private readonly coeffs: Float64Array;
  private readonly buf: Float64Array;
  private readonly power = new Float64Array(8);
  private fill = 0;
  private samples = 0;
  private candidate: DtmfDigit | null = null;
  private hits = 0;
  private held: DtmfDigit | null = null;
  private misses = 0;

  constructor(readonly sampleRate: 8000 | 16000 = 8000) {
    this.block = (106 * sampleRate) / 8000;
    this.buf = new Float64Array(this.block);
    this.coeffs = Float64Array.from([...DTMF_ROWS, ...DTMF_COLUMNS], (f) => goertzelCoefficient(f, sampleRate));
  }

  reset(): void {
    this.fill = 0;
    this.candidate = this.held = null;
    this.hits = this.misses = 0;
  }

  /** Feed PCM; returns the digits confirmed within it (usually none). */
  process(pcm: ArrayLike<number>): readonly DtmfDetection[] {
    let found: DtmfDetection[] | undefined;
    for (let i = 0; i < pcm.length; i++) {
      this.buf[this.fill++] = pcm[i]!;
      this.samples++;
      if (this.fill < this.block) continue;
      this.fill = 0;
      const digit = this.onBlock(this.classify());
      if (digit) (found ??= []).push({ digit, atSample: this.samples });
    }
    return found ?? NO_DETECTIONS;
  }

  /** Debounce: returns a digit when a new press is confirmed. */
  private onBlock(hit: DtmfDigit | null): DtmfDigit | null {
    if (hit !== null && hit === this.candidate) this.hits++;
    else {
      this.candidate = hit;
      this.hits = hit === null ? 0 : 1;
    }
    if (this.held !== null) {
      if (hit === this.held) this.misses = 0;
      else if (++this.misses >= MISSES_TO_RELEASE) this.held = null;
    }
    if (this.held === null && hit !== null && this.hits >= HITS_TO_ACCEPT) {
      this.held = hit;
      this.misses = 0;
      return hit;
    }
    return null;
  }

  /** The digit this block carries, or null. */
  private classify(): DtmfDigit | null {
    const n = this.block;
    const buf = this.buf;
    const p = this.power;
    for (let k = 0; k < 8; k++) p[k] = goertzelPower(buf, 0, n, this.coeffs[k]!);
    const row = argMax(p, 0);
    const col = argMax(p, 4);
    const pr = p[row]!;
    const pc = p[col]!;
    // Absolute level: amplitude ≈ 2·√P / N.
    const minPower = (MIN_AMPLITUDE * n) ** 2 / 4;
    if (pr < minPower || pc < minPower) return null;
    if (pr > pc * TWIST || pc > pr * TWIST) return null;
    for (let k = 0; k < 4; k++) {
      if (k !== row && p[k]! * PEAK_MARGIN > pr) return null;
      if (k + 4 !== col && p[k + 4]! * PEAK_MARGIN > pc) return null;
    }
    let energy = 0;
    for (let i = 0; i < n; i++) energy += buf[i]! * buf[i]!;
    // Each tone's share of the block energy is 2P/N (see goertzel.ts).
    if ((2 * (pr + pc)) / n < TONE_SHARE * energy) return null;
    return DTMF_KEYPAD[row]![col - 4]!;
  }
}

function argMax(p: Float64Array, from: number): number {
  let best = from;
  for (let k = from + 1; k < from + 4; k++) if (p[k]! > p[best]!) best = k;
  return best;
}
