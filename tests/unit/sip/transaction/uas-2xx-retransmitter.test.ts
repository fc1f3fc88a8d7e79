/**
 * Uas2xxRetransmitter: the UAS core's 2xx retransmission (RFC 3261 §13.3.1.4).
 *
 * What each test proves:
 *  1. Alone: retransmits at T1, then doubling capped at T2 (0.5, 1.5, 3.5, 7.5, 11.5 ... 31.5 s:
 *     10 retransmissions) and reports onTimeout at 64*T1 = 32 s; nothing after.
 *  2. ackReceived() stops it at once; stop() stops it without a verdict.
 *  3. With the layer: bob's TU answers 200 through the INVITE server transaction and drives the
 *     retransmitter with respond(); alice (by hand) never ACKs -> 11 200s on the wire, timeout
 *     at 32 s; the transaction (Timer L) and the retransmitter both end, layer empty.
 *  4. With the layer: the 2xx ACK comes through onAck and stops the retransmissions.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../src/base/index.js';
import { Uas2xxRetransmitter, createResponse } from '../../../../src/sip/index.js';
import { onWire, rawRequest, serverBench, timesOnWire } from './harness.js';

describe('Uas2xxRetransmitter', () => {
  it('1. T1 doubling capped at T2 until 64*T1, then onTimeout', () => {
    const clock = new VirtualClock();
    const sent: number[] = [];
    let timedOut = -1;
    const r = new Uas2xxRetransmitter({ clock, retransmit: () => sent.push(clock.now()), onTimeout: () => (timedOut = clock.now()) });
    expect(r.state).toBe('Idle');
    r.start();
    clock.runAll();
    expect(sent).toEqual([500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500]);
    expect(r.retransmissions).toBe(10);
    expect(timedOut).toBe(32_000);
    expect(r.state).toBe('TimedOut');
    expect(clock.pending()).toBe(0);
  });

  it('2. ackReceived() and stop() end it without a timeout', () => {
    const clock = new VirtualClock();
    let count = 0;
    let timeouts = 0;
    const r = new Uas2xxRetransmitter({ clock, timers: { t1: 100, t2: 400 }, retransmit: () => count++, onTimeout: () => timeouts++ });
    r.start();
    clock.advance(350); // 100, 300
    r.ackReceived();
    clock.runAll();
    expect(count).toBe(2);
    expect(r.state).toBe('Acknowledged');
    const s = new Uas2xxRetransmitter({ clock, retransmit: () => count++, onTimeout: () => timeouts++ });
    s.start();
    s.stop();
    clock.runAll();
    expect(s.state).toBe('Stopped');
    expect(count).toBe(2);
    expect(timeouts).toBe(0);
  });

  it('3. over the layer, no ACK: 11 2xx on the wire, timeout at 64*T1, everything ends', () => {
    const sb = serverBench();
    sb.send(rawRequest('INVITE', 'z9hG4bKr1'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ok = createResponse(rx.message, 200, { toTag: 'b1' });
    let timeoutAt = -1;
    tx.respond(ok);
    const r = new Uas2xxRetransmitter({
      clock: sb.clock,
      timers: sb.bob.timers,
      retransmit: () => tx.respond(ok),
      onTimeout: () => (timeoutAt = sb.clock.now()),
    });
    r.start();
    sb.clock.runAll();
    expect(timesOnWire(sb.wire, 'SIP/2.0 200')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(timeoutAt).toBe(32_000);
    expect(tx.state).toBe('Terminated');
    expect(sb.bob.size).toBe(0);
  });

  it('4. over the layer: the ACK arrives through onAck and stops retransmission', () => {
    const sb = serverBench();
    sb.send(rawRequest('INVITE', 'z9hG4bKr2'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ok = createResponse(rx.message, 200, { toTag: 'b1' });
    tx.respond(ok);
    const r = new Uas2xxRetransmitter({ clock: sb.clock, retransmit: () => tx.respond(ok), onTimeout: () => {} });
    r.start();
    sb.bob.onAck(() => r.ackReceived());
    sb.clock.advance(2000); // retransmitted at 500 and 1500
    sb.send(rawRequest('ACK', 'z9hG4bKack-r2'));
    sb.clock.runAll();
    expect(r.state).toBe('Acknowledged');
    expect(onWire(sb.wire, 'SIP/2.0 200')).toHaveLength(3);
  });
});
