/**
 * WAV files — proves:
 *  - WavWriter → readWav round-trips samples and rate; header sizes are patched on close;
 *    buffered flushes (> 32 KiB) keep the order; writes after close throw;
 *  - parseWav reads stereo (averaged to mono), 8-bit unsigned, 24-bit, float, µ-law and A-law,
 *    WAVE_FORMAT_EXTENSIBLE, odd-sized chunks before data, and a truncated (never closed) file;
 *  - bad input is refused with a clear SayhiError code: not RIFF, no data, unsupported format,
 *    and files over 256 MiB (checked via the size before reading).
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SayhiError } from '../../../src/base/index.js';
import { WavWriter, encodeWav, linearToAlaw, linearToUlaw, parseWav, readWav } from '../../../src/media/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sayhi-wav-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Build a WAV with any fmt fields and raw data bytes. */
function wav(fmt: { format: number; channels: number; rate: number; bits: number; ext?: boolean }, data: Uint8Array, extra = new Uint8Array(0)): Uint8Array {
  const fmtLen = fmt.ext ? 40 : 16;
  const buf = new Uint8Array(12 + 8 + fmtLen + extra.length + 8 + data.length);
  const v = new DataView(buf.buffer);
  const put = (at: number, s: string): void => s.split('').forEach((c, i) => (buf[at + i] = c.charCodeAt(0)));
  put(0, 'RIFF');
  v.setUint32(4, buf.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, fmtLen, true);
  v.setUint16(20, fmt.ext ? 0xfffe : fmt.format, true);
  v.setUint16(22, fmt.channels, true);
  v.setUint32(24, fmt.rate, true);
  const align = (fmt.bits / 8) * fmt.channels;
  v.setUint32(28, fmt.rate * align, true);
  v.setUint16(32, align, true);
  v.setUint16(34, fmt.bits, true);
  if (fmt.ext) v.setUint16(20 + 24, fmt.format, true); // SubFormat GUID starts with the format
  buf.set(extra, 20 + fmtLen);
  const d = 20 + fmtLen + extra.length;
  put(d, 'data');
  v.setUint32(d + 4, data.length, true);
  buf.set(data, d + 8);
  return buf;
}

describe('WavWriter + readWav', () => {
  it('round-trips 16 kHz mono through a streaming writer', () => {
    const path = join(dir, 'rec.wav');
    const w = new WavWriter(path, 16000);
    const frames: Int16Array[] = [];
    for (let f = 0; f < 150; f++) {
      const frame = Int16Array.from({ length: 320 }, (_, i) => ((f * 320 + i) * 37) % 65536 - 32768);
      frames.push(frame);
      expect(w.write(frame)).toBe(true);
    }
    expect(w.samplesWritten).toBe(48000);
    w.close();
    w.close(); // idempotent
    expect(() => w.write(new Int16Array(1))).toThrow(SayhiError);
    const bytes = readFileSync(path);
    expect(bytes.length).toBe(44 + 96000);
    expect(bytes.readUInt32LE(4)).toBe(36 + 96000);
    expect(bytes.readUInt32LE(40)).toBe(96000);
    const back = readWav(path);
    expect(back.sampleRate).toBe(16000);
    expect(back.channels).toBe(1);
    const expected = new Int16Array(48000);
    frames.forEach((f, i) => expected.set(f, i * 320));
    expect(Buffer.from(back.samples.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });

  it('encodeWav produces what readWav reads', () => {
    const s = Int16Array.of(0, 1, -1, 32767, -32768);
    expect(Array.from(parseWav(encodeWav(s, 8000)).samples)).toEqual(Array.from(s));
  });

  it('keeps the file readable while recording: what was flushed is in the header', () => {
    const path = join(dir, 'crashed.wav');
    const w = new WavWriter(path, 8000);
    w.write(new Int16Array(20000).fill(1000)); // 40000 bytes: two 16 KiB flushes reached the disk
    const got = readWav(path);
    expect(got.samples.length).toBe(16384);
    expect(got.samples[16383]).toBe(1000);
    w.close();
    expect(readWav(path).samples.length).toBe(20000);
  });
});

describe('parseWav formats', () => {
  it('averages stereo to mono', () => {
    const d = new Int16Array([1000, 3000, -2000, -4000]);
    const got = parseWav(wav({ format: 1, channels: 2, rate: 44100, bits: 16 }, new Uint8Array(d.buffer)));
    expect(got).toMatchObject({ sampleRate: 44100, channels: 2 });
    expect(Array.from(got.samples)).toEqual([2000, -3000]);
  });

  it('reads 8-bit unsigned, 24-bit, float, µ-law, A-law and EXTENSIBLE', () => {
    expect(Array.from(parseWav(wav({ format: 1, channels: 1, rate: 8000, bits: 8 }, Uint8Array.of(128, 255, 0))).samples)).toEqual([0, 32512, -32768]);
    const p24 = Uint8Array.of(0x00, 0x00, 0x40, 0x00, 0x00, 0xc0); // +0.5, -0.5
    expect(Array.from(parseWav(wav({ format: 1, channels: 1, rate: 8000, bits: 24 }, p24)).samples)).toEqual([16384, -16384]);
    const f32 = new Float32Array([0.25, -1]);
    expect(Array.from(parseWav(wav({ format: 3, channels: 1, rate: 8000, bits: 32 }, new Uint8Array(f32.buffer))).samples)).toEqual([8192, -32768]);
    expect(Array.from(parseWav(wav({ format: 7, channels: 1, rate: 8000, bits: 8 }, Uint8Array.of(linearToUlaw(1000), 0xff))).samples)).toEqual([988, 0]);
    expect(Array.from(parseWav(wav({ format: 6, channels: 1, rate: 8000, bits: 8 }, Uint8Array.of(linearToAlaw(1000), 0xd5))).samples)).toEqual([1008, 8]);
    const d = new Int16Array([7, -7]);
    expect(Array.from(parseWav(wav({ format: 1, channels: 1, rate: 48000, bits: 16, ext: true }, new Uint8Array(d.buffer))).samples)).toEqual([7, -7]);
  });

  it('skips other chunks, including odd-sized ones with a pad byte', () => {
    const list = new Uint8Array(8 + 3 + 1);
    list.set([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 1, 2, 3, 0]); // "LIST", len 3, pad
    const d = new Int16Array([42]);
    const file = wav({ format: 1, channels: 1, rate: 8000, bits: 16 }, new Uint8Array(d.buffer), list);
    expect(file.length).toBe(44 + 12 + 2);
    expect(Array.from(parseWav(file).samples)).toEqual([42]);
  });

  it('refuses what it cannot read, with a code', () => {
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return e instanceof SayhiError ? e.code : 'not a SayhiError';
      }
      return undefined;
    };
    expect(code(() => parseWav(new TextEncoder().encode('hello, this is not a wav')))).toBe('MEDIA_WAV_FORMAT');
    expect(code(() => parseWav(wav({ format: 2, channels: 1, rate: 8000, bits: 4 }, new Uint8Array(4))))).toBe('MEDIA_WAV_FORMAT');
    expect(code(() => parseWav(encodeWav(new Int16Array(4), 8000).subarray(0, 36)))).toBe('MEDIA_WAV_FORMAT');
    const big = join(dir, 'big.wav');
    writeFileSync(big, encodeWav(new Int16Array(4), 8000));
    truncateSync(big, 256 * 1024 * 1024 + 1); // sparse: no real disk use
    expect(code(() => readWav(big))).toBe('MEDIA_WAV_TOO_LARGE');
    expect(() => readWav(big)).toThrow(/256 MiB/);
  });
});
