/**
 * Stream framing (RFC 3261 §18.3) and CRLF keep-alives (RFC 5626 §3.5.1):
 * - one message in one chunk, many in one chunk, one over many chunks, byte by byte;
 * - Content-Length (long and compact form) decides the body; missing means 0;
 * - CRLFCRLF is a ping, CRLF a pong, also when split across chunks;
 * - garbage without an end, oversize messages and a bad Content-Length cannot be framed.
 */
import { describe, expect, it } from 'vitest';
import { StreamFramer, readContentLength } from '../../../../src/sip/index.js';
import { requestText } from './samples.js';

function framer(max = 65_535) {
  const out = { messages: [] as string[], pings: 0, pongs: 0 };
  const f = new StreamFramer(
    {
      onMessage: (m) => out.messages.push(m.toString('utf8')),
      onPing: () => out.pings++,
      onPong: () => out.pongs++,
    },
    max,
  );
  return { f, out };
}

const A = requestText({ via: 'SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKa', callId: 'a', body: 'hello' });
const B = requestText({ via: 'SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKb', callId: 'b' });

describe('StreamFramer', () => {
  it('cuts one whole message', () => {
    const { f, out } = framer();
    expect(f.push(Buffer.from(A))).toBeUndefined();
    expect(out.messages).toEqual([A]);
    expect(f.buffered).toBe(0);
  });

  it('cuts several messages from one chunk, body by Content-Length', () => {
    const { f, out } = framer();
    f.push(Buffer.from(A + B + A));
    expect(out.messages).toEqual([A, B, A]);
    expect(out.messages[0]!.endsWith('\r\n\r\nhello')).toBe(true);
  });

  it('assembles a message delivered byte by byte', () => {
    const { f, out } = framer();
    const bytes = Buffer.from(A + B);
    for (let i = 0; i < bytes.length; i++) expect(f.push(bytes.subarray(i, i + 1))).toBeUndefined();
    expect(out.messages).toEqual([A, B]);
  });

  it('handles a split inside the CRLFCRLF and inside the body', () => {
    const { f, out } = framer();
    const headEnd = A.indexOf('\r\n\r\n');
    f.push(Buffer.from(A.slice(0, headEnd + 1)));
    f.push(Buffer.from(A.slice(headEnd + 1, headEnd + 3)));
    expect(out.messages).toEqual([]);
    f.push(Buffer.from(A.slice(headEnd + 3, A.length - 2)));
    expect(out.messages).toEqual([]);
    f.push(Buffer.from(A.slice(A.length - 2) + B.slice(0, 10)));
    expect(out.messages).toEqual([A]);
    f.push(Buffer.from(B.slice(10)));
    expect(out.messages).toEqual([A, B]);
  });

  it('reads the compact form "l:" and treats a missing Content-Length as 0', () => {
    const { f, out } = framer();
    const compact = 'MESSAGE sip:b@x SIP/2.0\r\nv: SIP/2.0/TCP h\r\nl:3\r\n\r\nabc';
    const none = 'OPTIONS sip:b@x SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n';
    f.push(Buffer.from(compact + none + compact));
    expect(out.messages).toEqual([compact, none, compact]);
  });

  it('answers keep-alives: CRLFCRLF is a ping, a lone CRLF a pong, between messages', () => {
    const { f, out } = framer();
    f.push(Buffer.from('\r\n\r\n' + A + '\r\n' + B + '\r\n\r\n\r\n\r\n'));
    expect(out.messages).toEqual([A, B]);
    expect(out.pings).toBe(3);
    expect(out.pongs).toBe(1);
    expect(f.buffered).toBe(0);
  });

  it('recognises a ping split across two chunks', () => {
    const { f, out } = framer();
    f.push(Buffer.from('\r\n'));
    f.push(Buffer.from('\r\n'));
    expect(out.pings).toBe(1);
    f.push(Buffer.from('\r\n\r'));
    expect(out.pings).toBe(1);
    f.push(Buffer.from('\n'));
    expect(out.pings).toBe(2);
  });

  it('gives up on garbage that never ends a head', () => {
    const { f, out } = framer(65_535);
    let problem: string | undefined;
    const junk = Buffer.alloc(16_384, 0x41);
    for (let i = 0; i < 64 && !problem; i++) problem = f.push(junk);
    expect(problem).toMatch(/no end of message head/);
    expect(out.messages).toEqual([]);
  });

  it('rejects a message larger than the limit, and a bad Content-Length', () => {
    const big = framer(1000);
    expect(big.f.push(Buffer.from('INVITE sip:x SIP/2.0\r\nContent-Length: 5000\r\n\r\n'))).toMatch(/exceeds 1000/);
    const bad = framer();
    expect(bad.f.push(Buffer.from('INVITE sip:x SIP/2.0\r\nContent-Length: ten\r\n\r\n'))).toMatch(/Content-Length/);
  });

  it('readContentLength finds the header in any case, ignoring look-alikes', () => {
    const head = Buffer.from('X sip:x SIP/2.0\r\nLocation: 9\r\nCONTENT-LENGTH :  42\r\n\r\n');
    expect(readContentLength(head, head.indexOf('\r\n\r\n'))).toBe(42);
    const noCl = Buffer.from('X sip:x SIP/2.0\r\nLocation: 9\r\n\r\n');
    expect(readContentLength(noCl, noCl.indexOf('\r\n\r\n'))).toBe(0);
  });
});
