/**
 * A WAV file as the earpiece: `record:<path>` writes everything the device is
 * given to play (the far end's audio) as 16 kHz mono, and captures silence.
 */
import { SayhiError } from '../../base/index.js';
import { AUDIO_RATE } from '../audio-format.js';
import type { AudioDevice, AudioDeviceFactory } from '../audio-device.js';
import type { WavFileIo, WavFrameWriter } from './wav-file-io.js';

export class WavRecorderDevice implements AudioDevice {
  readonly name: string;
  private closed = false;
  private frames = 0;

  constructor(
    private readonly writer: WavFrameWriter,
    name = 'record',
  ) {
    this.name = name;
  }

  /** Frames written so far. */
  get framesRecorded(): number {
    return this.frames;
  }

  readFrame(frame: Int16Array): boolean {
    frame.fill(0);
    return false;
  }

  writeFrame(frame: Int16Array): void {
    if (this.closed) return;
    this.writer.write(frame);
    this.frames++;
  }

  close(): void | Promise<void> {
    if (this.closed) return;
    this.closed = true;
    return this.writer.close();
  }
}

export function wavRecorderFactory(io: WavFileIo): AudioDeviceFactory {
  return {
    kind: 'record',
    open: async (spec) => {
      const path = spec.trim();
      if (!path) throw new SayhiError('MEDIA_DEVICE_SPEC', 'record device needs a file path');
      return new WavRecorderDevice(await io.createWriter(path, AUDIO_RATE), `record:${path}`);
    },
  };
}
