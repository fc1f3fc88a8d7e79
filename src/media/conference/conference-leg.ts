/**
 * One remote party of a conference, as the AudioDevice its MediaStream sees
 * (pjmedia's conference-port idea): what the stream "plays" is the party's
 * received audio, deposited here for the bridge to mix; what the stream
 * "captures" is the mix for that party (everyone but itself), computed by the
 * bridge when asked.
 */
import type { AudioDevice } from '../audio-device.js';
import { newFrame } from '../audio-format.js';
import type { MediaDirection } from '../media-description.js';

/** What the bridge needs of a call's stream; MediaStream has it. */
export interface ConferenceLegStream {
  /** The device the stream plays to and captures from now. */
  readonly device: AudioDevice;
  setDevice(device: AudioDevice): void;
  readonly description: { readonly direction: MediaDirection };
}

/** The bridge side of a leg: asked for the leg's mix. */
export interface LegMixer {
  mixFor(leg: ConferenceLeg, out: Int16Array): boolean;
}

/** Bridge ticks after which a leg that wrote nothing is taken as silent. */
export const STALE_AFTER_TICKS = 1;

export class ConferenceLeg implements AudioDevice {
  readonly name: string;
  /** The party's latest received frame (16 kHz). */
  readonly received = newFrame();
  /** Bridge ticks since `received` was written; Infinity before the first frame. */
  age = Infinity;

  constructor(
    private readonly mixer: LegMixer,
    readonly stream: ConferenceLegStream,
    /** The stream's device before it joined, given back when it leaves. */
    readonly previous: AudioDevice,
    index: number,
  ) {
    this.name = `conference-leg:${index}`;
  }

  /** Fresh enough to mix: written this tick or the one before (stream order). */
  get fresh(): boolean {
    return this.age <= STALE_AFTER_TICKS;
  }

  /**
   * Held by us (RFC 3264 §8.4: we offered sendonly or inactive): nothing of
   * theirs goes into the mix and they get silence from the conference.
   */
  get held(): boolean {
    const d = this.stream.description.direction;
    return d === 'sendonly' || d === 'inactive';
  }

  writeFrame(frame: Int16Array): void {
    this.received.set(frame);
    this.age = 0;
  }

  readFrame(frame: Int16Array): boolean {
    return this.mixer.mixFor(this, frame);
  }

  close(): void {}
}
