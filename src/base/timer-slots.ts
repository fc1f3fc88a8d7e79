import type { TimerHandle } from './clock.js';

/**
 * Long timers share Node timers: every timer due in the same SLOT_MS window
 * runs from one Node timer at the window's end, in due order. A phone or a
 * farm under call load sets several long SIP timers per call (Timer B, D, F,
 * H, J, K, L, M: T4 or 64*T1, RFC 3261 Table 4) and most of them fire; one
 * Node timer each meant one event-loop wake-up each, at a few tens of µs of
 * CPU apiece. RFC 3261 timers are lower bounds ("at least"), so firing up to
 * SLOT_MS late is within the rules, and nothing ever fires early. Short
 * timers (retransmissions from T1, 100 Trying, media pacing) keep a Node
 * timer of their own: SystemClock only sends timers of COARSE_FROM_MS and up
 * here.
 */
export const COARSE_FROM_MS = 4000;
const SLOT_MS = 20;

class SlotTimer implements TimerHandle {
  slot: Slot | undefined;

  constructor(
    readonly due: number,
    readonly seq: number,
    readonly fn: () => void,
  ) {}

  cancel(): void {
    const slot = this.slot;
    if (slot === undefined) return;
    this.slot = undefined;
    slot.remove(this);
  }
}

class Slot {
  readonly timers = new Set<SlotTimer>();
  timeout: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly index: number,
    private readonly owner: TimerSlots,
  ) {}

  remove(t: SlotTimer): void {
    this.timers.delete(t);
    // no timer left in this window: no wake-up for it either
    if (this.timers.size === 0) this.owner.drop(this);
  }
}

export class TimerSlots {
  private readonly slots = new Map<number, Slot>();
  private seq = 0;

  /** `slotMs`: the window width (a parameter for tests). */
  constructor(private readonly slotMs = SLOT_MS) {}

  /** Run `fn` once, `ms` (>= 0) from now, at the end of its SLOT_MS window. */
  add(ms: number, fn: () => void): TimerHandle {
    const due = performance.now() + ms;
    const index = Math.ceil(due / this.slotMs);
    let slot = this.slots.get(index);
    if (slot === undefined) {
      slot = new Slot(index, this);
      this.slots.set(index, slot);
      const s = slot;
      slot.timeout = setTimeout(() => this.fire(s), Math.max(0, index * this.slotMs - performance.now()));
      slot.timeout.unref?.();
    }
    const timer = new SlotTimer(due, this.seq++, fn);
    timer.slot = slot;
    slot.timers.add(timer);
    return timer;
  }

  /** @internal */
  drop(slot: Slot): void {
    if (this.slots.get(slot.index) !== slot) return;
    this.slots.delete(slot.index);
    clearTimeout(slot.timeout);
  }

  private fire(slot: Slot): void {
    if (this.slots.get(slot.index) === slot) this.slots.delete(slot.index);
    // due order, ties in the order they were set, as separate Node timers would run them
    const due = [...slot.timers].sort((a, b) => a.due - b.due || a.seq - b.seq);
    slot.timers.clear();
    for (const t of due) {
      if (t.slot !== slot) continue; // cancelled by an earlier callback of this window
      t.slot = undefined;
      try {
        t.fn();
      } catch (err) {
        // as from a Node timer of its own: uncaught, without skipping the rest of the window
        process.nextTick(() => {
          throw err;
        });
      }
    }
  }
}
