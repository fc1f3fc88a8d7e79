import type { Clock, TimerHandle } from './clock.js';

interface PendingTimer {
  id: number;
  due: number;
  fn: () => void;
  every?: number;
  cancelled: boolean;
}

/**
 * A clock that only moves when told to. Timers fire in due order (ties in the
 * order they were set), so tests of Timer A/B/E/F etc. are exact and instant.
 */
export class VirtualClock implements Clock {
  private time = 0;
  private readonly epoch: number;
  private seq = 0;
  /** Min-heap on (due, id); cancelled timers are dropped lazily when they reach the top. */
  private heap: PendingTimer[] = [];
  private live = 0;

  constructor(opts: { start?: number; epoch?: number } = {}) {
    this.time = opts.start ?? 0;
    this.epoch = opts.epoch ?? Date.UTC(2026, 0, 1);
  }

  now(): number {
    return this.time;
  }

  wallTime(): number {
    return this.epoch + this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    return this.add(Math.max(0, ms), fn);
  }

  setInterval(ms: number, fn: () => void): TimerHandle {
    return this.add(Math.max(1, ms), fn, Math.max(1, ms));
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.live;
  }

  /** Milliseconds until the next timer, or undefined when none is pending. */
  nextDue(): number | undefined {
    const t = this.peek();
    return t ? t.due - this.time : undefined;
  }

  /** Move time forward by ms, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const t = this.peek();
      if (!t || t.due > end) break;
      this.fire(t);
    }
    this.time = end;
  }

  /**
   * Like advance, but lets promise callbacks run after each timer, for code
   * that awaits between timers (async I/O chains in tests).
   */
  async advanceAsync(ms: number): Promise<void> {
    const end = this.time + ms;
    await flushMicrotasks();
    for (;;) {
      const t = this.peek();
      if (!t || t.due > end) break;
      this.fire(t);
      await flushMicrotasks();
    }
    this.time = end;
    await flushMicrotasks();
  }

  /** Fire timers until none is left or `limit` simulated ms have passed. */
  runAll(limit = 3_600_000): void {
    const end = this.time + limit;
    for (;;) {
      const t = this.peek();
      if (!t || t.due > end) break;
      this.fire(t);
    }
  }

  private add(ms: number, fn: () => void, every?: number): TimerHandle {
    const timer: PendingTimer = { id: this.seq++, due: this.time + ms, fn, cancelled: false };
    if (every !== undefined) timer.every = every;
    this.push(timer);
    this.live++;
    return {
      cancel: () => {
        if (timer.cancelled) return;
        timer.cancelled = true;
        this.live--;
      },
    };
  }

  private peek(): PendingTimer | undefined {
    while (this.heap.length > 0 && this.heap[0]!.cancelled) this.pop();
    return this.heap[0];
  }

  private fire(t: PendingTimer): void {
    this.pop();
    this.time = Math.max(this.time, t.due);
    if (t.every !== undefined) {
      t.due += t.every;
      t.id = this.seq++;
      this.push(t);
    } else {
      t.cancelled = true;
      this.live--;
    }
    t.fn();
  }

  private static before(a: PendingTimer, b: PendingTimer): boolean {
    return a.due < b.due || (a.due === b.due && a.id < b.id);
  }

  private push(t: PendingTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!VirtualClock.before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && VirtualClock.before(h[l]!, h[m]!)) m = l;
      if (r < h.length && VirtualClock.before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
