/**
 * LoopNetwork / LoopTransport: the in-memory SipTransport under the
 * transaction tests (and farm mode).
 *
 * What each test proves:
 *  1. Messages cross as bytes: what arrives was serialized and parsed again (body and
 *     Content-Length intact), after the configured delay on the injected clock, never
 *     synchronously.
 *  2. Incoming requests get received/rport (RFC 3581 §4, RFC 3261 §18.2.1); a UDP response
 *     goes to received:rport, a TCP response back to the connection's source.
 *  3. An unreachable destination makes sendRequest and sendResponse reject with
 *     SIP_TRANSPORT_UNREACHABLE; no listener: UDP vanishes, TCP is refused.
 *  4. Seeded loss / duplication: rates come out near the setting and replay exactly with the
 *     same seed; TCP is never lost or duplicated.
 *  5. Reordering and jitter reorder datagrams; TCP keeps its order.
 *  6. Malformed bytes are counted and dropped; a closed endpoint gets nothing.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../../src/base/index.js';
import {
  LoopNetwork,
  LoopTransport,
  createResponse,
  type LoopConditions,
  type ReceivedMessage,
  type SipRequest,
  type TransportProtocol,
} from '../../../../src/sip/index.js';
import { ALICE, BOB, newRequest, rawRequest } from './harness.js';

function pair(conditions: Partial<LoopConditions> = {}, seed = 7) {
  const clock = new VirtualClock();
  const network = new LoopNetwork({ clock, seed, conditions });
  const a = new LoopTransport({ network, ...ALICE });
  const b = new LoopTransport({ network, ...BOB });
  const atA: ReceivedMessage[] = [];
  const atB: ReceivedMessage[] = [];
  a.onMessage((m) => atA.push(m));
  b.onMessage((m) => atB.push(m));
  return { clock, network, a, b, atA, atB };
}

/** Send `n` numbered MESSAGE requests a -> b, `spacingMs` apart; returns the CSeq numbers in arrival order. */
function burst(p: ReturnType<typeof pair>, n: number, protocol: TransportProtocol, spacingMs = 0): number[] {
  for (let i = 1; i <= n; i++) {
    void p.a.sendRequest(rawRequest('MESSAGE', `z9hG4bK${i}`, { cseq: i, protocol }), { protocol, ...BOB });
    p.clock.advance(spacingMs);
  }
  p.clock.runAll();
  return p.atB.map((m) => m.message.cseq!.seq);
}

