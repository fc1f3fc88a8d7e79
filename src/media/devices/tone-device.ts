/**
 * A test-tone microphone: `tone:<hz>` captures a continuous sine at that
 * frequency (16 kHz, -10 dBFS by default) and discards what it is given to
 * play. Used to prove audio flows end to end: a Goertzel detector on the far
 * side looks for the same frequency.
 */
import { SayhiError } from '../../base/index.js';
import { AUDIO_RATE } from '../audio-format.js';
import type { AudioDevice, AudioDeviceFactory } from '../audio-device.js';
import { SineGenerator } from '../tones/sine-generator.js';

export interface ToneDeviceOptions {
  /** Peak level in dBFS (default -10). */
  levelDbfs?: number;
}

export class ToneAudioDevice implements AudioDevice {
  readonly name: string;
  private readonly sine: SineGenerator;

  constructor(
    readonly frequencyHz: number,
    opts: ToneDeviceOptions = {},
  ) {
    if (!(frequencyHz > 0 && frequencyHz < AUDIO_RATE / 2)) {
      throw new SayhiError('MEDIA_DEVICE_SPEC', `tone frequency ${frequencyHz} Hz is outside 0-${AUDIO_RATE / 2} Hz`);
    }
    this.name = `tone:${frequencyHz}`;
    this.sine = new SineGenerator(frequencyHz, opts.levelDbfs ?? -10, AUDIO_RATE);
  }

  readFrame(frame: Int16Array): boolean {
    this.sine.nextFrame(frame);
    return true;
  }

  writeFrame(_frame: Int16Array): void {}

  close(): void {}
}

/** Parse the part after `tone:`, e.g. "1000". */
export function parseToneSpec(spec: string): number {
  const text = spec.trim();
  const hz = Number(text);
  if (!text || !Number.isFinite(hz)) throw new SayhiError('MEDIA_DEVICE_SPEC', `tone device needs a frequency, got "${spec}"`);
  return hz;
}

export const toneDeviceFactory: AudioDeviceFactory = {
  kind: 'tone',
  open: (spec) => new ToneAudioDevice(parseToneSpec(spec)),
};
