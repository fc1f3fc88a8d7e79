/**
 * Single-frequency tone detector (Goertzel), used to prove a tone was heard:
 * "the recording holds a 440 Hz tone" is `ratio() > 0.5`. The ratio is the
 * share of the signal's energy that sits at the frequency: about 1 for a pure
 * tone, near 0 for silence, other tones or noise.
 */
import { goertzelCoefficient, goertzelPower, toneEnergyFromPower } from './goertzel.js';

export class SingleToneDetector {
  private readonly coeff: number;
  private readonly block: number;
  private readonly buf: Float64Array;
  private fill = 0;
  private toneEnergy = 0;
  private totalEnergy = 0;
  private blocks = 0;
  private blocksPresent = 0;

  /**
   * @param blockMs analysis block; 50 ms resolves 20 Hz, enough to tell 440 Hz
   *        from 480 Hz, and tolerates small frequency errors.
   */
  constructor(
    readonly freq: number,
    readonly sampleRate: number,
    blockMs = 50,
    /** A block "has the tone" when its ratio exceeds this. */
    private readonly presentRatio = 0.5,
  ) {
    this.coeff = goertzelCoefficient(freq, sampleRate);
    this.block = Math.round((sampleRate * blockMs) / 1000);
    this.buf = new Float64Array(this.block);
  }

  process(pcm: ArrayLike<number>): void {
    for (let i = 0; i < pcm.length; i++) {
      this.buf[this.fill++] = pcm[i]!;
      if (this.fill === this.block) this.endBlock();
    }
  }

  private endBlock(): void {
    const tone = toneEnergyFromPower(goertzelPower(this.buf, 0, this.block, this.coeff), this.block);
    let total = 0;
    for (let i = 0; i < this.block; i++) total += this.buf[i]! * this.buf[i]!;
    this.toneEnergy += tone;
    this.totalEnergy += total;
    this.blocks++;
    if (total > 0 && tone / total > this.presentRatio) this.blocksPresent++;
    this.fill = 0;
  }

  /** Share of energy at the frequency over all full blocks so far (0..~1). */
  ratio(): number {
    return this.totalEnergy > 0 ? Math.min(1, this.toneEnergy / this.totalEnergy) : 0;
  }

  /** Time in ms during which the tone dominated (blocks above `presentRatio`). */
  presentMs(): number {
    return (this.blocksPresent * this.block * 1000) / this.sampleRate;
  }

  /** Root-mean-square level of the tone component over the blocks so far. */
  toneRms(): number {
    return this.blocks > 0 ? Math.sqrt(this.toneEnergy / (this.blocks * this.block)) : 0;
  }
}

/** One-shot: share of `pcm`'s energy at `freq` (see SingleToneDetector). */
export function toneRatio(pcm: ArrayLike<number>, sampleRate: number, freq: number): number {
  const d = new SingleToneDetector(freq, sampleRate);
  d.process(pcm);
  return d.ratio();
}
