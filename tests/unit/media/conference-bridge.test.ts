/**
 * The 3-way conference bridge with stand-in call streams on one media clock
 * (each stand-in plays its party's tone into its leg as "received audio" and
 * records what its leg gives it to send). Proves, by Goertzel content:
 *  - mix-minus: the handset (440 Hz) and parties B (700 Hz) and C (1100 Hz)
 *    each hear the other two and not themselves;
 *  - silence in, silence out (exact zeros), and a leg with nothing to mix says so;
 *  - loud sums never wrap: soft limiter and hard clip stay in range with the right sign;
 *  - removing a leg mid-call takes its voice out of everyone's mix and gives
 *    its stream the device it had (or a null device while the bridge still
 *    holds the handset); close() hands the handset back once;
 *  - a held leg (sendonly/inactive) is out of the mix and gets silence;
 *  - a leg whose stream stops writing drops out instead of repeating;
 *  - latency: handset → party and party 1 → party 2 in the same tick,
 *    party 2 → party 1 one tick later (the one unavoidable frame);
 *  - the limits (full, already in, closed) are values, not throws.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  ConferenceBridge,
  FRAME_SAMPLES,
  MediaClock,
  NullAudioDevice,
  ToneAudioDevice,
  mixFrames,
  newFrame,
  toneRatio,
  type AudioDevice,
  type ConferenceLegStream,
  type MediaDirection,
} from '../../../src/media/index.js';

/** A handset: plays `source` into the conference, records what it hears. */
class Handset implements AudioDevice {
  readonly name = 'handset';
  readonly heard: Int16Array[] = [];
  constructor(private readonly source: AudioDevice | undefined) {}
  readFrame(frame: Int16Array): boolean {
    if (!this.source) return false;
    return this.source.readFrame(frame);
  }
  writeFrame(frame: Int16Array): void {
    this.heard.push(frame.slice());
  }
  close(): void {}
}

/**
 * Stands in for a call's MediaStream: each tick it writes the party's audio
 * to its device (what the stream would play) and records what the device
 * gives back (what the stream would send the party).
 */
class StandInStream implements ConferenceLegStream {
  device: AudioDevice;
  description: { direction: MediaDirection } = { direction: 'sendrecv' };
  readonly sent: Int16Array[] = [];
  readonly readResults: boolean[] = [];
  running = true;
  private readonly rx = newFrame();
  private readonly tx = newFrame();
  constructor(
    mediaClock: MediaClock,
    private readonly party: (frame: Int16Array, tick: number) => void,
    initial: AudioDevice = new NullAudioDevice(),
  ) {
    this.device = initial;
    mediaClock.add((tick) => {
      if (!this.running) return;
      this.party(this.rx, tick);
      this.device.writeFrame(this.rx);
      this.readResults.push(this.device.readFrame(this.tx));
      this.sent.push(this.tx.slice());
    });
  }
  setDevice(d: AudioDevice): void {
    this.device = d;
  }
}

const tone = (hz: number) => {
  const dev = new ToneAudioDevice(hz);
  return (f: Int16Array) => void dev.readFrame(f);
};
const silence = (f: Int16Array) => f.fill(0);

function lastMs(frames: Int16Array[], ms: number): Int16Array {
  const take = frames.slice(-ms / 20);
  const out = new Int16Array(take.length * FRAME_SAMPLES);
  take.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
  return out;
}

function setup(opts: { local?: number; b?: number; c?: number } = {}) {
  const clock = new VirtualClock();
  const mediaClock = new MediaClock({ clock });
  const handset = new Handset(opts.local === undefined ? undefined : new ToneAudioDevice(opts.local));
  const b = new StandInStream(mediaClock, opts.b === undefined ? silence : tone(opts.b), handset);
  const c = new StandInStream(mediaClock, opts.c === undefined ? silence : tone(opts.c), handset);
  const bridge = new ConferenceBridge({ mediaClock, localDevice: handset });
  expect(bridge.addLeg(b).ok).toBe(true);
  expect(bridge.addLeg(c).ok).toBe(true);
  return { clock, mediaClock, handset, b, c, bridge };
}

