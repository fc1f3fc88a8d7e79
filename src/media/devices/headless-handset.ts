/**
 * The handset of a phone without a person: what the CLI's `--play` and
 * `--record` flags build. The microphone is a WAV file or a tone (or silence
 * when `play` is absent); the earpiece is a WAV recorder (or nothing when
 * `record` is absent).
 *
 * Spec: `headless:play=<file.wav|tone:HZ>;record=<file.wav>;loop`, every part
 * optional (`loop` repeats the played file instead of falling silent).
 */
import { SayhiError } from '../../base/index.js';
import { AUDIO_RATE } from '../audio-format.js';
import type { AudioDevice, AudioDeviceFactory } from '../audio-device.js';
import { NullAudioDevice } from './null-device.js';
import { ToneAudioDevice, parseToneSpec } from './tone-device.js';
import type { WavFileIo } from './wav-file-io.js';
import { WavPlayerDevice } from './wav-player-device.js';
import { WavRecorderDevice } from './wav-recorder-device.js';

export interface HeadlessHandsetOptions {
  /** A WAV path or `tone:HZ`. */
  play?: string;
  /** A WAV path to record the far end into. */
  record?: string;
  loop?: boolean;
}

export class HeadlessHandset implements AudioDevice {
  readonly name: string;

  constructor(
    private readonly microphone: AudioDevice,
    private readonly earpiece: AudioDevice | undefined,
  ) {
    this.name = `headless(${microphone.name}${earpiece ? ', ' + earpiece.name : ''})`;
  }

  readFrame(frame: Int16Array): boolean {
    return this.microphone.readFrame(frame);
  }

  writeFrame(frame: Int16Array): void {
    this.earpiece?.writeFrame(frame);
  }

  async close(): Promise<void> {
    await this.microphone.close();
    await this.earpiece?.close();
  }
}

export function parseHeadlessSpec(spec: string): HeadlessHandsetOptions {
  const opts: HeadlessHandsetOptions = {};
  for (const raw of spec.split(';')) {
    const part = raw.trim();
    if (!part) continue;
    if (part === 'loop') {
      opts.loop = true;
      continue;
    }
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1).trim();
    if ((key !== 'play' && key !== 'record') || !value) {
      throw new SayhiError('MEDIA_DEVICE_SPEC', `headless device: cannot read "${part}" (play=..., record=..., loop)`);
    }
    opts[key] = value;
  }
  return opts;
}

export async function openHeadlessHandset(opts: HeadlessHandsetOptions, io: WavFileIo): Promise<HeadlessHandset> {
  let microphone: AudioDevice;
  if (!opts.play) microphone = new NullAudioDevice();
  else if (opts.play.startsWith('tone:')) microphone = new ToneAudioDevice(parseToneSpec(opts.play.slice(5)));
  else microphone = new WavPlayerDevice(await io.read(opts.play), { loop: opts.loop ?? false, name: `wav:${opts.play}` });
  const earpiece = opts.record
    ? new WavRecorderDevice(await io.createWriter(opts.record, AUDIO_RATE), `record:${opts.record}`)
    : undefined;
  return new HeadlessHandset(microphone, earpiece);
}

export function headlessHandsetFactory(io: WavFileIo): AudioDeviceFactory {
  return {
    kind: 'headless',
    open: (spec) => openHeadlessHandset(parseHeadlessSpec(spec), io),
  };
}
