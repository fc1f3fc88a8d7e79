/**
 * Two TransactionLayers over a bad UDP network: 30% loss, 10% duplication,
 * 10% reordering (held back 300 ms), 20 ms delay + 30 ms jitter, seeded so a
 * failure replays exactly.
 *
 * What each test proves:
 *  1. 40 OPTIONS: retransmissions (Timer E) and absorbed duplicates get every request a
 *     single outcome; bob's TU sees each request at most once; all complete here; both
 *     layers end empty.
 *  2. 15 calls answered 180 then 200 (three seeds): Timer A, the UAS 2xx retransmitter and the UAC's
 *     re-ACK of every 2xx (in Accepted, and stray after Timer M) connect every call and stop
 *     every 2xx retransmitter by its ACK; no INVITE reaches the TU twice.
 *  3. 10 calls rejected with 486: the transaction's own ACK and Timer G / re-ACK get every
 *     server transaction to Confirmed (no Timer H), every caller hears 486 exactly once.
 */
import { describe, expect, it } from 'vitest';
import {
  Uas2xxRetransmitter,
  createResponse,
  type ReceivedMessage,
  type SipRequest,
  type SipResponse,
} from '../../../../src/sip/index.js';
import { bench, newRequest } from './harness.js';

const BAD_LINK = { lossRate: 0.3, duplicateRate: 0.1, reorderRate: 0.1, reorderDelayMs: 300, delayMs: 20, jitterMs: 30 };

function lossyBench(seed: number) {
  const b = bench({ conditions: BAD_LINK, seed });
  return { ...b, bob: b.bob! };
}

describe('transactions over a lossy, duplicating, reordering network', () => {
  it('1. 40 OPTIONS each get one outcome, the TU sees each request once', () => {
    const b = lossyBench(2024);
    const seenByBob: string[] = [];
    b.bob.onRequest((tx, rx) => {
      seenByBob.push(rx.message.callId);
      tx.respond(createResponse(rx.message, 200, { toTag: 'b' }));
    });
    const outcome = new Map<string, string[]>();
    for (let i = 0; i < 40; i++) {
      const req = newRequest('OPTIONS');
      const list: string[] = [];
      outcome.set(req.callId, list);
      b.alice.sendRequest(req, b.toBob, {
        onResponse: (r) => list.push(String(r.message.status)),
        onTimeout: () => list.push('timeout'),
        onTransportError: () => list.push('error'),
      });
      b.clock.advance(50);
    }
    b.clock.runAll();
    expect(b.network.stats.lost).toBeGreaterThan(0);
    expect(b.network.stats.duplicated).toBeGreaterThan(0);
    for (const list of outcome.values()) expect(list).toHaveLength(1);
    expect([...outcome.values()].filter((l) => l[0] === '200')).toHaveLength(40);
    expect(new Set(seenByBob).size).toBe(seenByBob.length);
    expect(b.alice.size + b.bob.size).toBe(0);
  });

  it.each([77, 78, 79])('2. 15 calls connect: 2xx retransmitted until ACKed, every 2xx re-ACKed (seed %i)', (seed) => {
    const b = lossyBench(seed);
    const invitesAtBob: string[] = [];
    const retransmitters = new Map<string, Uas2xxRetransmitter>();
    b.bob.onRequest((tx, rx) => {
      invitesAtBob.push(rx.message.callId);
      tx.respond(createResponse(rx.message, 180, { toTag: 'b' }));
      b.clock.setTimer(1000, () => {
        const ok = createResponse(rx.message, 200, { toTag: 'b' });
        tx.respond(ok);
        const r = new Uas2xxRetransmitter({ clock: b.clock, timers: b.bob.timers, retransmit: () => tx.respond(ok), onTimeout: () => {} });
        retransmitters.set(rx.message.callId, r);
        r.start();
      });
    });
    b.bob.onAck((ack) => retransmitters.get(ack.message.callId)?.ackReceived());

    const acks = new Map<string, SipRequest>();
    const connected = new Set<string>();
    const failed: string[] = [];
    // the dialog layer's job, reduced to what this test needs: ACK every 2xx, the same ACK each time
    const ack2xx = (res: ReceivedMessage<SipResponse>) => {
      const callId = res.message.callId;
      connected.add(callId);
      let ack = acks.get(callId);
      if (!ack) {
        ack = newRequest('ACK', { callId, cseq: res.message.cseq!.seq });
        ack.headers.set('To', res.message.headers.get('To')!);
        acks.set(callId, ack);
      }
      void b.alice.sendAck(ack, b.toBob);
    };
    b.alice.onStrayResponse((r) => {
      if (r.message.status === 200) ack2xx(r);
    });
    for (let i = 0; i < 15; i++) {
      b.alice.sendRequest(newRequest('INVITE'), b.toBob, {
        onResponse: (r) => {
          if (r.message.status === 200) ack2xx(r);
        },
        onTimeout: (tx) => failed.push(`timeout ${tx.request.callId}`),
        onTransportError: (tx) => failed.push(`error ${tx.request.callId}`),
      });
      b.clock.advance(100);
    }
    b.clock.runAll();
    expect(failed).toEqual([]);
    expect(connected.size).toBe(15);
    expect(new Set(invitesAtBob).size).toBe(invitesAtBob.length);
    expect([...retransmitters.values()].map((r) => r.state)).toEqual(Array(15).fill('Acknowledged'));
    expect([...retransmitters.values()].some((r) => r.retransmissions > 0)).toBe(true);
    expect(b.alice.size + b.bob.size).toBe(0);
    expect(b.clock.pending()).toBe(0);
  });

  it('3. 10 calls rejected: each server transaction gets its ACK, each caller hears 486 once', () => {
    const b = lossyBench(99);
    const timerH: string[] = [];
    b.bob.onRequest((tx, rx) => {
      tx.setUser({ onTimeout: () => timerH.push(rx.message.callId) });
      tx.respond(createResponse(rx.message, 486, { toTag: 'b' }));
    });
    const heard: string[] = [];
    for (let i = 0; i < 10; i++) {
      b.alice.sendRequest(newRequest('INVITE'), b.toBob, {
        onResponse: (r) => heard.push(String(r.message.status)),
        onTimeout: () => heard.push('timeout'),
      });
      b.clock.advance(100);
    }
    b.clock.runAll();
    expect(heard).toEqual(Array(10).fill('486'));
    expect(timerH).toEqual([]);
    const confirmed = b.logs.filter((l) => /^ist \S+ INVITE Completed -> Confirmed \(ACK received\)$/.test(l.msg));
    expect(confirmed).toHaveLength(10);
    expect(b.network.stats.lost).toBeGreaterThan(0);
    expect(b.alice.size + b.bob.size).toBe(0);
  });
});
