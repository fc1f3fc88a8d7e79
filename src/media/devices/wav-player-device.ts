/**
 * A WAV file as the microphone: `wav:<path>` plays the file once and then
 * captures silence; `wav:<path>;loop` starts over at the end. What it is given
 * to play is discarded (pair it with a recorder in the headless handset).
 * Files at other rates are converted to 16 kHz once, when opened.
 */
import { SayhiError } from '../../base/index.js';
import { AUDIO_RATE } from '../audio-format.js';
import type { AudioDevice, AudioDeviceFactory } from '../audio-device.js';
import { resample } from '../resample.js';
import type { WavAudio } from '../wav.js';
import type { WavFileIo } from './wav-file-io.js';

export interface WavPlayerOptions {
  /** Start over at the end instead of falling silent. */
  loop?: boolean;
  name?: string;
}

export class WavPlayerDevice implements AudioDevice {
  readonly name: string;
  private readonly samples: Int16Array;
  private readonly loop: boolean;
  private position = 0;

  /** `audio` at any rate; converted to 16 kHz here. */
  constructor(audio: WavAudio, opts: WavPlayerOptions = {}) {
    this.samples = audio.sampleRate === AUDIO_RATE ? audio.samples : resample(audio.samples, audio.sampleRate, AUDIO_RATE);
    this.loop = opts.loop ?? false;
    this.name = opts.name ?? 'wav';
  }

  /** True once a non-looping file has played to its end. */
  get ended(): boolean {
    return !this.loop && this.position >= this.samples.length;
  }

  readFrame(frame: Int16Array): boolean {
    const src = this.samples;
    if (src.length === 0 || this.ended) {
      frame.fill(0);
      return false;
    }
    let i = 0;
    while (i < frame.length) {
      if (this.position >= src.length) {
        if (!this.loop) break;
        this.position = 0;
      }
      const n = Math.min(frame.length - i, src.length - this.position);
      frame.set(src.subarray(this.position, this.position + n), i);
      this.position += n;
      i += n;
    }
    if (i < frame.length) frame.fill(0, i);
    return true;
  }

  writeFrame(_frame: Int16Array): void {}

  close(): void {}
}

/** Parse `<path>[;loop]`. */
export function parseWavSpec(spec: string): { path: string; loop: boolean } {
  const parts = spec.split(';');
  const path = parts[0]!.trim();
  if (!path) throw new SayhiError('MEDIA_DEVICE_SPEC', 'wav device needs a file path');
  const loop = parts.slice(1).some((p) => p.trim() === 'loop');
  return { path, loop };
}

export function wavPlayerFactory(io: WavFileIo): AudioDeviceFactory {
  return {
    kind: 'wav',
    open: async (spec) => {
      const { path, loop } = parseWavSpec(spec);
      return new WavPlayerDevice(await io.read(path), { loop, name: `wav:${path}` });
    },
  };
}
