/**
 * INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1): bob's layer,
 * alice played by hand so every retransmission and ACK is scripted.
 *
 * What each test proves:
 *  1. The transaction sends 100 Trying 200 ms after the INVITE when the TU has not answered,
 *     and not earlier, copying the Timestamp (§8.2.6.1); the TU is given the INVITE once.
 *  2. A TU that answers within 200 ms suppresses the 100 Trying.
 *  3. Proceeding: an INVITE retransmission gets the last provisional again and is not
 *     passed to the TU; before any provisional it gets nothing.
 *  4. UDP, 486 never ACKed: Timer G retransmits at T1, 2T1, 4T1 capped at T2
 *     (11 responses: 0, .5, 1.5, 3.5, 7.5, 11.5 ... 31.5 s); Timer H at 64*T1 -> onTimeout.
 *  5. Completed: an INVITE retransmission gets the final again; the ACK -> Confirmed, G stops,
 *     ACK retransmissions are absorbed (not the TU's), Timer I (T4) ends it.
 *  6. TCP: no Timer G, Timer H still 64*T1; ACK -> Terminated at once (Timer I = 0).
 *  7. 2xx -> Accepted: INVITE retransmissions absorbed; 2xx from the TU passed again;
 *     ACKs (new branch, or the INVITE's branch) go to onAck; Timer L = 64*T1 ends it.
 *  8. A transport error while responding -> onTransportError, Terminated (§17.2.4).
 *  9. respond() refuses what the machine no longer takes and throws on a bad status.
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../../src/base/index.js';
import { createResponse } from '../../../../src/sip/index.js';
import { ALICE, flush, onWire, rawRequest, serverBench, statuses, timesOnWire } from './harness.js';

function events(): { list: string[]; user: { onTimeout(): void; onTransportError(): void; onTerminated(): void } } {
  const list: string[] = [];
  return {
    list,
    user: {
      onTimeout: () => list.push('timeout'),
      onTransportError: () => list.push('transport-error'),
      onTerminated: () => list.push('terminated'),
    },
  };
}

describe('InviteServerTransaction', () => {
  it('1. sends 100 Trying when the TU has not answered within 200 ms', () => {
    const sb = serverBench();
    const invite = rawRequest('INVITE', 'z9hG4bKist1');
    invite.headers.append('Timestamp', '54.2');
    sb.send(invite);
    sb.clock.advance(199);
    expect(sb.requests).toHaveLength(1);
    expect(sb.requests[0]!.tx.kind).toBe('ist');
    expect(statuses(sb)).toEqual([]);
    sb.clock.advance(1);
    expect(statuses(sb)).toEqual([100]);
    expect(sb.responses[0]!.message.toTag).toBeUndefined();
    expect(sb.responses[0]!.message.headers.get('Timestamp')).toBe('54.2'); // §8.2.6.1
    expect(sb.requests[0]!.tx.state).toBe('Proceeding');
  });

  it('2. a TU answer within 200 ms suppresses the 100 Trying', () => {
    const sb = serverBench();
    sb.bob.onRequest((tx, rx) => sb.clock.setTimer(150, () => tx.respond(createResponse(rx.message, 180, { toTag: 'b1' }))));
    sb.send(rawRequest('INVITE', 'z9hG4bKist2'));
    sb.clock.advance(10_000);
    expect(statuses(sb)).toEqual([180]);
  });

  it('3. Proceeding: INVITE retransmissions get the last provisional, the TU sees one INVITE', () => {
    const sb = serverBench();
    const invite = rawRequest('INVITE', 'z9hG4bKist3');
    sb.send(invite);
    sb.clock.advance(50);
    sb.send(invite); // before any provisional: nothing to resend
    sb.clock.advance(50);
    expect(statuses(sb)).toEqual([]);
    const { tx, rx } = sb.requests[0]!;
    tx.respond(createResponse(rx.message, 180, { toTag: 'b1' }));
    tx.respond(createResponse(rx.message, 183, { toTag: 'b1' }));
    sb.clock.advance(0);
    sb.send(invite);
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([180, 183, 183]);
    expect(sb.requests).toHaveLength(1);
    expect(sb.bob.size).toBe(1);
  });

  it('4. UDP: Timer G doubles capped at T2 until Timer H reports the missing ACK', () => {
    const sb = serverBench();
    sb.send(rawRequest('INVITE', 'z9hG4bKist4'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ev = events();
    tx.setUser(ev.user);
    tx.respond(createResponse(rx.message, 486, { toTag: 'b1' }));
    expect(tx.state).toBe('Completed');
    sb.clock.runAll();
    expect(timesOnWire(sb.wire, 'SIP/2.0 486')).toEqual([
      0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
    ]);
    expect(ev.list).toEqual(['timeout', 'terminated']);
    expect(sb.clock.now()).toBe(32_000);
    expect(tx.state).toBe('Terminated');
    expect(sb.bob.size).toBe(0);
  });

  it('5. Completed: INVITE retransmission re-sends the final; ACK -> Confirmed; Timer I absorbs ACKs', () => {
    const sb = serverBench();
    const invite = rawRequest('INVITE', 'z9hG4bKist5');
    sb.send(invite);
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ev = events();
    tx.setUser(ev.user);
    tx.respond(createResponse(rx.message, 603, { toTag: 'b1' }));
    sb.clock.advance(100);
    sb.send(invite);
    sb.clock.advance(0);
    expect(timesOnWire(sb.wire, 'SIP/2.0 603')).toEqual([0, 100]);
    sb.clock.advance(1900); // G fired at 500 and 1500
    expect(onWire(sb.wire, 'SIP/2.0 603')).toHaveLength(4);
    const ack = rawRequest('ACK', 'z9hG4bKist5');
    sb.send(ack);
    sb.clock.advance(0);
    expect(tx.state).toBe('Confirmed');
    sb.send(ack);
    sb.clock.advance(4999);
    expect(sb.acks).toHaveLength(0); // absorbed, not the TU's
    expect(onWire(sb.wire, 'SIP/2.0 603')).toHaveLength(4); // G stopped
    expect(tx.state).toBe('Confirmed');
    sb.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(ev.list).toEqual(['terminated']);
    expect(sb.bob.size).toBe(0);
  });

  it('6. TCP: no Timer G, Timer H at 64*T1; an ACK terminates at once', () => {
    const sb = serverBench({ protocol: 'tcp' });
    sb.send(rawRequest('INVITE', 'z9hG4bKist6a', { protocol: 'tcp' }));
    sb.send(rawRequest('INVITE', 'z9hG4bKist6b', { protocol: 'tcp' }));
    sb.clock.advance(0);
    const [a, c] = sb.requests;
    const evA = events();
    a!.tx.setUser(evA.user);
    a!.tx.respond(createResponse(a!.rx.message, 486, { toTag: 'b1' }));
    c!.tx.respond(createResponse(c!.rx.message, 486, { toTag: 'b2' }));
    sb.send(rawRequest('ACK', 'z9hG4bKist6b', { protocol: 'tcp' }));
    sb.clock.advance(0);
    expect(c!.tx.state).toBe('Terminated');
    sb.clock.runAll();
    expect(onWire(sb.wire, 'SIP/2.0 486')).toHaveLength(2);
    expect(evA.list).toEqual(['timeout', 'terminated']);
    expect(sb.clock.now()).toBe(32_000);
    expect(sb.bob.size).toBe(0);
  });

  it('7. 2xx -> Accepted: retransmitted INVITEs absorbed, TU 2xx passed, ACKs to onAck, Timer L', () => {
    const sb = serverBench();
    const invite = rawRequest('INVITE', 'z9hG4bKist7');
    sb.send(invite);
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ok = createResponse(rx.message, 200, { toTag: 'b1' });
    expect(tx.respond(ok)).toBe(true);
    expect(tx.state).toBe('Accepted');
    sb.clock.advance(500);
    sb.send(invite);
    sb.clock.advance(0);
    expect(onWire(sb.wire, 'SIP/2.0 200')).toHaveLength(1); // absorbed: no resend
    expect(sb.requests).toHaveLength(1);
    expect(tx.respond(ok)).toBe(true); // the TU's own 2xx retransmission
    expect(tx.respond(createResponse(rx.message, 486))).toBe(false);
    sb.clock.advance(0);
    expect(onWire(sb.wire, 'SIP/2.0 200')).toHaveLength(2);
    sb.send(rawRequest('ACK', 'z9hG4bKack7')); // RFC 3261 2xx ACK: new branch
    sb.send(rawRequest('ACK', 'z9hG4bKist7')); // a peer reusing the INVITE branch
    sb.clock.advance(0);
    expect(sb.acks).toHaveLength(2);
    expect(tx.state).toBe('Accepted');
    sb.clock.advance(31_499);
    expect(tx.state).toBe('Accepted');
    sb.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(sb.bob.size).toBe(0);
  });

  it('8. a transport error while responding -> onTransportError, Terminated', async () => {
    const sb = serverBench();
    sb.send(rawRequest('INVITE', 'z9hG4bKist8'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ev = events();
    tx.setUser(ev.user);
    sb.network.setUnreachable(ALICE);
    tx.respond(createResponse(rx.message, 180, { toTag: 'b1' }));
    await flush();
    expect(ev.list).toEqual(['transport-error', 'terminated']);
    expect(tx.state).toBe('Terminated');
    expect(sb.bob.size).toBe(0);
  });

  it('9. respond(): false when no longer taken, throws on a bad status or method', () => {
    const sb = serverBench();
    sb.send(rawRequest('INVITE', 'z9hG4bKist9'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    expect(() => tx.respond(createResponse(rx.message, 99))).toThrow(SayhiError);
    const wrong = createResponse(rx.message, 200);
    wrong.headers.set('CSeq', '1 BYE');
    expect(() => tx.respond(wrong)).toThrow(/CSeq method/);
    expect(tx.respond(createResponse(rx.message, 480, { toTag: 'b1' }))).toBe(true);
    expect(tx.respond(createResponse(rx.message, 200, { toTag: 'b1' }))).toBe(false);
    expect(tx.respond(createResponse(rx.message, 180, { toTag: 'b1' }))).toBe(false);
  });
});
