/**
 * The built-in audio devices and the per-phone registry: null, tone:<hz>,
 * wav player (once / loop, other rates converted), recorder, the headless
 * handset built from --play / --record, and spec parsing. WAV I/O is in
 * memory here; one test goes through real files in a temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { FRAME_SAMPLES, newFrame } from '../../../src/media/audio-format.js';
import { AudioDeviceRegistry, createDefaultAudioDeviceRegistry } from '../../../src/media/devices/audio-device-registry.js';
import { HeadlessHandset, parseHeadlessSpec } from '../../../src/media/devices/headless-handset.js';
import { NullAudioDevice } from '../../../src/media/devices/null-device.js';
import { ToneAudioDevice } from '../../../src/media/devices/tone-device.js';
import type { WavFileIo } from '../../../src/media/devices/wav-file-io.js';
import { WavPlayerDevice } from '../../../src/media/devices/wav-player-device.js';
import { WavRecorderDevice } from '../../../src/media/devices/wav-recorder-device.js';
import { toneRatio } from '../../../src/media/dtmf/tone-detector.js';
import { readWav } from '../../../src/media/wav.js';

const ctx = { clock: new VirtualClock() };

function memoryWav() {
  const files = new Map<string, { sampleRate: number; channels: number; samples: Int16Array }>();
  const written = new Map<string, { rate: number; frames: Int16Array[]; closed: boolean }>();
  const io: WavFileIo = {
    read: (path) => {
      const f = files.get(path);
      if (!f) throw new Error(`ENOENT ${path}`);
      return f;
    },
    createWriter: (path, rate) => {
      const w = { rate, frames: [] as Int16Array[], closed: false };
      written.set(path, w);
      return { write: (frame) => void w.frames.push(frame.slice()), close: () => void (w.closed = true) };
    },
  };
  return { files, written, io };
}

/** `frames` frames captured from a device, back to back (the tone detector needs 50 ms blocks). */
function capture(d: { readFrame(f: Int16Array): boolean }, frames: number): Int16Array {
  const pcm = new Int16Array(frames * FRAME_SAMPLES);
  const f = newFrame();
  for (let i = 0; i < frames; i++) {
    d.readFrame(f);
    pcm.set(f, i * FRAME_SAMPLES);
  }
  return pcm;
}

function ramp(n: number): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => i + 1);
}

