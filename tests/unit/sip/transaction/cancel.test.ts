/**
 * CANCEL (RFC 3261 §9): alice's and bob's TransactionLayers talking over a
 * LoopNetwork, or bob played by hand where the test needs a silent or odd peer.
 *
 * What each test proves:
 *  1. After a provisional: sendCancel -> 'sent'; the CANCEL carries the INVITE's branch,
 *     Request-URI, Call-ID, From, To and CSeq number (§9.1); bob's layer answers 200 to the
 *     CANCEL with the To tag of its provisional, tells the TU (onCancel), the TU sends 487;
 *     alice ACKs the 487; after runAll both layers are empty.
 *  2. Before any provisional: sendCancel -> 'deferred', no CANCEL on the wire until the
 *     100 Trying (sent by bob's transaction at 200 ms) arrives, then it goes out.
 *  3. No TU onCancel handler: bob's layer sends the 487 itself.
 *  4. A CANCEL that matches no transaction gets 481.
 *  5. After the final response: sendCancel -> 'too-late'; a CANCEL reaching a 2xx-answered
 *     INVITE gets 200 but does not reach the TU; a second sendCancel -> 'already-requested'.
 *  6. A CANCEL answered but the INVITE never finished: 64*T1 after the CANCEL the INVITE
 *     transaction gives up with onTimeout (§9.1).
 */
import { describe, expect, it } from 'vitest';
import { createResponse, type InviteClientTransaction, type InviteServerTransaction } from '../../../../src/sip/index.js';
import { bench, newRequest, onWire, peerRespond, rawRequest, recordingUser, serverBench, statuses } from './harness.js';

