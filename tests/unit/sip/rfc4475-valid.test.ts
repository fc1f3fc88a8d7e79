/**
 * RFC 4475 §3.1.1: every valid torture message parses, and the tricky
 * element each one exercises is read correctly (folding and odd LWS, strange
 * method and URI characters, escapes, long values, trailing datagram bytes,
 * binary bodies, UTF-8 and empty reason phrases). Parsing, serializing and
 * parsing again keeps the same headers and body.
 */
import { describe, expect, it } from 'vitest';
import { parseNameAddr, parseUri, unescapeUri, uriEquals, type SipResponse } from '../../../src/sip/message/index.js';
import { raw, request, response, roundTrip } from './rfc4475-fixtures.js';

describe('RFC 4475 §3.1.1 valid messages', () => {
  it('3.1.1.1 wsinv: folding, LWS around every separator, compact and odd-case names', () => {
    const m = request('wsinv');
    expect(m.method).toBe('INVITE');
    expect(m.uri).toBe('sip:vivekg@chair-dnrc.example.com;unknownparam');
    expect(parseUri(m.uri)!.params.get('unknownparam')).toBeNull();
    expect(m.to!.uri.user).toBe('vivekg');
    expect(m.toTag).toBe('1918181833n');
    expect(m.from!.displayName).toBe('J Rosenberg \\"');
    expect(m.fromTag).toBe('98asjd8');
    expect(m.headers.get('Max-Forwards')).toBe('0068');
    expect(m.maxForwards).toBe(68);
    expect(m.callId).toBe('wsinv.ndaksdj@192.0.2.1');
    expect(m.cseq).toEqual({ seq: 9, method: 'INVITE' });
    // One Via header folded over three lines, then a compact "v:" with two values.
    const vias = m.vias;
    expect(vias.map((v) => [v.transport, v.host, v.params.get('branch')])).toEqual([
      ['UDP', '192.0.2.2', '390skdjuw'],
      ['TCP', 'spindle.example.com', 'z9hG4bK9ikj8'],
      ['UDP', '192.168.255.111', 'z9hG4bK30239'],
    ]);
    expect(m.headers.get('Subject')).toBe('');
    expect(m.headers.get('NewFangledHeader')).toBe('newfangled value continued newfangled value');
    // Unknown header: never split or parsed as parameters.
    expect(m.headers.getAll('UnknownHeaderWithUnusualValue')).toEqual([';;,,;;,;']);
    expect(parseNameAddr(m.headers.get('Route')!)!.uri.params.get('unknownwith')).toBe('value');
    const contact = m.contacts;
    expect(contact).toHaveLength(1);
    expect(contact[0]!.displayName).toBe('Quoted string ""');
    expect([...contact[0]!.params]).toEqual([
      ['newparam', 'newvalue'],
      ['secondparam', null],
      ['q', '0.33'],
    ]);
    expect(m.contentType).toBe('application/sdp');
    expect(m.body.length).toBe(150);
    roundTrip(m);
  });

  it('3.1.1.2 intmeth: non-alpha method, unusual URI, quoted-pairs with NUL, UTF-8 values', () => {
    const m = request('intmeth');
    const method = "!interesting-Method0123456789_*+`.%indeed'~";
    expect(m.method).toBe(method);
    expect(m.cseq).toEqual({ seq: 139122385, method });
    const ruri = parseUri(m.uri)!;
    expect(ruri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(ruri.password).toBe("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
    expect(ruri.host).toBe('example.com');
    expect(m.topVia!.params.get('branch')).toBe("z9hG4bK-.!%66*_+`'~");
    expect(m.to!.displayName).toBe('BEL:\x07 NUL:\x00 DEL:\x7f');
    expect(m.to!.uri.user).toBe("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
    expect(m.from!.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(m.from!.params.get("fromparam''~+*_!.-%")).toBe('работающий');
    expect(m.fromTag).toBe("_token~1'+`*%!-.");
    // % is not an escape in a Call-ID; quotes and brackets need not balance.
    expect(m.callId).toBe('intmeth.word%ZK-!.*_+\'@word`~)(><:\\/"][?}{');
    expect(m.headers.get('Max-Forwards')).toBe('255');
    // The value starts with a UTF-8 BOM, which must survive (JS trim() would eat it).
    expect(m.headers.get("extensionHeader-!.%*+_`'~")).toBe('\ufeff大停電');
    roundTrip(m);
  });

  it('3.1.1.3 esc01: %-escapes in user parts and URI parameters', () => {
    const m = request('esc01');
    const ruri = parseUri(m.uri)!;
    expect(ruri.host).toBe('example.net');
    expect(unescapeUri(ruri.user!)).toBe('sips:user@example.com');
    expect(uriEquals(m.to!.uri, parseUri('sip:user@example.com')!)).toBe(true);
    expect(unescapeUri(m.from!.uri.user!)).toBe('I have spaces');
    expect(m.headers.get('Call-ID')).toBe('esc01.239409asdfakjkn23onasd0-3234');
    expect(m.contentType).toBe('application/sdp');
    const c = m.contacts[0]!.uri;
    expect(unescapeUri(c.user!)).toBe('caller');
    // ;%6C%72;n%61me=v%61lue%25%34%31 is "lr" and name=value%41 (not valueA).
    expect(c.params.get('lr')).toBeNull();
    expect(c.params.get('name')).toBe('value%41');
    expect(uriEquals(c, parseUri('sip:caller@host5.example.net;lr;name=value%2541')!)).toBe(true);
    roundTrip(m);
  });

  it('3.1.1.4 escnull: escaped NULs in URIs; the two Contacts differ', () => {
    const m = request('escnull');
    expect(m.method).toBe('REGISTER');
    expect(unescapeUri(m.to!.uri.user!)).toBe('null-\x00-null');
    const [a, b] = m.contacts;
    expect(unescapeUri(a!.uri.user!)).toBe('\x00');
    expect(unescapeUri(b!.uri.user!)).toBe('\x00\x00');
    expect(uriEquals(a!.uri, b!.uri)).toBe(false);
    expect(m.headers.get('Content-Length')).toBe('0');
    roundTrip(m);
  });

  it('3.1.1.5 esc02: % is no escape in a method, display name, branch or header name', () => {
    const m = request('esc02');
    expect(m.method).toBe('RE%47IST%45R');
    expect(m.method).not.toBe('REGISTER');
    expect(m.to!.displayName).toBe('%Z%45');
    expect(m.topVia!.params.get('branch')).toBe('z9hG4bK209%fzsnel234');
    // C%6Fntact is an unknown extension header, not a third Contact.
    expect(m.contacts.map((c) => c.uri.host)).toEqual(['host1.example.com', 'host3.example.com']);
    expect(m.headers.get('C%6Fntact')).toBe('<sip:alias2@host2.example.com>');
  });

  it('3.1.1.6 lwsdisp: no LWS between display name and <', () => {
    const m = request('lwsdisp');
    expect(m.from!.displayName).toBe('caller');
    expect(m.from!.uri.user).toBe('caller');
    expect(m.fromTag).toBe('323');
  });

  it('3.1.1.7 longreq: long values everywhere and 34 Vias in every spelling', () => {
    const m = request('longreq');
    expect(m.to!.displayName).toMatch(/^I have a user name of (extreme){10} proportion$/);
    expect(m.to!.uri.port).toBe(6000);
    expect(m.to!.uri.params.get('unknownparam1')).toMatch(/^verylong(long)+value$/);
    expect(m.from!.uri.user).toMatch(/^(amazinglylongcallername){5}$/);
    expect(m.fromTag).toMatch(/^1(298){50}2424$/);
    expect(m.from!.params.has('unknownvaluelessparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamnameparamname')).toBe(true);
    const vias = m.vias;
    expect(vias).toHaveLength(34);
    expect(vias[0]!.host).toBe('sip33.example.com');
    expect(vias[32]!.host).toBe('sip1.example.com');
    expect(vias[33]!.params.get('received')).toBe('192.0.2.5');
    expect(vias[33]!.params.get('branch')).toMatch(/^verylong(long)+branchvalue$/);
    expect(m.headers.getAll('Via')).toHaveLength(34);
    expect(m.body.length).toBe(150);
    roundTrip(m);
  });

  it('3.1.1.8 dblreq: bytes after Content-Length in a datagram are ignored', () => {
    const m = request('dblreq');
    expect(m.method).toBe('REGISTER');
    expect(m.body.length).toBe(0);
    expect(m.callId).toBe('dblreq.0ha0isndaksdj99sdfafnl3lk233412');
  });

  it('3.1.1.9 semiuri: ";" inside the user part is not a URI parameter', () => {
    const m = request('semiuri');
    const ruri = parseUri(m.uri)!;
    expect(ruri.user).toBe('user;par=u%40example.net');
    expect(ruri.host).toBe('example.com');
    expect(ruri.params.size).toBe(0);
    // A folded Accept list becomes six entries.
    expect(m.tokens('Accept')).toEqual([
      'application/sdp',
      'application/pkcs7-mime',
      'multipart/mixed',
      'multipart/signed',
      'message/sip',
      'message/sipfrag',
    ]);
  });

  it('3.1.1.10 transports: known and unknown Via transports', () => {
    const m = request('transports');
    expect(m.vias.map((v) => v.transport)).toEqual(['UDP', 'SCTP', 'TLS', 'UNKNOWN', 'TCP']);
    expect(m.callId).toBe('transports.kijh4akdnaqjkwendsasfdj');
  });

  it('3.1.1.11 mpart01: multipart body with binary octets kept byte for byte', () => {
    const m = request('mpart01');
    expect(m.method).toBe('MESSAGE');
    expect(m.contentType).toBe('multipart/mixed');
    expect(m.headers.get('Content-Type')).toBe('multipart/mixed;boundary=7a9cbec02ceef655');
    expect(m.body.length).toBe(553);
    const file = raw('mpart01');
    expect(m.body.equals(file.subarray(file.length - 553))).toBe(true);
    expect(m.body.includes(Buffer.from([0x30, 0x82, 0x01, 0x52]))).toBe(true);
    expect(m.topVia!.params.get('rport')).toBeNull();
    expect(m.headers.get('Identity')).toMatch(/^r5mwreLuyDRYBi.*YUA=$/);
    const again = roundTrip(m);
    expect(again.body.equals(m.body)).toBe(true);
  });

  it('3.1.1.12 unreason: UTF-8 reason phrase', () => {
    const m = response('unreason');
    expect(m.status).toBe(200);
    expect(m.reason).toBe('= 2**3 * 5**2 но сто девяносто девять - простое');
    expect(m.body.length).toBe(154);
    const again = roundTrip(m) as SipResponse;
    expect(again.reason).toBe(m.reason);
  });

  it('3.1.1.13 noreason: empty reason phrase', () => {
    const m = response('noreason');
    expect(m.status).toBe(100);
    expect(m.reason).toBe('');
    expect(m.toTag).toBe('902jndnke3');
  });
});

