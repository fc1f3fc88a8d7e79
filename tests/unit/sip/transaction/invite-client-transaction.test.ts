/**
 * INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §7.2), alice's
 * TransactionLayer against a scripted bob on a LoopNetwork with a VirtualClock.
 *
 * What each test proves:
 *  1. UDP, no answer: Timer A retransmits at T1, 2T1, 4T1... uncapped (7 INVITEs at
 *     0, .5, 1.5, 3.5, 7.5, 15.5, 31.5 s), Timer B times out at 64*T1 = 32 s -> onTimeout
 *     then onTerminated, and the layer forgets the transaction.
 *  2. TCP, no answer: no Timer A (one INVITE), Timer B still fires at 32 s.
 *  3. A configured T1 scales A and B (T1 = 100 ms: B at 6.4 s).
 *  4. A 1xx stops retransmissions and Timer B (Proceeding waits for the final).
 *  5. 486 -> ACK built by the transaction (§17.1.1.3: same branch, To with tag, CSeq ACK,
 *     Route copied, one Via); a retransmitted 486 is re-ACKed and not passed up; Timer D
 *     (32 s on UDP) then terminates.
 *  6. Timer D is 0 on TCP: Completed -> Terminated at once.
 *  7. 2xx -> Accepted (RFC 6026): no ACK from the transaction, retransmitted 2xx passed to
 *     the TU, Timer M = 64*T1 terminates; a 2xx after that is a stray response.
 *  8. Transport error (destination unreachable) -> onTransportError, Terminated.
 *  9. transition() logs "id old -> new (cause)".
 */
import { describe, expect, it } from 'vitest';
import { BOB, bench, flush, newRequest, onWire, peerRespond, recordingUser, timesOnWire } from './harness.js';
import type { InviteClientTransaction, ReceivedMessage, SipResponse } from '../../../../src/sip/index.js';

