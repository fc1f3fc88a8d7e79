/**
 * The playout jitter buffer: frames come out in timestamp order whatever the
 * arrival order; duplicates and late packets are discarded and counted; a lost
 * frame is reported as missing (for PLC); prefetch and empty are told apart;
 * 16-bit sequence and 32-bit timestamp wraps change nothing; the adaptive
 * delay grows under jitter and shrinks back after it; fixed mode stays put.
 */
import { describe, expect, it } from 'vitest';
import { JitterBuffer, newJitterFrame, type JitterBufferOptions, type JitterFrameType } from '../../../src/media/jitter-buffer.js';

const FRAME = 160; // 20 ms at 8 kHz

function payload(seq: number): Uint8Array {
  return Uint8Array.from([seq & 0xff, (seq >> 8) & 0xff]);
}

/** Take one frame; 'normal' frames are shown by their sequence number. */
function take(jb: JitterBuffer): JitterFrameType | number {
  const f = newJitterFrame();
  const t = jb.take(f);
  return t === 'normal' ? f.payload[0]! | (f.payload[1]! << 8) : t;
}

function jb(opts: Partial<JitterBufferOptions> = {}): JitterBuffer {
  return new JitterBuffer({ clockRate: 8000, minDelayMs: 40, normalDelayMs: 60, maxDelayMs: 240, ...opts });
}

