/**
 * WAV files (RIFF/WAVE): reading prompts and far-end audio, writing recordings.
 * The only file in src/media that touches the file system.
 *
 * Read: PCM 8/16/24/32-bit integer and 32-bit float, G.711 A-law (format 6) and
 * µ-law (format 7), WAVE_FORMAT_EXTENSIBLE wrappers of those; any rate; several
 * channels are averaged to mono. Files over 256 MiB are refused.
 * Write: 16-bit PCM mono, streaming; the RIFF and data sizes are patched in on
 * close, so a recording is a valid file as soon as it is closed.
 */
import { closeSync, fstatSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { SayhiError } from '../base/index.js';
import { alawToLinear, ulawToLinear } from './codecs/g711.js';

export const WAV_MAX_READ_BYTES = 256 * 1024 * 1024;

export interface WavAudio {
  sampleRate: number;
  /** Channels in the file (samples are always mono). */
  channels: number;
  /** Mono 16-bit samples. */
  samples: Int16Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

function bad(msg: string): SayhiError {
  return new SayhiError('MEDIA_WAV_FORMAT', msg);
}

/** Read a WAV file from disk (mono 16-bit out, see parseWav). */
export function readWav(path: string): WavAudio {
  const size = statSync(path).size;
  if (size > WAV_MAX_READ_BYTES) {
    throw new SayhiError('MEDIA_WAV_TOO_LARGE', `${path}: ${size} bytes, more than the 256 MiB limit for WAV files`);
  }
  return parseWav(readFileSync(path), path);
}

/** Parse a WAV file held in memory. */
export function parseWav(data: Uint8Array, name = 'WAV data'): WavAudio {
  if (data.length > WAV_MAX_READ_BYTES) {
    throw new SayhiError('MEDIA_WAV_TOO_LARGE', `${name}: more than the 256 MiB limit for WAV files`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const tag = (at: number): string => String.fromCharCode(data[at]!, data[at + 1]!, data[at + 2]!, data[at + 3]!);
  if (data.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw bad(`${name}: not a RIFF/WAVE file`);
  let fmt: { format: number; channels: number; rate: number; bits: number; align: number } | undefined;
  let pos = 12;
  while (pos + 8 <= data.length) {
    const id = tag(pos);
    const len = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'fmt ') {
      if (len < 16 || body + len > data.length) throw bad(`${name}: short fmt chunk`);
      let format = view.getUint16(body, true);
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first 2 bytes of the GUID.
      if (format === FORMAT_EXTENSIBLE && len >= 26) format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        align: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!fmt) throw bad(`${name}: data chunk before fmt chunk`);
      // A writer that died before fixing the header leaves a size too large:
      // take what is there.
      const end = Math.min(data.length, body + len);
      return { sampleRate: fmt.rate, channels: fmt.channels, samples: decodeSamples(data.subarray(body, end), fmt, name) };
    }
    pos = body + len + (len & 1); // chunks are padded to even length
  }
  throw bad(`${name}: no data chunk`);
}

function decodeSamples(
  bytes: Uint8Array,
  fmt: { format: number; channels: number; rate: number; bits: number; align: number },
  name: string,
): Int16Array {
  const { format, channels, bits } = fmt;
  if (channels < 1 || fmt.rate < 1) throw bad(`${name}: ${channels} channels at ${fmt.rate} Hz`);
  const width = bits >> 3;
  const supported =
    (format === FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) ||
    (format === FORMAT_FLOAT && bits === 32) ||
    ((format === FORMAT_ALAW || format === FORMAT_MULAW) && bits === 8);
  if (!supported) throw bad(`${name}: unsupported WAV format ${format} with ${bits} bits`);
  const frameBytes = width * channels;
  const frames = Math.floor(bytes.length / frameBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sample = (at: number): number => {
    switch (format) {
      case FORMAT_ALAW:
        return alawToLinear(bytes[at]!);
      case FORMAT_MULAW:
        return ulawToLinear(bytes[at]!);
      case FORMAT_FLOAT:
        return view.getFloat32(at, true) * 32768;
      default:
        if (bits === 8) return (bytes[at]! - 128) << 8; // 8-bit PCM is unsigned
        if (bits === 16) return view.getInt16(at, true);
        if (bits === 24) return view.getInt16(at + 1, true) + bytes[at]! / 256;
        return view.getInt32(at, true) / 65536;
    }
  };
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let acc = 0;
    for (let c = 0; c < channels; c++) acc += sample(f * frameBytes + c * width);
    const v = Math.round(acc / channels);
    out[f] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/** Header of a 16-bit PCM mono WAV with `dataBytes` of samples. */
function pcm16Header(sampleRate: number, dataBytes: number): Uint8Array {
  const h = new Uint8Array(44);
  const v = new DataView(h.buffer);
  const put = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, FORMAT_PCM, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, dataBytes, true);
  return h;
}

/** Encode mono 16-bit samples as a complete WAV file in memory. */
export function encodeWav(samples: Int16Array, sampleRate: number): Uint8Array {
  const out = new Uint8Array(44 + samples.length * 2);
  out.set(pcm16Header(sampleRate, samples.length * 2));
  const v = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) v.setInt16(44 + 2 * i, samples[i]!, true);
  return out;
}

/** RIFF sizes are 32-bit: stop a recording before the data size would overflow. */
const MAX_DATA_BYTES = 0xffffffff - 36;
const FLUSH_BYTES = 16 * 1024; // about half a second of 16 kHz audio

/**
 * Streaming 16-bit mono WAV writer. Frames are buffered and written with
 * synchronous writes of 32 KiB (a second of 16 kHz audio), so a media tick
 * never waits on the disk for more than that; `close()` patches the header.
 */
export class WavWriter {
  private fd: number | undefined;
  private readonly buf = new Uint8Array(FLUSH_BYTES);
  private readonly view = new DataView(this.buf.buffer);
  private used = 0;
  private dataBytes = 0;
  private flushedBytes = 0;

  constructor(
    readonly path: string,
    readonly sampleRate = 16000,
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, pcm16Header(sampleRate, 0), 0, 44, 0);
  }

  /** Samples written so far. */
  get samplesWritten(): number {
    return this.dataBytes >> 1;
  }

  /** Append samples. Returns false (and writes nothing) once the 4 GiB RIFF limit is reached. */
  write(samples: Int16Array): boolean {
    if (this.fd === undefined) throw new SayhiError('MEDIA_WAV_CLOSED', `${this.path}: write after close`);
    if (this.dataBytes + samples.length * 2 > MAX_DATA_BYTES) return false;
    for (let i = 0; i < samples.length; i++) {
      if (this.used === FLUSH_BYTES) this.flush();
      this.view.setInt16(this.used, samples[i]!, true);
      this.used += 2;
    }
    this.dataBytes += samples.length * 2;
    return true;
  }

  /** Flush, fix the header's sizes and close the file. Idempotent. */
  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    writeSync(this.fd, pcm16Header(this.sampleRate, this.dataBytes), 0, 44, 0);
    // Sanity: the file must now hold exactly header + data.
    const size = fstatSync(this.fd).size;
    closeSync(this.fd);
    this.fd = undefined;
    if (size !== 44 + this.dataBytes) {
      throw new SayhiError('MEDIA_WAV_WRITE', `${this.path}: wrote ${size} bytes, expected ${44 + this.dataBytes}`);
    }
  }

  private flush(): void {
    if (this.used === 0 || this.fd === undefined) return;
    writeSync(this.fd, this.buf, 0, this.used, 44 + this.flushedBytes);
    this.flushedBytes += this.used;
    this.used = 0;
    // keep the file a valid WAV while recording, so it can be read (or survive a crash) mid-call
    writeSync(this.fd, pcm16Header(this.sampleRate, this.flushedBytes), 0, 44, 0);
  }
}
