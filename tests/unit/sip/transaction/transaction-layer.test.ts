/**
 * TransactionLayer: what goes on the wire, message matching (RFC 3261 §17.1.3,
 * §17.2.3), the TU hand-offs, and memory.
 *
 * What each test proves:
 *  1. sendRequest gives the request exactly one Via, written first: SIP/2.0/<PROTO>, the
 *     transport's sent-by, a z9hG4bK branch, rport; adds Max-Forwards: 70 only when missing.
 *  2. sendRequest refuses ACK, CANCEL and a request without a matching CSeq (SayhiError).
 *  3. A response is matched by branch AND CSeq method: the INVITE's branch with CSeq CANCEL
 *     does not reach the INVITE transaction; unmatched responses go to onStrayResponse.
 *  4. Requests are matched by branch + sent-by + method: same branch from another sent-by is
 *     another transaction.
 *  5. An RFC 2543 peer (no magic cookie) still gets retransmissions absorbed and its ACK
 *     matched to the INVITE transaction.
 *  6. rport: a NAT'd alice advertising the wrong port still gets bob's responses; bob's TU
 *     sees received/rport in the top Via.
 *  7. sendAck stamps a Via once (re-sending keeps the branch); bob's layer hands it to onAck.
 *  8. Memory: a mix of flows (success, 486, CANCEL/487, Timer F timeout with a late answer)
 *     leaves both layers with 0 transactions and the clock with 0 timers after runAll.
 *  9. close() terminates every transaction (onTerminated runs) and ignores later messages.
 * 10. Timer settings are validated.
 */
