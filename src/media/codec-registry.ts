/**
 * The codecs one phone knows, by SDP encoding name. One registry per phone
 * instance (farm mode runs many phones in a process, STYLE.md §6), never a
 * module-level singleton; plug-ins register into it at start-up.
 */
import { SayhiError } from '../base/index.js';
import type { AudioCodec } from './codec.js';
import { pcmaCodec, pcmuCodec } from './codecs/g711.js';
import { g722Codec } from './codecs/g722.js';

export class CodecRegistry {
  private readonly byName = new Map<string, AudioCodec>();

  /** Add a codec; a second codec with the same name (any case) is a programming error. */
  register(codec: AudioCodec): void {
    const key = codec.name.toUpperCase();
    if (this.byName.has(key)) {
      throw new SayhiError('MEDIA_CODEC_DUPLICATE', `codec ${codec.name} is already registered`);
    }
    this.byName.set(key, codec);
  }

  /** Look a codec up by SDP encoding name; media subtype names are case-insensitive (RFC 6838 §4.2). */
  get(name: string): AudioCodec | undefined {
    return this.byName.get(name.toUpperCase());
  }

  /** Registered codecs in registration order (the default preference order). */
  list(): AudioCodec[] {
    return [...this.byName.values()];
  }
}

/** A registry with the built-in codecs: PCMU, PCMA, G722. */
export function createDefaultCodecRegistry(): CodecRegistry {
  const registry = new CodecRegistry();
  for (const codec of [pcmuCodec, pcmaCodec, g722Codec]) registry.register(codec);
  return registry;
}
