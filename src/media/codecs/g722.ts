/**
 * G.722 codec descriptor (RFC 3551 §4.5.2): payload type 9, 16 kHz audio, but an
 * RTP clock of 8000 Hz, an error kept for backward compatibility, so a 20 ms
 * frame advances the RTP timestamp by 160 while carrying 320 samples.
 */
import type { AudioCodec } from '../codec.js';
import { G722Decoder } from './g722-decoder.js';
import { G722Encoder } from './g722-encoder.js';

export const g722Codec: AudioCodec = {
  name: 'G722',
  staticPayloadType: 9,
  sampleRate: 16000,
  rtpClockRate: 8000,
  channels: 1,
  createEncoder: () => new G722Encoder(),
  createDecoder: () => new G722Decoder(),
};
