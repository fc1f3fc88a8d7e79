import type { AudioStats } from './audio/browser-audio.js';

/**
 * What the page measures about itself, on `window.sayhiFace` for the browser
 * tests (and a curious person in the console): LCD frames, the time from a key
 * press to the first new frame, and the phone's audio as it arrived (the last
 * 5 s of 16 kHz samples, before the playout buffer).
 */
const KEEP_SAMPLES = 16_000 * 5;

export class FaceProbe {
  frame = -1;
  framesReceived = 0;
  /** Milliseconds from sending a key to the first LCD frame after it. */
  readonly keyToFrameMs: number[] = [];
  private pendingKey: { at: number; frame: number } | undefined;
  downlinkFrames = 0;
  uplinkFrames = 0;
  micLevel = 0;
  audio: AudioStats | undefined;
  /** The AudioContext's reported output latency plus the playout target, ms. */
  outputLatencyMs: number | undefined;
  link = 'connecting';
  /** What the page sounds by itself now: 'none', 'ring', or a tone name ('dial', 'ringback'). */
  localSound = 'none';
  /** The ring tone the page rings with while `localSound` is 'ring' (audio.ringType, or the one previewed). */
  ringTone: string | undefined;
  /** Round trips of the WebSocket (ping/pong), ms. */
  readonly pingMs: number[] = [];
  /** Drop the WebSocket as a network failure would (set by the page). */
  dropConnection: () => void = () => undefined;
  /** Times the WebSocket opened (1 + reconnects). */
  opens = 0;
  private readonly downlink = new Int16Array(KEEP_SAMPLES);
  private downlinkAt = 0;

  keySent(): void {
    this.pendingKey ??= { at: performance.now(), frame: this.frame };
  }

  lcdFrame(frame: number): void {
    this.framesReceived++;
    this.frame = frame;
    if (this.pendingKey && frame !== this.pendingKey.frame) {
      this.keyToFrameMs.push(performance.now() - this.pendingKey.at);
      this.pendingKey = undefined;
    }
  }

  audioIn(pcm: Int16Array): void {
    this.downlinkFrames++;
    for (let i = 0; i < pcm.length; i++) this.downlink[(this.downlinkAt + i) % KEEP_SAMPLES] = pcm[i]!;
    this.downlinkAt = (this.downlinkAt + pcm.length) % KEEP_SAMPLES;
  }

  /** The last `ms` of the phone's audio (16 kHz samples, oldest first). */
  downlinkSamples(ms = 1000): number[] {
    const n = Math.min(KEEP_SAMPLES, Math.round((ms * 16_000) / 1000), this.downlinkFrames * 320);
    const out: number[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.downlink[(this.downlinkAt - n + i + KEEP_SAMPLES) % KEEP_SAMPLES]!;
    return out;
  }
}

export const probe = new FaceProbe();
(window as unknown as { sayhiFace: FaceProbe }).sayhiFace = probe;
