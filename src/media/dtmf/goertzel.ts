/**
 * The Goertzel algorithm: the power of one DFT term at an arbitrary frequency,
 * in one multiply-add per sample. The base of DTMF detection (ITU-T Q.24
 * receivers are commonly built this way) and of the tests' "was a tone heard".
 */

/** Recurrence coefficient 2·cos(2πf/fs) for frequency `freq` at `sampleRate`. */
export function goertzelCoefficient(freq: number, sampleRate: number): number {
  return 2 * Math.cos((2 * Math.PI * freq) / sampleRate);
}

/**
 * |X(f)|² over pcm[start, start + length). For a sine of amplitude A filling the
 * block, the result is about (A·length/2)².
 */
export function goertzelPower(pcm: ArrayLike<number>, start: number, length: number, coeff: number): number {
  let s1 = 0;
  let s2 = 0;
  for (let i = start, end = start + length; i < end; i++) {
    const s0 = pcm[i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** Energy of the block tied to a Goertzel power: 2P/N is the tone's Σx². */
export function toneEnergyFromPower(power: number, length: number): number {
  return (2 * power) / length;
}
