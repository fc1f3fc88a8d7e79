/**
 * Real sockets on 127.0.0.1, two TransportManagers:
 * - UDP and TCP request → response round trips with rport/received stamped;
 * - TCP connection reuse: the second request and the peer's request back use the same connection;
 * - a response whose connection closed goes over a new connection to the Via address;
 * - a malformed datagram from a raw socket gets "400 <reason>"; a raw TCP peer gets pong for ping,
 *   and is disconnected after sending 1 MB with no message end.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createResponse, type ReceivedMessage, type SipRequest } from '../../../src/sip/index.js';
import { LOOPBACK, requestFrom, startPeer, waitFor, type Peer } from './transport-helpers.js';

const peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.m.close();
});

async function two(): Promise<[Peer, Peer]> {
  const a = await startPeer();
  const b = await startPeer();
  peers.push(a, b);
  return [a, b];
}

const status = (g: ReceivedMessage) => (g.message.kind === 'response' ? g.message.status : 0);

describe('UDP on 127.0.0.1', () => {
  it('round-trips a request and its response', async () => {
    const [a, b] = await two();
    const bAddr = b.m.listening('udp')!;
    await a.m.sendRequest(requestFrom(a.m, 'udp'), bAddr);
    await waitFor(() => b.got.length === 1);
    const rx = b.got[0]! as ReceivedMessage<SipRequest>;
    expect(rx.source.port).toBe(a.m.listening('udp')!.port);
    expect(rx.message.topVia!.params.get('rport')).toBe(String(rx.source.port));
    expect(rx.message.topVia!.params.get('received')).toBe(LOOPBACK);
    await b.m.sendResponse(createResponse(rx.message, 200, { toTag: 'b1' }), rx);
    await waitFor(() => a.got.length === 1);
    expect(status(a.got[0]!)).toBe(200);
  });

  it('answers a malformed datagram with 400 and the reason, from the real socket', async () => {
    const [, b] = await two();
    const raw = dgram.createSocket('udp4');
    await new Promise<void>((r) => raw.bind(0, LOOPBACK, () => r()));
    const replies: string[] = [];
    raw.on('message', (m) => replies.push(m.toString()));
    const port = (raw.address() as net.AddressInfo).port;
    const bad =
      `INVITE sip:bob@${LOOPBACK} SIP/2.0\r\nVia: SIP/2.0/UDP ${LOOPBACK}:${port};branch=z9hG4bKbad;rport\r\n` +
      `From: <sip:a@x>;tag=1\r\nTo: <sip:bob@x>\r\nCall-ID: bad-1\r\nCSeq: 1 INVITE\r\nContent-Length: 500\r\n\r\nv=0\r\n`;
    raw.send(bad, b.m.listening('udp')!.port, LOOPBACK);
    raw.send('complete garbage\r\n\r\n', b.m.listening('udp')!.port, LOOPBACK);
    try {
      await waitFor(() => replies.length === 1 && b.m.counters().malformed === 2);
      expect(replies[0]).toMatch(/^SIP\/2\.0 400 [^\r]+\r\n/);
      expect(replies[0]).toContain('Call-ID: bad-1');
      expect(replies[0]).toContain(`rport=${port}`);
      expect(b.got).toEqual([]);
    } finally {
      raw.close();
    }
  });
});

describe('TCP on 127.0.0.1', () => {
  it('reuses the connection for the next request and for the peer’s request back', async () => {
    const [a, b] = await two();
    const bAddr = b.m.listening('tcp')!;
    await a.m.sendRequest(requestFrom(a.m, 'tcp', { callId: 'c1' }), bAddr);
    await a.m.sendRequest(requestFrom(a.m, 'tcp', { callId: 'c2', branch: 'b2' }), bAddr);
    await waitFor(() => b.got.length === 2);
    const conn = b.got[0]!.connectionId!;
    expect(b.got[1]!.connectionId).toBe(conn);
    expect(a.m.connections().filter((c) => c.direction === 'outbound')).toHaveLength(1);

    const src = b.got[0]!.source;
    await b.m.sendRequest(requestFrom(b.m, 'tcp', { method: 'INVITE', callId: 'back' }), { ...src, connectionId: conn });
    await waitFor(() => a.got.length === 1);
    const back = a.got[0]! as ReceivedMessage<SipRequest>;
    expect(back.message.method).toBe('INVITE');
    expect(back.connectionId).toBe(a.m.connections()[0]!.id);
    await a.m.sendResponse(createResponse(back.message, 486), back);
    await waitFor(() => b.got.some((g) => status(g) === 486));
    expect(b.m.connections()).toHaveLength(1);
    expect(a.m.connections()).toHaveLength(1);
  });

  it('opens a new connection to the Via address when the request’s connection has closed', async () => {
    const [a, b] = await two();
    await a.m.sendRequest(requestFrom(a.m, 'tcp'), b.m.listening('tcp')!);
    await waitFor(() => b.got.length === 1);
    const rx = b.got[0]! as ReceivedMessage<SipRequest>;
    a.m.closeConnection(a.m.connections()[0]!.id);
    await waitFor(() => !b.m.isConnectionOpen(rx.connectionId!));
    await b.m.sendResponse(createResponse(rx.message, 200), rx);
    await waitFor(() => a.got.length === 1);
    expect(status(a.got[0]!)).toBe(200);
    expect(a.got[0]!.connectionId).toBeDefined();
    expect(a.m.connections()[0]!.direction).toBe('inbound');
  });

  it('answers a ping with a pong, and disconnects a peer that sends 1 MB without a message end', async () => {
    const [, b] = await two();
    const sock = net.connect(b.m.listening('tcp')!.port, LOOPBACK);
    await new Promise<void>((r) => sock.once('connect', () => r()));
    const heard: Buffer[] = [];
    let closed = false;
    sock.on('data', (d) => heard.push(d));
    sock.on('close', () => (closed = true));
    sock.on('error', () => {});
    sock.write('\r\n\r\n');
    await waitFor(() => Buffer.concat(heard).toString() === '\r\n');
    const junk = Buffer.alloc(64 * 1024, 0x78);
    for (let i = 0; i < 16 && !closed; i++) sock.write(junk);
    await waitFor(() => closed);
    expect(b.m.connections()).toHaveLength(0);
    expect(b.got).toEqual([]);
  });

  it('rejects with SIP_TRANSPORT_UNREACHABLE when the port is closed', async () => {
    const [a] = await two();
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, LOOPBACK, () => r()));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    await expect(a.m.sendRequest(requestFrom(a.m, 'tcp'), { protocol: 'tcp', host: LOOPBACK, port })).rejects.toMatchObject({
      code: 'SIP_TRANSPORT_UNREACHABLE',
      message: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});
