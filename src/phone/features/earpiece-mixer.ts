import type { AudioDevice } from '../../media/index.js';

/** A sound played into the earpiece on top of the call (a call-progress tone generator fits). */
export interface EarpieceSource {
  /** Fill `out` with the next frame (same length as the call's frames). */
  nextFrame(out: Int16Array): void;
}

/** What features use to play into the earpiece (call-waiting tone, hold beep...). */
export interface EarpieceTones {
  /** Mix `source` into what the handset hears until `remove()`. */
  add(source: EarpieceSource): { remove(): void };
  /** Sources playing now. */
  readonly playing: number;
}

/**
 * The handset as the calls see it: the phone's device with local tones mixed
 * into the earpiece. A call-waiting tone is heard over the active call's audio,
 * as on a desk phone (ITU-T E.180 §2.7: the tone goes to the busy subscriber
 * only, never to the far end), so it is added on the way to the device, not
 * into the RTP stream. The microphone passes through untouched.
 */
export class EarpieceMixer implements AudioDevice, EarpieceTones {
  readonly name: string;
  private readonly sources: EarpieceSource[] = [];
  private scratch = new Int16Array(0);
  private mixed = new Int16Array(0);

  constructor(private readonly inner: AudioDevice) {
    this.name = inner.name;
  }

  get playing(): number {
    return this.sources.length;
  }

  add(source: EarpieceSource): { remove(): void } {
    this.sources.push(source);
    return {
      remove: () => {
        const i = this.sources.indexOf(source);
        if (i >= 0) this.sources.splice(i, 1);
      },
    };
  }

  readFrame(frame: Int16Array): boolean {
    return this.inner.readFrame(frame);
  }

  writeFrame(frame: Int16Array): void {
    if (this.sources.length === 0) {
      this.inner.writeFrame(frame);
      return;
    }
    // the stream reuses its frame: mix into our own buffers (allocated once per frame size)
    if (this.mixed.length !== frame.length) {
      this.mixed = new Int16Array(frame.length);
      this.scratch = new Int16Array(frame.length);
    }
    const out = this.mixed;
    out.set(frame);
    for (const source of this.sources) {
      source.nextFrame(this.scratch);
      for (let i = 0; i < out.length; i++) {
        const v = out[i]! + this.scratch[i]!;
        out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
      }
    }
    this.inner.writeFrame(out);
  }

  close(): void | Promise<void> {
    return this.inner.close();
  }
}
