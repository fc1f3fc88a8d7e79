/**
 * TCP (and TLS options) through the TransportManager, in memory with a virtual clock:
 * - one connection per (protocol, ip, port), reused by later requests and by the peer's requests back;
 * - idle connections close after the timeout unless held; traffic keeps them open;
 * - a response whose connection is gone opens a new one to the Via address (§18.2.2);
 * - pings are answered with pongs; garbage and non-SIP close the connection;
 * - connect failures reject with SIP_TRANSPORT_UNREACHABLE;
 * - TLS connects with verification on, SNI = servername, extra CAs, per-target verify:false.
 */
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock, SayhiError, type SocketFactory } from '../../../../src/base/index.js';
import {
  TransportManager,
  createResponse,
  type ReceivedMessage,
  type SipRequest,
  type TransportManagerOptions,
} from '../../../../src/sip/index.js';
import { FakeNetwork, flush, type FakeStreamSocket } from './fake-network.js';
import { request, requestText } from './samples.js';

const managers: TransportManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.close();
});

async function start(factory: SocketFactory, clock: VirtualClock, host: string, extra: Partial<TransportManagerOptions> = {}) {
  const m = await TransportManager.start({ factory, clock, tcp: { host, port: 5060 }, idleTimeoutMs: 60_000, ...extra });
  managers.push(m);
  const got: ReceivedMessage[] = [];
  m.onMessage((msg) => got.push(msg));
  return { m, got };
}

async function pair() {
  const net = new FakeNetwork();
  const clock = new VirtualClock();
  const a = await start(net.factory('10.0.0.1'), clock, '10.0.0.1');
  const b = await start(net.factory('10.0.0.2'), clock, '10.0.0.2');
  return { net, clock, a, b };
}

const toB = { protocol: 'tcp' as const, host: '10.0.0.2', port: 5060 };
const viaA = (branch: string) => `SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK${branch};rport`;

const outbound = (m: TransportManager) => m.connections().find((c) => c.direction === 'outbound')!.id;
const status = (g: ReceivedMessage) => (g.message.kind === 'response' ? g.message.status : 0);

