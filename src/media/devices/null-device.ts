/**
 * The null audio device: captures silence and discards what it is given to
 * play. The default for farm phones and for calls nobody listens to.
 */
import type { AudioDevice, AudioDeviceFactory } from '../audio-device.js';

export class NullAudioDevice implements AudioDevice {
  readonly name = 'null';

  readFrame(frame: Int16Array): boolean {
    frame.fill(0);
    return false;
  }

  writeFrame(_frame: Int16Array): void {}

  close(): void {}
}

export const nullDeviceFactory: AudioDeviceFactory = {
  kind: 'null',
  open: () => new NullAudioDevice(),
};
