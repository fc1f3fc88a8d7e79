/**
 * G.722 against ffmpeg (Debian's build, its conforming SB-ADPCM codec; trellis
 * search is off unless asked for) — proves:
 *  - our encoder's bitstream equals ffmpeg's byte for byte on 6.5 s of varied
 *    16 kHz PCM (two-tone, sweep to 7.9 kHz, white noise, silence, clipped loud
 *    sine and square, speech-like bursts), fed in 20 ms frames;
 *  - our decoder turns ffmpeg's bitstream into exactly ffmpeg's PCM;
 *  - feeding odd-sized chunks gives the same bytes (state is carried correctly).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { g722Codec } from '../../../src/media/index.js';

const RATE = 16000;

/** Deterministic test signal, sections of different character. */
function testSignal(): Int16Array {
  let seed = 12345;
  const rand = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const out: number[] = [];
  const sec = (s: number, f: (t: number, n: number) => number): void => {
    const n0 = out.length;
    for (let n = 0; n < s * RATE; n++) out.push(f(n / RATE, out.length - n0));
  };
  sec(1, (t) => 9000 * Math.sin(2 * Math.PI * 440 * t) + 4000 * Math.sin(2 * Math.PI * 2000 * t));
  sec(1.5, (t) => 14000 * Math.sin(2 * Math.PI * (50 * t + ((7900 - 50) / 1.5) * t * t * 0.5)));
  sec(1, () => 6000 * gauss());
  sec(0.5, () => 0);
  sec(0.5, (t) => 90000 * Math.sin(2 * Math.PI * 300 * t));
  sec(0.5, (t) => (Math.sin(2 * Math.PI * 150 * t) >= 0 ? 32767 : -32768));
  // Speech-like: 120 Hz glottal pulses through a crude formant, in syllable bursts.
  let y1 = 0;
  let y2 = 0;
  sec(1.5, (t, n) => {
    const pulse = n % Math.round(RATE / 120) === 0 ? 20000 : 0;
    const env = Math.max(0, Math.sin(2 * Math.PI * 3 * t));
    const y = pulse * env + 1.6 * y1 * Math.cos((2 * Math.PI * 700) / RATE) - 0.8 * y2 + 200 * gauss();
    y2 = y1;
    y1 = y;
    return y * 0.5;
  });
  return Int16Array.from(out, (v) => Math.max(-32768, Math.min(32767, Math.round(v))));
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

describe('G.722 is bit-exact with ffmpeg', () => {
  let dir: string;
  const pcm = testSignal();
  let ffEncoded: Uint8Array;
  let ffDecoded: Int16Array;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sayhi-g722-'));
    writeFileSync(join(dir, 'in.raw'), pcm);
    ffmpeg(['-f', 's16le', '-ar', '16000', '-ac', '1', '-i', join(dir, 'in.raw'), '-c:a', 'g722', '-f', 'g722', join(dir, 'out.g722')]);
    ffmpeg(['-f', 'g722', '-i', join(dir, 'out.g722'), '-f', 's16le', join(dir, 'dec.raw')]);
    ffEncoded = new Uint8Array(readFileSync(join(dir, 'out.g722')));
    const dec = readFileSync(join(dir, 'dec.raw'));
    ffDecoded = new Int16Array(dec.buffer.slice(dec.byteOffset, dec.byteOffset + dec.length));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ffmpeg produced one octet per two samples and decoded all of them', () => {
    expect(ffEncoded.length).toBe(pcm.length / 2);
    expect(ffDecoded.length).toBe(pcm.length);
  });

  it('encodes byte for byte like ffmpeg (20 ms frames)', () => {
    const enc = g722Codec.createEncoder();
    const ours = new Uint8Array(pcm.length / 2);
    for (let i = 0; i < pcm.length; i += 320) enc.encode(pcm.subarray(i, i + 320), ours.subarray(i / 2));
    const first = ours.findIndex((b, i) => b !== ffEncoded[i]);
    expect(first, `first differing octet at ${first}`).toBe(-1);
  });

  it('encodes the same bytes when fed odd-sized (even-length) chunks', () => {
    const enc = g722Codec.createEncoder();
    const ours = new Uint8Array(pcm.length / 2);
    const sizes = [2, 318, 642, 40, 1000, 6];
    let pos = 0;
    for (let k = 0; pos < pcm.length; k++) {
      const n = Math.min(sizes[k % sizes.length]!, pcm.length - pos);
      enc.encode(pcm.subarray(pos, pos + n), ours.subarray(pos / 2));
      pos += n;
    }
    expect(Buffer.compare(Buffer.from(ours), Buffer.from(ffEncoded))).toBe(0);
  });

  it("decodes ffmpeg's bitstream to ffmpeg's PCM, sample for sample", () => {
    const dec = g722Codec.createDecoder();
    const ours = new Int16Array(ffEncoded.length * 2);
    for (let i = 0; i < ffEncoded.length; i += 160) {
      expect(dec.decode(ffEncoded.subarray(i, i + 160), ours.subarray(i * 2))).toBe(Math.min(320, ours.length - 2 * i));
    }
    const first = ours.findIndex((s, i) => s !== ffDecoded[i]);
    expect(first, `first differing sample at ${first}`).toBe(-1);
  });

  it('sounds like the input (sanity: the comparison is not of two silences)', () => {
    let err = 0;
    let sig = 0;
    // Codec delay is 22 samples (two 24-tap QMFs); compare the 440 Hz + 2 kHz second.
    for (let i = 1000; i < 15000; i++) {
      err += (ffDecoded[i + 22]! - pcm[i]!) ** 2;
      sig += pcm[i]! ** 2;
    }
    expect(10 * Math.log10(sig / err)).toBeGreaterThan(20);
  });
});