describe('LoopNetwork and LoopTransport', () => {
  it('1. serializes, re-parses and delivers after the delay', () => {
    const p = pair({ delayMs: 30 });
    const req = rawRequest('MESSAGE', 'z9hG4bKm1');
    req.body = Buffer.from('hello bob');
    req.headers.set('Content-Type', 'text/plain');
    void p.a.sendRequest(req, { protocol: 'udp', ...BOB });
    expect(p.atB).toHaveLength(0);
    p.clock.advance(29);
    expect(p.atB).toHaveLength(0);
    p.clock.advance(1);
    const got = p.atB[0]!;
    expect(got.message).not.toBe(req);
    expect(got.message.body.toString()).toBe('hello bob');
    expect(got.message.headers.get('Content-Length')).toBe('9');
    expect(got.source).toEqual({ protocol: 'udp', host: ALICE.host, port: ALICE.port });
    expect(got.local).toEqual({ protocol: 'udp', host: BOB.host, port: BOB.port });
    expect(got.connectionId).toBeUndefined();
  });

  it('2. stamps received/rport and routes responses like a real transport', async () => {
    const clock = new VirtualClock();
    const network = new LoopNetwork({ clock });
    const nat = new LoopTransport({ network, ...ALICE, advertised: { host: '127.0.0.1', port: 5999 } });
    const b = new LoopTransport({ network, ...BOB });
    const atNat: ReceivedMessage[] = [];
    nat.onMessage((m) => atNat.push(m));
    const atB: Array<ReceivedMessage<SipRequest>> = [];
    b.onMessage((m) => atB.push(m as ReceivedMessage<SipRequest>));
    expect(nat.localAddress('udp')).toEqual({ host: '127.0.0.1', port: 5999 });
    await nat.sendRequest(rawRequest('OPTIONS', 'z9hG4bKn1', { from: { host: '127.0.0.1', port: 5999 } }), { protocol: 'udp', ...BOB });
    await nat.sendRequest(rawRequest('OPTIONS', 'z9hG4bKn2', { protocol: 'tcp', from: { host: '127.0.0.1', port: 5999 } }), { protocol: 'tcp', ...BOB });
    clock.advance(0);
    const via = atB[0]!.message.topVia!;
    expect(via.params.get('rport')).toBe(String(ALICE.port));
    expect(via.params.get('received')).toBe(ALICE.host);
    expect(atB[1]!.connectionId).toMatch(/^loop-tcp:/);
    await b.sendResponse(createResponse(atB[0]!.message, 200), atB[0]!);
    await b.sendResponse(createResponse(atB[1]!.message, 200), atB[1]!);
    clock.advance(0);
    expect(atNat.map((m) => `${m.source.protocol} ${m.message.kind}`)).toEqual(['udp response', 'tcp response']);
    // without rport the response follows sent-by: the advertised (wrong) port gets nothing
    const plain = rawRequest('OPTIONS', 'z9hG4bKn3', { from: { host: '127.0.0.1', port: 5999 } });
    plain.headers.set('Via', 'SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKn3');
    await nat.sendRequest(plain, { protocol: 'udp', ...BOB });
    clock.advance(0);
    expect(atB[2]!.message.topVia!.params.has('received')).toBe(false);
    await b.sendResponse(createResponse(atB[2]!.message, 200), atB[2]!);
    clock.advance(0);
    expect(atNat).toHaveLength(2);
  });

  it('3. unreachable rejects; no listener: UDP vanishes, TCP is refused', async () => {
    const p = pair();
    p.network.setUnreachable(BOB);
    await expect(p.a.sendRequest(newRequest('OPTIONS'), { protocol: 'udp', ...BOB })).rejects.toMatchObject({ code: 'SIP_TRANSPORT_UNREACHABLE' });
    p.network.setUnreachable(BOB, false);
    await p.a.sendRequest(rawRequest('OPTIONS', 'z9hG4bKu1'), { protocol: 'udp', ...BOB });
    p.clock.advance(0);
    p.network.setUnreachable(ALICE);
    const rx = p.atB[0]! as ReceivedMessage<SipRequest>;
    await expect(p.b.sendResponse(createResponse(rx.message, 200), rx)).rejects.toMatchObject({ code: 'SIP_TRANSPORT_UNREACHABLE' });
    const nowhere = { host: '127.0.0.1', port: 5099 };
    await expect(p.a.sendRequest(newRequest('OPTIONS'), { protocol: 'udp', ...nowhere })).resolves.toBeUndefined();
    await expect(p.a.sendRequest(newRequest('OPTIONS'), { protocol: 'tcp', ...nowhere })).rejects.toMatchObject({ code: 'SIP_TRANSPORT_UNREACHABLE' });
  });

  it('4. seeded loss and duplication: near the rate, replayable, never on TCP', () => {
    const run = (seed: number, protocol: TransportProtocol) => {
      const p = pair({ lossRate: 0.3, duplicateRate: 0.1 }, seed);
      const arrived = burst(p, 200, protocol);
      return { arrived, stats: { ...p.network.stats } };
    };
    const one = run(42, 'udp');
    expect(one.stats.sent).toBe(200);
    expect(one.stats.lost).toBeGreaterThan(40); // 30% of 200 = 60, sd about 6.5
    expect(one.stats.lost).toBeLessThan(80);
    expect(one.stats.duplicated).toBeGreaterThan(4); // 10% of the ~140 kept
    expect(one.stats.duplicated).toBeLessThan(26);
    expect(one.arrived).toHaveLength(200 - one.stats.lost + one.stats.duplicated);
    expect(run(42, 'udp')).toEqual(one);
    expect(run(43, 'udp').arrived).not.toEqual(one.arrived);
    const tcp = run(42, 'tcp');
    expect(tcp.arrived).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('5. reordering and jitter reorder datagrams; TCP keeps order', () => {
    const reorder = pair({ delayMs: 5, reorderRate: 0.2, reorderDelayMs: 50 }, 3);
    const got = burst(reorder, 100, 'udp', 10);
    expect(got).toHaveLength(100);
    expect(got).not.toEqual([...got].sort((x, y) => x - y));
    const jitter = pair({ delayMs: 5, jitterMs: 40 }, 3);
    const j = burst(jitter, 100, 'udp', 10);
    expect(j).not.toEqual([...j].sort((x, y) => x - y));
    const tcp = pair({ delayMs: 5, jitterMs: 40, reorderRate: 0.5, reorderDelayMs: 50 }, 3);
    expect(burst(tcp, 100, 'tcp', 10)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('6. malformed bytes are dropped and counted; a closed endpoint receives nothing', () => {
    const p = pair();
    p.network.transmit(ALICE, 'udp', BOB, Buffer.from('this is not SIP\r\n\r\n'));
    p.clock.advance(0);
    expect(p.b.stats).toEqual({ received: 0, malformed: 1 });
    void p.a.sendRequest(rawRequest('OPTIONS', 'z9hG4bKc1'), { protocol: 'udp', ...BOB });
    p.b.close();
    p.clock.advance(0);
    expect(p.atB).toHaveLength(0);
    expect(p.network.endpointCount).toBe(1);
    expect(() => new LoopTransport({ network: p.network, ...ALICE })).toThrow(/already in use/);
  });
});
