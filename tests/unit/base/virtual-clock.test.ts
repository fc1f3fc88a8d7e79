import { describe, expect, it } from 'vitest';
import { VirtualClock, seqDiff16, seqLess16, tsDiff32, TypedEvents } from '../../../src/base/index.js';

describe('VirtualClock', () => {
  it('fires timers in due order, ties in the order set, only when advanced', () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimer(500, () => fired.push('b'));
    clock.setTimer(100, () => fired.push('a'));
    clock.setTimer(500, () => fired.push('c'));
    expect(fired).toEqual([]);
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(1);
    expect(fired).toEqual(['a']);
    clock.advance(1000);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(1100);
  });

  it('sees time at the moment a timer fires and can cancel', () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    const t = clock.setTimer(50, () => seen.push(-1));
    clock.setTimer(30, () => seen.push(clock.now()));
    t.cancel();
    clock.advance(100);
    expect(seen).toEqual([30]);
    expect(clock.pending()).toBe(0);
  });

  it('runs intervals until cancelled, and timers set inside timers', () => {
    const clock = new VirtualClock();
    let n = 0;
    const iv = clock.setInterval(20, () => {
      n++;
      if (n === 3) clock.setTimer(5, () => iv.cancel());
    });
    clock.advance(1000);
    expect(n).toBe(3);
  });
});

describe('wrap-safe sequence math', () => {
  it('compares 16-bit sequence numbers across the wrap', () => {
    expect(seqDiff16(65535, 0)).toBe(1);
    expect(seqDiff16(0, 65535)).toBe(-1);
    expect(seqLess16(65530, 3)).toBe(true);
    expect(seqLess16(3, 65530)).toBe(false);
  });
  it('measures 32-bit timestamp distance across the wrap', () => {
    expect(tsDiff32(0xfffffff0, 0x10)).toBe(0x20);
    expect(tsDiff32(0x10, 0xfffffff0)).toBe(-0x20);
  });
});

describe('TypedEvents', () => {
  it('delivers to listeners and isolates a throwing listener', () => {
    const ev = new TypedEvents<{ x: [number] }>();
    const errors: unknown[] = [];
    ev.onListenerError = (e) => errors.push(e);
    const got: number[] = [];
    ev.on('x', () => {
      throw new Error('boom');
    });
    ev.on('x', (v) => got.push(v));
    ev.once('x', (v) => got.push(v * 10));
    ev.emit('x', 1);
    ev.emit('x', 2);
    expect(got).toEqual([1, 10, 2]);
    expect(errors).toHaveLength(2);
  });
});
