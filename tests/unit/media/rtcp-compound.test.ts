/**
 * RTCP (RFC 3550 §6.4-6.6): SR, RR, SDES and BYE built into a compound packet
 * and parsed back field by field; a hand-assembled packet checks the wire
 * layout; every truncation and the A.2 validity rules are rejected as values.
 */
import { describe, expect, it } from 'vitest';
import { buildRtcpCompound, parseRtcpCompound } from '../../../src/media/rtp/rtcp-compound.js';
import { SDES_CNAME, type RtcpPacket } from '../../../src/media/rtp/rtcp-packet.js';
import { ntpFromWallTime, ntpMiddle32 } from '../../../src/media/rtp/rtcp-report.js';

const block = {
  ssrc: 0xcafebabe,
  fractionLost: 64,
  cumulativeLost: -3,
  extendedHighestSeq: 0x0001_0005,
  jitter: 37,
  lastSr: 0x12345678,
  delaySinceLastSr: 0x00018000,
};

const compound: RtcpPacket[] = [
  {
    type: 'sr',
    ssrc: 0x01020304,
    ntpSeconds: 0xe1234567,
    ntpFraction: 0x80000000,
    rtpTimestamp: 0xfffffff0,
    packetCount: 250,
    octetCount: 40000,
    reports: [block],
  },
  { type: 'sdes', chunks: [{ ssrc: 0x01020304, items: [{ type: SDES_CNAME, text: 'phone@127.0.0.1' }] }] },
  { type: 'bye', ssrcs: [0x01020304], reason: 'hangup' },
];

describe('RTCP compound packets', () => {
  it('round-trips SR + SDES + BYE field by field', () => {
    const bytes = buildRtcpCompound(compound);
    // SR 28 + 24, SDES 4 + (4 + 2 + 15 + 1 -> 24), BYE 4 + 4 + (1 + 6 -> 8).
    expect(bytes.length).toBe(52 + 28 + 16);
    const parsed = parseRtcpCompound(bytes);
    expect(parsed).toEqual({ ok: true, value: compound });
  });

  it('lays the SR out as §6.4.1 draws it', () => {
    const bytes = buildRtcpCompound([compound[0]!]);
    expect([...bytes.subarray(0, 8)]).toEqual([0x81, 200, 0x00, 0x0c, 0x01, 0x02, 0x03, 0x04]);
    // Report block: SSRC, fraction 64 and cumulative -3 as 24-bit two's complement.
    expect([...bytes.subarray(28, 36)]).toEqual([0xca, 0xfe, 0xba, 0xbe, 64, 0xff, 0xff, 0xfd]);
  });

  it('parses a hand-assembled RR + SDES with two items', () => {
    const bytes = Uint8Array.from([
      // RR, RC=0, length 1 word, SSRC
      0x80, 201, 0x00, 0x01, 0xaa, 0xbb, 0xcc, 0xdd,
      // SDES, SC=1, length 4 words: SSRC, CNAME "ab", NAME "x", end, pad
      0x81, 202, 0x00, 0x04, 0xaa, 0xbb, 0xcc, 0xdd,
      0x01, 0x02, 0x61, 0x62, 0x02, 0x01, 0x78, 0x00,
      0x00, 0x00, 0x00, 0x00,
    ]);
    const parsed = parseRtcpCompound(bytes);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { type: 'rr', ssrc: 0xaabbccdd, reports: [] },
        { type: 'sdes', chunks: [{ ssrc: 0xaabbccdd, items: [{ type: 1, text: 'ab' }, { type: 2, text: 'x' }] }] },
      ],
    });
  });

  it('keeps unknown packet types (APP, feedback) as "other" and goes on', () => {
    const rr = buildRtcpCompound([{ type: 'rr', ssrc: 1, reports: [] }]);
    const app = Uint8Array.from([0x80, 204, 0x00, 0x02, 0, 0, 0, 1, 0x61, 0x62, 0x63, 0x64]);
    const bytes = new Uint8Array(rr.length + app.length);
    bytes.set(rr);
    bytes.set(app, rr.length);
    const parsed = parseRtcpCompound(bytes);
    expect(parsed.ok && parsed.value[1]).toEqual({ type: 'other', packetType: 204, count: 0 });
  });

  it('rejects every cut inside a packet; a cut between packets is a shorter compound', () => {
    const bytes = buildRtcpCompound(compound);
    const boundaries = new Map([
      [52, 1],
      [80, 2],
    ]);
    for (let len = 0; len < bytes.length; len++) {
      const r = parseRtcpCompound(bytes.slice(0, len));
      if (boundaries.has(len)) {
        expect(r.ok && r.value.length, `length ${len}`).toBe(boundaries.get(len));
      } else {
        expect(r.ok, `length ${len}`).toBe(false);
      }
    }
  });

  it('applies the A.2 validity checks', () => {
    const sdesFirst = buildRtcpCompound([compound[1]!]);
    expect(parseRtcpCompound(sdesFirst)).toEqual({ ok: false, reason: 'first-not-report' });
    const badVersion = buildRtcpCompound(compound);
    badVersion[52] = (badVersion[52]! & 0x3f) | 0x40; // the SDES header's V=1
    expect(parseRtcpCompound(badVersion)).toEqual({ ok: false, reason: 'bad-version' });
    const paddedFirst = buildRtcpCompound(compound);
    paddedFirst[0] = paddedFirst[0]! | 0x20;
    expect(parseRtcpCompound(paddedFirst)).toEqual({ ok: false, reason: 'bad-padding' });
    const longer = buildRtcpCompound(compound);
    longer[3] = longer[3]! + 1; // SR claims one word more than it has before SDES
    expect(parseRtcpCompound(longer).ok).toBe(false);
    // A block count larger than the packet's length.
    const rr = buildRtcpCompound([{ type: 'rr', ssrc: 1, reports: [] }]);
    rr[0] = 0x81;
    expect(parseRtcpCompound(rr)).toEqual({ ok: false, reason: 'truncated-body' });
  });

  it('accepts padding on the last packet only', () => {
    const rr = buildRtcpCompound([{ type: 'rr', ssrc: 7, reports: [] }]);
    const padded = new Uint8Array(rr.length + 4);
    padded.set(rr);
    padded[0] = 0xa0; // V=2, P=1, RC=0
    padded[3] = 2; // 3 words
    padded[padded.length - 1] = 4;
    expect(parseRtcpCompound(padded)).toEqual({ ok: true, value: [{ type: 'rr', ssrc: 7, reports: [] }] });
  });

  it('converts wall time to NTP and takes the middle 32 bits for LSR (§4, §6.4.1)', () => {
    const ntp = ntpFromWallTime(Date.UTC(2026, 0, 1, 0, 0, 0, 500));
    expect(ntp.seconds).toBe(Math.floor(Date.UTC(2026, 0, 1) / 1000) + 2_208_988_800);
    expect(ntp.fraction).toBe(0x80000000);
    expect(ntpMiddle32(0x12345678, 0x9abcdef0)).toBe(0x56789abc);
  });
});
