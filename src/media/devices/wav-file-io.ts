/**
 * What the WAV devices need from a WAV reader/writer, as an interface so the
 * devices can be tested in memory; `fileWavIo` is the real one (wav.ts).
 */
import { readWav, WavWriter, type WavAudio } from '../wav.js';

export interface WavFrameWriter {
  write(frame: Int16Array): void;
  close(): void | Promise<void>;
}

export interface WavFileIo {
  read(path: string): WavAudio | Promise<WavAudio>;
  createWriter(path: string, sampleRate: number): WavFrameWriter | Promise<WavFrameWriter>;
}

/** WAV files on disk. */
export const fileWavIo: WavFileIo = {
  read: (path) => readWav(path),
  createWriter: (path, sampleRate) => new WavWriter(path, sampleRate),
};
