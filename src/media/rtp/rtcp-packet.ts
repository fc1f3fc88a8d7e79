/**
 * RTCP packet model and the common header every RTCP packet starts with
 * (RFC 3550 §6.4.1):
 *
 *   |V=2|P|  RC/SC  |      PT       |            length             |
 *
 * `length` is the packet size in 32-bit words minus one, header included.
 * Parsed packets are plain objects: RTCP arrives about every 5 s per call, so
 * it does not share the RTP path's no-allocation rule.
 */

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;

export const RTCP_HEADER_SIZE = 4;
/** Report blocks per SR/RR: the count field has 5 bits (§6.4.1). */
export const RTCP_MAX_REPORT_BLOCKS = 31;

/** One reception report block (RFC 3550 §6.4.1), 24 bytes on the wire. */
export interface RtcpReportBlock {
  /** SSRC of the source this block reports on. */
  ssrc: number;
  /** Fraction lost since the previous report, fixed point /256 (0..255). */
  fractionLost: number;
  /** Cumulative packets lost, signed 24 bits (duplicates can make it negative). */
  cumulativeLost: number;
  /** Cycles << 16 | highest sequence number received. */
  extendedHighestSeq: number;
  /** Interarrival jitter in RTP timestamp units (§6.4.1, A.8). */
  jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received from that source, 0 if none. */
  lastSr: number;
  /** Delay since that SR in 1/65536 s, 0 if none. */
  delaySinceLastSr: number;
}

export interface RtcpSenderReport {
  type: 'sr';
  ssrc: number;
  /** NTP timestamp, seconds since 1900 (§4). */
  ntpSeconds: number;
  /** NTP timestamp, fraction of a second in 1/2^32 units. */
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: RtcpReportBlock[];
}

export interface RtcpReceiverReport {
  type: 'rr';
  ssrc: number;
  reports: RtcpReportBlock[];
}

/** SDES item types (§6.5); we send CNAME only and keep others as seen. */
export const SDES_END = 0;
export const SDES_CNAME = 1;

export interface RtcpSdesItem {
  type: number;
  text: string;
}

export interface RtcpSdesChunk {
  ssrc: number;
  items: RtcpSdesItem[];
}

export interface RtcpSdes {
  type: 'sdes';
  chunks: RtcpSdesChunk[];
}

export interface RtcpBye {
  type: 'bye';
  ssrcs: number[];
  reason?: string;
}

/** APP and feedback packets (RFC 4585) we do not act on; kept so the rest still parses. */
export interface RtcpOther {
  type: 'other';
  packetType: number;
  count: number;
}

export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpSdes | RtcpBye | RtcpOther;

export interface RtcpCommonHeader {
  padding: boolean;
  count: number;
  packetType: number;
  /** Whole packet size in bytes, header included. */
  byteLength: number;
}

/** Write the common header; `byteLength` must be a multiple of 4. */
export function writeRtcpHeader(buf: Uint8Array, at: number, count: number, packetType: number, byteLength: number): void {
  buf[at] = (2 << 6) | (count & 0x1f);
  buf[at + 1] = packetType & 0xff;
  const words = byteLength / 4 - 1;
  buf[at + 2] = (words >>> 8) & 0xff;
  buf[at + 3] = words & 0xff;
}

/** Read the common header at `at`; undefined when fewer than 4 bytes remain. */
export function readRtcpHeader(buf: Uint8Array, at: number, end: number): RtcpCommonHeader | undefined {
  if (at + RTCP_HEADER_SIZE > end) return undefined;
  const b0 = buf[at]!;
  return {
    padding: (b0 & 0x20) !== 0,
    count: b0 & 0x1f,
    packetType: buf[at + 1]!,
    byteLength: (((buf[at + 2]! << 8) | buf[at + 3]!) + 1) * 4,
  };
}