describe('ConferenceBridge mix-minus', () => {
  it('lets each of three parties hear the other two and not itself', () => {
    const { clock, handset, b, c, bridge } = setup({ local: 440, b: 700, c: 1100 });
    clock.advance(1000);
    const atA = lastMs(handset.heard, 800);
    const atB = lastMs(b.sent, 800);
    const atC = lastMs(c.sent, 800);
    // Two equal tones: each holds about half the energy.
    expect(toneRatio(atA, 16000, 700)).toBeGreaterThan(0.4);
    expect(toneRatio(atA, 16000, 1100)).toBeGreaterThan(0.4);
    expect(toneRatio(atA, 16000, 440)).toBeLessThan(0.01);
    expect(toneRatio(atB, 16000, 440)).toBeGreaterThan(0.4);
    expect(toneRatio(atB, 16000, 1100)).toBeGreaterThan(0.4);
    expect(toneRatio(atB, 16000, 700)).toBeLessThan(0.01);
    expect(toneRatio(atC, 16000, 440)).toBeGreaterThan(0.4);
    expect(toneRatio(atC, 16000, 700)).toBeGreaterThan(0.4);
    expect(toneRatio(atC, 16000, 1100)).toBeLessThan(0.01);
    const s = bridge.stats();
    expect(s.legs).toBe(2);
    expect(s.activeLegs).toBe(2);
    expect(s.ticks).toBe(50);
    // -10 dBFS tones: two of them peak at 0.63 of full scale, under the limiter's knee.
    expect(s.limitedSamples).toBe(0);
  });

  it('passes silence as exact zeros and reports an empty mix', () => {
    const { clock, handset, b, c } = setup({ c: 1100 });
    clock.advance(400);
    // B hears the silent handset and silent... C's tone.
    expect(toneRatio(lastMs(b.sent, 300), 16000, 1100)).toBeGreaterThan(0.95);
    // C hears only silence (handset captures nothing, B is silent): zeros.
    expect(lastMs(c.sent, 300).every((v) => v === 0)).toBe(true);
    expect(toneRatio(lastMs(handset.heard, 300), 16000, 1100)).toBeGreaterThan(0.95);
  });

  it('returns false from a leg when there is nothing at all to mix', () => {
    const clock = new VirtualClock();
    const mediaClock = new MediaClock({ clock });
    const b = new StandInStream(mediaClock, silence);
    const bridge = new ConferenceBridge({ mediaClock });
    bridge.addLeg(b);
    clock.advance(100);
    expect(b.readResults.every((r) => r === false)).toBe(true);
    expect(b.sent.at(-1)!.every((v) => v === 0)).toBe(true);
  });

  it('never wraps around on loud sums (32-bit accumulate, then limit)', () => {
    const acc = new Int32Array(FRAME_SAMPLES);
    const loud = new Int16Array(FRAME_SAMPLES).fill(30000);
    const quiet = new Int16Array(FRAME_SAMPLES).fill(-30000);
    const out = newFrame();
    expect(mixFrames(out, [loud, loud, loud], 3, acc, 'clip')).toBe(FRAME_SAMPLES);
    expect(out.every((v) => v === 32767)).toBe(true);
    mixFrames(out, [quiet, quiet], 2, acc, 'clip');
    expect(out.every((v) => v === -32768)).toBe(true);
    mixFrames(out, [loud, loud], 2, acc, 'soft');
    expect(out[0]).toBeGreaterThan(30000);
    expect(out[0]).toBeLessThanOrEqual(32767);
    mixFrames(out, [quiet, quiet, quiet], 3, acc, 'soft');
    expect(out[0]).toBeLessThan(-30000);
    expect(out[0]).toBeGreaterThanOrEqual(-32767);
    // Below the knee the soft limiter is exactly a sum.
    const a = new Int16Array(FRAME_SAMPLES).fill(12000);
    const b = new Int16Array(FRAME_SAMPLES).fill(-5000);
    expect(mixFrames(out, [a, a, b], 3, acc, 'soft')).toBe(0);
    expect(out[5]).toBe(19000);
    // The soft curve rises monotonically: louder in, never quieter out.
    let prev = -Infinity;
    for (let v = 20000; v <= 98000; v += 1000) {
      const x = new Int16Array(FRAME_SAMPLES).fill(Math.min(32767, v / 3));
      mixFrames(out, [x, x, x], 3, acc, 'soft');
      expect(out[0]!).toBeGreaterThanOrEqual(prev);
      prev = out[0]!;
    }
  });

  it('limits full-scale talkers in the bridge without sign flips', () => {
    const clock = new VirtualClock();
    const mediaClock = new MediaClock({ clock });
    const dc = (f: Int16Array) => f.fill(32000);
    const handset = new Handset({ name: 'dc', readFrame: (f) => (f.fill(32000), true), writeFrame: () => {}, close: () => {} });
    const b = new StandInStream(mediaClock, dc);
    const c = new StandInStream(mediaClock, dc);
    const bridge = new ConferenceBridge({ mediaClock, localDevice: handset });
    bridge.addLeg(b);
    bridge.addLeg(c);
    clock.advance(200);
    for (const frame of [b.sent.at(-1)!, c.sent.at(-1)!, handset.heard.at(-1)!]) {
      expect(frame.every((v) => v > 30000 && v <= 32767)).toBe(true);
    }
    expect(bridge.stats().limitedSamples).toBeGreaterThan(0);
  });
});

