/**
 * Mutation fuzzing of parseMessage with a seeded PRNG (same inputs every run).
 *
 * Proves that, for thousands of damaged versions of valid messages (cut
 * short, bytes flipped, CR/LF/NUL/quotes/colons inserted, lines swapped or
 * dropped, huge headers, 10k headers, deep <> nesting, invalid UTF-8):
 * - parseMessage never throws and never falls back to its internal catch;
 * - a rejection always carries a non-empty reason string;
 * - an accepted message can be read through every accessor without throwing,
 *   and serializing it gives bytes that parse again to the same Call-ID,
 *   CSeq and body.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage, serializeMessage, type ParseLimits, type SipMessage } from '../../../src/sip/message/index.js';

/** mulberry32: small, fast, good enough to pick mutations reproducibly. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/sip/rfc4475');
const CRLF = '\r\n';

const SEEDS: Buffer[] = [
  Buffer.from(
    [
      'INVITE sip:1002@192.0.2.20:5060 SIP/2.0',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1;rport',
      'Max-Forwards: 70',
      'Contact: <sip:1001@192.0.2.10:5060;transport=udp>',
      'To: <sip:1002@192.0.2.20>',
      'From: "Alice" <sip:1001@192.0.2.20>;tag=4f8a1c2e',
      'Call-ID: 8d2b7e1c@192.0.2.10',
      'CSeq: 1 INVITE',
      'Allow: INVITE, ACK, CANCEL, BYE',
      'Supported: replaces, timer',
      'Content-Type: application/sdp',
      'Content-Length: 30',
      '',
      'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n',
    ].join(CRLF),
  ),
  Buffer.from(
    [
      'SIP/2.0 401 Unauthorized',
      'Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-2;rport=5060;received=192.0.2.10',
      'To: <sip:1001@192.0.2.20>;tag=as1',
      'From: <sip:1001@192.0.2.20>;tag=9e8d',
      'Call-ID: reg-1@192.0.2.10',
      'CSeq: 1 REGISTER',
      'WWW-Authenticate: Digest realm="sayhi", nonce="abc,def", qop="auth,auth-int", algorithm=MD5',
      'Content-Length: 0',
      '',
      '',
    ].join(CRLF),
  ),
  ...['wsinv', 'intmeth', 'esc01', 'mpart01', 'longreq', 'unreason', 'semiuri'].map((n) => readFileSync(resolve(FIXTURES, `${n}.sip`))),
];

const INSERTS = ['\r', '\n', '\r\n', '\r\n\r\n', '\0', '"', ':', ',', ';', '<', '>', '\\', ' ', '\t', '%', '@', '=', '[', ']', '?'].map((s) =>
  Buffer.from(s, 'latin1'),
);
const BAD_UTF8 = [[0xc3], [0xff], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82], [0x80]].map((b) => Buffer.from(b));

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

function mutate(rnd: () => number, input: Buffer): Buffer {
  let b = input;
  const steps = 1 + Math.floor(rnd() * 4);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(rnd() * (b.length + 1));
    switch (Math.floor(rnd() * 11)) {
      case 0: // truncate
        b = b.subarray(0, at);
        break;
      case 1: {
        // flip bytes
        const c = Buffer.from(b);
        for (let k = 0; k < 1 + Math.floor(rnd() * 8) && c.length > 0; k++) {
          const at2 = Math.floor(rnd() * c.length);
          c[at2] = c[at2]! ^ (1 + Math.floor(rnd() * 255));
        }
        b = c;
        break;
      }
      case 2:
      case 3: // insert a separator or line break
        b = Buffer.concat([b.subarray(0, at), pick(rnd, INSERTS), b.subarray(at)]);
        break;
      case 4: // invalid UTF-8
        b = Buffer.concat([b.subarray(0, at), pick(rnd, BAD_UTF8), b.subarray(at)]);
        break;
      case 5: {
        // delete a range
        const len = Math.floor(rnd() * 40);
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]);
        break;
      }
      case 6: {
        // swap two lines
        const lines = b.toString('latin1').split('\r\n');
        const i = Math.floor(rnd() * lines.length);
        const j = Math.floor(rnd() * lines.length);
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        b = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 7: {
        // duplicate a line
        const lines = b.toString('latin1').split('\r\n');
        const i = Math.floor(rnd() * lines.length);
        lines.splice(i, 0, lines[i]!);
        b = Buffer.from(lines.join('\r\n'), 'latin1');
        break;
      }
      case 8: {
        // a huge header
        const line = Buffer.from(`X-Huge: ${'a,b;c="d" '.repeat(1 + Math.floor(rnd() * 3000))}\r\n`);
        b = insertAfterFirstLine(b, line);
        break;
      }
      case 9: {
        // deep <> nesting in a To or Contact
        const n = 1 + Math.floor(rnd() * 5000);
        const name = rnd() < 0.5 ? 'To' : 'Contact';
        b = insertAfterFirstLine(b, Buffer.from(`${name}: ${'<'.repeat(n)}sip:x@y${'>'.repeat(Math.floor(rnd() * n))}\r\n`));
        break;
      }
      default: {
        // random bytes in place
        const c = Buffer.from(b);
        const len = Math.min(c.length - Math.min(at, c.length), Math.floor(rnd() * 16));
        for (let k = 0; k < len; k++) c[at + k] = Math.floor(rnd() * 256);
        b = c;
      }
    }
  }
  return b;
}

function insertAfterFirstLine(b: Buffer, line: Buffer): Buffer {
  const nl = b.indexOf(0x0a);
  const at = nl < 0 ? b.length : nl + 1;
  return Buffer.concat([b.subarray(0, at), line, b.subarray(at)]);
}

/** Every accessor a UA uses must cope with whatever was accepted. */
function readEverything(m: SipMessage): void {
  void m.callId;
  void m.cseq;
  void m.topVia;
  void m.vias;
  void m.from;
  void m.to;
  void m.fromTag;
  void m.toTag;
  void m.contacts;
  void m.contentType;
  void m.tokens('Supported');
  void m.tokens('Allow');
}

