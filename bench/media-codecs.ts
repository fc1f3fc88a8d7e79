/**
 * Codec and DSP cost per 20 ms frame, for the DESIGN.md §5 media budget
 * ("one G.711 call leg <= 0.2 % of a core" = 40 µs per 20 ms frame for
 * everything). Run: `npx tsx bench/media-codecs.ts` (optional argument:
 * frames per case, default 20000).
 *
 * Each case warms up, then times five rounds of frames on speech-like input
 * and prints the best round's CPU µs per frame and the share of one core at
 * 50 frames/s.
 */
import {
  Downsampler16To8,
  DtmfDetector,
  SingleToneDetector,
  Upsampler8To16,
  createCallProgressTone,
  g722Codec,
  pcmaCodec,
  pcmuCodec,
} from '../src/media/index.js';
import type { AudioCodec } from '../src/media/index.js';

const FRAMES = Number(process.argv[2] ?? 20000);

/** 2 s of a speech-like signal at `rate`: 120 Hz pulses through two resonances. */
function speechLike(rate: number): Int16Array {
  const n = rate * 2;
  const out = new Int16Array(n);
  let seed = 1;
  let a1 = 0;
  let a2 = 0;
  let b1 = 0;
  let b2 = 0;
  const c1 = 2 * 0.97 * Math.cos((2 * Math.PI * 700) / rate);
  const c2 = 2 * 0.95 * Math.cos((2 * Math.PI * 1800) / rate);
  for (let i = 0; i < n; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const x = (i % Math.round(rate / 120) === 0 ? 3000 : 0) + ((seed >>> 16) - 32768) / 64;
    const y1 = x + c1 * a1 - 0.94 * a2;
    a2 = a1;
    a1 = y1;
    const y2 = y1 + c2 * b1 - 0.9 * b2;
    b2 = b1;
    b1 = y2;
    out[i] = Math.max(-32768, Math.min(32767, Math.round(y2 * 0.2 * Math.max(0, Math.sin((2 * Math.PI * 3 * i) / rate)))));
  }
  return out;
}

function time(name: string, frameSamples: number, input: Int16Array, step: (frame: Int16Array) => void): void {
  const frames = Math.floor(input.length / frameSamples);
  const run = (count: number): void => {
    for (let k = 0; k < count; k++) {
      const i = k % frames;
      step(input.subarray(i * frameSamples, (i + 1) * frameSamples));
    }
  };
  run(Math.min(FRAMES, 2000)); // warm-up
  // Best of 5 rounds, in CPU time (user + system) of this process: other
  // processes on a busy machine would otherwise be counted too.
  let us = Infinity;
  const perRound = Math.max(1, Math.floor(FRAMES / 5));
  for (let r = 0; r < 5; r++) {
    const t0 = process.cpuUsage();
    run(perRound);
    const t = process.cpuUsage(t0);
    us = Math.min(us, (t.user + t.system) / perRound);
  }
  const share = (us * 50) / 1e4; // % of one core at 50 frames/s
  console.log(`${name.padEnd(34)} ${us.toFixed(2).padStart(8)} µs/frame  ${share.toFixed(3).padStart(6)} % core`);
}

function codecCases(codec: AudioCodec): void {
  const rate = codec.sampleRate;
  const n = (rate * 20) / 1000;
  const pcm = speechLike(rate);
  const enc = codec.createEncoder();
  const payload = new Uint8Array(n);
  time(`${codec.name} encode`, n, pcm, (f) => enc.encode(f, payload));
  // Decode real payloads of the same signal.
  const encoded = new Uint8Array(pcm.length);
  const enc2 = codec.createEncoder();
  let bytes = 0;
  for (let i = 0; i + n <= pcm.length; i += n) bytes += enc2.encode(pcm.subarray(i, i + n), encoded.subarray(bytes));
  const per = bytes / Math.floor(pcm.length / n);
  const dec = codec.createDecoder();
  const out = new Int16Array(n);
  let k = 0;
  const frames = Math.floor(pcm.length / n);
  time(`${codec.name} decode`, n, pcm, () => {
    const i = k++ % frames;
    dec.decode(encoded.subarray(i * per, (i + 1) * per), out);
  });
  time(`${codec.name} conceal (PLC)`, n, pcm, () => {
    // Alternate good and lost frames so each conceal starts an erasure.
    const i = k++ % frames;
    if (k % 2) dec.decode(encoded.subarray(i * per, (i + 1) * per), out);
    else dec.conceal!(out, n);
  });
}

console.log(`media codec bench: ${FRAMES} frames of 20 ms per case, node ${process.version}`);
for (const codec of [pcmuCodec, pcmaCodec, g722Codec]) codecCases(codec);

const pcm16 = speechLike(16000);
const pcm8 = speechLike(8000);
const down = new Downsampler16To8();
const up = new Upsampler8To16();
const o160 = new Int16Array(160);
const o320 = new Int16Array(320);
time('resample 16k->8k (half-band)', 320, pcm16, (f) => down.process(f, o160));
time('resample 8k->16k (half-band)', 160, pcm8, (f) => up.process(f, o320));
const det16 = new DtmfDetector(16000);
time('DTMF Goertzel detector 16 kHz', 320, pcm16, (f) => det16.process(f));
const det8 = new DtmfDetector(8000);
time('DTMF Goertzel detector 8 kHz', 160, pcm8, (f) => det8.process(f));
const tone = new SingleToneDetector(440, 16000);
time('single-tone Goertzel 16 kHz', 320, pcm16, (f) => tone.process(f));
const dial = createCallProgressTone('US', 'dial');
time('US dial tone generator 16 kHz', 320, pcm16, () => dial.nextFrame(o320));
