/**
 * The codec plug-in boundary (baresip's aucodec, STYLE.md §6): a codec is a
 * descriptor registered into a per-phone CodecRegistry. Encoders and decoders are
 * per-stream objects because G.722 (and PLC) keep state between frames.
 */
export interface AudioEncoder {
  /**
   * Encode one frame of PCM at the codec's `sampleRate` into `out`.
   * Returns the number of payload bytes written.
   */
  encode(pcm: Int16Array, out: Uint8Array): number;
}

export interface AudioDecoder {
  /**
   * Decode one RTP payload into `out` (PCM at the codec's `sampleRate`).
   * Returns the number of samples written.
   */
  decode(payload: Uint8Array, out: Int16Array): number;
  /**
   * Packet-loss concealment: synthesize `samples` samples for a lost packet
   * into `out` and return how many were written (0 = codec has no PLC).
   */
  conceal?(out: Int16Array, samples: number): number;
}

export interface AudioCodec {
  /** SDP encoding name as in rtpmap, e.g. 'PCMU', 'PCMA', 'G722'. */
  readonly name: string;
  /** RFC 3551 static payload type, when the codec has one (PCMU 0, PCMA 8, G722 9). */
  readonly staticPayloadType?: number;
  /** PCM rate the encoder consumes and the decoder produces (8000 or 16000). */
  readonly sampleRate: number;
  /** RTP timestamp rate; 8000 for G.722 by RFC 3551 §4.5.2's historical error. */
  readonly rtpClockRate: number;
  readonly channels: number;
  createEncoder(): AudioEncoder;
  createDecoder(): AudioDecoder;
}
