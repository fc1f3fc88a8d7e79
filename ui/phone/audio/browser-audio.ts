/// <reference types="vite/client" />
import workletUrl from './handset-worklet.ts?worker&url';
import { LocalTones, type LocalSound } from './local-tones.js';

export interface AudioStats {
  /** Audio waiting in the playout buffer. */
  queuedMs: number;
  underruns: number;
  droppedMs: number;
  framesIn: number;
  sampleRate: number;
}

export interface BrowserAudioOptions {
  /** getUserMedia's echoCancellation constraint (Media Capture and Streams §4.3.8). */
  echoCancellation: boolean;
  /** Each microphone frame: 320 samples of 16 kHz PCM and its RMS level (0..1). */
  onMicrophone(pcm: Int16Array, level: number): void;
  onStats?(stats: AudioStats): void;
}

/** Playout buffer: start at 60 ms, never hold more than 200 ms. */
const PLAYOUT_TARGET_MS = 60;
const PLAYOUT_MAX_MS = 200;

/**
 * The microphone and the earpiece of the page: an AudioContext at the sound
 * card's rate with the handset worklet between the microphone and the speakers.
 * Must be started from a click (browsers' autoplay rules), and needs a secure
 * context (HTTPS or localhost) for getUserMedia and AudioWorklet.
 */
export class BrowserAudio {
  private ctx: AudioContext | undefined;
  private node: AudioWorkletNode | undefined;
  private gain: GainNode | undefined;
  private stream: MediaStream | undefined;
  private tones: LocalTones | undefined;

  get running(): boolean {
    return this.ctx !== undefined;
  }

  get sampleRate(): number | undefined {
    return this.ctx?.sampleRate;
  }

  static unavailableReason(): string | undefined {
    if (!window.isSecureContext) return 'Audio needs a secure page: open the phone over HTTPS (sayhi start --https-port) or on localhost.';
    if (!navigator.mediaDevices?.getUserMedia) return 'This browser cannot capture the microphone.';
    if (typeof AudioWorkletNode === 'undefined') return 'This browser has no AudioWorklet.';
    return undefined;
  }

  async start(opts: BrowserAudioOptions): Promise<void> {
    await this.stop();
    const ctx = new AudioContext({ latencyHint: 'interactive' });
    try {
      await ctx.audioWorklet.addModule(workletUrl);
      const stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: opts.echoCancellation, noiseSuppression: opts.echoCancellation, autoGainControl: true, channelCount: 1 },
        video: false,
      });
      const node = new AudioWorkletNode(ctx, 'sayhi-handset', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [2] });
      node.port.postMessage({ type: 'config', targetMs: PLAYOUT_TARGET_MS, maxMs: PLAYOUT_MAX_MS });
      node.port.onmessage = (ev: MessageEvent) => {
        const m = ev.data as { type: string; pcm?: Int16Array; level?: number } & Partial<AudioStats>;
        if (m.type === 'mic' && m.pcm) opts.onMicrophone(m.pcm, m.level ?? 0);
        else if (m.type === 'stats') opts.onStats?.(m as AudioStats);
      };
      const gain = ctx.createGain();
      ctx.createMediaStreamSource(stream).connect(node);
      node.connect(gain).connect(ctx.destination);
      await ctx.resume();
      this.ctx = ctx;
      this.node = node;
      this.gain = gain;
      this.stream = stream;
      this.tones = new LocalTones(ctx, ctx.destination);
    } catch (err) {
      await ctx.close().catch(() => undefined);
      throw err;
    }
  }

  /** 20 ms from the phone into the playout buffer. */
  play(pcm: Int16Array): void {
    this.node?.port.postMessage({ type: 'play', pcm }, [pcm.buffer]);
  }

  /** The phone's 9-level volume of the path in use: level 5 is 0 dB, 3 dB a step. */
  setVolumeLevel(level: number): void {
    if (!this.gain || !this.ctx) return;
    const db = (Math.max(1, Math.min(9, level)) - 5) * 3;
    this.gain.gain.setTargetAtTime(10 ** (db / 20), this.ctx.currentTime, 0.02);
  }

  /** The ring or a call-progress tone the phone makes itself (see local-tones.ts). */
  setLocalSound(sound: LocalSound): void {
    this.tones?.set(sound);
  }

  /** The output latency the browser reports plus the playout target (an estimate of earpiece delay). */
  outputLatencyMs(): number | undefined {
    if (!this.ctx) return undefined;
    const base = (this.ctx.baseLatency ?? 0) + ((this.ctx as AudioContext & { outputLatency?: number }).outputLatency ?? 0);
    return base * 1000 + PLAYOUT_TARGET_MS;
  }

  async stop(): Promise<void> {
    this.tones?.stop();
    this.tones = undefined;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.node?.disconnect();
    const ctx = this.ctx;
    this.ctx = undefined;
    this.node = undefined;
    this.gain = undefined;
    this.stream = undefined;
    await ctx?.close().catch(() => undefined);
  }
}