describe('JitterBuffer basics', () => {
  it('is empty before any packet, prefetches to the normal delay, then plays in order', () => {
    const b = jb();
    expect(take(b)).toBe('empty');
    const out: Array<JitterFrameType | number> = [];
    for (let i = 0; i < 8; i++) {
      b.put(i * FRAME, i, payload(i), i * 20);
      out.push(take(b));
    }
    expect(out).toEqual(['prefetching', 'prefetching', 0, 1, 2, 3, 4, 5]);
    expect(b.stats()).toMatchObject({ received: 8, lost: 0, late: 0, delayMs: 60, targetMs: 60 });
  });

  it('puts reordered packets back in timestamp order', () => {
    const b = jb();
    const order = [0, 1, 2, 4, 3, 5, 7, 6, 8, 9];
    const out: Array<JitterFrameType | number> = [];
    for (const [i, seq] of order.entries()) {
      b.put(seq * FRAME, seq, payload(seq), i * 20);
      out.push(take(b));
    }
    expect(out.slice(2)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('discards duplicates, before and after they played', () => {
    const b = jb();
    expect(b.put(0, 0, payload(0), 0)).toBe('ok');
    expect(b.put(0, 0, payload(0), 1)).toBe('duplicate');
    for (let i = 1; i < 5; i++) b.put(i * FRAME, i, payload(i), i * 20);
    expect([take(b), take(b)]).toEqual([0, 1]);
    expect(b.put(0, 0, payload(0), 100)).toBe('duplicate');
    expect(b.stats()).toMatchObject({ duplicate: 2, late: 0 });
  });

  it('reports a lost frame as missing, with the timestamp it should have had', () => {
    const b = jb();
    for (const seq of [0, 1, 2, 4, 5, 6]) b.put(seq * FRAME, seq, payload(seq), seq * 20);
    const f = newJitterFrame();
    const types: string[] = [];
    const stamps: number[] = [];
    for (let i = 0; i < 6; i++) {
      types.push(b.take(f));
      stamps.push(f.timestamp);
    }
    expect(types).toEqual(['normal', 'normal', 'normal', 'missing', 'normal', 'normal']);
    expect(stamps[3]).toBe(3 * FRAME);
    expect(b.stats().lost).toBe(1);
  });

  it('discards a packet that arrives after its turn (late)', () => {
    const b = jb({ mode: 'fixed' });
    for (const seq of [0, 1, 2, 4]) b.put(seq * FRAME, seq, payload(seq), seq * 20);
    expect([take(b), take(b), take(b), take(b)]).toEqual([0, 1, 2, 'missing']);
    expect(b.put(3 * FRAME, 3, payload(3), 200)).toBe('late');
    expect(take(b)).toBe(4);
    expect(b.stats()).toMatchObject({ late: 1, lost: 1 });
  });

  it('drains to empty when the far end stops, then prefetches again on the same timeline', () => {
    const b = jb();
    for (let i = 0; i < 5; i++) b.put(i * FRAME, i, payload(i), i * 20);
    expect([take(b), take(b), take(b), take(b), take(b)]).toEqual([0, 1, 2, 3, 4]);
    expect([take(b), take(b)]).toEqual(['empty', 'empty']);
    // Talk resumes 2 s later (timestamps advanced meanwhile, as with VAD).
    const out: Array<JitterFrameType | number> = [];
    for (let i = 100; i < 105; i++) {
      b.put(i * FRAME, i, payload(i), i * 20);
      out.push(take(b));
    }
    expect(out).toEqual(['prefetching', 'prefetching', 100, 101, 102]);
    // A straggler older than what already played is late, not a new start.
    expect(b.put(4 * FRAME, 4, payload(4), 2200)).toBe('duplicate');
    expect(b.put(50 * FRAME, 50, payload(50), 2200)).toBe('resync');
  });

  it('plays straight across the 16-bit sequence and 32-bit timestamp wraps', () => {
    const b = jb();
    const ts0 = 2 ** 32 - 3 * FRAME;
    const out: Array<JitterFrameType | number> = [];
    for (let i = 0; i < 12; i++) {
      const seq = (65530 + i) & 0xffff;
      b.put((ts0 + i * FRAME) >>> 0, seq, payload(i), i * 20);
      out.push(take(b));
    }
    expect(out).toEqual(['prefetching', 'prefetching', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(b.stats()).toMatchObject({ lost: 0, late: 0, duplicate: 0, resyncs: 0 });
  });

  it('reorders across the timestamp wrap', () => {
    const b = jb();
    const ts0 = 2 ** 32 - 2 * FRAME;
    const order = [0, 1, 3, 2, 4, 5, 6];
    const out: Array<JitterFrameType | number> = [];
    for (const [i, k] of order.entries()) {
      b.put((ts0 + k * FRAME) >>> 0, k, payload(k), i * 20);
      out.push(take(b));
    }
    expect(out.slice(2)).toEqual([0, 1, 2, 3, 4]);
  });

  it('resynchronises on a timestamp jump (the far end restarted its stream)', () => {
    const b = jb();
    for (let i = 0; i < 4; i++) b.put(i * FRAME, i, payload(i), i * 20);
    expect([take(b), take(b)]).toEqual([0, 1]);
    expect(b.put(9_000_000, 50, payload(50), 100)).toBe('resync');
    b.put(9_000_000 + FRAME, 51, payload(51), 120);
    b.put(9_000_000 + 2 * FRAME, 52, payload(52), 140);
    expect([take(b), take(b), take(b)]).toEqual([50, 51, 52]);
    expect(b.stats().resyncs).toBe(1);
  });

  it('refuses min > normal', () => {
    expect(() => jb({ minDelayMs: 100, normalDelayMs: 60 })).toThrow(/min <= normal <= max/);
  });
});

/** A deterministic pseudo-random generator (mulberry32) for the jitter runs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Packets sent every 20 ms from t = 0 with a per-packet network delay; the
 * buffer is taken every 20 ms at phase +10 ms. Returns per-second figures.
 */
function run(b: JitterBuffer, seconds: number, delayOf: (i: number) => number, first = 0) {
  const n = seconds * 50;
  const packets = Array.from({ length: n }, (_, k) => {
    const i = first + k;
    return { i, arrival: i * 20 + delayOf(i) };
  }).sort((x, y) => x.arrival - y.arrival);
  let next = 0;
  const perSecond: Array<{ late: number; target: number; delay: number; missing: number }> = [];
  let lateBefore = b.stats().late;
  let missing = 0;
  const f = newJitterFrame();
  for (let k = 0; k < n; k++) {
    const now = (first + k) * 20 + 10;
    while (next < packets.length && packets[next]!.arrival <= now) {
      const p = packets[next++]!;
      b.put((p.i * FRAME) >>> 0, p.i & 0xffff, payload(p.i), p.arrival);
    }
    if (b.take(f) === 'missing') missing++;
    if ((k + 1) % 50 === 0) {
      const s = b.stats();
      perSecond.push({ late: s.late - lateBefore, target: s.targetMs, delay: s.delayMs, missing });
      lateBefore = s.late;
      missing = 0;
    }
  }
  return perSecond;
}

describe('JitterBuffer adaptation', () => {
  it('grows its delay under 0-100 ms jitter, then shrinks back once the network is steady', () => {
    const b = jb();
    const random = rng(42);
    const calm1 = run(b, 5, () => 2);
    expect(calm1.at(-1)!.target).toBe(40); // down to the minimum on a clean network
    const stormy = run(b, 20, () => 2 + random() * 100, 250);
    // Late packets at first, then the target covers the spread and lateness (almost) stops.
    expect(stormy[0]!.late).toBeGreaterThan(0);
    const settled = stormy.slice(10);
    expect(Math.min(...settled.map((s) => s.target))).toBeGreaterThanOrEqual(100);
    expect(settled.reduce((a, s) => a + s.late, 0)).toBeLessThanOrEqual(5); // of 500 packets
    const stormDelay = settled.reduce((a, s) => a + s.delay, 0) / settled.length;
    expect(stormDelay).toBeGreaterThanOrEqual(80);
    const calm2 = run(b, 20, () => 2, 1250);
    // The spread leaves the 4 s window, the target falls back, frames are dropped to get there.
    expect(calm2.at(-1)!.target).toBe(40);
    expect(calm2.at(-1)!.delay).toBeLessThanOrEqual(60);
    expect(calm2.reduce((a, s) => a + s.late, 0)).toBe(0);
    expect(b.stats().discarded).toBeGreaterThan(0); // shrinking drops frames
  });

  it('keeps a fixed delay in fixed mode, counting what arrives too late', () => {
    const b = jb({ mode: 'fixed', normalDelayMs: 60 });
    const random = rng(7);
    const out = run(b, 10, () => 2 + random() * 100);
    expect(out.every((s) => s.target === 60)).toBe(true);
    expect(out.reduce((a, s) => a + s.late, 0)).toBeGreaterThan(20);
    expect(b.stats().inserted).toBe(0);
  });

  it('never targets beyond the maximum delay, and keeps playing when jitter exceeds it', () => {
    const b = jb({ maxDelayMs: 120 });
    const random = rng(3);
    const out = run(b, 15, () => random() * 400);
    expect(Math.max(...out.map((s) => s.target))).toBe(120);
    const missing = out.reduce((a, s) => a + s.missing, 0);
    expect(missing).toBeGreaterThan(100); // 0-400 ms jitter in 120 ms: much is late
    expect(missing).toBeLessThan((15 * 50) / 2); // but most frames still play
  });
});
