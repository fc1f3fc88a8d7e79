/**
 * The stateless "400 <reason>" for requests that fail to parse (RFC 3261
 * §8.2.6.2 headers, To tag; no response to ACK; nothing without the headers
 * a response needs). Inputs go through the real parser to get its `partial`.
 */
import { describe, expect, it } from 'vitest';
import { SipHeaders, buildBadRequest, parseMessage, parseVia } from '../../../../src/sip/index.js';

const src = { host: '198.51.100.4', port: 5099 };

function parseFail(text: string) {
  const r = parseMessage(Buffer.from(text));
  if (r.ok) throw new Error('expected a parse failure');
  return r;
}

describe('buildBadRequest', () => {
  const badCseq =
    'INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP phone.lan:5062;branch=z9hG4bKx;rport\r\n' +
    'From: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\nCall-ID: c1\r\nCSeq: 1 BYE\r\n' +
    'Content-Length: 0\r\n\r\n';

  it('answers a request the parser rejected, with its reason, headers and stamped Via', () => {
    const r = parseFail(badCseq);
    const resp = buildBadRequest(r.partial, r.reason, src)!;
    expect(resp.status).toBe(400);
    expect(resp.reason).toBe(r.reason);
    expect(resp.callId).toBe('c1');
    expect(resp.headers.get('CSeq')).toBe('1 BYE');
    expect(resp.toTag).toMatch(/^[0-9a-z]{10}$/);
    const via = resp.topVia!;
    expect(via.params.get('received')).toBe('198.51.100.4');
    expect(via.params.get('rport')).toBe('5099');
  });

  it('does not answer an ACK, a response, or a request missing a needed header', () => {
    const r = parseFail(badCseq.replace('INVITE sip', 'ACK sip'));
    expect(buildBadRequest(r.partial, r.reason, src)).toBeUndefined();
    const headers = SipHeaders.from([
      ['Via', 'SIP/2.0/UDP h;branch=z9hG4bKx'],
      ['From', '<sip:a@x>;tag=1'],
      ['To', '<sip:b@x>'],
      ['CSeq', '1 INVITE'],
    ]);
    expect(buildBadRequest({ isRequest: true, method: 'INVITE', headers }, 'Missing Call-ID', src)).toBeUndefined();
    headers.append('Call-ID', 'c');
    expect(buildBadRequest({ isRequest: false, headers }, 'x', src)).toBeUndefined();
    expect(buildBadRequest(undefined, 'x', src)).toBeUndefined();
  });

  it('keeps the reason phrase on one line and keeps an existing To tag', () => {
    const headers = SipHeaders.from([
      ['Via', 'SIP/2.0/UDP 198.51.100.4:5099;branch=z9hG4bKx'],
      ['From', '<sip:a@x>;tag=1'],
      ['To', '<sip:b@x>;tag=keep'],
      ['Call-ID', 'c'],
      ['CSeq', '1 INFO'],
    ]);
    const resp = buildBadRequest({ isRequest: true, method: 'INFO', headers }, 'Bad\r\nInjected: yes', src)!;
    expect(resp.reason).toBe('Bad  Injected: yes');
    expect(resp.toTag).toBe('keep');
    expect(parseVia(resp.headers.get('Via')!)!.params.has('received')).toBe(false);
  });
});
