/**
 * SipHeaders semantics, the serializer and createResponse/createRequest.
 *
 * Proves that:
 * - header names are case-insensitive and compact forms equal long forms
 *   (RFC 3261 §7.3.1, §7.3.3), with canonical spellings on output;
 * - prepend/removeFirst/set keep the order Via and Route handling relies on;
 * - serialized messages use CRLF, canonical names, one Content-Length that
 *   matches the body, join token lists, round-trip UTF-8, and cannot be
 *   broken by CR/LF inside a value;
 * - createResponse copies Vias in order and From/To/Call-ID/CSeq verbatim,
 *   adds the To tag except on 100 (§8.2.6.2) and copies Timestamp into 100
 *   (§8.2.6.1);
 * - Content-Length framing on datagrams (§18.3) and the parse limits.
 */
import { describe, expect, it } from 'vitest';
import {
  SipHeaders,
  SipRequest,
  SipResponse,
  canonicalHeaderName,
  createRequest,
  createResponse,
  findHeadEnd,
  headerKey,
  isRequest,
  parseMessage,
  parseUri,
  reasonPhrase,
  serializeMessage,
  type ParseResult,
  type SipMessage,
} from '../../../src/sip/message/index.js';

const CRLF = '\r\n';

function msg(lines: string[], body = ''): Buffer {
  return Buffer.from(lines.join(CRLF) + CRLF + CRLF + body, 'utf8');
}

const INVITE_LINES = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK11, SIP/2.0/TCP edge.example.com;branch=z9hG4bK22',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Timestamp: 54',
];