/** Parses `input` and checks the invariants; returns whether it was accepted. */
function check(input: Buffer, limits?: ParseLimits): boolean {
  let r;
  try {
    r = parseMessage(input, limits);
  } catch (err) {
    throw new Error(`parseMessage threw on ${JSON.stringify(input.toString('latin1').slice(0, 300))}: ${String(err)}`);
  }
  // Plain checks, not expect(): this runs tens of thousands of times.
  if (!r.ok) {
    if (typeof r.reason !== 'string' || r.reason.length === 0) throw new Error('rejection without a reason');
    if (r.reason === 'Internal Parser Error') {
      throw new Error(`internal error on ${JSON.stringify(input.toString('latin1').slice(0, 300))}`);
    }
    return false;
  }
  readEverything(r.message);
  const again = parseMessage(serializeMessage(r.message), { maxMessageBytes: 1 << 22, maxHeaders: 1 << 16, maxHeaderBytes: 1 << 22 });
  if (!again.ok) {
    throw new Error(`re-parse failed (${again.reason}) for ${JSON.stringify(input.toString('latin1').slice(0, 400))}`);
  }
  const a = again.message;
  const m = r.message;
  if (a.callId !== m.callId || a.cseq?.seq !== m.cseq?.seq || a.cseq?.method !== m.cseq?.method || !a.body.equals(m.body)) {
    throw new Error(`round trip changed the message: ${JSON.stringify(input.toString('latin1').slice(0, 400))}`);
  }
  return true;
}

describe('parseMessage under mutation', () => {
  it('never throws and always answers with a message or a reason (20,000 mutants)', () => {
    const rnd = prng(0x5a7e41);
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      if (check(mutate(rnd, pick(rnd, SEEDS)))) accepted++;
    }
    // The mutants must exercise both outcomes, or the test proves little.
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(19_000);
  });

  it('with generous limits the deeper paths see the huge inputs too (2,000 mutants)', () => {
    const rnd = prng(1234567);
    const limits = { maxMessageBytes: 4 << 20, maxHeaders: 50_000, maxHeaderBytes: 1 << 20 };
    for (let i = 0; i < 2_000; i++) check(mutate(rnd, pick(rnd, SEEDS)), limits);
  });

  it('10,000 headers: rejected early with the default limit, parsed with a raised one', () => {
    const head = SEEDS[1]!.toString('latin1').split('\r\n\r\n')[0]!;
    const many = Buffer.from(`${head}\r\n${'X-N: 1\r\n'.repeat(10_000)}\r\n`, 'latin1');
    expect(parseMessage(many, { maxMessageBytes: 1 << 20, maxHeaders: 256, maxHeaderBytes: 16_384 })).toMatchObject({
      ok: false,
      reason: 'Too Many Headers',
    });
    expect(parseMessage(many)).toMatchObject({ ok: false, reason: 'Message Too Large' });
    const r = parseMessage(many, { maxMessageBytes: 1 << 20, maxHeaders: 20_000, maxHeaderBytes: 16_384 });
    expect(r.ok && r.message.headers.getAll('X-N').length).toBe(10_000);
  });

  it('pathological single headers stay linear and bounded', () => {
    const head = SEEDS[0]!.toString('latin1').split('\r\n\r\n')[0]!;
    const big = { maxMessageBytes: 4 << 20, maxHeaders: 1 << 20, maxHeaderBytes: 4 << 20 };
    const cases = [
      `Contact: ${'<'.repeat(100_000)}`,
      `Via: ${','.repeat(100_000)}`,
      `Route: ${'"'.repeat(100_001)}`,
      `Supported: ${'a,'.repeat(50_000)}`,
      `X-Fold: a${'\r\n b'.repeat(50_000)}`,
      `To: ${'\\'.repeat(100_000)}`,
    ];
    for (const line of cases) {
      check(Buffer.from(`${head}\r\n${line}\r\n\r\n`, 'latin1'), big);
      check(Buffer.from(`${head}\r\n${line}\r\n\r\n`, 'latin1'));
    }
  });

  it('every truncation and every single-byte corruption of the seeds', () => {
    for (const seed of SEEDS.slice(0, 3)) {
      for (let cut = 0; cut <= seed.length; cut++) check(seed.subarray(0, cut));
      for (let i = 0; i < seed.length; i++) {
        for (const v of [0x00, 0x0a, 0x0d, 0x22, 0x3a, 0xff]) {
          const c = Buffer.from(seed);
          c[i] = v;
          check(c);
        }
      }
    }
  });
});
