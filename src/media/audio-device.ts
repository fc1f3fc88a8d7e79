import type { Clock } from '../base/index.js';

/**
 * The audio-device plug-in boundary: the phone's "handset". A device is passive
 * (pjmedia port style): the media clock pulls a captured frame from it and pushes
 * a frame to be played, once per 20 ms. Frames are in the format of audio-format.ts.
 */
export interface AudioDevice {
  readonly name: string;
  /**
   * Fill `frame` with the next 20 ms of captured audio (the microphone).
   * Returns false when the device has nothing (the caller sends silence / CN).
   */
  readFrame(frame: Int16Array): boolean;
  /** Play 20 ms of received audio (the earpiece / speaker). */
  writeFrame(frame: Int16Array): void;
  close(): void | Promise<void>;
}

/** What a device factory gets when it opens a device. */
export interface AudioDeviceContext {
  clock: Clock;
}

export interface AudioDeviceFactory {
  /** Registry key, e.g. 'null', 'tone', 'wav', 'browser'. */
  readonly kind: string;
  open(spec: string, ctx: AudioDeviceContext): AudioDevice | Promise<AudioDevice>;
}