describe('CANCEL', () => {
  it('1. after a provisional: CANCEL per §9.1, 200 to it, 487 to the INVITE, ACK, all cleaned up', () => {
    const b = bench();
    const bob = b.bob!;
    const cancelled: InviteServerTransaction[] = [];
    bob.onRequest((tx, rx) => tx.respond(createResponse(rx.message, 180, { toTag: 'bob1' })));
    bob.onCancel((inviteTx) => {
      cancelled.push(inviteTx);
      inviteTx.respond(createResponse(inviteTx.request, 487, { toTag: 'bob1' }));
    });
    const inviteUser = recordingUser(b.clock);
    const cancelUser = recordingUser(b.clock);
    const ict = b.alice.sendRequest(newRequest('INVITE', { cseq: 42 }), b.toBob, inviteUser) as InviteClientTransaction;
    b.clock.advance(0);
    expect(ict.state).toBe('Proceeding');
    expect(b.alice.sendCancel(ict, cancelUser)).toBe('sent');
    expect(ict.cancelRequested).toBe(true);
    b.clock.advance(0);

    const cancelPacket = onWire(b.wire, 'CANCEL ')[0]!;
    const cancel = cancelPacket.data.toString();
    const invite = ict.request;
    expect(cancel).toContain(`CANCEL ${invite.uri} SIP/2.0`);
    expect(cancel).toContain(`Via: ${invite.headers.get('Via')}`);
    expect(cancel).toContain(`Call-ID: ${invite.callId}`);
    expect(cancel).toContain(`From: ${invite.headers.get('From')}`);
    expect(cancel).toContain(`To: ${invite.headers.get('To')}`);
    expect(cancel).toContain('CSeq: 42 CANCEL');

    expect(cancelled).toHaveLength(1);
    expect(cancelUser.events).toEqual(['final:200']);
    expect(cancelUser.responses[0]!.message.toTag).toBe('bob1');
    expect(inviteUser.events).toEqual(['1xx:180', 'final:487']);
    expect(onWire(b.wire, 'ACK ')).toHaveLength(1);
    expect(cancelled[0]!.state).toBe('Confirmed');
    b.clock.runAll();
    expect(b.alice.size).toBe(0);
    expect(bob.size).toBe(0);
    expect(b.clock.pending()).toBe(0);
  });

  it('2. before any provisional: the CANCEL waits for the 100 Trying', () => {
    const b = bench();
    const bob = b.bob!;
    bob.onRequest(() => {}); // TU silent: bob's transaction sends 100 at 200 ms
    bob.onCancel((inviteTx) => inviteTx.respond(createResponse(inviteTx.request, 487, { toTag: 'bob2' })));
    const inviteUser = recordingUser(b.clock);
    const ict = b.alice.sendRequest(newRequest('INVITE'), b.toBob, inviteUser) as InviteClientTransaction;
    expect(b.alice.sendCancel(ict)).toBe('deferred');
    b.clock.advance(199);
    expect(onWire(b.wire, 'CANCEL ')).toHaveLength(0);
    b.clock.advance(1);
    expect(onWire(b.wire, 'CANCEL ').map((p) => p.time)).toEqual([200]);
    b.clock.advance(0);
    expect(inviteUser.events).toEqual(['1xx:100', 'final:487']);
    b.clock.runAll();
    expect(b.alice.size + bob.size).toBe(0);
  });

  it('3. with no onCancel handler the layer answers the INVITE with 487 itself', () => {
    const b = bench();
    b.bob!.onRequest((tx, rx) => tx.respond(createResponse(rx.message, 180, { toTag: 'bob3' })));
    const inviteUser = recordingUser(b.clock);
    const ict = b.alice.sendRequest(newRequest('INVITE'), b.toBob, inviteUser) as InviteClientTransaction;
    b.clock.advance(0);
    b.alice.sendCancel(ict);
    b.clock.advance(0);
    expect(inviteUser.events).toEqual(['1xx:180', 'final:487']);
    expect(inviteUser.responses[1]!.message.toTag).toBe('bob3');
  });

  it('4. a CANCEL matching no transaction gets 481', () => {
    const sb = serverBench();
    sb.send(rawRequest('CANCEL', 'z9hG4bKnowhere'));
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([481]);
    expect(sb.requests).toHaveLength(0);
  });

  it('5. too late: after the final response nothing is cancelled', () => {
    const b = bench();
    const bob = b.bob!;
    let cancels = 0;
    bob.onRequest((tx, rx) => tx.respond(createResponse(rx.message, 200, { toTag: 'bob5' })));
    bob.onCancel(() => cancels++);
    const ict = b.alice.sendRequest(newRequest('INVITE'), b.toBob, {}) as InviteClientTransaction;
    b.clock.advance(0);
    expect(ict.state).toBe('Accepted');
    expect(b.alice.sendCancel(ict)).toBe('too-late');
    expect(b.alice.sendCancel(ict)).toBe('too-late');
    // a CANCEL crossing the 200 on the wire: 200 to the CANCEL, no effect on the INVITE
    const sb = serverBench();
    sb.bob.onCancel(() => cancels++);
    sb.send(rawRequest('INVITE', 'z9hG4bKlate'));
    sb.clock.advance(0);
    sb.requests[0]!.tx.respond(createResponse(sb.requests[0]!.rx.message, 200, { toTag: 'b5' }));
    sb.send(rawRequest('CANCEL', 'z9hG4bKlate'));
    sb.clock.advance(0);
    expect(statuses(sb)).toEqual([200, 200]);
    expect(sb.responses[1]!.message.cseq?.method).toBe('CANCEL');
    expect(sb.responses[1]!.message.toTag).toBe('b5');
    expect(cancels).toBe(0);

    const c = bench({ scriptedBob: true });
    const ict2 = c.alice.sendRequest(newRequest('INVITE'), c.toBob, {}) as InviteClientTransaction;
    expect(c.alice.sendCancel(ict2)).toBe('deferred');
    expect(c.alice.sendCancel(ict2)).toBe('already-requested');
  });

  it('6. CANCEL answered but no final response for the INVITE: give up 64*T1 after the CANCEL', () => {
    const b = bench({ scriptedBob: true });
    const user = recordingUser(b.clock);
    const ict = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user) as InviteClientTransaction;
    b.clock.advance(0);
    peerRespond(b, b.bobInbox[0]!, 180);
    b.clock.advance(1000);
    b.alice.sendCancel(ict);
    b.clock.advance(0);
    const cancelRx = b.bobInbox.find((m) => m.message.kind === 'request' && m.message.method === 'CANCEL')!;
    peerRespond(b, cancelRx, 200);
    b.clock.advance(31_999);
    expect(ict.state).toBe('Proceeding');
    b.clock.advance(1);
    expect(ict.state).toBe('Terminated');
    expect(user.events).toEqual(['1xx:180', 'timeout', 'terminated']);
    b.clock.runAll();
    expect(b.alice.size).toBe(0);
  });
});
