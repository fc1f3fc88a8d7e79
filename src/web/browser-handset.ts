import type { AudioDevice } from '../media/index.js';
import {
  FACE_AUDIO_FRAME_BYTES,
  FACE_AUDIO_FRAME_SAMPLES,
  FACE_HEADER_BYTES,
  FACE_KIND_AUDIO,
} from './face-protocol.js';
import { PcmFrameQueue, type PcmFrameQueueStats } from './pcm-frame-queue.js';

/** A browser that hears the phone: gets each 20 ms frame as one binary WebSocket message. */
export interface BrowserAudioListener {
  sendAudio(message: Buffer): void;
}

export interface BrowserHandsetStats extends PcmFrameQueueStats {
  listeners: number;
  /** Frames the phone played to the browsers. */
  framesSent: number;
  /** Microphone frames refused: not from the owner, or the wrong size. */
  refused: number;
}

/**
 * The browser audio device (STYLE.md §7: "the browser audio device [the web
 * layer] registers into media"): the phone's handset while a person has the
 * /phone page open with audio on. Passive, as every device: the phone's media
 * clock calls readFrame/writeFrame once per 20 ms frame.
 *
 * - Earpiece (writeFrame): each frame goes to every browser listening (several
 *   may watch one phone) as a FACE_KIND_AUDIO message.
 * - Microphone (readFrame): the frames of one browser, the owner (the newest to
 *   turn audio on: two microphones into one handset would only echo), through a
 *   PcmFrameQueue that absorbs WebSocket bursts; silence when it has nothing.
 */
export class BrowserHandset implements AudioDevice {
  readonly name = 'browser';
  private readonly listeners = new Set<BrowserAudioListener>();
  private owner: BrowserAudioListener | undefined;
  private readonly microphone: PcmFrameQueue;
  private sequence = 0;
  private framesSent = 0;
  private refused = 0;

  constructor(opts: { prefetchFrames?: number; maxFrames?: number } = {}) {
    this.microphone = new PcmFrameQueue({ frameSamples: FACE_AUDIO_FRAME_SAMPLES, ...opts });
  }

  /** Browsers listening now. */
  get listenerCount(): number {
    return this.listeners.size;
  }

  isOwner(listener: BrowserAudioListener): boolean {
    return this.owner === listener;
  }

  isListening(listener: BrowserAudioListener): boolean {
    return this.listeners.has(listener);
  }

  /** A browser turned audio on: it hears the phone and its microphone becomes the handset's. */
  addListener(listener: BrowserAudioListener): void {
    this.listeners.add(listener);
    if (this.owner !== listener) {
      this.owner = listener;
      this.microphone.reset();
    }
  }

  /** A browser turned audio off or left; the microphone passes to the newest remaining one. */
  removeListener(listener: BrowserAudioListener): void {
    this.listeners.delete(listener);
    if (this.owner === listener) {
      this.owner = [...this.listeners].pop();
      this.microphone.reset();
    }
  }

  /** A FACE_KIND_AUDIO message from a browser (header + 640 bytes); frames of others than the owner are dropped. */
  putMicrophone(from: BrowserAudioListener, message: Uint8Array): boolean {
    if (from !== this.owner || message.length !== FACE_HEADER_BYTES + FACE_AUDIO_FRAME_BYTES) {
      this.refused++;
      return false;
    }
    this.microphone.putLittleEndian(message, FACE_HEADER_BYTES);
    return true;
  }

  readFrame(frame: Int16Array): boolean {
    return this.microphone.read(frame) === 'frame';
  }

  writeFrame(frame: Int16Array): void {
    if (this.listeners.size === 0) return;
    // One message for all listeners. A new Buffer per frame: ws keeps a reference
    // to what it was given until the socket has written it, so a reused buffer
    // could be overwritten while a slow browser's send is still queued.
    const message = Buffer.allocUnsafe(FACE_HEADER_BYTES + frame.length * 2);
    message.writeUInt8(FACE_KIND_AUDIO, 0);
    message.writeUInt8(0, 1);
    message.writeUInt16BE(0, 2);
    message.writeUInt32BE(this.sequence, 4);
    this.sequence = (this.sequence + 1) >>> 0;
    for (let i = 0; i < frame.length; i++) message.writeInt16LE(frame[i]!, FACE_HEADER_BYTES + i * 2);
    for (const l of this.listeners) l.sendAudio(message);
    this.framesSent++;
  }

  stats(): BrowserHandsetStats {
    return { ...this.microphone.stats(), listeners: this.listeners.size, framesSent: this.framesSent, refused: this.refused };
  }

  /** The phone stopped: the browsers stay connected to the page, they only stop hearing. */
  close(): void {
    this.listeners.clear();
    this.owner = undefined;
    this.microphone.reset();
  }
}