describe('ConferenceBridge legs', () => {
  it('takes a removed leg out of the mix mid-call and gives back its device', () => {
    const { clock, handset, b, c, bridge } = setup({ local: 440, b: 700, c: 1100 });
    clock.advance(500);
    // C leaves while B stays: C had the handset, which the bridge still drives.
    expect(bridge.removeLeg(c)).toBe(true);
    expect(c.device).toBeInstanceOf(NullAudioDevice);
    expect(bridge.removeLeg(c)).toBe(false);
    clock.advance(500);
    expect(toneRatio(lastMs(b.sent, 400), 16000, 440)).toBeGreaterThan(0.95);
    expect(toneRatio(lastMs(b.sent, 400), 16000, 1100)).toBeLessThan(0.01);
    expect(toneRatio(lastMs(handset.heard, 400), 16000, 700)).toBeGreaterThan(0.95);
    // The last leg out gets the handset back; the bridge leaves the clock.
    expect(bridge.removeLeg(b)).toBe(true);
    expect(b.device).toBe(handset);
    expect(bridge.legCount).toBe(0);
  });

  it('gives an explicit device when asked, and on close hands the handset to one leg only', () => {
    const { b, c, bridge, handset } = setup({ local: 440 });
    const other = new NullAudioDevice();
    const d = setup({ local: 440 });
    expect(d.bridge.removeLeg(d.c, other)).toBe(true);
    expect(d.c.device).toBe(other);
    bridge.close();
    expect(b.device).toBe(handset);
    expect(c.device).toBeInstanceOf(NullAudioDevice);
    expect(bridge.addLeg(b)).toEqual({ ok: false, reason: 'closed' });
  });

  it('refuses a third remote party and the same stream twice', () => {
    const { mediaClock, b, bridge } = setup();
    const extra = new StandInStream(mediaClock, silence);
    expect(bridge.addLeg(extra)).toEqual({ ok: false, reason: 'full' });
    expect(bridge.addLeg(b)).toEqual({ ok: false, reason: 'already-in' });
    const big = new ConferenceBridge({ mediaClock, maxLegs: 3 });
    expect(big.addLeg(extra).ok).toBe(true);
  });

  it('leaves a held leg out of the mix and sends it silence', () => {
    const { clock, handset, b, c } = setup({ local: 440, b: 700, c: 1100 });
    clock.advance(300);
    c.description = { direction: 'sendonly' };
    clock.advance(500);
    expect(toneRatio(lastMs(b.sent, 400), 16000, 1100)).toBeLessThan(0.01);
    expect(toneRatio(lastMs(handset.heard, 400), 16000, 1100)).toBeLessThan(0.01);
    expect(lastMs(c.sent, 400).every((v) => v === 0)).toBe(true);
    expect(c.readResults.at(-1)).toBe(false);
    c.description = { direction: 'inactive' };
    clock.advance(100);
    expect(lastMs(c.sent, 100).every((v) => v === 0)).toBe(true);
    c.description = { direction: 'sendrecv' };
    clock.advance(400);
    expect(toneRatio(lastMs(b.sent, 300), 16000, 1100)).toBeGreaterThan(0.4);
  });

  it('drops a leg whose stream stopped writing instead of repeating its last frame', () => {
    const { clock, handset, b, c } = setup({ b: 700, c: 1100 });
    clock.advance(300);
    c.running = false;
    clock.advance(300);
    // Two ticks at most carry C's last frame, then it is gone.
    expect(toneRatio(lastMs(handset.heard, 200), 16000, 1100)).toBeLessThan(0.01);
    expect(toneRatio(lastMs(b.sent, 200), 16000, 1100)).toBeLessThan(0.01);
  });
});

describe('ConferenceBridge latency', () => {
  it('adds no delay handset → parties and B → C, one frame C → B', () => {
    const clock = new VirtualClock();
    const mediaClock = new MediaClock({ clock });
    // Impulses: the handset at tick 10, B at tick 20, C at tick 30 (a sample of 1000 at index 0).
    const impulseAt = (t: number) => (f: Int16Array, tick: number) => {
      f.fill(0);
      if (tick === t) f[0] = 1000;
    };
    let localTick = 0;
    const handsetSource: AudioDevice = {
      name: 'impulse',
      readFrame: (f) => {
        localTick++;
        f.fill(0);
        if (localTick === 10) f[0] = 1000;
        return true;
      },
      writeFrame: () => {},
      close: () => {},
    };
    const handset = new Handset(handsetSource);
    const b = new StandInStream(mediaClock, impulseAt(20));
    const c = new StandInStream(mediaClock, impulseAt(30));
    const bridge = new ConferenceBridge({ mediaClock, localDevice: handset });
    bridge.addLeg(b);
    bridge.addLeg(c);
    clock.advance(1000);
    const tickOf = (frames: Int16Array[]) => frames.findIndex((f) => f[0] === 1000) + 1;
    // The handset is read once per tick, first by B's leg: its impulse is the 10th capture.
    expect(tickOf(b.sent)).toBe(10);
    expect(tickOf(c.sent.map((f, i) => (i < 15 ? f : newFrame())))).toBe(10);
    // B's impulse (tick 20) reaches C and the handset in tick 20; C's (tick 30) reaches B in tick 31.
    expect(tickOf(c.sent.map((f, i) => (i < 15 ? newFrame() : f)))).toBe(20);
    expect(tickOf(handset.heard.map((f, i) => (i < 15 ? newFrame() : f)))).toBe(20);
    expect(tickOf(b.sent.map((f, i) => (i < 15 ? newFrame() : f)))).toBe(31);
    expect(tickOf(handset.heard.map((f, i) => (i < 25 ? newFrame() : f)))).toBe(30);
  });
});
