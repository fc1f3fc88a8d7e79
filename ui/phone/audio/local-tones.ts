import { ringSpec } from './ring-tones.js';

/**
 * What the phone itself sounds in the earpiece or the loudspeaker and does not
 * send over RTP: the ring of a call coming in, and the dial and ringback tones
 * the device model reports (src/device audio-paths.ts `ringing`, `tone`). The
 * phone streams only call audio to the browser, so the page makes these sounds
 * itself with Web Audio oscillators, on the tone plan the phone sends
 * (src/media tone-plan.ts, ITU-T E.180), the ring tone chosen (ring-tones.ts)
 * and the ring volume.
 */

export interface ToneSpecLike {
  freqs: readonly number[];
  levelDbfs: number;
  cadenceMs: readonly number[];
}

export type LocalSound = { kind: 'none' } | { kind: 'ring'; level: number; tone: string } | { kind: 'tone'; name: string; spec: ToneSpecLike };
const SCHEDULE_AHEAD_S = 3;

export class LocalTones {
  private readonly master: GainNode;
  private playing: { key: string; nodes: AudioScheduledSourceNode[]; gate: GainNode; timer: number } | undefined;

  constructor(
    private readonly ctx: AudioContext,
    out: AudioNode,
  ) {
    this.master = ctx.createGain();
    this.master.connect(out);
  }

  /** Play `sound` (nothing changes while it is the one playing). */
  set(sound: LocalSound): void {
    const key = sound.kind === 'none' ? 'none' : sound.kind === 'ring' ? `ring:${sound.tone}` : `tone:${sound.name}`;
    if (sound.kind === 'ring') this.master.gain.setTargetAtTime(0.22 * 10 ** (((sound.level - 5) * 3) / 20), this.ctx.currentTime, 0.02);
    if (this.playing?.key === key || (key === 'none' && !this.playing)) return;
    this.stop();
    if (sound.kind === 'ring') {
      const ring = ringSpec(sound.tone);
      // summed frequencies share the level a trill gives one at a time
      this.start(key, [...ring.freqs], ring.trillHz ? 1 : 1 / ring.freqs.length, [...ring.cadenceMs], ring.trillHz);
    }
    else if (sound.kind === 'tone') {
      this.master.gain.setTargetAtTime(1, this.ctx.currentTime, 0.02);
      this.start(key, [...sound.spec.freqs], 10 ** (sound.spec.levelDbfs / 20), [...sound.spec.cadenceMs]);
    }
  }

  stop(): void {
    const p = this.playing;
    if (!p) return;
    this.playing = undefined;
    window.clearInterval(p.timer);
    const t = this.ctx.currentTime;
    p.gate.gain.cancelScheduledValues(t);
    p.gate.gain.setTargetAtTime(0, t, 0.005);
    for (const n of p.nodes) n.stop(t + 0.05);
  }

  /**
   * Oscillators at `freqs` (each at `amplitude`) through a gate that follows the
   * cadence (on, off, ...; empty = continuous); `trillHz` alternates the two
   * frequencies instead of summing them.
   */
  private start(key: string, freqs: number[], amplitude: number, cadenceMs: number[], trillHz?: number): void {
    const ctx = this.ctx;
    const gate = ctx.createGain();
    gate.gain.value = 0;
    gate.connect(this.master);
    const nodes: AudioScheduledSourceNode[] = [];
    freqs.forEach((f, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = f;
      const g = ctx.createGain();
      g.gain.value = trillHz ? 0 : amplitude;
      if (trillHz) {
        // a square LFO opens one oscillator and closes the other
        const lfo = ctx.createOscillator();
        lfo.type = 'square';
        lfo.frequency.value = trillHz;
        const depth = ctx.createGain();
        depth.gain.value = (i === 0 ? 0.5 : -0.5) * amplitude;
        const bias = ctx.createConstantSource();
        bias.offset.value = 0.5 * amplitude;
        lfo.connect(depth).connect(g.gain);
        bias.connect(g.gain);
        lfo.start();
        bias.start();
        nodes.push(lfo, bias);
      }
      osc.connect(g).connect(gate);
      osc.start();
      nodes.push(osc);
    });
    const ramp = 0.004; // 4 ms edges: no clicks
    let at = ctx.currentTime + 0.02;
    let step = 0;
    const schedule = () => {
      if (cadenceMs.length === 0) {
        gate.gain.setTargetAtTime(1, at, ramp);
        at = Number.POSITIVE_INFINITY;
        return;
      }
      while (at < ctx.currentTime + SCHEDULE_AHEAD_S) {
        const on = step % 2 === 0;
        gate.gain.setTargetAtTime(on ? 1 : 0, at, ramp);
        at += cadenceMs[step % cadenceMs.length]! / 1000;
        step++;
      }
    };
    schedule();
    this.playing = { key, nodes, gate, timer: window.setInterval(schedule, 1000) };
  }
}
