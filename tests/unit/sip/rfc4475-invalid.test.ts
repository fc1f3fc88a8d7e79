/**
 * RFC 4475 §3.1.2 invalid messages, and the §3.2-§3.4 ones that reach the
 * parser. Each is either rejected with a reason fit for the 400/505 (and the
 * partial headers needed to send it), or accepted where the RFC says an
 * element may be liberal, in which case the liberal reading is asserted. The
 * test names say which, and why. Cutting the messages short at every byte
 * never makes the parser throw.
 */
import { describe, expect, it } from 'vitest';
import { parseMessage, parseUri, serializeMessage } from '../../../src/sip/message/index.js';
import { raw, rejected, request } from './rfc4475-fixtures.js';

describe('RFC 4475 §3.1.2 invalid messages', () => {
  it('3.1.2.1 badinv01: empty Via/Contact parameters -> rejected (400)', () => {
    const r = rejected('badinv01');
    expect(r.reason).toBe('Malformed Via');
    expect(r.partial?.isRequest).toBe(true);
    expect(r.partial?.headers.get('Call-ID')).toBe('badinv01.0ha0isndaksdjasdf3234nas');
  });

  it('3.1.2.2 clerr: Content-Length larger than the datagram body -> rejected (400)', () => {
    const r = rejected('clerr');
    expect(r.reason).toBe('Content-Length Exceeds Body');
    expect(r.partial?.method).toBe('INVITE');
  });

  it('3.1.2.3 ncl: negative Content-Length -> rejected, never used as a length', () => {
    expect(rejected('ncl').reason).toBe('Bad Content-Length');
  });

  it('3.1.2.4 scalar02: CSeq above 2**32-1 -> rejected (400); other overflows left to the accessors', () => {
    const r = rejected('scalar02');
    expect(r.reason).toBe('Bad CSeq');
    expect(r.partial?.headers.get('Max-Forwards')).toBe('300');
  });

  it('3.1.2.5 scalarlg: response with an overlarge CSeq -> rejected (dropped by the caller)', () => {
    const r = rejected('scalarlg');
    expect(r.reason).toBe('Bad CSeq');
    expect(r.partial?.isRequest).toBe(false);
  });

  it('3.1.2.6 quotbal: unterminated quote in the To display name -> rejected (400)', () => {
    expect(rejected('quotbal').reason).toBe('Malformed To');
  });

  it('3.1.2.7 ltgtruri: Request-URI in <> -> rejected (400)', () => {
    const r = rejected('ltgtruri');
    expect(r.reason).toBe('Malformed Request-URI');
    expect(r.partial?.headers.get('Via')).toBe('SIP/2.0/UDP 192.0.2.5');
  });

  it('3.1.2.8 lwsruri: LWS inside the Request-URI -> rejected (400)', () => {
    expect(rejected('lwsruri').reason).toBe('Malformed Request-URI');
  });

  it('3.1.2.9 lwsstart: extra SP between start-line elements -> accepted (liberal), not written back', () => {
    const m = request('lwsstart');
    expect(m.uri).toBe('sip:user@example.com');
    expect(serializeMessage(m).toString('latin1').split('\r\n')[0]).toBe('INVITE sip:user@example.com SIP/2.0');
  });

  it('3.1.2.10 trws: SP after SIP-Version -> accepted (liberal), not written back', () => {
    const m = request('trws');
    expect(m.method).toBe('OPTIONS');
    expect(m.uri).toBe('sip:remote-target@example.com');
    expect(serializeMessage(m).toString('latin1').split('\r\n')[0]).toBe('OPTIONS sip:remote-target@example.com SIP/2.0');
  });

  it('3.1.2.11 escruri: headers in the Request-URI -> rejected (400)', () => {
    expect(rejected('escruri').reason).toBe('Malformed Request-URI');
  });

  it('3.1.2.12 baddate: non-GMT Date -> accepted; the parser does not read Date', () => {
    const m = request('baddate');
    expect(m.headers.get('Date')).toBe('Fri, 01 Jan 2010 16:00:00 EST');
  });

  it('3.1.2.13 regbadct: addr-spec Contact with URI headers -> accepted, brackets inferred', () => {
    const m = request('regbadct');
    const c = m.contacts;
    expect(c).toHaveLength(1);
    expect(c[0]!.uri.host).toBe('example.com');
    expect(c[0]!.uri.headers.get('Route')).toBe('<sip:sip.example.com>');
  });

  it('3.1.2.14 badaspec: spaces inside <> -> accepted (liberal), spaces ignored', () => {
    const m = request('badaspec');
    expect(m.to!.displayName).toBe('Watson, Thomas');
    expect(m.to!.uri.user).toBe('t.watson');
    expect(m.from!.displayName).toBe('Bell, Alexander');
  });

  it('3.1.2.15 baddn: unquoted display names with non-token chars -> accepted, quotes inferred on output', () => {
    const m = request('baddn');
    expect(m.from!.displayName).toBe('Bell, Alexander');
    expect(m.to!.displayName).toBe('Watson, Thomas');
    expect(m.fromTag).toBe('43');
  });

  it('3.1.2.16 badvers: SIP/7.0 -> rejected as Version Not Supported (505), with partial headers', () => {
    const r = rejected('badvers');
    expect(r.reason).toBe('Version Not Supported');
    expect(r.partial?.method).toBe('OPTIONS');
    expect(r.partial?.headers.get('CSeq')).toBe('1 OPTIONS');
  });

  it('3.1.2.17 mismatch01: CSeq method differs from the request method -> rejected (400)', () => {
    expect(rejected('mismatch01').reason).toBe('CSeq Method Mismatch');
  });

  it('3.1.2.18 mismatch02: unknown method with mismatched CSeq -> rejected; partial.method lets the UA send 501', () => {
    const r = rejected('mismatch02');
    expect(r.reason).toBe('CSeq Method Mismatch');
    expect(r.partial?.method).toBe('NEWMETHOD');
  });

  it('3.1.2.19 bigcode: status code of more than three digits -> rejected (dropped)', () => {
    const r = rejected('bigcode');
    expect(r.reason).toBe('Bad Status Code');
  });
});

