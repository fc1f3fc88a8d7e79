/**
 * RTCP timing (RFC 3550 §6.2, §6.3.1) for two-party calls: 5 s minimum, half
 * for the first report, randomized over [0.5, 1.5) and divided by e - 3/2,
 * driven by the virtual clock.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { RtcpTimer, rtcpIntervalMs } from '../../../src/media/rtp/rtcp-interval.js';

const C = Math.E - 1.5;

describe('RTCP interval', () => {
  it('spans [0.5, 1.5) x Tmin / (e - 3/2), half for the first report', () => {
    expect(rtcpIntervalMs(false, { random: () => 0 })).toBeCloseTo(2500 / C, 6);
    expect(rtcpIntervalMs(false, { random: () => 0.999999 })).toBeCloseTo((5000 * 1.499999) / C, 3);
    expect(rtcpIntervalMs(true, { random: () => 0.5 })).toBeCloseTo(2500 / C, 6);
    expect(rtcpIntervalMs(false, { random: () => 0.5, minIntervalMs: 1000 })).toBeCloseTo(1000 / C, 6);
  });

  it('fires on the virtual clock, re-drawing each interval, until stopped', () => {
    const clock = new VirtualClock();
    const times: number[] = [];
    const timer = new RtcpTimer(clock, () => times.push(clock.now()), { random: () => 0.5 });
    timer.start();
    clock.advance(20_000);
    const first = 2500 / C; // ~2052 ms
    const next = 5000 / C; // ~4104 ms
    expect(times.length).toBe(1 + Math.floor((20_000 - first) / next));
    expect(times[0]).toBeCloseTo(first, 6);
    expect(times[1]! - times[0]!).toBeCloseTo(next, 6);
    timer.stop();
    const n = times.length;
    clock.advance(60_000);
    expect(times.length).toBe(n);
    expect(clock.pending()).toBe(0);
  });

  it('stops cleanly when the send callback stops it', () => {
    const clock = new VirtualClock();
    let sent = 0;
    const timer: RtcpTimer = new RtcpTimer(clock, () => {
      sent++;
      timer.stop();
    });
    timer.start();
    clock.advance(60_000);
    expect(sent).toBe(1);
    expect(timer.running).toBe(false);
  });
});
