/**
 * TransportManager over an in-memory network with a virtual clock:
 * - UDP request → response with received/rport stamping and routing (§18.2.1, §18.2.2, RFC 3581);
 * - responses with a foreign Via dropped (§18.1.2); malformed requests answered 400, the rest dropped;
 * - UDP and TCP keep-alives on the Clock (manual "UDP keep-alive", RFC 5626 §3.5.1);
 * - TCP connection reuse both ways, idle timeout and holding, fallback when the connection is gone;
 * - framing failures close the connection; errors are SayhiErrors with transport codes;
 * - TLS client options: verification on by default, SNI, extra CAs, per-target override.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, SayhiError, type SocketFactory } from '../../../../src/base/index.js';
import {
  TransportManager,
  createResponse,
  type ReceivedMessage,
  type SipRequest,
  type SipResponse,
  type TransportManagerOptions,
  serializeMessage,
} from '../../../../src/sip/index.js';
import { FakeNetwork, flush } from './fake-network.js';
import { request, requestText } from './samples.js';

const managers: TransportManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

async function start(factory: SocketFactory, clock: VirtualClock, host: string, extra: Partial<TransportManagerOptions> = {}) {
  const m = await TransportManager.start({
    factory,
    clock,
    udp: { host, port: 5060 },
    tcp: { host, port: 5060 },
    ...extra,
  });
  managers.push(m);
  const got: ReceivedMessage[] = [];
  m.onMessage((msg) => got.push(msg));
  return { m, got };
}

async function pair(extraA: Partial<TransportManagerOptions> = {}) {
  const net = new FakeNetwork();
  const clock = new VirtualClock();
  const a = await start(net.factory('10.0.0.1'), clock, '10.0.0.1', extraA);
  const b = await start(net.factory('10.0.0.2'), clock, '10.0.0.2');
  return { net, clock, a, b };
}

function viaFor(m: TransportManager, protocol: 'udp' | 'tcp', branch: string): string {
  const l = m.localAddress(protocol);
  return `SIP/2.0/${protocol.toUpperCase()} ${l.host}:${l.port};branch=z9hG4bK${branch};rport`;
}

describe('TransportManager over UDP', () => {
  it('delivers a request with rport/received stamped and routes the response back', async () => {
    const { a, b } = await pair();
    await a.m.sendRequest(request({ via: viaFor(a.m, 'udp', '1') }), { protocol: 'udp', host: '10.0.0.2', port: 5060 });
    await flush();
    expect(b.got).toHaveLength(1);
    const rx = b.got[0]! as ReceivedMessage<SipRequest>;
    expect(rx.source).toEqual({ protocol: 'udp', host: '10.0.0.1', port: 5060 });
    expect(rx.connectionId).toBeUndefined();
    expect(rx.message.topVia!.params.get('rport')).toBe('5060');
    expect(rx.message.topVia!.params.get('received')).toBe('10.0.0.1');
    await b.m.sendResponse(createResponse(rx.message, 200), rx);
    await flush();
    expect(a.got.map((g) => (g.message as SipResponse).status)).toEqual([200]);
    expect(b.m.counters()).toMatchObject({ received: 1, sent: 1 });
  });

  it('drops a response whose top Via is not ours (§18.1.2)', async () => {
    const { net, a } = await pair();
    const raw = await net.factory('10.0.0.3').bindUdp({ address: '10.0.0.3', port: 5060 });
    const req = request({ via: 'SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKf' });
    raw.send(serializeMessage(createResponse(req, 200)), 5060, '10.0.0.1');
    const mine = request({ via: 'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKg' });
    raw.send(serializeMessage(createResponse(mine, 200)), 5060, '10.0.0.1');
    await flush();
    expect(a.got.map((g) => g.message.topVia!.params.get('branch'))).toEqual(['z9hG4bKg']);
    expect(a.m.counters().foreignResponses).toBe(1);
  });

  it('answers a malformed request with 400 <reason> to its Via, drops the rest', async () => {
    const { net, a, b } = await pair();
    const raw = await net.factory('10.0.0.3').bindUdp({ address: '10.0.0.3', port: 5070 });
    const replies: string[] = [];
    raw.onMessage((d) => replies.push(d.toString()));
    const bad = requestText({ via: 'SIP/2.0/UDP 10.0.0.3:5070;branch=z9hG4bKm;rport' }).replace('CSeq: 1 OPTIONS', 'CSeq: 1 BYE');
    raw.send(Buffer.from(bad), 5060, '10.0.0.2');
    raw.send(Buffer.from('SIP/2.0 200 OK\r\nVia: garbage\r\n\r\n'), 5060, '10.0.0.2');
    raw.send(Buffer.from([0x00, 0x01, 0x00, 0x00]), 5060, '10.0.0.2');
    raw.send(Buffer.from('\r\n\r\n'), 5060, '10.0.0.2');
    await flush();
    await flush();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^SIP\/2\.0 400 \S/);
    expect(replies[0]).toMatch(/received=10\.0\.0\.3/);
    expect(b.got).toEqual([]);
    expect(b.m.counters()).toMatchObject({ malformed: 3, badRequestsSent: 1, keepAlives: 1 });
    expect(a.got).toEqual([]);
  });

  it('survives a handler that throws', async () => {
    const { a, b } = await pair();
    b.m.onMessage(() => {
      throw new Error('upper layer bug');
    });
    await a.m.sendRequest(request({ via: viaFor(a.m, 'udp', '2') }), { protocol: 'udp', host: '10.0.0.2', port: 5060 });
    await flush();
    expect(b.got).toHaveLength(1);
    expect(b.m.counters().handlerErrors).toBe(1);
  });

  it('sends a CRLFCRLF keep-alive every interval until stopped', async () => {
    const { net, clock, a } = await pair();
    const server = await net.factory('10.0.0.5').bindUdp({ address: '10.0.0.5', port: 5060 });
    const seen: string[] = [];
    server.onMessage((d) => seen.push(d.toString('hex')));
    const ka = a.m.startKeepAlive({ protocol: 'udp', host: '10.0.0.5', port: 5060 }, 30_000);
    await clock.advanceAsync(29_999);
    expect(seen).toEqual([]);
    await clock.advanceAsync(60_001);
    expect(seen).toEqual(['0d0a0d0a', '0d0a0d0a', '0d0a0d0a']);
    ka.stop();
    await clock.advanceAsync(120_000);
    expect(seen).toHaveLength(3);
  });

  it('advertises the configured host when bound to a wildcard, and accepts responses to it', async () => {
    const net = new FakeNetwork();
    const clock = new VirtualClock();
    const { m, got } = await start(net.factory('10.0.0.1'), clock, '0.0.0.0', { advertisedHost: '203.0.113.50', tcp: undefined });
    expect(m.localAddress('udp')).toEqual({ host: '203.0.113.50', port: 5060 });
    const raw = await net.factory('10.0.0.3').bindUdp({ address: '10.0.0.3', port: 5060 });
    const mine = request({ via: 'SIP/2.0/UDP 203.0.113.50:5060;branch=z9hG4bKw;rport=1;received=10.0.0.1' });
    raw.send(serializeMessage(createResponse(mine, 180)), 5060, '10.0.0.1');
    await flush();
    expect(got).toHaveLength(1);
  });

  it('rejects with SIP_TRANSPORT_UNAVAILABLE for a protocol that is not configured', async () => {
    const net = new FakeNetwork();
    const { m } = await start(net.factory('10.0.0.1'), new VirtualClock(), '10.0.0.1', { udp: undefined });
    const err = await m.sendRequest(request({ via: 'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK3' }), { protocol: 'udp', host: '10.0.0.2', port: 5060 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SayhiError);
    expect((err as SayhiError).code).toBe('SIP_TRANSPORT_UNAVAILABLE');
  });
});
