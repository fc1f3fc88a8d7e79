/**
 * RFC 3263 over real DNS: NodeDnsResolver (node:dns/promises) pointed at our
 * own DNS server on 127.0.0.1 (dns-test-server.ts), never anywhere else.
 * - NAPTR → SRV → A resolves sip:sayhi.test to the UDP port of a live TransportManager,
 *   and a request sent to the first target arrives there;
 * - SRV priorities order the targets; sips: uses _sips._tcp; unknown names yield [];
 * - a dead DNS server yields [] (lookups fail, location does not throw).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeDnsResolver, parseUri, resolveSipTargets, type SipUri } from '../../../src/sip/index.js';
import { TestDnsServer } from './dns-test-server.js';
import { requestFrom, startPeer, waitFor, type Peer } from './transport-helpers.js';

let dns: TestDnsServer;
let pbx: Peer;
let phone: Peer;
const uri = (s: string): SipUri => parseUri(s)!;

beforeAll(async () => {
  pbx = await startPeer();
  phone = await startPeer();
  const udpPort = pbx.m.listening('udp')!.port;
  dns = await TestDnsServer.start({
    naptr: {
      'sayhi.test': [
        { order: 10, preference: 10, flags: 'S', service: 'SIP+D2U', regexp: '', replacement: '_sip._udp.sayhi.test' },
        { order: 20, preference: 10, flags: 'S', service: 'SIP+D2T', regexp: '', replacement: '_sip._tcp.sayhi.test' },
      ],
    },
    srv: {
      '_sip._udp.sayhi.test': [
        { priority: 20, weight: 0, port: 5999, target: 'backup.sayhi.test' },
        { priority: 10, weight: 5, port: udpPort, target: 'pbx.sayhi.test' },
      ],
      '_sip._tcp.sayhi.test': [{ priority: 10, weight: 0, port: 5070, target: 'pbx.sayhi.test' }],
      '_sips._tcp.secure.test': [{ priority: 0, weight: 0, port: 5061, target: 'pbx.sayhi.test' }],
    },
    a: { 'pbx.sayhi.test': ['127.0.0.1'], 'backup.sayhi.test': ['127.0.0.2'], 'secure.test': ['127.0.0.1'] },
    aaaa: { 'pbx.sayhi.test': ['::1'] },
  });
});

afterAll(async () => {
  await dns?.close();
  await pbx?.m.close();
  await phone?.m.close();
});

describe('server location over real DNS (127.0.0.1 only)', () => {
  it('follows NAPTR → SRV → A/AAAA and reaches the server it found', async () => {
    const resolver = new NodeDnsResolver({ servers: [dns.address], timeoutMs: 1000, tries: 1 });
    const targets = await resolveSipTargets(uri('sip:sayhi.test'), { resolver, dnsSrv: true });
    const udpPort = pbx.m.listening('udp')!.port;
    expect(targets.map((t) => `${t.protocol}:${t.host}:${t.port}`)).toEqual([
      `udp:127.0.0.1:${udpPort}`,
      `udp:::1:${udpPort}`,
      'udp:127.0.0.2:5999',
      'tcp:127.0.0.1:5070',
      'tcp:::1:5070',
    ]);
    expect(dns.queries).toContain('NAPTR sayhi.test');
    expect(dns.queries).toContain('SRV _sip._udp.sayhi.test');

    await phone.m.sendRequest(requestFrom(phone.m, 'udp', { callId: 'via-dns' }), targets[0]!);
    await waitFor(() => pbx.got.some((g) => g.message.callId === 'via-dns'));
  });

  it('uses _sips._tcp for sips:, and yields nothing for an unknown name', async () => {
    const resolver = new NodeDnsResolver({ servers: [dns.address], timeoutMs: 1000, tries: 1 });
    const secure = await resolveSipTargets(uri('sips:secure.test'), { resolver, dnsSrv: true, families: ['ipv4'] });
    expect(secure).toEqual([{ protocol: 'tls', host: '127.0.0.1', port: 5061, servername: 'secure.test' }]);
    expect(await resolveSipTargets(uri('sip:nowhere.test'), { resolver, dnsSrv: true })).toEqual([]);
    expect(await resolver.resolveSrv('_sip._udp.nowhere.test')).toEqual([]);
    expect(await resolver.resolve6('backup.sayhi.test')).toEqual([]); // name exists, no AAAA
  });

  it('returns no targets when the DNS server does not answer', async () => {
    const dead = await TestDnsServer.start({});
    const address = dead.address;
    await dead.close();
    const resolver = new NodeDnsResolver({ servers: [address], timeoutMs: 200, tries: 1 });
    expect(await resolveSipTargets(uri('sip:sayhi.test'), { resolver, dnsSrv: true, families: ['ipv4'] })).toEqual([]);
  });
});