describe('audio devices', () => {
  it('null captures silence (reporting nothing) and swallows playback', () => {
    const d = new NullAudioDevice();
    const f = newFrame().fill(7);
    expect(d.readFrame(f)).toBe(false);
    expect(f.every((s) => s === 0)).toBe(true);
    d.writeFrame(f);
  });

  it('tone:<hz> captures a continuous sine at that frequency', () => {
    const d = new ToneAudioDevice(1000);
    const pcm = new Int16Array(FRAME_SAMPLES * 10);
    const f = newFrame();
    for (let i = 0; i < 10; i++) {
      expect(d.readFrame(f)).toBe(true);
      pcm.set(f, i * FRAME_SAMPLES);
    }
    expect(toneRatio(pcm, 16000, 1000)).toBeGreaterThan(0.95);
    expect(toneRatio(pcm, 16000, 1400)).toBeLessThan(0.05);
    expect(Math.max(...pcm)).toBeGreaterThan(10_000); // -10 dBFS peak is ~10362
    expect(() => new ToneAudioDevice(9000)).toThrow(/outside/);
  });

  it('wav player plays a file once and then silence, or loops', () => {
    const audio = { sampleRate: 16000, channels: 1, samples: ramp(500) };
    const once = new WavPlayerDevice(audio);
    const f = newFrame();
    expect(once.readFrame(f)).toBe(true);
    expect([f[0], f[319]]).toEqual([1, 320]);
    expect(once.readFrame(f)).toBe(true);
    expect([f[0], f[179], f[180], f[319]]).toEqual([321, 500, 0, 0]);
    expect(once.ended).toBe(true);
    expect(once.readFrame(f)).toBe(false);
    const loop = new WavPlayerDevice(audio, { loop: true });
    loop.readFrame(f);
    loop.readFrame(f);
    expect([f[179], f[180], f[319]]).toEqual([500, 1, 140]);
    expect(loop.ended).toBe(false);
  });

  it('wav player converts an 8 kHz file to 16 kHz', () => {
    const tone = new Int16Array(8000);
    for (let i = 0; i < tone.length; i++) tone[i] = Math.round(8000 * Math.sin((2 * Math.PI * 500 * i) / 8000));
    const d = new WavPlayerDevice({ sampleRate: 8000, channels: 1, samples: tone });
    const pcm = new Int16Array(16000);
    const f = newFrame();
    for (let i = 0; i < 50; i++) {
      d.readFrame(f);
      pcm.set(f, i * FRAME_SAMPLES);
    }
    expect(d.ended).toBe(true); // one second of 8 kHz audio is 50 frames at 16 kHz
    expect(toneRatio(pcm, 16000, 500)).toBeGreaterThan(0.9);
  });

  it('recorder writes what is played and closes its file once', () => {
    let closes = 0;
    const frames: Int16Array[] = [];
    const rec = new WavRecorderDevice({ write: (f) => void frames.push(f.slice()), close: () => void closes++ });
    const f = newFrame().fill(5);
    rec.writeFrame(f);
    rec.writeFrame(f);
    expect(rec.framesRecorded).toBe(2);
    expect(rec.readFrame(f)).toBe(false);
    rec.close();
    rec.close();
    rec.writeFrame(f);
    expect(frames).toHaveLength(2);
    expect(closes).toBe(1);
  });

  it('parses headless specs', () => {
    expect(parseHeadlessSpec('play=tone:1000;record=/tmp/x.wav')).toEqual({ play: 'tone:1000', record: '/tmp/x.wav' });
    expect(parseHeadlessSpec('play=/a.wav;loop')).toEqual({ play: '/a.wav', loop: true });
    expect(parseHeadlessSpec('')).toEqual({});
    expect(() => parseHeadlessSpec('volume=3')).toThrow(/cannot read/);
  });

  it('opens every kind through the registry by spec', async () => {
    const { io, files, written } = memoryWav();
    files.set('/p.wav', { sampleRate: 16000, channels: 1, samples: ramp(320) });
    const reg = createDefaultAudioDeviceRegistry({ wav: io });
    expect(reg.kinds().sort()).toEqual(['headless', 'null', 'record', 'tone', 'wav']);
    expect((await reg.open('null', ctx)).name).toBe('null');
    expect((await reg.open('tone:440', ctx)).name).toBe('tone:440');
    const wav = await reg.open('wav:/p.wav;loop', ctx);
    const f = newFrame();
    wav.readFrame(f);
    wav.readFrame(f);
    expect(f[0]).toBe(1); // looped
    const rec = await reg.open('record:/r.wav', ctx);
    rec.writeFrame(f);
    await rec.close();
    expect(written.get('/r.wav')).toMatchObject({ rate: 16000, closed: true });
    expect(written.get('/r.wav')!.frames).toHaveLength(1);
    await expect(reg.open('browser', ctx)).rejects.toMatchObject({ code: 'MEDIA_DEVICE_UNKNOWN' });
    await expect(reg.open('tone:abc', ctx)).rejects.toMatchObject({ code: 'MEDIA_DEVICE_SPEC' });
    expect(() => reg.register({ kind: 'tone', open: () => new NullAudioDevice() })).toThrow(/already registered/);
  });

  it('headless handset: plays a tone into the call and records the far end; either may be absent', async () => {
    const { io, written } = memoryWav();
    const reg = createDefaultAudioDeviceRegistry({ wav: io });
    const h = await reg.open('headless:play=tone:1000;record=/far.wav', ctx);
    expect(h).toBeInstanceOf(HeadlessHandset);
    const f = newFrame();
    expect(h.readFrame(f)).toBe(true);
    expect(toneRatio(capture(h, 10), 16000, 1000)).toBeGreaterThan(0.9);
    h.writeFrame(newFrame().fill(3));
    await h.close();
    expect(written.get('/far.wav')).toMatchObject({ closed: true });
    expect(written.get('/far.wav')!.frames[0]![0]).toBe(3);

    const silent = await reg.open('headless:', ctx);
    expect(silent.readFrame(f)).toBe(false);
    silent.writeFrame(f);
    await silent.close();
  });

  const dir = mkdtempSync(join(tmpdir(), 'sayhi-devices-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records to a real WAV file with the default registry', async () => {
    const reg = createDefaultAudioDeviceRegistry();
    const path = join(dir, 'rec.wav');
    const rec = await reg.open(`record:${path}`, ctx);
    const tone = new ToneAudioDevice(800);
    const f = newFrame();
    for (let i = 0; i < 25; i++) {
      tone.readFrame(f);
      rec.writeFrame(f);
    }
    await rec.close();
    const back = readWav(path);
    expect(back.sampleRate).toBe(16000);
    expect(back.samples.length).toBe(25 * FRAME_SAMPLES);
    expect(toneRatio(back.samples, 16000, 800)).toBeGreaterThan(0.95);
    const player = await reg.open(`wav:${path}`, ctx);
    expect(player.readFrame(f)).toBe(true);
    expect(toneRatio(capture(player, 10), 16000, 800)).toBeGreaterThan(0.9);
  });

  it('an empty registry knows nothing', async () => {
    await expect(new AudioDeviceRegistry().open('null', ctx)).rejects.toThrow(/no audio device "null"/);
  });
});
