/**
 * ITU-T G.711 companding: µ-law (PCMU, RFC 3551 payload type 0) and A-law
 * (PCMA, payload type 8), 8 kHz, one octet per sample.
 *
 * Encoding uses a 64 Ki-entry table indexed by the 16-bit sample, decoding a
 * 256-entry table; both are filled once, on first use, from the segment rules
 * of G.711 Tables 1a/2a. Input is 16-bit PCM whose top 14 (µ-law) or 13 (A-law)
 * bits are the G.711 linear code; negative samples take their magnitude by one's
 * complement as in the ITU-T G.191 reference implementation, so 0 and -1 code
 * as +0 and -0. (ffmpeg's encoder uses two's complement and so differs by one
 * step for some negative samples at decision values; decoding is identical.)
 */
import type { AudioCodec, AudioDecoder, AudioEncoder } from '../codec.js';
import { PitchRepetitionPlc } from './pitch-repetition-plc.js';

/** µ-law bias (33 in 14-bit units): the segment ends become powers of two. */
const ULAW_BIAS = 33;

/** µ-law code of one 16-bit sample, by the segment rule (G.711 Table 2a). */
function ulawSegmentEncode(x: number): number {
  // One's complement for negatives (G.191): -1 is "-0", not a step below zero.
  let mag = (x < 0 ? ~x >> 2 : x >> 2) + ULAW_BIAS;
  if (mag > 0x1fff) mag = 0x1fff;
  // Segment number 1..8: position of the leading one above bit 5.
  let seg = 1;
  for (let i = mag >> 6; i !== 0; i >>= 1) seg++;
  const code = ((8 - seg) << 4) | (15 - ((mag >> seg) & 0x0f));
  return x >= 0 ? code | 0x80 : code;
}

/** Linear value of a µ-law code: middle of its quantization interval. */
function ulawSegmentDecode(code: number): number {
  const inv = ~code & 0xff;
  const exponent = (inv >> 4) & 7;
  const step = 4 << (exponent + 1);
  const mag = (0x80 << exponent) + step * (inv & 0x0f) + (step >> 1) - 4 * ULAW_BIAS;
  return code < 0x80 ? -mag : mag;
}

/** A-law code of one 16-bit sample (G.711 Table 1a), even bits inverted. */
function alawSegmentEncode(x: number): number {
  let mag = x < 0 ? ~x >> 4 : x >> 4;
  if (mag > 15) {
    let exponent = 1;
    while (mag > 31) {
      mag >>= 1;
      exponent++;
    }
    mag = mag - 16 + (exponent << 4);
  }
  if (x >= 0) mag |= 0x80;
  return mag ^ 0x55;
}

function alawSegmentDecode(code: number): number {
  const v = (code ^ 0x55) & 0x7f;
  const exponent = v >> 4;
  let mant = v & 0x0f;
  if (exponent > 0) mant += 16;
  mant = (mant << 4) + 8;
  if (exponent > 1) mant <<= exponent - 1;
  return code > 0x7f ? mant : -mant;
}

interface G711Tables {
  encode: Uint8Array;
  decode: Int16Array;
}

function buildTables(enc: (x: number) => number, dec: (c: number) => number): G711Tables {
  const encode = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) encode[i] = enc((i << 16) >> 16);
  const decode = new Int16Array(256);
  for (let c = 0; c < 256; c++) decode[c] = dec(c);
  return { encode, decode };
}

let ulaw: G711Tables | undefined;
let alaw: G711Tables | undefined;

function ulawTables(): G711Tables {
  return (ulaw ??= buildTables(ulawSegmentEncode, ulawSegmentDecode));
}

function alawTables(): G711Tables {
  return (alaw ??= buildTables(alawSegmentEncode, alawSegmentDecode));
}

export function linearToUlaw(sample: number): number {
  return ulawTables().encode[sample & 0xffff]!;
}

export function ulawToLinear(code: number): number {
  return ulawTables().decode[code & 0xff]!;
}

export function linearToAlaw(sample: number): number {
  return alawTables().encode[sample & 0xffff]!;
}

export function alawToLinear(code: number): number {
  return alawTables().decode[code & 0xff]!;
}

class G711Encoder implements AudioEncoder {
  constructor(private readonly table: Uint8Array) {}

  encode(pcm: Int16Array, out: Uint8Array): number {
    const t = this.table;
    const n = Math.min(pcm.length, out.length);
    for (let i = 0; i < n; i++) out[i] = t[pcm[i]! & 0xffff]!;
    return n;
  }
}

/** Decoder with the G.711 Appendix I-style concealment behind `conceal()`. */
class G711Decoder implements AudioDecoder {
  private readonly plc = new PitchRepetitionPlc(8000);

  constructor(private readonly table: Int16Array) {}

  decode(payload: Uint8Array, out: Int16Array): number {
    const t = this.table;
    const n = Math.min(payload.length, out.length);
    for (let i = 0; i < n; i++) out[i] = t[payload[i]!]!;
    this.plc.good(out, n);
    return n;
  }

  conceal(out: Int16Array, samples: number): number {
    return this.plc.conceal(out, samples);
  }
}

export const pcmuCodec: AudioCodec = {
  name: 'PCMU',
  staticPayloadType: 0,
  sampleRate: 8000,
  rtpClockRate: 8000,
  channels: 1,
  createEncoder: () => new G711Encoder(ulawTables().encode),
  createDecoder: () => new G711Decoder(ulawTables().decode),
};

export const pcmaCodec: AudioCodec = {
  name: 'PCMA',
  staticPayloadType: 8,
  sampleRate: 8000,
  rtpClockRate: 8000,
  channels: 1,
  createEncoder: () => new G711Encoder(alawTables().encode),
  createDecoder: () => new G711Decoder(alawTables().decode),
};
