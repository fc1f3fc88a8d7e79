/**
 * When to send RTCP (RFC 3550 §6.2, §6.3.1), simplified for a two-party call.
 *
 * With two members and a G.711 session (64 kbit/s, RTCP share 5 % = 400 B/s),
 * the bandwidth-derived interval is n * avg_size / bw = 2 * ~100 / 400 = 0.5 s,
 * well under the 5 s minimum, so the minimum always wins and the member count
 * and bandwidth terms drop out. What remains of §6.3.1:
 * - Tmin = 5 s, halved for the first report ("initial" flag);
 * - the result is scaled by a random factor in [0.5, 1.5) so that endpoints
 *   started together do not report in lockstep;
 * - and divided by e - 3/2 to compensate for timer reconsideration's bias.
 * Conference bridges (many members) would need the full formula: FIXME if the
 * 3-way mixer ever runs one RTP session with several remote sources.
 */
import type { Clock, TimerHandle } from '../../base/index.js';

/** e - 3/2 (§6.3.1). */
const COMPENSATION = Math.E - 1.5;

export interface RtcpIntervalOptions {
  /** Minimum reporting interval, 5 s by default (§6.2). */
  minIntervalMs?: number;
  /** Uniform random in [0, 1); injectable for tests. */
  random?: () => number;
}

/** One randomized RTCP interval in milliseconds. */
export function rtcpIntervalMs(initial: boolean, opts: RtcpIntervalOptions = {}): number {
  const tmin = opts.minIntervalMs ?? 5000;
  const random = opts.random ?? Math.random;
  const t = initial ? tmin / 2 : tmin;
  return (t * (0.5 + random())) / COMPENSATION;
}

/**
 * Calls `send` at RTCP intervals from the injected clock until stopped. Each
 * report re-draws the interval, as §6.3.6 does after every transmission.
 */
export class RtcpTimer {
  private handle: TimerHandle | undefined;
  private initial = true;

  constructor(
    private readonly clock: Clock,
    private readonly send: () => void,
    private readonly opts: RtcpIntervalOptions = {},
  ) {}

  get running(): boolean {
    return this.handle !== undefined;
  }

  start(): void {
    if (this.handle) return;
    this.initial = true;
    this.arm();
  }

  stop(): void {
    this.handle?.cancel();
    this.handle = undefined;
  }

  private arm(): void {
    const ms = rtcpIntervalMs(this.initial, this.opts);
    this.initial = false;
    const handle: TimerHandle = this.clock.setTimer(ms, () => {
      if (this.handle !== handle) return;
      this.send();
      // send() may have stopped (or stopped and restarted) the timer.
      if (this.handle === handle) this.arm();
    });
    this.handle = handle;
  }
}
