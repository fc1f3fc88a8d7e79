/**
 * TimerSlots (src/base/timer-slots.ts): long SystemClock timers share one
 * Node timer per window. Real time, short windows: never early, due order
 * within a window, cancel, and a callback that throws does not stop the rest.
 */
import { describe, expect, it } from 'vitest';
import { TimerSlots } from '../../../src/base/timer-slots.js';

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('TimerSlots', () => {
  it('runs timers of one window together, in due order, never before they are due', async () => {
    const slots = new TimerSlots(60);
    const t0 = performance.now();
    const fired: Array<{ name: string; at: number }> = [];
    const due = { a: 25, b: 10, c: 18 };
    for (const [name, ms] of Object.entries(due)) slots.add(ms, () => fired.push({ name, at: performance.now() - t0 }));
    await wait(200);
    expect(fired.map((f) => f.name)).toEqual(['b', 'c', 'a']);
    for (const f of fired) expect(f.at).toBeGreaterThanOrEqual(due[f.name as keyof typeof due] - 1);
  });

  it('cancel() stops a timer, also from a callback of the same window', async () => {
    const slots = new TimerSlots(60);
    const fired: string[] = [];
    const later = slots.add(12, () => fired.push('later'));
    slots.add(5, () => {
      fired.push('first');
      later.cancel();
    });
    const gone = slots.add(8, () => fired.push('gone'));
    gone.cancel();
    gone.cancel();
    await wait(200);
    expect(fired).toEqual(['first']);
  });

  it('keeps going after a callback throws (the error is rethrown on its own)', async () => {
    const slots = new TimerSlots(40);
    const fired: string[] = [];
    const errors: unknown[] = [];
    const onError = (err: unknown): void => void errors.push(err);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onError);
    try {
      slots.add(5, () => {
        throw new Error('boom');
      });
      slots.add(6, () => fired.push('after'));
      await wait(150);
    } finally {
      process.off('uncaughtException', onError);
      for (const l of listeners) process.on('uncaughtException', l);
    }
    expect(fired).toEqual(['after']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
  });
});
