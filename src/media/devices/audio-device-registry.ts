/**
 * The audio devices one phone can open, by kind (baresip's auplay/ausrc list,
 * but per phone: farm mode runs many phones in one process). A device spec is
 * `<kind>` or `<kind>:<argument>`: `null`, `tone:1000`, `wav:/a.wav;loop`,
 * `record:/b.wav`, `headless:play=tone:1000;record=/b.wav`. The web layer
 * registers its browser handset here too.
 */
import { SayhiError } from '../../base/index.js';
import type { AudioDevice, AudioDeviceContext, AudioDeviceFactory } from '../audio-device.js';
import { headlessHandsetFactory } from './headless-handset.js';
import { nullDeviceFactory } from './null-device.js';
import { toneDeviceFactory } from './tone-device.js';
import { fileWavIo, type WavFileIo } from './wav-file-io.js';
import { wavPlayerFactory } from './wav-player-device.js';
import { wavRecorderFactory } from './wav-recorder-device.js';

export class AudioDeviceRegistry {
  private readonly factories = new Map<string, AudioDeviceFactory>();

  register(factory: AudioDeviceFactory): void {
    if (this.factories.has(factory.kind)) {
      throw new SayhiError('MEDIA_DEVICE_DUPLICATE', `audio device kind "${factory.kind}" is already registered`);
    }
    this.factories.set(factory.kind, factory);
  }

  unregister(kind: string): void {
    this.factories.delete(kind);
  }

  get(kind: string): AudioDeviceFactory | undefined {
    return this.factories.get(kind);
  }

  kinds(): string[] {
    return [...this.factories.keys()];
  }

  /** Open a device from its spec; an unknown kind or a bad argument throws MEDIA_DEVICE_*. */
  async open(spec: string, ctx: AudioDeviceContext): Promise<AudioDevice> {
    const colon = spec.indexOf(':');
    const kind = colon < 0 ? spec : spec.slice(0, colon);
    const argument = colon < 0 ? '' : spec.slice(colon + 1);
    const factory = this.factories.get(kind);
    if (!factory) {
      throw new SayhiError('MEDIA_DEVICE_UNKNOWN', `no audio device "${kind}" (have: ${this.kinds().join(', ')})`);
    }
    return factory.open(argument, ctx);
  }
}

/** A registry with the built-in devices; WAV files on disk unless another reader/writer is given. */
export function createDefaultAudioDeviceRegistry(opts: { wav?: WavFileIo } = {}): AudioDeviceRegistry {
  const wav = opts.wav ?? fileWavIo;
  const registry = new AudioDeviceRegistry();
  registry.register(nullDeviceFactory);
  registry.register(toneDeviceFactory);
  registry.register(wavPlayerFactory(wav));
  registry.register(wavRecorderFactory(wav));
  registry.register(headlessHandsetFactory(wav));
  return registry;
}
