/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2): bob's layer, alice played
 * by hand.
 *
 * What each test proves:
 *  1. Trying: request retransmissions are discarded (nothing sent, TU told once).
 *  2. Proceeding: a retransmission gets the last provisional again.
 *  3. Completed (UDP): a retransmission gets the final again; a second final from the TU is
 *     discarded (respond() -> false); Timer J = 64*T1 then Terminated; after that the same
 *     request is new again (a new transaction, given to the TU).
 *  4. TCP: Timer J is zero.
 *  5. No TU registered: the layer answers 500 itself.
 *  6. Transport error while responding -> onTransportError, Terminated.
 */
import { describe, expect, it } from 'vitest';
import { TransactionLayer, createResponse } from '../../../../src/sip/index.js';
import { ALICE, flush, onWire, rawRequest, serverBench, statuses, timesOnWire } from './harness.js';

describe('NonInviteServerTransaction', () => {
  it('1. Trying: request retransmissions are discarded', () => {
    const sb = serverBench();
    const req = rawRequest('OPTIONS', 'z9hG4bKnist1');
    sb.send(req);
    sb.clock.advance(500);
    sb.send(req);
    sb.clock.advance(1000);
    sb.send(req);
    sb.clock.advance(0);
    expect(sb.requests).toHaveLength(1);
    expect(sb.requests[0]!.tx.kind).toBe('nist');
    expect(sb.requests[0]!.tx.state).toBe('Trying');
    expect(statuses(sb)).toEqual([]); // and no automatic 100 for non-INVITE
  });

  it('2. Proceeding: a retransmission gets the last provisional again', () => {
    const sb = serverBench();
    const req = rawRequest('SUBSCRIBE', 'z9hG4bKnist2');
    sb.send(req);
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    tx.respond(createResponse(rx.message, 100));
    expect(tx.state).toBe('Proceeding');
    sb.send(req);
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([100, 100]);
  });

  it('3. Completed: re-sends the final on retransmission, discards a second final, Timer J ends it', () => {
    const sb = serverBench();
    const req = rawRequest('REGISTER', 'z9hG4bKnist3');
    sb.send(req);
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const ended: string[] = [];
    tx.setUser({ onTerminated: () => ended.push('terminated') });
    expect(tx.respond(createResponse(rx.message, 200, { toTag: 'b1' }))).toBe(true);
    expect(tx.state).toBe('Completed');
    expect(tx.respond(createResponse(rx.message, 500, { toTag: 'b1' }))).toBe(false);
    sb.clock.advance(1500);
    sb.send(req);
    sb.clock.advance(0);
    expect(timesOnWire(sb.wire, 'SIP/2.0 200')).toEqual([0, 1500]);
    expect(onWire(sb.wire, 'SIP/2.0 500')).toHaveLength(0);
    sb.clock.advance(32_000 - 1500 - 1);
    expect(tx.state).toBe('Completed');
    sb.clock.advance(1);
    expect(tx.state).toBe('Terminated');
    expect(ended).toEqual(['terminated']);
    expect(sb.bob.size).toBe(0);
    sb.send(req); // the same request after Timer J is a new one to the layer
    sb.clock.advance(0);
    expect(sb.requests).toHaveLength(2);
  });

  it('4. TCP: Timer J is zero', () => {
    const sb = serverBench({ protocol: 'tcp' });
    sb.send(rawRequest('BYE', 'z9hG4bKnist4', { protocol: 'tcp' }));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    tx.respond(createResponse(rx.message, 200, { toTag: 'b1' }));
    expect(tx.state).toBe('Terminated');
    expect(sb.bob.size).toBe(0);
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([200]);
  });

  it('5. with no TU registered the layer answers 500', () => {
    const sb = serverBench();
    const bare = new TransactionLayer({ transport: sb.bobTransport, clock: sb.clock });
    // a second layer on the same transport with no handlers: both see the request;
    // bob's TU records it, the bare layer answers 500 on its own
    sb.send(rawRequest('MESSAGE', 'z9hG4bKnist5'));
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([500]);
    expect(sb.responses[0]!.message.toTag).toBeTruthy();
    expect(bare.size).toBe(1);
  });

  it('6. a transport error while responding -> onTransportError, Terminated', async () => {
    const sb = serverBench();
    sb.send(rawRequest('OPTIONS', 'z9hG4bKnist6'));
    sb.clock.advance(0);
    const { tx, rx } = sb.requests[0]!;
    const events: string[] = [];
    tx.setUser({ onTransportError: () => events.push('transport-error'), onTerminated: () => events.push('terminated') });
    sb.network.setUnreachable(ALICE);
    tx.respond(createResponse(rx.message, 200, { toTag: 'b1' }));
    await flush();
    expect(events).toEqual(['transport-error', 'terminated']);
    expect(sb.bob.size).toBe(0);
  });
});