describe('InviteClientTransaction', () => {
  it('1. UDP: Timer A doubles without cap until Timer B times out at 64*T1', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    expect(tx.kind).toBe('ict');
    expect(tx.state).toBe('Calling');
    b.clock.advance(31_999);
    expect(user.events).toEqual([]);
    b.clock.advance(1);
    expect(timesOnWire(b.wire, 'INVITE ')).toEqual([0, 500, 1500, 3500, 7500, 15500, 31500]);
    expect(user.events).toEqual(['timeout', 'terminated']);
    expect(user.at).toEqual([32_000, 32_000]);
    expect(tx.state).toBe('Terminated');
    expect(b.alice.size).toBe(0);
    b.clock.runAll();
    expect(onWire(b.wire, 'INVITE ')).toHaveLength(7);
  });

  it('2. TCP: no Timer A, Timer B still fires at 64*T1', () => {
    const b = bench({ scriptedBob: true, protocol: 'tcp' });
    const user = recordingUser(b.clock);
    b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.runAll();
    expect(timesOnWire(b.wire, 'INVITE ')).toEqual([0]);
    expect(user.events).toEqual(['timeout', 'terminated']);
    expect(user.at[0]).toBe(32_000);
    expect(onWire(b.wire, 'INVITE ')[0]!.firstLine).toContain('INVITE sip:bob@');
    expect(b.bobInbox[0]!.message.topVia?.transport).toBe('TCP');
  });

  it('3. a configured T1 scales Timers A and B', () => {
    const b = bench({ scriptedBob: true, timers: { t1: 100, t2: 400 } });
    const user = recordingUser(b.clock);
    b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.runAll();
    expect(timesOnWire(b.wire, 'INVITE ')).toEqual([0, 100, 300, 700, 1500, 3100, 6300]);
    expect(user.at[0]).toBe(6400);
  });

  it('4. a provisional response stops retransmission and Timer B', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 180);
    b.clock.advance(100_000);
    expect(tx.state).toBe('Proceeding');
    expect(onWire(b.wire, 'INVITE ')).toHaveLength(1);
    expect(user.events).toEqual(['1xx:180']);
    expect(b.alice.size).toBe(1);
  });

  it('5. 486: the transaction ACKs per §17.1.1.3, re-ACKs retransmissions, Timer D ends it', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const invite = newRequest('INVITE', { cseq: 7, route: ['<sip:proxy.test;lr>'] });
    const tx = b.alice.sendRequest(invite, b.toBob, user) as InviteClientTransaction;
    b.clock.advance(0);
    const rx = b.bobInbox[0]!;
    peerRespond(b, rx, 180);
    b.clock.advance(1000);
    peerRespond(b, rx, 486, 'busy-tag');
    b.clock.advance(0);
    expect(tx.state).toBe('Completed');
    expect(user.events).toEqual(['1xx:180', 'final:486']);

    const acks = b.bobInbox.filter((m) => m.message.kind === 'request' && m.message.method === 'ACK');
    expect(acks).toHaveLength(1);
    const ack = acks[0]!.message;
    const inv = rx.message;
    expect(ack.kind === 'request' && ack.uri).toBe(inv.kind === 'request' && inv.uri);
    expect(ack.vias).toHaveLength(1);
    expect(ack.topVia?.params.get('branch')).toBe(inv.topVia?.params.get('branch'));
    expect(ack.toTag).toBe('busy-tag');
    expect(ack.fromTag).toBe(inv.fromTag);
    expect(ack.callId).toBe(inv.callId);
    expect(ack.cseq).toEqual({ seq: 7, method: 'ACK' });
    expect(ack.headers.getAll('Route')).toEqual(['<sip:proxy.test;lr>']);
    expect(ack.headers.get('Max-Forwards')).toBe('70');

    // the 486 is retransmitted (our ACK was "lost"): ACK again, TU not told twice
    peerRespond(b, rx, 486, 'busy-tag');
    b.clock.advance(0);
    expect(onWire(b.wire, 'ACK ')).toHaveLength(2);
    expect(user.events).toEqual(['1xx:180', 'final:486']);

    // Timer D: 32 s after entering Completed at t=1000
    b.clock.advance(31_999);
    expect(tx.state).toBe('Completed');
    b.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.events.at(-1)).toBe('terminated');
    expect(user.at.at(-1)).toBe(33_000);
    expect(b.alice.size).toBe(0);
  });

  it('6. TCP: Timer D is zero, Completed goes straight to Terminated', () => {
    const b = bench({ scriptedBob: true, protocol: 'tcp' });
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 603);
    b.clock.advance(0);
    expect(user.events).toEqual(['final:603', 'terminated']);
    expect(tx.state).toBe('Terminated');
    expect(onWire(b.wire, 'ACK ')).toHaveLength(1);
    expect(b.alice.size).toBe(0);
  });

  it('7. 2xx: Accepted passes every 2xx to the TU, sends no ACK, Timer M ends it; later 2xx is stray', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const strays: Array<ReceivedMessage<SipResponse>> = [];
    b.alice.onStrayResponse((r) => strays.push(r));
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.advance(0);
    const rx = b.bobInbox[0]!;
    peerRespond(b, rx, 200);
    b.clock.advance(0);
    expect(tx.state).toBe('Accepted');
    expect(user.events).toEqual(['final:200']);
    b.clock.advance(500);
    peerRespond(b, rx, 200);
    b.clock.advance(0);
    expect(user.events).toEqual(['final:200', 'final:200']);
    expect(onWire(b.wire, 'ACK ')).toHaveLength(0);
    expect(onWire(b.wire, 'INVITE ')).toHaveLength(1);
    b.clock.advance(31_499);
    expect(tx.state).toBe('Accepted');
    b.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(user.at.at(-1)).toBe(32_000);
    peerRespond(b, rx, 200);
    b.clock.advance(0);
    expect(strays.map((s) => s.message.status)).toEqual([200]);
    expect(user.events).toEqual(['final:200', 'final:200', 'terminated']);
  });

  it('8. a transport error while sending the INVITE -> onTransportError, Terminated', async () => {
    const b = bench({ scriptedBob: true });
    b.network.setUnreachable(BOB);
    const errors: Error[] = [];
    const user = recordingUser(b.clock, { onTransportError: (_tx, err) => errors.push(err) });
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    await flush();
    expect(user.events).toEqual(['transport-error', 'terminated']);
    expect((errors[0] as Error & { code?: string }).code).toBe('SIP_TRANSPORT_UNREACHABLE');
    expect(tx.state).toBe('Terminated');
    expect(b.alice.size).toBe(0);
    b.clock.runAll();
    expect(onWire(b.wire, 'INVITE ')).toHaveLength(1);
  });

  it('9. every transition is logged as "id old -> new (cause)"', () => {
    const b = bench({ scriptedBob: true });
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, {});
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 180);
    b.clock.advance(0);
    const lines = b.logs.map((r) => r.msg);
    expect(lines).toContain(`ict ${tx.branch} INVITE Calling -> Proceeding (180 received)`);
    expect(tx.branch).toMatch(/^z9hG4bK[0-9a-z]{16}$/);
  });
});
