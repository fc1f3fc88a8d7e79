import { COARSE_FROM_MS, TimerSlots } from './timer-slots.js';

/**
 * Time, injected (STYLE.md "Clock"). Protocol and media code never calls
 * setTimeout or Date.now directly: it gets a Clock, so every timer (SIP Timer B,
 * registration refresh, the 5 s auto-send...) can be driven by a VirtualClock in tests.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Monotonic milliseconds (fractional), for intervals and timeouts. */
  now(): number;
  /** Wall-clock milliseconds since the epoch, for logs, Date headers and call records. */
  wallTime(): number;
  /** Run fn once after ms milliseconds. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Run fn every ms milliseconds until cancelled. */
  setInterval(ms: number, fn: () => void): TimerHandle;
}

/** Timers of COARSE_FROM_MS and more, shared by every SystemClock of the process (farm mode runs many). */
const longTimers = new TimerSlots();

/**
 * The real clock: Node timers and the system time. Timers of 4 s and more
 * may run up to 20 ms late, several from one wake-up (timer-slots.ts).
 */
export class SystemClock implements Clock {
  private readonly origin = performance.now();

  now(): number {
    return performance.now() - this.origin;
  }

  wallTime(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    if (ms >= COARSE_FROM_MS) return longTimers.add(ms, fn);
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref?.();
    return new NodeTimer(t);
  }

  setInterval(ms: number, fn: () => void): TimerHandle {
    const t = setInterval(fn, Math.max(1, ms));
    t.unref?.();
    return new NodeTimer(t);
  }
}

/** The handle of a Node timer (every SIP transaction sets a few: one small object each, no closure). */
class NodeTimer implements TimerHandle {
  constructor(private readonly timeout: ReturnType<typeof setTimeout>) {}

  cancel(): void {
    // clearTimeout stops intervals too (Node's timers share one implementation)
    clearTimeout(this.timeout);
  }
}

/** setTimeout-based wait for callers (CLI, tests) that need real time; not for protocol code. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
