/**
 * Proves the SNTP wire format (RFC 4330 §3-5): NTP timestamps both sides of
 * the 2036 wrap, the client request's header, every reply check of §5 on a
 * captured-style server reply (whole, cut short, and with each field broken),
 * and the offset/delay arithmetic of §5.
 */
import { describe, expect, it } from 'vitest';
import {
  NTP_UNIX_OFFSET_S,
  SNTP_PACKET_BYTES,
  buildSntpRequest,
  checkSntpReply,
  clockSample,
  readNtpTimestamp,
  writeNtpTimestamp,
} from '../../../../src/phone/index.js';
import { sntpAnswer } from './fake-sntp-server.js';

describe('NTP timestamps (RFC 4330 §3)', () => {
  it('the Unix epoch is 2208988800 s after the NTP prime epoch', () => {
    const b = Buffer.alloc(8);
    writeNtpTimestamp(b, 0, 0);
    expect(b.readUInt32BE(0)).toBe(NTP_UNIX_OFFSET_S);
    expect(b.readUInt32BE(0).toString(16)).toBe('83aa7e80');
    expect(b.readUInt32BE(4)).toBe(0);
  });

  it('round-trips milliseconds, with the fraction in 1/2^32 s', () => {
    const b = Buffer.alloc(8);
    const t = Date.UTC(2026, 1, 3, 9, 30, 0, 250);
    writeNtpTimestamp(b, 0, t);
    expect(b.readUInt32BE(4)).toBe(0x4000_0000); // a quarter second
    expect(readNtpTimestamp(b, 0)).toBeCloseTo(t, 3);
  });

  it('reads a timestamp with bit 0 clear as the era after 7 Feb 2036 06:28:16 UTC', () => {
    const b = Buffer.alloc(8);
    const wrap = Date.UTC(2036, 1, 7, 6, 28, 16);
    writeNtpTimestamp(b, 0, wrap);
    expect(b.readUInt32BE(0)).toBe(0); // all zero: "the time is unknown" (§3), read as 0
    writeNtpTimestamp(b, 0, wrap + 1000);
    expect(b.readUInt32BE(0)).toBe(1);
    expect(readNtpTimestamp(b, 0)).toBe(wrap + 1000);
    const later = Date.UTC(2040, 5, 1, 12);
    writeNtpTimestamp(b, 0, later);
    expect(readNtpTimestamp(b, 0)).toBeCloseTo(later, 3);
    const before = Date.UTC(2036, 1, 7, 6, 28, 15);
    writeNtpTimestamp(b, 0, before);
    expect(b.readUInt32BE(0)).toBe(0xffff_ffff);
    expect(readNtpTimestamp(b, 0)).toBe(before);
  });
});

describe('the client request (RFC 4330 §5)', () => {
  it('is 48 bytes: LI 0, VN 4, mode 3, zeros, and our transmit time', () => {
    const t1 = Date.UTC(2026, 1, 3, 9, 30);
    const r = buildSntpRequest(t1);
    expect(r.length).toBe(SNTP_PACKET_BYTES);
    expect(r[0]).toBe(0x23);
    expect(r.subarray(1, 40).every((x) => x === 0)).toBe(true);
    expect(readNtpTimestamp(r, 40)).toBeCloseTo(t1, 3);
  });
});

describe('reply checks (RFC 4330 §5)', () => {
  const request = buildSntpRequest(Date.UTC(2026, 1, 3, 9, 30));
  const server = Date.UTC(2026, 1, 3, 10, 30, 0, 5);
  // as captured from a stratum-2 server: 24 02 06 ec ... "GPS\0" ... (built by the fake server)
  const good = sntpAnswer(request, server);

  it('takes a good reply: stratum, receive and transmit times', () => {
    expect(good.toString('hex', 0, 4)).toBe('240206ec');
    const c = checkSntpReply(good, request);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.reply.stratum).toBe(2);
    expect(c.reply.receiveMs).toBeCloseTo(server, 3);
    expect(c.reply.transmitMs).toBeCloseTo(server, 3);
  });

  it('refuses a reply cut short', () => {
    expect(checkSntpReply(good.subarray(0, 47), request)).toMatchObject({ ok: false, reason: expect.stringContaining('47 bytes') });
    expect(checkSntpReply(Buffer.alloc(0), request).ok).toBe(false);
  });

  it('refuses a reply to another request (originate differs)', () => {
    const other = buildSntpRequest(Date.UTC(2026, 1, 3, 9, 31));
    expect(checkSntpReply(good, other)).toMatchObject({ ok: false, reason: expect.stringContaining('originate') });
  });

  it('refuses wrong mode, an unsynchronised server, stratum 16 and a zero transmit time', () => {
    expect(checkSntpReply(sntpAnswer(request, server, { mode: 3 }), request)).toMatchObject({ ok: false, reason: expect.stringContaining('mode 3') });
    expect(checkSntpReply(sntpAnswer(request, server, { li: 3 }), request)).toMatchObject({ ok: false, reason: expect.stringContaining('not synchronised') });
    expect(checkSntpReply(sntpAnswer(request, server, { stratum: 16 }), request)).toMatchObject({ ok: false, reason: expect.stringContaining('stratum 16') });
    const zero = Buffer.from(good);
    zero.fill(0, 40, 48);
    expect(checkSntpReply(zero, request)).toMatchObject({ ok: false, reason: expect.stringContaining('zero transmit') });
  });

  it("reads a Kiss-o'-Death code (stratum 0, RFC 4330 §8)", () => {
    expect(checkSntpReply(sntpAnswer(request, server, { stratum: 0, kiss: 'RATE' }), request)).toEqual({ ok: false, reason: 'Kiss-o\'-Death "RATE"', kiss: 'RATE' });
    expect(checkSntpReply(sntpAnswer(request, server, { stratum: 0, kiss: 'DENY' }), request)).toMatchObject({ kiss: 'DENY' });
  });
});

describe('offset and delay (RFC 4330 §5)', () => {
  it('t = ((T2 - T1) + (T3 - T4)) / 2 and d = (T4 - T1) - (T3 - T2)', () => {
    // our clock 1 h behind; 10 ms each way; the server holds the request 2 ms
    const t1 = 1_000_000;
    const t2 = t1 + 10 + 3_600_000;
    const t3 = t2 + 2;
    const t4 = t1 + 22;
    expect(clockSample(t1, t2, t3, t4)).toEqual({ offsetMs: 3_600_000, delayMs: 20 });
    // asymmetric paths (5 ms out, 15 ms back) err by half the difference, as §5 says
    expect(clockSample(t1, t1 + 5 + 3_600_000, t1 + 5 + 3_600_000, t1 + 20).offsetMs).toBe(3_600_000 - 5);
  });
});
