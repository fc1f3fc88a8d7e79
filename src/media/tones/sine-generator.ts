/**
 * A pure sine at a fixed frequency and level, as a passive source of frames
 * (`nextFrame`). Phase runs on across frames; frequency and level are fixed.
 */
export class SineGenerator {
  private phase = 0;
  private readonly step: number;
  private readonly amplitude: number;

  constructor(
    readonly freq: number,
    /** Peak level against full scale, dBFS. */
    levelDbfs = -10,
    readonly sampleRate = 16000,
  ) {
    this.step = (2 * Math.PI * freq) / sampleRate;
    this.amplitude = 32767 * 10 ** (levelDbfs / 20);
  }

  nextFrame(out: Int16Array): void {
    let ph = this.phase;
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.round(this.amplitude * Math.sin(ph));
      ph += this.step;
    }
    // Keep the phase small so precision does not drift over hours.
    this.phase = ph % (2 * Math.PI);
  }
}
