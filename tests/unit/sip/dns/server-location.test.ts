/**
 * RFC 3263 server location with an in-memory zone:
 * - IP literal → itself; explicit port or DNS-SRV off → A/AAAA only;
 * - NAPTR (SIP+D2U/D2T, SIPS+D2T) → SRV → A/AAAA, restricted by sips: and the configured transport;
 * - no NAPTR → SRV _sip._udp/_sip._tcp/_sips._tcp; no SRV → A at the default port;
 * - RFC 2782 ordering: priority first, weight-proportional within a priority (seeded random);
 * - failed lookups are skipped, not fatal; failover walks primary then secondary (RFC 3263 §4.3).
 */
import { describe, expect, it } from 'vitest';
import {
  StaticDnsResolver,
  TargetIterator,
  locateServers,
  orderSrv,
  parseUri,
  resolveSipTargets,
  type SipUri,
  type SrvRecord,
  type StaticZone,
} from '../../../../src/sip/index.js';

/** mulberry32: a small seeded PRNG so the weighted draws are repeatable. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uri = (s: string): SipUri => parseUri(s)!;
const brief = (ts: Array<{ protocol: string; host: string; port: number }>) => ts.map((t) => `${t.protocol}:${t.host}:${t.port}`);

const zone: StaticZone = {
  naptr: {
    'example.com': [
      { order: 10, preference: 20, flags: 'S', service: 'SIP+D2U', regexp: '', replacement: '_sip._udp.example.com' },
      { order: 10, preference: 10, flags: 'S', service: 'SIP+D2T', regexp: '', replacement: '_sip._tcp.example.com.' },
      { order: 20, preference: 10, flags: 'S', service: 'SIPS+D2T', regexp: '', replacement: '_sips._tcp.example.com' },
      { order: 5, preference: 10, flags: 'S', service: 'SIP+D2S', regexp: '', replacement: '_sip._sctp.example.com' },
    ],
  },
  srv: {
    '_sip._udp.example.com': [{ priority: 10, weight: 0, port: 5060, name: 'pbx1.example.com' }],
    '_sip._tcp.example.com': [{ priority: 10, weight: 0, port: 5070, name: 'pbx1.example.com' }],
    '_sips._tcp.example.com': [{ priority: 10, weight: 0, port: 5061, name: 'pbx1.example.com' }],
    '_sip._udp.nonaptr.net': [
      { priority: 20, weight: 0, port: 5060, name: 'backup.nonaptr.net' },
      { priority: 10, weight: 0, port: 5060, name: 'main.nonaptr.net' },
    ],
    '_sip._tcp.nonaptr.net': [{ priority: 10, weight: 0, port: 5060, name: 'main.nonaptr.net' }],
  },
  a: {
    'pbx1.example.com': ['192.0.2.1'],
    'main.nonaptr.net': ['192.0.2.10', '192.0.2.11'],
    'backup.nonaptr.net': ['192.0.2.20'],
    'plain.org': ['192.0.2.30'],
  },
  aaaa: { 'plain.org': ['2001:db8::30'] },
};

describe('resolveSipTargets (RFC 3263 §4)', () => {
  it('uses an IP literal as it is, with the default port of the transport', async () => {
    const resolver = new StaticDnsResolver(zone);
    expect(brief(await resolveSipTargets(uri('sip:192.0.2.5'), { resolver, dnsSrv: true }))).toEqual(['udp:192.0.2.5:5060']);
    expect(brief(await resolveSipTargets(uri('sips:[2001:db8::5]'), { resolver, dnsSrv: true }))).toEqual(['tls:2001:db8::5:5061']);
    expect(brief(await resolveSipTargets(uri('sip:192.0.2.5:5080;transport=tcp'), { resolver, dnsSrv: true }))).toEqual([
      'tcp:192.0.2.5:5080',
    ]);
    expect(resolver.queries).toEqual([]);
  });

  it('looks up only A/AAAA for an explicit port, or with DNS-SRV off', async () => {
    const resolver = new StaticDnsResolver(zone);
    const withPort = await resolveSipTargets(uri('sip:plain.org:5090'), { resolver, dnsSrv: true, transport: 'tcp' });
    expect(brief(withPort)).toEqual(['tcp:192.0.2.30:5090', 'tcp:2001:db8::30:5090']);
    expect(withPort[0]!.servername).toBe('plain.org');
    const off = await resolveSipTargets(uri('sip:example.com'), { resolver, dnsSrv: false, families: ['ipv4'] });
    expect(brief(off)).toEqual([]);
    expect(resolver.queries).toEqual(['A plain.org', 'AAAA plain.org', 'A example.com']);
  });

  it('follows NAPTR by order then preference, ignoring services we do not speak', async () => {
    const resolver = new StaticDnsResolver(zone);
    const t = await resolveSipTargets(uri('sip:alice@example.com'), { resolver, dnsSrv: true, families: ['ipv4'] });
    expect(brief(t)).toEqual(['tcp:192.0.2.1:5070', 'udp:192.0.2.1:5060', 'tls:192.0.2.1:5061']);
    expect(t.every((x) => x.servername === 'example.com')).toBe(true);
    expect(resolver.queries).not.toContain('SRV _sip._sctp.example.com');
  });

  it('restricts to TLS for sips: and to the configured transport', async () => {
    const resolver = new StaticDnsResolver(zone);
    expect(brief(await resolveSipTargets(uri('sips:example.com'), { resolver, dnsSrv: true, families: ['ipv4'] }))).toEqual([
      'tls:192.0.2.1:5061',
    ]);
    expect(
      brief(await resolveSipTargets(uri('sip:example.com'), { resolver, dnsSrv: true, transport: 'udp', families: ['ipv4'] })),
    ).toEqual(['udp:192.0.2.1:5060']);
  });

  it('without NAPTR queries SRV per transport and orders by priority', async () => {
    const resolver = new StaticDnsResolver(zone);
    const t = await resolveSipTargets(uri('sip:nonaptr.net'), { resolver, dnsSrv: true, families: ['ipv4'] });
    expect(brief(t)).toEqual([
      'udp:192.0.2.10:5060',
      'udp:192.0.2.11:5060',
      'udp:192.0.2.20:5060',
      'tcp:192.0.2.10:5060',
      'tcp:192.0.2.11:5060',
    ]);
    expect(resolver.queries).toEqual(
      expect.arrayContaining(['NAPTR nonaptr.net', 'SRV _sip._udp.nonaptr.net', 'SRV _sip._tcp.nonaptr.net', 'SRV _sips._tcp.nonaptr.net']),
    );
  });

  it('falls back to A/AAAA at the default port without SRV, and survives failing lookups', async () => {
    const resolver = new StaticDnsResolver({ ...zone, failing: ['NAPTR plain.org', 'SRV _sip._tcp.plain.org'] });
    const t = await resolveSipTargets(uri('sip:plain.org'), { resolver, dnsSrv: true, transport: 'tcp' });
    expect(brief(t)).toEqual(['tcp:192.0.2.30:5060', 'tcp:2001:db8::30:5060']);
    const sips = await resolveSipTargets(uri('sips:plain.org'), { resolver, dnsSrv: true, families: ['ipv4'] });
    expect(brief(sips)).toEqual(['tls:192.0.2.30:5061']);
  });
});

describe('orderSrv (RFC 2782)', () => {
  const rr = (priority: number, weight: number, name: string): SrvRecord => ({ priority, weight, port: 5060, name });

  it('puts lower priorities first whatever the weights, and drops "."', () => {
    const out = orderSrv([rr(20, 100, 'c'), rr(10, 0, 'a'), rr(10, 0, 'b'), rr(30, 5, '.')], seeded(1));
    expect(out.map((r) => r.name).slice(2)).toEqual(['c']);
    expect(out.map((r) => r.name).slice(0, 2).sort()).toEqual(['a', 'b']);
  });

  it('chooses in proportion to weight within a priority', () => {
    const random = seeded(42);
    let heavyFirst = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const out = orderSrv([rr(10, 10, 'light'), rr(10, 90, 'heavy')], random);
      expect(out).toHaveLength(2);
      if (out[0]!.name === 'heavy') heavyFirst++;
    }
    // 90/101 expected (the draw is over 0..100 inclusive)
    expect(heavyFirst / runs).toBeGreaterThan(0.85);
    expect(heavyFirst / runs).toBeLessThan(0.93);
  });

  it('is repeatable with the same seed', () => {
    const records = [rr(10, 30, 'a'), rr(10, 30, 'b'), rr(10, 30, 'c'), rr(10, 0, 'd')];
    const once = orderSrv(records, seeded(7)).map((r) => r.name);
    expect(orderSrv(records, seeded(7)).map((r) => r.name)).toEqual(once);
  });
});

describe('TargetIterator (RFC 3263 §4.3 failover)', () => {
  it('walks the primary server targets then the secondary, reporting which is current', async () => {
    const resolver = new StaticDnsResolver(zone);
    const it = await locateServers(
      [
        { label: 'primary', uri: uri('sip:nonaptr.net') },
        { label: 'secondary', uri: uri('sip:plain.org') },
      ],
      { resolver, dnsSrv: true, transport: 'udp', families: ['ipv4'] },
    );
    expect(it.total).toBe(4);
    expect(it.current).toMatchObject({ label: 'primary', index: 0, target: { host: '192.0.2.10' } });
    expect(it.failover('timeout')?.host).toBe('192.0.2.11');
    expect(it.failover('transport-error')?.host).toBe('192.0.2.20');
    const next = it.failover('service-unavailable')!;
    expect(next).toMatchObject({ protocol: 'udp', host: '192.0.2.30', port: 5060 });
    expect(it.current!.label).toBe('secondary');
    expect(it.failover('timeout')).toBeUndefined();
    expect(it.exhausted).toBe(true);
    expect(it.failures.map((f) => f.cause)).toEqual(['timeout', 'transport-error', 'service-unavailable', 'timeout']);
    it.reset();
    expect(it.current!.target.host).toBe('192.0.2.10');
  });

  it('tries an address shared by both servers once', () => {
    const t = { protocol: 'udp' as const, host: '192.0.2.1', port: 5060 };
    const it = new TargetIterator([
      { label: 'primary', targets: [t] },
      { label: 'secondary', targets: [{ ...t }, { ...t, port: 5070 }] },
    ]);
    expect(it.total).toBe(2);
    expect(new TargetIterator([]).current).toBeUndefined();
  });
});
