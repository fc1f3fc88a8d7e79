/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2), alice's layer against a
 * scripted bob.
 *
 * What each test proves:
 *  1. UDP, no answer: Timer E doubles from T1 and caps at T2 (11 requests at 0, .5, 1.5,
 *     3.5, 7.5, 11.5 ... 31.5 s); Timer F times out at 64*T1 -> onTimeout, onTerminated.
 *  2. UDP, 1xx then silence: in Proceeding Timer E retransmits every T2; F still fires.
 *  3. TCP: no Timer E at all (one request), F at 64*T1.
 *  4. A final response -> Completed; retransmitted finals are absorbed during Timer K
 *     (T4 = 5 s on UDP) and the TU hears the final once; then Terminated.
 *  5. TCP: Timer K is zero.
 *  6. Transport error -> onTransportError, Terminated, nothing retransmitted.
 *  7. Configured T1/T2/T4 drive E, F and K.
 */
import { describe, expect, it } from 'vitest';
import { BOB, bench, flush, newRequest, onWire, peerRespond, recordingUser, timesOnWire } from './harness.js';

describe('NonInviteClientTransaction', () => {
  it('1. UDP: Timer E doubles and caps at T2, Timer F times out at 64*T1', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('OPTIONS'), b.toBob, user);
    expect(tx.kind).toBe('nict');
    expect(tx.state).toBe('Trying');
    b.clock.runAll();
    expect(timesOnWire(b.wire, 'OPTIONS ')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(user.events).toEqual(['timeout', 'terminated']);
    expect(user.at).toEqual([32_000, 32_000]);
    expect(b.alice.size).toBe(0);
  });

  it('2. UDP: in Proceeding Timer E retransmits every T2 until Timer F', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('REGISTER'), b.toBob, user);
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 100);
    b.clock.advance(0);
    expect(tx.state).toBe('Proceeding');
    b.clock.runAll();
    // E was armed for 500 ms in Trying; it fires in Proceeding and from then on uses T2
    expect(timesOnWire(b.wire, 'REGISTER ')).toEqual([0, 500, 4500, 8500, 12500, 16500, 20500, 24500, 28500]);
    expect(user.events).toEqual(['1xx:100', 'timeout', 'terminated']);
    expect(user.at[1]).toBe(32_000);
  });

  it('3. TCP: no Timer E, Timer F at 64*T1', () => {
    const b = bench({ scriptedBob: true, protocol: 'tcp' });
    const user = recordingUser(b.clock);
    b.alice.sendRequest(newRequest('BYE'), b.toBob, user);
    b.clock.runAll();
    expect(timesOnWire(b.wire, 'BYE ')).toEqual([0]);
    expect(user.events).toEqual(['timeout', 'terminated']);
    expect(user.at[0]).toBe(32_000);
  });

  it('4. UDP: the final response is passed up once; Timer K (T4) absorbs retransmissions', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('OPTIONS'), b.toBob, user);
    b.clock.advance(0);
    const rx = b.bobInbox[0]!;
    b.clock.advance(1000); // two retransmissions (0.5 s, 1.5 s not yet)
    expect(onWire(b.wire, 'OPTIONS ')).toHaveLength(2);
    peerRespond(b, rx, 200);
    b.clock.advance(0);
    expect(tx.state).toBe('Completed');
    peerRespond(b, rx, 200);
    b.clock.advance(10);
    peerRespond(b, rx, 200);
    b.clock.advance(4989);
    expect(user.events).toEqual(['final:200']);
    expect(tx.state).toBe('Completed');
    expect(onWire(b.wire, 'OPTIONS ')).toHaveLength(2); // E stopped in Completed
    b.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events).toEqual(['final:200', 'terminated']);
    expect(user.at.at(-1)).toBe(6000);
    expect(b.alice.size).toBe(0);
  });

  it('5. TCP: Timer K is zero', () => {
    const b = bench({ scriptedBob: true, protocol: 'tcp' });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('OPTIONS'), b.toBob, user);
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 404);
    b.clock.advance(0);
    expect(user.events).toEqual(['final:404', 'terminated']);
    expect(tx.state).toBe('Terminated');
    expect(b.alice.size).toBe(0);
  });

  it('6. a transport error -> onTransportError (503 for the TU), nothing retransmitted', async () => {
    const b = bench({ scriptedBob: true, protocol: 'tcp' });
    b.bobTransport.close(); // nobody listens: a stream connect is refused
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('REGISTER'), b.toBob, user);
    await flush();
    expect(user.events).toEqual(['transport-error', 'terminated']);
    expect(tx.state).toBe('Terminated');
    b.clock.runAll();
    expect(onWire(b.wire, 'REGISTER ')).toHaveLength(1);
    expect(onWire(b.wire, 'REGISTER ')[0]!.fate).toBe('no-listener');
    expect(b.alice.size).toBe(0);
  });

  it('7. configured T1/T2/T4 drive Timers E, F and K', () => {
    const b = bench({ scriptedBob: true, timers: { t1: 200, t2: 1000, t4: 2000 } });
    const user = recordingUser(b.clock);
    b.alice.sendRequest(newRequest('OPTIONS'), b.toBob, user);
    b.clock.runAll();
    expect(timesOnWire(b.wire, 'OPTIONS ')).toEqual([
      0, 200, 600, 1400, 2400, 3400, 4400, 5400, 6400, 7400, 8400, 9400, 10400, 11400, 12400,
    ]);
    expect(user.at[0]).toBe(12_800);

    const c = bench({ scriptedBob: true, timers: { t1: 200, t2: 1000, t4: 2000 } });
    const u2 = recordingUser(c.clock);
    c.alice.sendRequest(newRequest('OPTIONS'), c.toBob, u2);
    c.clock.advance(0);
    peerRespond(c, c.bobInbox[0]!, 200);
    c.clock.runAll();
    expect(u2.events).toEqual(['final:200', 'terminated']);
    expect(u2.at[1]).toBe(2000);
    expect(BOB.port).toBe(5062);
  });
});
