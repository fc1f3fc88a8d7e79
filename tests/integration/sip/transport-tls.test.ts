/**
 * SIP over real TLS on 127.0.0.1 with a self-signed certificate made by
 * `openssl` in a temp dir (SAN: DNS sayhi.test, IP 127.0.0.1):
 * - with the certificate given as an extra CA: request → response works, SNI/identity = servername;
 * - without it: SIP_TRANSPORT_TLS "certificate verify failed: self-signed certificate";
 * - a servername the certificate does not name: SIP_TRANSPORT_TLS, hostname mismatch;
 * - verify:false (globally, or per target) connects anyway.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createResponse, type ReceivedMessage, type SipRequest, type TlsSettings } from '../../../src/sip/index.js';
import { LOOPBACK, requestFrom, startPeer, waitFor, type Peer } from './transport-helpers.js';

let dir = '';
let cert = '';
let key = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sayhi-tls-'));
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
      '-subj', '/CN=sayhi.test', '-addext', 'subjectAltName=DNS:sayhi.test,IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const peers: Peer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) await p.m.close();
});

async function server(): Promise<Peer> {
  const p = await startPeer({ udp: undefined, tcp: undefined, tls: { host: LOOPBACK, port: 0 }, tlsSettings: { cert, key } });
  peers.push(p);
  return p;
}

async function client(tlsSettings: TlsSettings): Promise<Peer> {
  const p = await startPeer({ udp: undefined, tcp: undefined, tls: { host: LOOPBACK, port: 0, listen: false }, tlsSettings });
  peers.push(p);
  return p;
}

describe('TLS on 127.0.0.1', () => {
  it('verifies the server with the given CA and round-trips a request', async () => {
    const b = await server();
    const a = await client({ ca: [cert] });
    const target = { ...b.m.listening('tls')!, servername: 'sayhi.test' };
    await a.m.sendRequest(requestFrom(a.m, 'tls'), target);
    await waitFor(() => b.got.length === 1);
    const rx = b.got[0]! as ReceivedMessage<SipRequest>;
    expect(rx.source.protocol).toBe('tls');
    expect(rx.connectionId).toMatch(/^tls-/);
    await b.m.sendResponse(createResponse(rx.message, 200), rx);
    await waitFor(() => a.got.length === 1);
    expect(a.got[0]!.message.kind === 'response' && a.got[0]!.message.status).toBe(200);
    // the IP itself is in the certificate too
    await a.m.sendRequest(requestFrom(a.m, 'tls', { callId: 'by-ip' }), b.m.listening('tls')!);
  });

  it('fails verification without the CA, saying why', async () => {
    const b = await server();
    const a = await client({});
    await expect(
      a.m.sendRequest(requestFrom(a.m, 'tls'), { ...b.m.listening('tls')!, servername: 'sayhi.test' }),
    ).rejects.toMatchObject({
      code: 'SIP_TRANSPORT_TLS',
      message: expect.stringMatching(/certificate verify failed: self[- ]signed certificate/),
    });
    expect(b.got).toEqual([]);
  });

  it('fails when the certificate does not name the server', async () => {
    const b = await server();
    const a = await client({ ca: [cert] });
    await expect(
      a.m.sendRequest(requestFrom(a.m, 'tls'), { ...b.m.listening('tls')!, servername: 'pbx.other.test' }),
    ).rejects.toMatchObject({
      code: 'SIP_TRANSPORT_TLS',
      message: expect.stringMatching(/certificate verify failed: .*does not match/),
    });
  });

  it('connects with verify:false, globally or for one target', async () => {
    const b = await server();
    const loose = await client({ verify: false });
    await loose.m.sendRequest(requestFrom(loose.m, 'tls'), { ...b.m.listening('tls')!, servername: 'sayhi.test' });
    const perTarget = await client({ targets: { 'sayhi.test': { verify: false } } });
    await perTarget.m.sendRequest(requestFrom(perTarget.m, 'tls', { callId: 'p2' }), {
      ...b.m.listening('tls')!,
      servername: 'sayhi.test',
    });
    await waitFor(() => b.got.length === 2);
    expect(b.got.map((g) => g.message.callId).sort()).toEqual(['it-1', 'p2']);
  });
});
