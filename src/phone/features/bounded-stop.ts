import type { Clock } from '../../base/index.js';

/**
 * Wait for un-SUBSCRIBEs and the like at most `ms`: Phone.stop() must not hang
 * for a notifier that no longer answers (a transaction times out only after
 * 64*T1 = 32 s). Failures are the caller's log line, not the stop's.
 */
export async function settleWithin(clock: Clock, ms: number, work: Array<Promise<unknown>>): Promise<void> {
  if (work.length === 0) return;
  let timer: { cancel(): void } | undefined;
  await Promise.race([
    Promise.allSettled(work),
    new Promise<void>((resolve) => (timer = clock.setTimer(ms, resolve))),
  ]);
  timer?.cancel();
}

/** How long a feature's stop waits for its un-SUBSCRIBEs. */
export const UNSUBSCRIBE_WAIT_MS = 2000;
