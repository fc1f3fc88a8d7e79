/**
 * RTP header (RFC 3550 §5.1): written and read back field by field; a captured
 * packet with CSRCs, a header extension and padding; every truncation of a
 * packet is rejected with a reason, never thrown.
 */
import { describe, expect, it } from 'vitest';
import {
  RTP_HEADER_SIZE,
  looksLikeRtcp,
  newRtpHeader,
  parseRtpHeader,
  writeRtpHeader,
} from '../../../src/media/rtp/rtp-packet.js';

describe('RTP header', () => {
  it('writes the fixed header bit for bit', () => {
    const buf = new Uint8Array(RTP_HEADER_SIZE);
    const n = writeRtpHeader(buf, { marker: true, payloadType: 8, sequenceNumber: 0xbeef, timestamp: 0xdeadbeef, ssrc: 0x01020304 });
    expect(n).toBe(12);
    expect([...buf]).toEqual([0x80, 0x88, 0xbe, 0xef, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04]);
  });

  it('reads back what it wrote, payload after the header', () => {
    const buf = new Uint8Array(12 + 160);
    writeRtpHeader(buf, { marker: false, payloadType: 0, sequenceNumber: 65535, timestamp: 4294967295, ssrc: 0xffffffff });
    buf.fill(0xd5, 12);
    const h = newRtpHeader();
    expect(parseRtpHeader(buf, h)).toBe('ok');
    expect(h).toEqual({
      version: 2,
      padding: false,
      extension: false,
      csrcCount: 0,
      marker: false,
      payloadType: 0,
      sequenceNumber: 65535,
      timestamp: 4294967295,
      ssrc: 0xffffffff,
      payloadOffset: 12,
      payloadLength: 160,
      paddingLength: 0,
    });
  });

  // V=2 P=1 X=1 CC=2, M=1 PT=101, seq 1000, ts 160000, SSRC 0x11223344,
  // CSRCs 0xaaaaaaaa 0xbbbbbbbb, extension profile 0xbede length 1 word,
  // payload 4 bytes, padding 4 (last octet 4).
  const captured = Uint8Array.from([
    0xb2, 0xe5, 0x03, 0xe8, 0x00, 0x02, 0x71, 0x00, 0x11, 0x22, 0x33, 0x44,
    0xaa, 0xaa, 0xaa, 0xaa, 0xbb, 0xbb, 0xbb, 0xbb,
    0xbe, 0xde, 0x00, 0x01, 0x10, 0x20, 0x30, 0x40,
    0x05, 0x0a, 0x00, 0xa0,
    0x00, 0x00, 0x00, 0x04,
  ]);

  it('skips CSRCs and the header extension, and strips padding', () => {
    const h = newRtpHeader();
    expect(parseRtpHeader(captured, h)).toBe('ok');
    expect(h.padding).toBe(true);
    expect(h.extension).toBe(true);
    expect(h.csrcCount).toBe(2);
    expect(h.marker).toBe(true);
    expect(h.payloadType).toBe(101);
    expect(h.sequenceNumber).toBe(1000);
    expect(h.timestamp).toBe(160000);
    expect(h.ssrc).toBe(0x11223344);
    expect(h.payloadOffset).toBe(28);
    expect(h.payloadLength).toBe(4);
    expect(h.paddingLength).toBe(4);
    expect([...captured.subarray(h.payloadOffset, h.payloadOffset + h.payloadLength)]).toEqual([0x05, 0x0a, 0x00, 0xa0]);
  });

  it('rejects every truncation of the captured packet without throwing', () => {
    const h = newRtpHeader();
    const reasons = new Set<string>();
    for (let len = 0; len < captured.length; len++) {
      const cut = captured.slice(0, len);
      const r = parseRtpHeader(cut, h);
      // The only cut that parses would need a valid padding octet at its end; none has one.
      expect(r, `length ${len}`).not.toBe('ok');
      reasons.add(r);
    }
    expect(reasons).toEqual(new Set(['too-short', 'csrc-overrun', 'extension-overrun', 'bad-padding']));
  });

  it('honours an explicit length shorter than the buffer (reused receive buffers)', () => {
    const big = new Uint8Array(1500);
    big.set(captured);
    const h = newRtpHeader();
    expect(parseRtpHeader(big, h, captured.length)).toBe('ok');
    expect(h.payloadLength).toBe(4);
    expect(parseRtpHeader(big, h, 11)).toBe('too-short');
  });

  it('rejects a wrong version and impossible padding', () => {
    const h = newRtpHeader();
    const v1 = captured.slice();
    v1[0] = (v1[0]! & 0x3f) | 0x40;
    expect(parseRtpHeader(v1, h)).toBe('bad-version');
    const zeroPad = captured.slice();
    zeroPad[zeroPad.length - 1] = 0;
    expect(parseRtpHeader(zeroPad, h)).toBe('bad-padding');
    const hugePad = captured.slice();
    hugePad[hugePad.length - 1] = 200;
    expect(parseRtpHeader(hugePad, h)).toBe('bad-padding');
  });

  it('tells RTCP from RTP by the second octet (RFC 5761 §4)', () => {
    expect(looksLikeRtcp(Uint8Array.from([0x80, 200, 0, 6]))).toBe(true);
    expect(looksLikeRtcp(Uint8Array.from([0x81, 201, 0, 7]))).toBe(true);
    expect(looksLikeRtcp(Uint8Array.from([0x80, 0x80 | 0, 0, 1]))).toBe(false); // marker + PCMU
    expect(looksLikeRtcp(Uint8Array.from([0x80, 101, 0, 1]))).toBe(false);
  });
});
