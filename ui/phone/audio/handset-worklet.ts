/**
 * The browser half of the phone's handset, in the audio thread (AudioWorklet):
 *  - microphone: the context's rate (48 or 44.1 kHz) down to 16 kHz, cut into
 *    20 ms frames of 320 16-bit samples, posted to the page, which sends them
 *    over the WebSocket (src/web/face-protocol.ts);
 *  - earpiece: 16 kHz frames from the page, up to the context's rate, into a
 *    playout buffer that starts playing once it holds `targetMs` (absorbing the
 *    network's and the server clock's jitter), plays silence on an underrun
 *    and buffers again, and drops the oldest audio when it holds more than
 *    `maxMs` (the phone's clock running faster than the sound card's).
 *
 * Messages from the page: {type:'play', pcm: Int16Array}, {type:'config', targetMs, maxMs}.
 * To the page: {type:'mic', pcm: Int16Array, level}, {type:'stats', ...} every second.
 */
import { Resampler } from './resampler.js';

// AudioWorkletGlobalScope (not in TypeScript's DOM library)
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const FRAME = 320;
const PHONE_RATE = 16_000;

class HandsetProcessor extends AudioWorkletProcessor {
  private readonly down = new Resampler(sampleRate, PHONE_RATE);
  private readonly up = new Resampler(PHONE_RATE, sampleRate);
  private mic = new Int16Array(FRAME);
  private micFill = 0;
  private micEnergy = 0;
  /** Playout ring at the context rate: 1 s. */
  private readonly ring = new Float32Array(Math.ceil(sampleRate));
  private readHead = 0;
  private queued = 0;
  private playing = false;
  private targetSamples = Math.round(sampleRate * 0.06);
  private maxSamples = Math.round(sampleRate * 0.2);
  private readonly scratch = new Float32Array(FRAME);
  private underruns = 0;
  private dropped = 0;
  private framesIn = 0;
  private blocks = 0;

  constructor() {
    super();
    this.port.onmessage = (ev: MessageEvent) => {
      const m = ev.data as { type: string; pcm?: Int16Array; targetMs?: number; maxMs?: number };
      if (m.type === 'play' && m.pcm) this.play(m.pcm);
      else if (m.type === 'config') {
        if (m.targetMs) this.targetSamples = Math.round((sampleRate * m.targetMs) / 1000);
        if (m.maxMs) this.maxSamples = Math.round((sampleRate * m.maxMs) / 1000);
      }
    };
  }

  private play(pcm: Int16Array): void {
    this.framesIn++;
    for (let i = 0; i < pcm.length && i < FRAME; i++) this.scratch[i] = pcm[i]! / 32768;
    this.up.process(this.scratch.subarray(0, Math.min(FRAME, pcm.length)), (s) => this.push(s));
    if (this.queued > this.maxSamples) {
      const drop = this.queued - this.targetSamples;
      this.readHead = (this.readHead + drop) % this.ring.length;
      this.queued -= drop;
      this.dropped += drop;
    }
  }

  private push(s: number): void {
    if (this.queued === this.ring.length) return;
    this.ring[(this.readHead + this.queued) % this.ring.length] = s;
    this.queued++;
  }

  private pushMic(s: number): void {
    const v = Math.max(-1, Math.min(1, s));
    this.micEnergy += v * v;
    this.mic[this.micFill++] = Math.round(v * 32767);
    if (this.micFill === FRAME) {
      const level = Math.sqrt(this.micEnergy / FRAME);
      this.port.postMessage({ type: 'mic', pcm: this.mic, level }, [this.mic.buffer]);
      this.mic = new Int16Array(FRAME);
      this.micFill = 0;
      this.micEnergy = 0;
    }
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0]?.[0];
    if (input && input.length > 0) this.down.process(input, (s) => this.pushMic(s));
    const out = outputs[0];
    const first = out?.[0];
    if (first) {
      if (!this.playing && this.queued >= this.targetSamples) this.playing = true;
      for (let i = 0; i < first.length; i++) {
        if (this.playing && this.queued > 0) {
          first[i] = this.ring[this.readHead]!;
          this.readHead = (this.readHead + 1) % this.ring.length;
          this.queued--;
        } else {
          if (this.playing) {
            this.playing = false;
            this.underruns++;
          }
          first[i] = 0;
        }
      }
      for (let c = 1; c < out.length; c++) out[c]!.set(first);
    }
    if (++this.blocks % Math.round(sampleRate / 128) === 0) {
      this.port.postMessage({
        type: 'stats',
        queuedMs: (this.queued * 1000) / sampleRate,
        underruns: this.underruns,
        droppedMs: (this.dropped * 1000) / sampleRate,
        framesIn: this.framesIn,
        sampleRate,
      });
    }
    return true;
  }
}

registerProcessor('sayhi-handset', HandsetProcessor);
