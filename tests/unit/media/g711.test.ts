/**
 * G.711 µ-law / A-law (ITU-T G.711 Tables 1a/2a) — proves:
 *  - known code points: µ-law 0xFF ↔ 0, 0x7F ↔ -0, 0x80/0x00 ↔ ±32124; A-law 0xD5 ↔ 8, 0x55 ↔ -8,
 *    0xAA/0x2A ↔ ±32256;
 *  - over all 65536 inputs the round-trip error stays inside half a quantisation step of the
 *    input's segment, the code is monotonic in the input, and sign symmetry holds;
 *  - every code decodes to a value that re-encodes to the same code (tables are consistent);
 *  - the codec descriptors (PT, rates) and encoder/decoder frame handling.
 */
import { describe, expect, it } from 'vitest';
import { alawToLinear, linearToAlaw, linearToUlaw, pcmaCodec, pcmuCodec, ulawToLinear } from '../../../src/media/index.js';

describe('G.711 µ-law', () => {
  it('maps the known code points', () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(ulawToLinear(0xff)).toBe(0);
    expect(ulawToLinear(0x7f)).toBe(0);
    expect(ulawToLinear(0x80)).toBe(32124);
    expect(ulawToLinear(0x00)).toBe(-32124);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToUlaw(-32768)).toBe(0x00);
    // First segment: steps of 8 (2 in 14-bit units) around zero.
    expect(ulawToLinear(0xfe)).toBe(8);
    expect(ulawToLinear(0xf0)).toBe(120);
    expect(ulawToLinear(0xef)).toBe(132);
  });

  it('round-trips every 16-bit value within half a step of its segment', () => {
    let worst = 0;
    for (let x = -32768; x < 32768; x++) {
      const y = ulawToLinear(linearToUlaw(x));
      const mag = Math.min(Math.max(Math.abs(x), Math.abs(y)), 32124);
      // µ-law step in 16-bit units: 8 in the first segment, doubling per segment.
      const seg = Math.max(0, Math.floor(Math.log2((mag + 132) / 132)));
      const step = 8 << Math.min(seg, 7);
      const err = Math.abs(y - Math.max(-32124, Math.min(32124, x)));
      expect(err).toBeLessThanOrEqual(step / 2 + 4);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeGreaterThan(400); // top segment: step 1024
  });

  it('is monotonic and sign-symmetric', () => {
    let prev = -Infinity;
    for (let x = -32768; x < 32768; x++) {
      const y = ulawToLinear(linearToUlaw(x));
      expect(y).toBeGreaterThanOrEqual(prev);
      prev = y;
    }
    for (let c = 0; c < 128; c++) expect(ulawToLinear(c) + ulawToLinear(c | 0x80)).toBe(0);
  });

  it('re-encodes every decoded value to its own code (except -0)', () => {
    for (let c = 0; c < 256; c++) {
      if (c === 0x7f) continue;
      expect(linearToUlaw(ulawToLinear(c))).toBe(c);
    }
  });
});

describe('G.711 A-law', () => {
  it('maps the known code points', () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(alawToLinear(0xd5)).toBe(8);
    expect(alawToLinear(0x55)).toBe(-8);
    expect(linearToAlaw(-1)).toBe(0x55);
    expect(alawToLinear(0xaa)).toBe(32256);
    expect(alawToLinear(0x2a)).toBe(-32256);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });

  it('round-trips every 16-bit value within half a step of its segment', () => {
    for (let x = -32768; x < 32768; x++) {
      const y = alawToLinear(linearToAlaw(x));
      const mag = Math.max(Math.abs(x), Math.abs(y));
      // A-law step: 16 in the first two segments, then doubling.
      const seg = mag < 512 ? 0 : Math.floor(Math.log2(mag / 256));
      const step = 16 << seg;
      expect(Math.abs(y - x)).toBeLessThanOrEqual(step / 2 + 1);
    }
  });

  it('re-encodes every decoded value to its own code', () => {
    for (let c = 0; c < 256; c++) expect(linearToAlaw(alawToLinear(c))).toBe(c);
  });
});

describe('PCMU / PCMA codecs', () => {
  it('describe RFC 3551 static payload types at 8 kHz', () => {
    expect(pcmuCodec).toMatchObject({ name: 'PCMU', staticPayloadType: 0, sampleRate: 8000, rtpClockRate: 8000, channels: 1 });
    expect(pcmaCodec).toMatchObject({ name: 'PCMA', staticPayloadType: 8, sampleRate: 8000, rtpClockRate: 8000, channels: 1 });
  });

  it('encode 160 samples into 160 octets and decode them back', () => {
    for (const codec of [pcmuCodec, pcmaCodec]) {
      const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
      const payload = new Uint8Array(160);
      expect(codec.createEncoder().encode(pcm, payload)).toBe(160);
      const out = new Int16Array(160);
      expect(codec.createDecoder().decode(payload, out)).toBe(160);
      for (let i = 0; i < 160; i++) expect(Math.abs(out[i]! - pcm[i]!)).toBeLessThanOrEqual(260);
    }
  });
});
