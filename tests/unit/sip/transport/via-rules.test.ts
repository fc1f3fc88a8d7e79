/**
 * The transport's Via rules:
 * - received/rport stamping on received requests (RFC 3261 §18.2.1, RFC 3581 §4);
 * - the loose sent-by check on received responses (§18.1.2);
 * - where a response goes (§18.2.2, RFC 3581 §4).
 */
import { describe, expect, it } from 'vitest';
import {
  SipHeaders,
  normalizeHost,
  parseVia,
  routeResponse,
  sentByIsOurs,
  stampReceived,
} from '../../../../src/sip/index.js';

function stamp(via: string, host: string, port: number): string {
  const h = SipHeaders.from([
    ['Via', via],
    ['Via', 'SIP/2.0/UDP proxy.example.com;branch=z9hG4bKold'],
  ]);
  stampReceived(h, { host, port });
  expect(h.getAll('Via')[1]).toBe('SIP/2.0/UDP proxy.example.com;branch=z9hG4bKold');
  return h.get('Via')!;
}

describe('stampReceived (RFC 3261 §18.2.1, RFC 3581 §4)', () => {
  it('leaves the Via alone when sent-by is the source IP and no rport was asked for', () => {
    expect(stamp('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1', '10.0.0.1', 5060)).toBe(
      'SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1',
    );
  });

  it('adds received when sent-by is a name, or another IP', () => {
    expect(parseVia(stamp('SIP/2.0/UDP phone.lan;branch=z9hG4bK1', '10.0.0.9', 5060))!.params.get('received')).toBe(
      '10.0.0.9',
    );
    const v = parseVia(stamp('SIP/2.0/UDP 192.168.1.5:5060;branch=z9hG4bK1', '203.0.113.7', 40123))!;
    expect(v.params.get('received')).toBe('203.0.113.7');
    expect(v.params.has('rport')).toBe(false);
  });

  it('fills an empty rport with the source port and then adds received even when equal', () => {
    const v = parseVia(stamp('SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;rport', '10.0.0.1', 5062))!;
    expect(v.params.get('rport')).toBe('5062');
    expect(v.params.get('received')).toBe('10.0.0.1');
    expect(v.params.get('branch')).toBe('z9hG4bK1');
  });

  it('does not overwrite an rport that already has a value', () => {
    const v = parseVia(stamp('SIP/2.0/UDP 10.0.0.1:5060;rport=7000;branch=z9hG4bK1', '10.0.0.1', 5062))!;
    expect(v.params.get('rport')).toBe('7000');
    expect(v.params.has('received')).toBe(false);
  });

  it('compares IPv4-mapped and differently written IPv6 sources as the same address', () => {
    expect(stamp('SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1', '::ffff:10.0.0.1', 5060)).toBe(
      'SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1',
    );
    expect(stamp('SIP/2.0/UDP [2001:DB8::1];branch=z9hG4bK1', '2001:db8:0:0::1', 5060)).toBe(
      'SIP/2.0/UDP [2001:DB8::1];branch=z9hG4bK1',
    );
    expect(normalizeHost('[2001:0db8::0001]')).toBe('2001:db8::1');
  });
});

describe('sentByIsOurs (RFC 3261 §18.1.2, loosely)', () => {
  const ours = new Set(['192.0.2.10', 'phone.example.com']);
  it('accepts our host with any port, rejects others', () => {
    expect(sentByIsOurs(parseVia('SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK1'), ours)).toBe(true);
    expect(sentByIsOurs(parseVia('SIP/2.0/TLS PHONE.example.com;branch=z9hG4bK1'), ours)).toBe(true);
    expect(sentByIsOurs(parseVia('SIP/2.0/UDP 192.0.2.11:5060;branch=z9hG4bK1'), ours)).toBe(false);
    expect(sentByIsOurs(undefined, ours)).toBe(false);
  });
});

describe('routeResponse (RFC 3261 §18.2.2, RFC 3581 §4)', () => {
  const src = { protocol: 'udp' as const, host: '203.0.113.7', port: 40123 };

  it('UDP: received + rport when both are present', () => {
    const via = parseVia('SIP/2.0/UDP 192.168.1.5:5060;branch=z9hG4bK1;rport=40123;received=203.0.113.7');
    expect(routeResponse(via, 'udp', { source: src })).toEqual({ host: '203.0.113.7', port: 40123 });
  });

  it('UDP: received with the sent-by port (default 5060) when there is no rport', () => {
    const via = parseVia('SIP/2.0/UDP 192.168.1.5:5070;branch=z9hG4bK1;received=203.0.113.7');
    expect(routeResponse(via, 'udp', { source: src })).toEqual({ host: '203.0.113.7', port: 5070 });
    const noPort = parseVia('SIP/2.0/UDP phone.lan;branch=z9hG4bK1;received=203.0.113.7');
    expect(routeResponse(noPort, 'udp', { source: src })).toEqual({ host: '203.0.113.7', port: 5060 });
  });

  it('UDP: sent-by when there is no received; maddr is ignored', () => {
    const via = parseVia('SIP/2.0/UDP 10.0.0.1:5080;branch=z9hG4bK1;maddr=239.1.1.1');
    expect(routeResponse(via, 'udp', { source: src })).toEqual({ host: '10.0.0.1', port: 5080 });
  });

  it('TCP/TLS: the connection the request came on, with the Via address as fallback', () => {
    const via = parseVia('SIP/2.0/TCP 192.168.1.5:5070;branch=z9hG4bK1;rport=50000;received=203.0.113.7');
    expect(routeResponse(via, 'tcp', { connectionId: 'tcp-3', source: { ...src, protocol: 'tcp' } })).toEqual({
      connectionId: 'tcp-3',
      host: '203.0.113.7',
      port: 5070,
    });
    const tlsVia = parseVia('SIP/2.0/TLS 192.168.1.5;branch=z9hG4bK1;received=203.0.113.7');
    expect(routeResponse(tlsVia, 'tls', {})).toEqual({ host: '203.0.113.7', port: 5061 });
  });
});
