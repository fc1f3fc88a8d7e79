/**
 * Test audio with sox: tone WAVs for baresip's aufile source (8 kHz mono s16 for
 * G.711) and SIPp's rtp_stream (8 kHz mu-law), and `wavStats`, a rough analyzer
 * from `sox FILE -n stat` (RMS amplitude; frequency estimated from zero crossings,
 * so silence inside the analysed span drags it down: trim with skip/duration).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunDir, type RunDir } from './run-dir.js';
import { runTool, runToolOk } from './run-tool.js';

export interface ToneOptions {
  /** Peak amplitude, 0..1 of full scale (default 0.5). */
  amplitude?: number;
  /** 'pcm16' (default) or 'ulaw' (G.711 mu-law, what SIPp's rtp_stream sends as PCMU). */
  encoding?: 'pcm16' | 'ulaw';
}

export async function makeToneWav(path: string, hz: number, seconds: number, rate = 8000, opts: ToneOptions = {}): Promise<string> {
  const encoding = opts.encoding === 'ulaw' ? ['-e', 'u-law', '-b', '8'] : ['-e', 'signed-integer', '-b', '16'];
  await runToolOk('sox', [
    '-n', '-r', String(rate), '-c', '1', ...encoding, path,
    'synth', String(seconds), 'sine', String(hz), 'vol', String(opts.amplitude ?? 0.5),
  ]);
  return path;
}

export interface WavStats {
  seconds: number;
  samples: number;
  /** 0..1 of full scale */
  rms: number;
  maxAmplitude: number;
  /** Hz, from zero crossings (sox "Rough frequency") */
  roughFrequency: number;
}

export interface WavStatsOptions {
  /** Seconds to skip at the start (e.g. before the far end's audio arrived). */
  skipSeconds?: number;
  /** Seconds to analyse after the skip (default: to the end). */
  durationSeconds?: number;
}

function statValue(text: string, label: RegExp): number {
  const m = label.exec(text);
  return m ? Number(m[1]) : Number.NaN;
}

export async function wavStats(path: string, opts: WavStatsOptions = {}): Promise<WavStats> {
  const trim = opts.skipSeconds || opts.durationSeconds
    ? ['trim', String(opts.skipSeconds ?? 0), ...(opts.durationSeconds ? [String(opts.durationSeconds)] : [])]
    : [];
  const result = await runTool('sox', [path, '-n', ...trim, 'stat']);
  // sox prints the statistics on stderr
  if (result.code !== 0) throw new Error(`sox stat ${path} failed: ${result.stderr.trim()}`);
  const text = result.stderr;
  return {
    seconds: statValue(text, /^Length \(seconds\):\s+(\S+)/m),
    samples: statValue(text, /^Samples read:\s+(\S+)/m),
    rms: statValue(text, /^RMS\s+amplitude:\s+(\S+)/m),
    maxAmplitude: statValue(text, /^Maximum amplitude:\s+(\S+)/m),
    roughFrequency: statValue(text, /^Rough\s+frequency:\s+(\S+)/m),
  };
}

let toneDir: RunDir | undefined;
const tones = new Map<string, Promise<string>>();

/**
 * Lengthens a one-second WAV made by sox to `seconds` by repeating its data chunk.
 * For an integer frequency one second holds whole cycles, so the joins are seamless;
 * this is ~100x faster than letting sox synthesise minutes of audio.
 */
function repeatSecond(oneSecond: Buffer, seconds: number): Buffer {
  let offset = 12;
  const patches: { at: number; perSecond: number }[] = [];
  while (offset + 8 <= oneSecond.length) {
    const id = oneSecond.toString('latin1', offset, offset + 4);
    const size = oneSecond.readUInt32LE(offset + 4);
    // the "fact" chunk of a non-PCM WAV counts samples per channel
    if (id === 'fact') patches.push({ at: offset + 8, perSecond: oneSecond.readUInt32LE(offset + 8) });
    if (id === 'data') {
      const head = Buffer.from(oneSecond.subarray(0, offset + 8));
      const data = oneSecond.subarray(offset + 8, offset + 8 + size);
      const total = size * seconds;
      head.writeUInt32LE(total, offset + 4);
      for (const patch of patches) head.writeUInt32LE(patch.perSecond * seconds, patch.at);
      head.writeUInt32LE(head.length - 8 + total, 4);
      return Buffer.concat([head, ...Array.from({ length: seconds }, () => data)]);
    }
    offset += 8 + size + (size % 2);
  }
  throw new Error('sox wrote a WAV without a data chunk');
}

async function makeLongTone(path: string, hz: number, seconds: number, encoding: 'pcm16' | 'ulaw'): Promise<string> {
  if (!Number.isInteger(hz) || !Number.isInteger(seconds)) return makeToneWav(path, hz, seconds, 8000, { encoding });
  const second = `${path}.1s.wav`;
  await makeToneWav(second, hz, 1, 8000, { encoding });
  writeFileSync(path, repeatSecond(readFileSync(second), seconds));
  rmSync(second);
  return path;
}

/**
 * A tone WAV shared by this test process (made once, removed with the lab): 8 kHz
 * mono, s16 or mu-law, amplitude 0.5. baresip 1.0 ends a call when its aufile
 * source ends, so the default length is generous.
 */
export function labToneWav(hz: number, seconds = 600, encoding: 'pcm16' | 'ulaw' = 'pcm16'): Promise<string> {
  const key = `${hz}-${seconds}-${encoding}`;
  // stopAllLab() removes the directory; start over then
  if (!toneDir || !existsSync(toneDir.path)) {
    toneDir = makeRunDir('audio');
    tones.clear();
  }
  const cached = tones.get(key);
  if (cached) return cached;
  const made = makeLongTone(join(toneDir.path, `tone-${key}.wav`), hz, seconds, encoding);
  tones.set(key, made);
  made.catch(() => tones.delete(key));
  return made;
}