describe('TCP connections', () => {
  it('reuses one connection for requests to the same target and for requests back on it', async () => {
    const { net, a, b } = await pair();
    await Promise.all([
      a.m.sendRequest(request({ via: viaA('1'), callId: 'c1' }), toB),
      a.m.sendRequest(request({ via: viaA('2'), callId: 'c2' }), toB),
    ]);
    await a.m.sendRequest(request({ via: viaA('3'), callId: 'c3' }), toB);
    await flush();
    expect(net.connects).toHaveLength(1);
    expect(b.got).toHaveLength(3);
    const conn = b.got[0]!.connectionId!;
    expect(conn).toMatch(/^tcp-\d+$/);
    expect(b.got.map((g) => g.connectionId)).toEqual([conn, conn, conn]);
    expect(b.got[0]!.message.topVia!.params.get('rport')).toBe(String(b.got[0]!.source.port));

    // B (a PBX) sends a request back on the same connection, as Kamailio does after a REGISTER
    const back = request({ via: 'SIP/2.0/TCP 10.0.0.2:5060;branch=z9hG4bKback', method: 'INVITE' });
    const src = b.got[0]!.source;
    await b.m.sendRequest(back, { protocol: 'tcp', host: src.host, port: src.port, connectionId: conn });
    await flush();
    expect(net.connects).toHaveLength(1);
    expect(a.got).toHaveLength(1);
    expect((a.got[0]!.message as SipRequest).method).toBe('INVITE');
    expect(a.got[0]!.connectionId).toBe(outbound(a.m));
    await a.m.sendResponse(createResponse(a.got[0]!.message as SipRequest, 180), a.got[0] as ReceivedMessage<SipRequest>);
    await flush();
    expect(b.got.map(status)).toEqual([0, 0, 0, 180]);
    expect(net.connects).toHaveLength(1);
  });

  it('closes an idle connection we opened after the timeout; traffic restarts the period', async () => {
    const { clock, a, b } = await pair();
    const closed: string[] = [];
    a.m.onConnectionClosed((id, reason) => closed.push(`${id}:${reason}`));
    await a.m.sendRequest(request({ via: viaA('1') }), toB);
    await flush();
    const id = outbound(a.m);
    await clock.advanceAsync(30_000);
    await a.m.sendRequest(request({ via: viaA('2') }), toB);
    await clock.advanceAsync(59_000);
    expect(a.m.isConnectionOpen(id)).toBe(true);
    await clock.advanceAsync(2_000);
    await flush();
    expect(closed).toEqual([`${id}:idle`]);
    // the peer sees its end close too
    expect(b.m.connectionCount()).toBe(0);
  });

  it('keeps a held connection open past the idle timeout, and lets it go once released', async () => {
    const { clock, a } = await pair();
    await a.m.sendRequest(request({ via: viaA('1') }), toB);
    await flush();
    const id = outbound(a.m);
    const hold = a.m.holdConnection(id)!;
    await clock.advanceAsync(200_000);
    expect(a.m.isConnectionOpen(id)).toBe(true);
    hold.release();
    await clock.advanceAsync(61_000);
    expect(a.m.isConnectionOpen(id)).toBe(false);
  });

  it('sends a response on a new connection to the Via address when the request connection closed', async () => {
    const { net, a, b } = await pair();
    await a.m.sendRequest(request({ via: viaA('1') }), toB);
    await flush();
    const rx = b.got[0]! as ReceivedMessage<SipRequest>;
    a.m.closeConnection(outbound(a.m));
    await flush();
    expect(b.m.isConnectionOpen(rx.connectionId!)).toBe(false);
    await b.m.sendResponse(createResponse(rx.message, 200), rx);
    await flush();
    expect(net.connects.map((c) => `${c.host}:${c.port}`)).toEqual(['10.0.0.2:5060', '10.0.0.1:5060']);
    expect(a.got.map(status)).toEqual([200]);
    expect(a.got[0]!.connectionId).not.toBe(rx.connectionId);
  });

  it('answers a CRLFCRLF ping with CRLF and closes on garbage or non-SIP', async () => {
    const { net, b } = await pair();
    const peer = net.rawConnect('10.0.0.9', '10.0.0.2', 5060);
    const heard: Buffer[] = [];
    peer.on('data', (d: Buffer) => heard.push(d));
    peer.write('\r\n\r\n');
    peer.write(requestText({ via: 'SIP/2.0/TCP 10.0.0.9;branch=z9hG4bKp' }));
    await flush();
    expect(Buffer.concat(heard).toString()).toBe('\r\n');
    expect(b.got).toHaveLength(1);
    expect(b.m.connectionCount()).toBe(1);
    for (let i = 0; i < 70 && !peer.destroyed; i++) {
      peer.write(Buffer.alloc(16_384, 0x61));
      await flush();
    }
    expect(peer.destroyed).toBe(true);
    expect(b.m.connectionCount()).toBe(0);

    const other: FakeStreamSocket = net.rawConnect('10.0.0.9', '10.0.0.2', 5060);
    other.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await flush();
    expect(other.destroyed).toBe(true);
  });

  it('sends CRLFCRLF keep-alives on the open connection, which keeps it from idling out', async () => {
    const net = new FakeNetwork();
    const clock = new VirtualClock();
    const a = await start(net.factory('10.0.0.1'), clock, '10.0.0.1');
    const heard: string[] = [];
    await net.factory('10.0.0.5').listenStream({ host: '10.0.0.5', port: 5060 }, (s) => {
      s.on('data', (d: Buffer) => heard.push(d.toString()));
      s.write('\r\n'); // an unsolicited pong, recorded on the connection
    });
    const target = { protocol: 'tcp' as const, host: '10.0.0.5', port: 5060 };
    await a.m.sendRequest(request({ via: viaA('1') }), target);
    await flush();
    const ka = a.m.startKeepAlive(target, 30_000);
    await clock.advanceAsync(200_000);
    expect(heard.slice(1)).toEqual(Array(6).fill('\r\n\r\n'));
    expect(a.m.connectionCount()).toBe(1);
    ka.stop();
    await clock.advanceAsync(61_000);
    expect(a.m.connectionCount()).toBe(0);
  });

  it('rejects with SIP_TRANSPORT_UNREACHABLE when nobody listens', async () => {
    const { a } = await pair();
    const err = await a.m
      .sendRequest(request({ via: viaA('1') }), { protocol: 'tcp', host: '10.0.0.7', port: 5060 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SayhiError);
    expect((err as SayhiError).code).toBe('SIP_TRANSPORT_UNREACHABLE');
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe('TLS client options', () => {
  async function tlsManager(settings: TransportManagerOptions['tlsSettings']) {
    const net = new FakeNetwork();
    const clock = new VirtualClock();
    await start(net.factory('10.0.0.2'), clock, '10.0.0.2', { tcp: undefined, tls: { host: '10.0.0.2', port: 5061 }, tlsSettings: { cert: 'C', key: 'K' } });
    const a = await start(net.factory('10.0.0.1'), clock, '10.0.0.1', { tcp: undefined, tls: { host: '10.0.0.1', port: 0, listen: false }, tlsSettings: settings });
    return { net, a };
  }
  const req = () => request({ via: 'SIP/2.0/TLS 10.0.0.1;branch=z9hG4bKt' });

  it('verifies by default, with SNI and the identity check on the servername', async () => {
    const { net, a } = await tlsManager({});
    await a.m.sendRequest(req(), { protocol: 'tls', host: '10.0.0.2', port: 5061, servername: 'pbx.example.com' });
    const o = net.connects[0]!.tls!;
    expect(o.rejectUnauthorized).toBe(true);
    expect(o.servername).toBe('pbx.example.com');
    expect(o.ca).toBeUndefined();
  });

  it('adds extra CAs to the bundled roots, and honours a per-target verify:false', async () => {
    const { net, a } = await tlsManager({ ca: ['-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----'], targets: { 'lab.pbx': { verify: false } } });
    await a.m.sendRequest(req(), { protocol: 'tls', host: '10.0.0.2', port: 5061 });
    const first = net.connects[0]!.tls!;
    expect(first.rejectUnauthorized).toBe(true);
    expect(first.servername).toBeUndefined(); // no SNI for an IP
    expect((first.ca as string[]).length).toBe(tls.rootCertificates.length + 1);
    a.m.closeConnection(outbound(a.m));
    await flush();
    await a.m.sendRequest(req(), { protocol: 'tls', host: '10.0.0.2', port: 5061, servername: 'lab.pbx' });
    expect(net.connects[1]!.tls!.rejectUnauthorized).toBe(false);
  });

  it('is client-only without a certificate', async () => {
    const net = new FakeNetwork();
    const { m } = await start(net.factory('10.0.0.3'), new VirtualClock(), '10.0.0.3', { tcp: undefined, tls: { host: '10.0.0.3', port: 5061 } });
    expect(m.listening('tls')).toBeUndefined();
    expect(m.localAddress('tls')).toEqual({ host: '10.0.0.3', port: 5061 });
  });
});
