/**
 * The media clock ticks every 20 ms from a fixed origin: timers that fire late
 * do not make it drift, lateness is measured, a short stall is caught up and a
 * long one skipped; it runs only while it has handlers.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock, type Clock, type TimerHandle } from '../../../src/base/index.js';
import { MediaClock } from '../../../src/media/media-clock.js';

/** A clock whose one-shot timers fire `late()` ms after they are due, like a busy event loop. */
class LateClock implements Clock {
  constructor(
    readonly inner: VirtualClock,
    public late: () => number,
  ) {}
  now(): number {
    return this.inner.now();
  }
  wallTime(): number {
    return this.inner.wallTime();
  }
  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.inner.setTimer(ms + this.late(), fn);
  }
  setInterval(ms: number, fn: () => void): TimerHandle {
    return this.inner.setInterval(ms, fn);
  }
}

describe('MediaClock', () => {
  it('does not drift when every timer fires 3 ms late', () => {
    const v = new VirtualClock();
    const mc = new MediaClock({ clock: new LateClock(v, () => 3) });
    const times: number[] = [];
    mc.add(() => times.push(v.now()));
    v.advance(20_000 + 10);
    // A re-armed 20 ms timer would have ticked every 23 ms: 869 ticks, 3 s behind.
    expect(times).toHaveLength(1000);
    expect(times[0]).toBe(23);
    expect(times[999]).toBe(20_003);
    const late = mc.stats().lateness;
    expect(late.p50Ms).toBeCloseTo(3.1, 5);
    expect(late.maxMs).toBe(3);
    expect(late.meanMs).toBeCloseTo(3, 5);
  });

  it('stays on schedule under random lateness, and reports it', () => {
    const v = new VirtualClock();
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8;
    const mc = new MediaClock({ clock: new LateClock(v, random) });
    const ticks: number[] = [];
    mc.add((k) => ticks.push(k));
    v.advance(60_000 + 20);
    expect(ticks).toHaveLength(3000);
    expect(ticks[2999]).toBe(3000);
    const s = mc.stats();
    expect(s.skipped).toBe(0);
    expect(s.lateness.maxMs).toBeLessThan(9); // 0-8 ms late, plus < 1 ms from arming in whole ms
    expect(s.lateness.p99Ms).toBeGreaterThan(s.lateness.p50Ms);
    expect(s.lateness.p50Ms).toBeGreaterThan(3);
    expect(s.lateness.p50Ms).toBeLessThan(5);
  });

  it('catches up a 90 ms stall with back-to-back ticks, and skips a 2 s one', () => {
    const v = new VirtualClock();
    const lc = new LateClock(v, () => 0);
    const mc = new MediaClock({ clock: lc, maxCatchUp: 5 });
    const ticks: number[] = [];
    mc.add((k) => ticks.push(k));
    v.advance(90); // ticks 1..4 on time
    lc.late = () => 90; // the timer armed after tick 5 fires 90 ms late
    v.advance(10);
    lc.late = () => 0;
    expect(ticks).toEqual([1, 2, 3, 4, 5]);
    v.advance(110); // tick 6 due at 120 fires at 210: ticks 6..10 run at once
    expect(ticks).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    v.advance(1000);
    expect(ticks.length).toBe(60); // back on the 20 ms grid: 1210 / 20 = 60.5
    lc.late = () => 2000;
    v.advance(20);
    lc.late = () => 0;
    v.advance(2200);
    const s = mc.stats();
    expect(s.skipped).toBeGreaterThan(90);
    // After the skip the ticks resume on the original grid (origin + k * 20).
    const last = ticks.at(-1)!;
    expect(last * 20).toBeLessThanOrEqual(v.now());
    expect(last * 20).toBeGreaterThan(v.now() - 20);
  });

  it('runs only while it has handlers, and a throwing handler does not stop the others', () => {
    const v = new VirtualClock();
    const errors: unknown[] = [];
    const mc = new MediaClock({ clock: v, onHandlerError: (e) => errors.push(e) });
    expect(mc.running).toBe(false);
    let calls = 0;
    const removeBad = mc.add(() => {
      throw new Error('boom');
    });
    const removeGood = mc.add(() => calls++);
    expect(mc.running).toBe(true);
    v.advance(100);
    expect(calls).toBe(5);
    expect(errors).toHaveLength(5);
    removeBad();
    removeGood();
    expect(mc.running).toBe(false);
    expect(v.pending()).toBe(0);
  });

  it('lets a handler remove itself during a tick', () => {
    const v = new VirtualClock();
    const mc = new MediaClock({ clock: v });
    const seen: string[] = [];
    const off = mc.add(() => {
      seen.push('a');
      off();
    });
    mc.add(() => seen.push('b'));
    v.advance(40);
    expect(seen).toEqual(['a', 'b', 'b']);
  });
});