describe('RFC 4475 §3.2-§3.4 messages that reach the parser', () => {
  it('3.2.1 badbranch: bare magic cookie branch parses; the transaction layer decides', () => {
    expect(request('badbranch').topVia!.params.get('branch')).toBe('z9hG4bK');
  });

  it('3.3.1 insuf: missing From/To/Call-ID -> rejected (400) with partial headers', () => {
    const r = rejected('insuf');
    expect(r.reason).toBe('Missing From');
    expect(r.partial?.headers.get('CSeq')).toBe('193942 INVITE');
  });

  it('3.3.2/3.3.3 unkscm, novelsc: unknown Request-URI schemes pass through for the UA to answer 416', () => {
    expect(request('unkscm').uri).toBe('nobodyKnowsThisScheme:totallyopaquecontent');
    expect(request('novelsc').uri).toBe('soap.beep://192.0.2.103:3002');
    expect(parseUri('nobodyKnowsThisScheme:totallyopaquecontent')).toBeUndefined();
  });

  it('3.3.4 unksm2: non-SIP URI in From -> rejected (400); a phone cannot build a dialog on it', () => {
    expect(rejected('unksm2').reason).toBe('Malformed From');
  });

  it('3.3.8 multi01: several values in single-valued headers -> rejected (400)', () => {
    expect(rejected('multi01').reason).toMatch(/^Multiple (From|To|Call-ID|CSeq)$/);
  });

  it('3.3.9 mcl01: two different Content-Length values -> rejected (400)', () => {
    expect(rejected('mcl01').reason).toBe('Multiple Content-Length');
  });

  it('3.3.12/3.3.13/3.3.14 cparam01, cparam02, regescrt: where a Contact parameter belongs', () => {
    const c1 = request('cparam01').contacts[0]!;
    expect(c1.params.has('unknownparam')).toBe(true);
    expect(c1.uri.params.size).toBe(0);
    const c2 = request('cparam02').contacts[0]!;
    expect(c2.params.size).toBe(0);
    expect(c2.uri.params.has('unknownparam')).toBe(true);
    expect(request('regescrt').contacts[0]!.uri.headers.get('Route')).toBe('<sip:sip.example.com>');
  });

  it('3.4.1 inv2543: no Content-Length on a datagram -> the rest is the body; no Max-Forwards is fine', () => {
    const m = request('inv2543');
    expect(m.headers.has('Content-Length')).toBe(false);
    expect(m.headers.has('Max-Forwards')).toBe(false);
    expect(m.body.toString('latin1')).toMatch(/^v=0\r\n[\s\S]*m=audio 49217 RTP\/AVP 0\r\n$/);
    expect(m.topVia!.params.has('branch')).toBe(false);
  });
});

describe('RFC 4475 fixtures as a whole', () => {
  it('no message makes the parser throw, also when cut short at every byte', () => {
    for (const name of ['wsinv', 'intmeth', 'mpart01', 'longreq', 'unreason', 'badinv01', 'quotbal', 'clerr']) {
      const buf = raw(name);
      for (let cut = 0; cut <= buf.length; cut++) {
        const r = parseMessage(buf.subarray(0, cut));
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) expect(r.reason).not.toBe('Internal Parser Error');
      }
    }
  });
});