import { describe, expect, it } from 'vitest';
import { SayhiError } from '../../../../src/base/index.js';
import {
  TransactionLayer,
  createResponse,
  type InviteClientTransaction,
  type ReceivedMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/sip/index.js';
import { ALICE, bench, newRequest, onWire, peerRespond, rawRequest, recordingUser, serverBench, statuses } from './harness.js';

describe('TransactionLayer', () => {
  it('1. stamps one top Via (proto, sent-by, branch, rport) and Max-Forwards when missing', () => {
    const b = bench({ scriptedBob: true });
    const req = newRequest('OPTIONS');
    req.headers.remove('Max-Forwards');
    req.headers.append('Via', 'SIP/2.0/UDP stale.invalid;branch=z9hG4bKold'); // e.g. a cloned request
    const tx = b.alice.sendRequest(req, b.toBob, {});
    b.clock.advance(0);
    const got = b.bobInbox[0]!.message;
    expect(got.vias).toHaveLength(1);
    const via = got.topVia!;
    expect(via.transport).toBe('UDP');
    expect(`${via.host}:${via.port}`).toBe(`${ALICE.host}:${ALICE.port}`);
    expect(via.params.get('branch')).toBe(tx.branch);
    expect(via.params.get('rport')).toBe(String(ALICE.port)); // filled in by bob's transport
    expect(got.headers.get('Max-Forwards')).toBe('70');
    expect(onWire(b.wire, 'OPTIONS ')[0]!.data.toString().split('\r\n')[1]).toMatch(/^Via: SIP\/2.0\/UDP 127.0.0.1:5061;branch=z9hG4bK\w+;rport$/);

    const c = bench({ scriptedBob: true, protocol: 'tcp' });
    const keep = newRequest('INVITE');
    keep.headers.set('Max-Forwards', '10');
    c.alice.sendRequest(keep, c.toBob, {});
    c.clock.advance(0);
    expect(c.bobInbox[0]!.message.topVia!.transport).toBe('TCP');
    expect(c.bobInbox[0]!.message.headers.getAll('Max-Forwards')).toEqual(['10']);
  });

  it('2. refuses ACK, CANCEL and a request without a matching CSeq', () => {
    const b = bench({ scriptedBob: true });
    expect(() => b.alice.sendRequest(newRequest('ACK'), b.toBob, {})).toThrow(SayhiError);
    expect(() => b.alice.sendRequest(newRequest('CANCEL'), b.toBob, {})).toThrow(/sendCancel/);
    const bad = newRequest('OPTIONS');
    bad.headers.set('CSeq', '1 INVITE');
    expect(() => b.alice.sendRequest(bad, b.toBob, {})).toThrow(/CSeq/);
    expect(() => b.alice.sendAck(newRequest('BYE'), b.toBob)).toThrow(SayhiError);
    expect(b.alice.size).toBe(0);
  });

  it('3. responses match by branch and CSeq method; the rest are stray', () => {
    const b = bench({ scriptedBob: true });
    const strays: Array<ReceivedMessage<SipResponse>> = [];
    b.alice.onStrayResponse((r) => strays.push(r));
    const user = recordingUser(b.clock);
    const tx = b.alice.sendRequest(newRequest('INVITE'), b.toBob, user);
    b.clock.advance(0);
    const rx = b.bobInbox[0]!;
    const wrongMethod = createResponse(rx.message as SipRequest, 200, { toTag: 'x' });
    wrongMethod.headers.set('CSeq', '1 CANCEL');
    void b.bobTransport.sendResponse(wrongMethod, rx as ReceivedMessage<SipRequest>);
    const wrongBranch = createResponse(rx.message as SipRequest, 180, { toTag: 'x' });
    wrongBranch.headers.set('Via', wrongBranch.headers.get('Via')!.replace(tx.branch, 'z9hG4bKother'));
    void b.bobTransport.sendResponse(wrongBranch, rx as ReceivedMessage<SipRequest>);
    b.clock.advance(0);
    expect(user.events).toEqual([]);
    expect(strays.map((s) => `${s.message.status} ${s.message.cseq?.method}`)).toEqual(['200 CANCEL', '180 INVITE']);
    expect(tx.state).toBe('Calling');
    peerRespond(b, rx, 180);
    b.clock.advance(0);
    expect(user.events).toEqual(['1xx:180']);
  });

  it('4. requests match by branch, sent-by and method', () => {
    const sb = serverBench();
    sb.send(rawRequest('OPTIONS', 'z9hG4bKsame'));
    sb.send(rawRequest('OPTIONS', 'z9hG4bKsame', { from: { host: '127.0.0.1', port: 6000 } }));
    sb.send(rawRequest('INFO', 'z9hG4bKsame'));
    sb.send(rawRequest('OPTIONS', 'z9hG4bKsame')); // retransmission of the first
    sb.clock.advance(0);
    expect(sb.requests.map((r) => `${r.rx.message.method} ${r.rx.message.topVia!.port}`)).toEqual([
      'OPTIONS 5061',
      'OPTIONS 6000',
      'INFO 5061',
    ]);
    expect(sb.bob.serverCount).toBe(3);
  });

  it('5. an RFC 2543 peer (no magic cookie): retransmission absorbed, ACK matched', () => {
    const sb = serverBench();
    const invite = rawRequest('INVITE', 'old2543branch', { callId: 'c2543' });
    sb.send(invite);
    sb.send(invite);
    sb.clock.advance(0);
    expect(sb.requests).toHaveLength(1);
    const { tx, rx } = sb.requests[0]!;
    tx.respond(createResponse(rx.message, 486, { toTag: 'b1' }));
    const ack = rawRequest('ACK', 'old2543branch', { callId: 'c2543' });
    ack.headers.set('To', sb.responses[0]?.message.headers.get('To') ?? `<sip:bob@127.0.0.1>;tag=b1`);
    sb.send(ack);
    sb.clock.advance(0);
    expect(tx.state).toBe('Confirmed');
    expect(sb.acks).toHaveLength(0);
  });

  it('6. rport: a NAT-ed UA advertising the wrong port still gets its responses', () => {
    const b = bench({ aliceAdvertised: { host: '127.0.0.1', port: 5999 } });
    let seenVia = '';
    b.bob!.onRequest((tx, rx) => {
      seenVia = rx.message.headers.get('Via')!;
      tx.respond(createResponse(rx.message, 200, { toTag: 'b' }));
    });
    const user = recordingUser(b.clock);
    b.alice.sendRequest(newRequest('REGISTER'), b.toBob, user);
    b.clock.advance(0);
    expect(seenVia).toMatch(/^SIP\/2.0\/UDP 127.0.0.1:5999;branch=z9hG4bK\w+;rport=5061;received=127.0.0.1$/);
    expect(user.events).toEqual(['final:200']);
  });

  it('7. sendAck adds a Via once; the ACK reaches onAck', async () => {
    const b = bench();
    const acks: Array<ReceivedMessage<SipRequest>> = [];
    b.bob!.onAck((a) => acks.push(a));
    const ack = newRequest('ACK');
    await b.alice.sendAck(ack, b.toBob);
    const branch = ack.topVia!.params.get('branch');
    await b.alice.sendAck(ack, b.toBob);
    b.clock.advance(0);
    expect(acks.map((a) => a.message.topVia!.params.get('branch'))).toEqual([branch, branch]);
    expect(branch).toMatch(/^z9hG4bK/);
    expect(b.alice.size + b.bob!.size).toBe(0);
  });

  it('8. memory: every kind of flow ends with 0 transactions and 0 timers', () => {
    const b = bench();
    const bob = b.bob!;
    const seen = { INVITE: 0, OPTIONS: 0 };
    bob.onRequest((tx, rx) => {
      const m = rx.message.method as 'INVITE' | 'OPTIONS';
      const kind = seen[m]++ % 3;
      const answer = (status: number) => tx.respond(createResponse(rx.message, status, { toTag: 't' }));
      if (m === 'INVITE') answer([486, 200, 180][kind]!); // 180: alice CANCELs, bob's TU sends 487
      else if (kind !== 2) answer(200);
      // every third OPTIONS is answered after alice's Timer F fired (her layer drops it as stray)
      else b.clock.setTimer(40_000, () => answer(200));
    });
    bob.onCancel((inv) => inv.respond(createResponse(inv.request, 487, { toTag: 't' })));
    const outcomes: string[] = [];
    let strays = 0;
    b.alice.onStrayResponse(() => strays++);
    let acked = 0;
    b.bob!.onAck(() => acked++);
    for (let i = 0; i < 24; i++) {
      const method = i % 2 === 0 ? 'INVITE' : 'OPTIONS';
      const tx = b.alice.sendRequest(newRequest(method), b.toBob, {
        onResponse: (r, t) => {
          if (r.message.status === 180) b.alice.sendCancel(t as InviteClientTransaction);
          if (r.message.status === 200 && method === 'INVITE') {
            const ack = newRequest('ACK');
            void b.alice.sendAck(ack, b.toBob);
          }
        },
        onTerminated: () => outcomes.push(method),
      });
      expect(tx.state).not.toBe('Terminated');
    }
    b.clock.advance(1000);
    expect(b.alice.size).toBeGreaterThan(0);
    expect(bob.size).toBeGreaterThan(0);
    b.clock.runAll();
    expect(outcomes).toHaveLength(24);
    expect(acked).toBe(4);
    expect(strays).toBe(4);
    expect(b.alice.size).toBe(0);
    expect(bob.size).toBe(0);
    expect(b.clock.pending()).toBe(0);
  });

  it('9. close() terminates everything and ignores later messages', () => {
    const sb = serverBench();
    const user = recordingUser(sb.clock);
    sb.alice.sendRequest(newRequest('INVITE'), sb.toBob, user);
    sb.clock.advance(0);
    expect(sb.bob.size).toBe(1);
    sb.alice.close();
    sb.bob.close();
    expect(user.events).toEqual(['terminated']);
    expect(sb.alice.size + sb.bob.size).toBe(0);
    sb.send(rawRequest('OPTIONS', 'z9hG4bKafter'));
    sb.clock.runAll();
    expect(sb.bob.size).toBe(0);
    expect(statuses(sb)).toEqual([]);
    expect(sb.clock.pending()).toBe(0);
  });

  it('10. validates T1/T2/T4', () => {
    const b = bench({ scriptedBob: true });
    const make = (timers: object) => () => new TransactionLayer({ transport: b.bobTransport, clock: b.clock, timers });
    expect(make({ t1: 0 })).toThrow(SayhiError);
    expect(make({ t1: 1000, t2: 500 })).toThrow(/invalid transaction timers/);
    expect(make({ t1: 250 })().timers).toEqual({ t1: 250, t2: 4000, t4: 5000 });
  });
});