function ok(r: ParseResult): SipMessage {
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

function invite(extra: string[] = [], body = ''): SipRequest {
  const lines = [...INVITE_LINES, ...extra];
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return ok(parseMessage(msg(lines, body))) as SipRequest;
}

describe('SipHeaders', () => {
  it('names are case-insensitive and compact forms are the same header', () => {
    const h = new SipHeaders();
    h.append('v', 'SIP/2.0/UDP a');
    h.append('VIA', 'SIP/2.0/UDP b');
    h.append('i', 'call-1');
    h.append('m', '<sip:x@example.com>');
    h.append('l', '0');
    h.append('o', 'dialog');
    h.append('x', '1800');
    expect(h.getAll('Via')).toEqual(['SIP/2.0/UDP a', 'SIP/2.0/UDP b']);
    expect(h.get('call-id')).toBe('call-1');
    expect(h.get('Call-ID')).toBe('call-1');
    expect(h.get('CONTACT')).toBe('<sip:x@example.com>');
    expect(h.has('content-length')).toBe(true);
    expect(h.get('Event')).toBe('dialog');
    expect(h.get('Session-Expires')).toBe('1800');
    expect(h.get('Missing')).toBeUndefined();
    expect([...h.entries()].map(([n]) => n)).toEqual(['Via', 'Via', 'Call-ID', 'Contact', 'Content-Length', 'Event', 'Session-Expires']);
  });

  it('canonical output names', () => {
    expect(canonicalHeaderName('call-id')).toBe('Call-ID');
    expect(canonicalHeaderName('CSEQ')).toBe('CSeq');
    expect(canonicalHeaderName('www-authenticate')).toBe('WWW-Authenticate');
    expect(canonicalHeaderName('rack')).toBe('RAck');
    expect(canonicalHeaderName('X-MY-header')).toBe('X-My-Header');
    expect(canonicalHeaderName('k')).toBe('Supported');
    expect(headerKey('T')).toBe('to');
  });

  it('prepend puts a value before the others of its name; removeFirst takes the top one', () => {
    const h = SipHeaders.from([
      ['To', 't'],
      ['Via', 'v1'],
      ['From', 'f'],
      ['Via', 'v2'],
    ]);
    h.prepend('Via', 'v0');
    expect(h.getAll('Via')).toEqual(['v0', 'v1', 'v2']);
    expect([...h.entries()].map(([n, v]) => `${n}:${v}`)).toEqual(['To:t', 'Via:v0', 'Via:v1', 'From:f', 'Via:v2']);
    expect(h.removeFirst('via')).toBe('v0');
    expect(h.removeFirst('Via')).toBe('v1');
    expect(h.getAll('Via')).toEqual(['v2']);
    h.prepend('Record-Route', '<sip:p1;lr>');
    expect([...h.entries()].at(-1)).toEqual(['Record-Route', '<sip:p1;lr>']);
    expect(h.removeFirst('Route')).toBeUndefined();
  });

  it('set replaces every value in place of the first; remove counts; clone is independent', () => {
    const h = SipHeaders.from([
      ['X-A', '1'],
      ['Supported', 'x'],
      ['X-B', '2'],
      ['Supported', 'y'],
    ]);
    h.set('supported', ['timer', '100rel']);
    expect([...h.entries()].map(([n, v]) => `${n}:${v}`)).toEqual(['X-A:1', 'Supported:timer', 'Supported:100rel', 'X-B:2']);
    const c = h.clone();
    expect(h.remove('Supported')).toBe(2);
    expect(h.size).toBe(2);
    expect(c.getAll('Supported')).toEqual(['timer', '100rel']);
    h.set('X-C', '3');
    expect([...h.entries()].at(-1)).toEqual(['X-C', '3']);
  });
});

describe('serializeMessage', () => {
  it('CRLF everywhere, canonical names, Content-Length last and always right', () => {
    const req = new SipRequest('OPTIONS', 'sip:a@example.com', SipHeaders.from([
      ['v', 'SIP/2.0/UDP h;branch=z9hG4bK1'],
      ['content-length', '999'],
      ['call-id', 'c1'],
      ['cseq', '1 OPTIONS'],
      ['f', '<sip:b@example.com>;tag=1'],
      ['t', '<sip:a@example.com>'],
    ]), Buffer.from('hello'));
    const text = serializeMessage(req).toString('utf8');
    expect(text).toBe(
      [
        'OPTIONS sip:a@example.com SIP/2.0',
        'Via: SIP/2.0/UDP h;branch=z9hG4bK1',
        'Call-ID: c1',
        'CSeq: 1 OPTIONS',
        'From: <sip:b@example.com>;tag=1',
        'To: <sip:a@example.com>',
        'Content-Length: 5',
        '',
        'hello',
      ].join(CRLF),
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('token lists go back on one line; Via stays one per line', () => {
    const m = invite(['Allow: INVITE, ACK', 'Allow: BYE', 'Supported: timer, 100rel']);
    expect(m.headers.getAll('Allow')).toEqual(['INVITE', 'ACK', 'BYE']);
    const text = serializeMessage(m).toString('utf8');
    expect(text).toContain('\r\nAllow: INVITE, ACK, BYE\r\n');
    expect(text).toContain('\r\nSupported: timer, 100rel\r\n');
    expect(text.match(/\r\nVia: /g)).toHaveLength(3);
    expect((ok(parseMessage(serializeMessage(m))) as SipRequest).tokens('allow')).toEqual(['invite', 'ack', 'bye']);
  });

  it('UTF-8 display names, reason phrases and bodies round trip; Content-Length counts bytes', () => {
    const body = 'v=0\r\ns=Grüße 通话\r\n';
    const m = invite(['Subject: Café ☕'], body);
    m.headers.set('From', '"Jürgen Müller" <sip:jm@example.com>;tag=1');
    const wire = serializeMessage(m);
    expect(wire.toString('utf8')).toContain(`Content-Length: ${Buffer.byteLength(body)}\r\n`);
    const back = ok(parseMessage(wire)) as SipRequest;
    expect(back.from!.displayName).toBe('Jürgen Müller');
    expect(back.headers.get('Subject')).toBe('Café ☕');
    expect(back.body.toString('utf8')).toBe(body);
    const resp = new SipResponse(486, 'Besetzt – bitte später', SipHeaders.from(m.headers.entries()));
    expect((ok(parseMessage(serializeMessage(resp))) as SipResponse).reason).toBe('Besetzt – bitte später');
  });

  it('a CR or LF inside a value, URI or reason cannot inject a header', () => {
    const m = invite();
    m.headers.append('Subject', 'hi\r\nVia: SIP/2.0/UDP evil');
    const back = ok(parseMessage(serializeMessage(m))) as SipRequest;
    expect(back.headers.getAll('Via')).toHaveLength(3);
    expect(back.headers.get('Subject')).toBe('hi Via: SIP/2.0/UDP evil');
    m.uri = 'sip:bob@biloxi.example.com\nX-Injected: y';
    m.headers.set('From', 'Alice <sip:alice@atlanta.example.com>;tag=1\r\n\r\nbody');
    const lines = serializeMessage(m).toString('utf8').split('\r\n');
    expect(lines.filter((l) => l.startsWith('X-Injected'))).toEqual([]);
    expect(lines.indexOf('')).toBe(lines.length - 2);
  });

  it('empty body: Content-Length 0 and nothing after the blank line', () => {
    const text = serializeMessage(invite()).toString('utf8');
    expect(text.endsWith('\r\nContent-Length: 0\r\n\r\n')).toBe(true);
  });
});

describe('createResponse (RFC 3261 §8.2.6)', () => {
  it('copies all Vias in order and From/To/Call-ID/CSeq verbatim, adds the To tag', () => {
    const req = invite();
    const r = createResponse(req, 180, { toTag: 'as83kd' });
    expect(r.status).toBe(180);
    expect(r.reason).toBe('Ringing');
    expect(r.headers.getAll('Via')).toEqual(req.headers.getAll('Via'));
    expect(r.headers.getAll('Via')).toHaveLength(3);
    expect(r.headers.get('From')).toBe(req.headers.get('From'));
    expect(r.headers.get('To')).toBe('Bob <sip:bob@biloxi.example.com>;tag=as83kd');
    expect(r.toTag).toBe('as83kd');
    expect(r.callId).toBe(req.callId);
    expect(r.headers.get('CSeq')).toBe('314159 INVITE');
    expect(r.headers.has('Contact')).toBe(false);
    expect(r.headers.has('Timestamp')).toBe(false);
    expect(req.toTag).toBeUndefined();
  });

  it('no To tag on 100 Trying, which copies Timestamp', () => {
    const r = createResponse(invite(), 100, { toTag: 'abc' });
    expect(r.toTag).toBeUndefined();
    expect(r.headers.get('Timestamp')).toBe('54');
  });

  it('keeps an existing To tag and uses a given reason', () => {
    const req = ok(parseMessage(msg(INVITE_LINES.map((l) => (l.startsWith('To:') ? `${l};tag=existing` : l))))) as SipRequest;
    const r = createResponse(req, 200, { toTag: 'new', reason: 'Fine' });
    expect(r.toTag).toBe('existing');
    expect(r.reason).toBe('Fine');
    expect(reasonPhrase(603)).toBe('Decline');
    expect(reasonPhrase(299)).toBe('OK');
  });

  it('the serialized response parses back as a valid response', () => {
    const r = ok(parseMessage(serializeMessage(createResponse(invite(), 486, { toTag: 't1' }))));
    expect(isRequest(r)).toBe(false);
    expect((r as SipResponse).reason).toBe('Busy Here');
  });
});

describe('createRequest', () => {
  it('builds a request the parser accepts (once the transaction adds a Via)', () => {
    const req = createRequest({
      method: 'INVITE',
      uri: 'sip:bob@biloxi.example.com',
      from: { displayName: 'Alice', uri: parseUri('sip:alice@atlanta.example.com')!, params: new Map([['tag', 'f1']]) },
      to: { uri: parseUri('sip:bob@biloxi.example.com')!, params: new Map() },
      callId: 'c-1',
      cseq: 1,
      route: ['<sip:p1.example.com;lr>'],
      contact: { uri: parseUri('sip:alice@192.0.2.1:5060')!, params: new Map() },
      body: Buffer.from('v=0\r\n'),
    });
    req.headers.prepend('Via', 'SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKx');
    const back = ok(parseMessage(serializeMessage(req))) as SipRequest;
    expect(back.fromTag).toBe('f1');
    expect(back.headers.get('Route')).toBe('<sip:p1.example.com;lr>');
    expect(back.contentType).toBe('application/sdp');
    expect(back.headers.get('Max-Forwards')).toBe('70');
    expect(back.body.toString()).toBe('v=0\r\n');
  });
});

describe('framing and limits', () => {
  const base = INVITE_LINES;

  it('Content-Length larger than the body -> rejected; smaller -> body cut; missing -> rest of datagram', () => {
    const big = parseMessage(msg([...base, 'Content-Length: 10'], 'abc'));
    expect(big.ok ? '' : big.reason).toBe('Content-Length Exceeds Body');
    const small = ok(parseMessage(msg([...base, 'Content-Length: 2'], 'abcdef')));
    expect(small.body.toString()).toBe('ab');
    const none = ok(parseMessage(msg(base, 'abcdef')));
    expect(none.body.toString()).toBe('abcdef');
  });

  it('negative, garbage or absurd Content-Length -> rejected', () => {
    for (const v of ['-1', 'five', '1.5', '0x10', '', '99999999999', '1 2']) {
      const r = parseMessage(msg([...base, `Content-Length: ${v}`], 'x'));
      expect(r.ok ? '' : r.reason, v).toBe('Bad Content-Length');
    }
    expect(ok(parseMessage(msg([...base, 'l:   00003  '], 'abcd'))).body.toString()).toBe('abc');
  });

  it('the same Content-Length twice is fine, two different ones are not', () => {
    expect(parseMessage(msg([...base, 'Content-Length: 1', 'l: 1'], 'x')).ok).toBe(true);
    const r = parseMessage(msg([...base, 'Content-Length: 1', 'l: 2'], 'xy'));
    expect(r.ok ? '' : r.reason).toBe('Multiple Content-Length');
  });

  it('LF-only line ends and leading CRLFs are accepted', () => {
    const lf = ok(parseMessage(Buffer.from('\r\n\r\n' + base.join('\n') + '\n\nbody')));
    expect(lf.body.toString()).toBe('body');
    expect(findHeadEnd(Buffer.from('A\nB\n\nC'))).toEqual({ index: 3, length: 2 });
    expect(findHeadEnd(Buffer.from('A\r\nB\r\n\r\nC'))).toEqual({ index: 5, length: 3 });
    expect(findHeadEnd(Buffer.from('A\r\nB\r\n'))).toEqual({ index: -1, length: 0 });
    expect(findHeadEnd(Buffer.from('x\r\n\r\nA\r\nB\r\n\r\nC'), 5)).toEqual({ index: 10, length: 3 });
  });

  it('size limits give clear reasons', () => {
    const limits = { maxMessageBytes: 600, maxHeaders: 12, maxHeaderBytes: 100 };
    expect(parseMessage(msg(base, 'x'.repeat(600)), limits)).toMatchObject({ ok: false, reason: 'Message Too Large' });
    expect(parseMessage(msg([...base, 'A: 1', 'B: 2', 'C: 3']), limits)).toMatchObject({ ok: false, reason: 'Too Many Headers' });
    expect(parseMessage(msg([...base, `Subject: ${'y'.repeat(100)}`]), limits)).toMatchObject({ ok: false, reason: 'Header Too Long' });
    expect(parseMessage(msg([...base, 'Subject: a', ` ${'y'.repeat(60)}`, ` ${'z'.repeat(60)}`]), limits)).toMatchObject({
      ok: false,
      reason: 'Header Too Long',
    });
    expect(parseMessage(msg([`INVITE sip:${'a'.repeat(200)}@example.com SIP/2.0`, ...base.slice(1)]), { ...limits, maxMessageBytes: 2000 })).toMatchObject({
      ok: false,
      reason: 'Start Line Too Long',
    });
    expect(parseMessage(msg(base)).ok).toBe(true);
  });

  it('maxForwards reads 0..255 and treats anything else as absent (RFC 4475 §3.1.2.4)', () => {
    expect(invite().maxForwards).toBe(70);
    const m = invite();
    for (const [v, want] of [['0', 0], ['255', 255], ['256', undefined], ['300', undefined], ['x', undefined], ['', undefined], ['007', 7]] as const) {
      m.headers.set('Max-Forwards', v);
      expect(m.maxForwards, v).toBe(want);
    }
    m.headers.remove('Max-Forwards');
    expect(m.maxForwards).toBeUndefined();
  });

  it('partial headers come with request rejections so a 400 can be built', () => {
    const r = parseMessage(msg(base.filter((l) => !l.startsWith('From:'))));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('Missing From');
    expect(r.partial).toMatchObject({ isRequest: true, method: 'INVITE' });
    expect(r.partial!.headers.getAll('Via')).toHaveLength(3);
  });

  it('empty input, keep-alives and heads without the blank line are rejected', () => {
    expect(parseMessage(Buffer.alloc(0))).toMatchObject({ ok: false, reason: 'Empty Message' });
    expect(parseMessage(Buffer.from('\r\n\r\n'))).toMatchObject({ ok: false, reason: 'Empty Message' });
    expect(parseMessage(Buffer.from(base.join(CRLF)))).toMatchObject({ ok: false, reason: 'Incomplete Message Head' });
  });

  it('malformed lines and folding', () => {
    expect(parseMessage(msg([base[0]!, ' folded-first: x', ...base.slice(1)]))).toMatchObject({ reason: 'Malformed Header Folding' });
    expect(parseMessage(msg([...base, 'no colon here']))).toMatchObject({ reason: 'Malformed Header Line' });
    expect(parseMessage(msg([...base, 'Subject: a\rb']))).toMatchObject({ reason: 'Malformed Line Break' });
    expect(parseMessage(msg(['INVITE sip:bob@biloxi.example.com\rX SIP/2.0', ...base.slice(1)]))).toMatchObject({ reason: 'Malformed Start Line' });
    expect(parseMessage(msg([...base, 'Bad Name: x']))).toMatchObject({ reason: 'Malformed Header Name' });
    expect(parseMessage(msg([...base, ': x']))).toMatchObject({ reason: 'Malformed Header Name' });
    expect(parseMessage(msg(['GARBAGE', ...base.slice(1)]))).toMatchObject({ reason: 'Malformed Start Line' });
    expect(parseMessage(msg(['SIP/2.0 99 Odd', ...base.slice(1)]))).toMatchObject({ reason: 'Bad Status Code' });
    expect(parseMessage(msg(['SIP/2.0 700 Odd', ...base.slice(1)]))).toMatchObject({ reason: 'Bad Status Code' });
    const r = ok(parseMessage(msg(['sip/2.0 200', ...base.slice(1)]))) as SipResponse;
    expect([r.status, r.reason]).toEqual([200, '']);
  });
});
