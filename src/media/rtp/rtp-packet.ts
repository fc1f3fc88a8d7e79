/**
 * RTP fixed header read/write (RFC 3550 §5.1), on caller-owned buffers.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 *   |                           timestamp                           |
 *   |           synchronization source (SSRC) identifier            |
 *   |            contributing source (CSRC) identifiers  (CC x 32)  |
 *   |   [header extension: profile(16) length(16) + length x 32]    |
 *   |   payload ...                       [padding ... count(8)]    |
 *
 * The parser fills a reused RtpHeader (no allocation per packet) and reports
 * where the payload lies. A packet cut short is an expected outcome, returned
 * as a reason, never thrown: it comes off the network.
 */
import { readU32, writeU32 } from './network-order.js';

export const RTP_VERSION = 2;
export const RTP_HEADER_SIZE = 12;

export interface RtpHeader {
  version: number;
  padding: boolean;
  extension: boolean;
  csrcCount: number;
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  /** Byte offset of the payload (after CSRCs and any header extension). */
  payloadOffset: number;
  /** Payload bytes, padding excluded. */
  payloadLength: number;
  /** Padding bytes at the end (RFC 3550 §5.1 "P"), 0 when none. */
  paddingLength: number;
}

export type RtpParseResult =
  | 'ok'
  | 'too-short'
  | 'bad-version'
  | 'csrc-overrun'
  | 'extension-overrun'
  | 'bad-padding';

export function newRtpHeader(): RtpHeader {
  return {
    version: RTP_VERSION,
    padding: false,
    extension: false,
    csrcCount: 0,
    marker: false,
    payloadType: 0,
    sequenceNumber: 0,
    timestamp: 0,
    ssrc: 0,
    payloadOffset: RTP_HEADER_SIZE,
    payloadLength: 0,
    paddingLength: 0,
  };
}

/**
 * Parse the RTP header of `buf[0..length)` into `out`. `length` defaults to the
 * buffer's length. On anything but 'ok' the content of `out` is unspecified.
 */
export function parseRtpHeader(buf: Uint8Array, out: RtpHeader, length = buf.length): RtpParseResult {
  if (length < RTP_HEADER_SIZE) return 'too-short';
  const b0 = buf[0]!;
  const version = b0 >>> 6;
  if (version !== RTP_VERSION) return 'bad-version';
  const b1 = buf[1]!;
  out.version = version;
  out.padding = (b0 & 0x20) !== 0;
  out.extension = (b0 & 0x10) !== 0;
  out.csrcCount = b0 & 0x0f;
  out.marker = (b1 & 0x80) !== 0;
  out.payloadType = b1 & 0x7f;
  out.sequenceNumber = (buf[2]! << 8) | buf[3]!;
  out.timestamp = readU32(buf, 4);
  out.ssrc = readU32(buf, 8);

  let offset = RTP_HEADER_SIZE + out.csrcCount * 4;
  if (offset > length) return 'csrc-overrun';
  if (out.extension) {
    // §5.3.1: 16-bit profile id, 16-bit length in 32-bit words, excluding this 4-byte header.
    if (offset + 4 > length) return 'extension-overrun';
    const words = (buf[offset + 2]! << 8) | buf[offset + 3]!;
    offset += 4 + words * 4;
    if (offset > length) return 'extension-overrun';
  }
  let padding = 0;
  if (out.padding) {
    // §5.1: the last octet counts the padding octets, itself included, so it is never 0.
    padding = buf[length - 1]!;
    if (padding === 0 || offset + padding > length) return 'bad-padding';
  }
  out.payloadOffset = offset;
  out.paddingLength = padding;
  out.payloadLength = length - offset - padding;
  return 'ok';
}

/** The fields a sender sets; we never send CSRCs, extensions or padding. */
export interface RtpSendHeader {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
}

/** Write a 12-byte RTP header at `buf[offset]`; returns the header size. */
export function writeRtpHeader(buf: Uint8Array, h: RtpSendHeader, offset = 0): number {
  buf[offset] = RTP_VERSION << 6;
  buf[offset + 1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  buf[offset + 2] = (h.sequenceNumber >>> 8) & 0xff;
  buf[offset + 3] = h.sequenceNumber & 0xff;
  writeU32(buf, offset + 4, h.timestamp >>> 0);
  writeU32(buf, offset + 8, h.ssrc >>> 0);
  return RTP_HEADER_SIZE;
}

/**
 * RTP and RTCP told apart on one port (RFC 5761 §4): RTCP packet types 192-223
 * land in the RTP payload-type range 64-95, which RTP avoids for this reason.
 */
export function looksLikeRtcp(buf: Uint8Array, length = buf.length): boolean {
  if (length < 2) return false;
  const pt = buf[1]!;
  return pt >= 192 && pt <= 223;
}
