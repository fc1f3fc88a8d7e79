/**
 * Sender and receiver reports (RFC 3550 §6.4.1 SR, PT=200; §6.4.2 RR, PT=201)
 * and the 24-byte report block they share, plus the NTP time format of §4.
 */
import {
  RTCP_HEADER_SIZE,
  RTCP_MAX_REPORT_BLOCKS,
  RTCP_RR,
  RTCP_SR,
  writeRtcpHeader,
  type RtcpReceiverReport,
  type RtcpReportBlock,
  type RtcpSenderReport,
} from './rtcp-packet.js';
import { readU32, writeU32 } from './network-order.js';
import { SayhiError } from '../../base/index.js';

export const REPORT_BLOCK_SIZE = 24;
/** SR sender info: NTP (8), RTP timestamp (4), packet count (4), octet count (4). */
const SENDER_INFO_SIZE = 20;

/** Seconds from the NTP epoch (1900) to the Unix epoch (1970), §4. */
const NTP_UNIX_OFFSET = 2_208_988_800;

export interface NtpTime {
  seconds: number;
  fraction: number;
}

/** Wall-clock milliseconds since 1970 → NTP 64-bit timestamp (seconds, 1/2^32 fraction). */
export function ntpFromWallTime(wallMs: number): NtpTime {
  const secs = Math.floor(wallMs / 1000);
  const fraction = Math.floor(((wallMs - secs * 1000) / 1000) * 0x1_0000_0000) >>> 0;
  return { seconds: (secs + NTP_UNIX_OFFSET) >>> 0, fraction };
}

/** The middle 32 bits of an NTP timestamp: what LSR carries (§6.4.1). */
export function ntpMiddle32(seconds: number, fraction: number): number {
  return (((seconds & 0xffff) << 16) | (fraction >>> 16)) >>> 0;
}

function checkBlocks(blocks: RtcpReportBlock[]): void {
  if (blocks.length > RTCP_MAX_REPORT_BLOCKS) {
    throw new SayhiError('MEDIA_RTCP_TOO_MANY_BLOCKS', `${blocks.length} report blocks; at most 31 fit one packet`);
  }
}

export function senderReportSize(sr: RtcpSenderReport): number {
  return RTCP_HEADER_SIZE + 4 + SENDER_INFO_SIZE + sr.reports.length * REPORT_BLOCK_SIZE;
}

export function receiverReportSize(rr: RtcpReceiverReport): number {
  return RTCP_HEADER_SIZE + 4 + rr.reports.length * REPORT_BLOCK_SIZE;
}

function writeBlock(buf: Uint8Array, at: number, b: RtcpReportBlock): void {
  writeU32(buf, at, b.ssrc);
  // Cumulative lost is a signed 24-bit field: clamp, then two's complement (§6.4.1).
  const lost = Math.max(-0x800000, Math.min(0x7fffff, Math.trunc(b.cumulativeLost)));
  writeU32(buf, at + 4, (((b.fractionLost & 0xff) << 24) | (lost & 0xffffff)) >>> 0);
  writeU32(buf, at + 8, b.extendedHighestSeq);
  writeU32(buf, at + 12, Math.max(0, Math.trunc(b.jitter)));
  writeU32(buf, at + 16, b.lastSr);
  writeU32(buf, at + 20, b.delaySinceLastSr);
}

function readBlock(buf: Uint8Array, at: number): RtcpReportBlock {
  const lostWord = readU32(buf, at + 4);
  return {
    ssrc: readU32(buf, at),
    fractionLost: lostWord >>> 24,
    cumulativeLost: ((lostWord & 0xffffff) << 8) >> 8,
    extendedHighestSeq: readU32(buf, at + 8),
    jitter: readU32(buf, at + 12),
    lastSr: readU32(buf, at + 16),
    delaySinceLastSr: readU32(buf, at + 20),
  };
}

/** Write an SR at `buf[at]`; returns bytes written. */
export function writeSenderReport(buf: Uint8Array, at: number, sr: RtcpSenderReport): number {
  checkBlocks(sr.reports);
  const size = senderReportSize(sr);
  writeRtcpHeader(buf, at, sr.reports.length, RTCP_SR, size);
  writeU32(buf, at + 4, sr.ssrc);
  writeU32(buf, at + 8, sr.ntpSeconds);
  writeU32(buf, at + 12, sr.ntpFraction);
  writeU32(buf, at + 16, sr.rtpTimestamp);
  writeU32(buf, at + 20, sr.packetCount);
  writeU32(buf, at + 24, sr.octetCount);
  let p = at + 28;
  for (const b of sr.reports) {
    writeBlock(buf, p, b);
    p += REPORT_BLOCK_SIZE;
  }
  return size;
}

/** Write an RR at `buf[at]`; returns bytes written. */
export function writeReceiverReport(buf: Uint8Array, at: number, rr: RtcpReceiverReport): number {
  checkBlocks(rr.reports);
  const size = receiverReportSize(rr);
  writeRtcpHeader(buf, at, rr.reports.length, RTCP_RR, size);
  writeU32(buf, at + 4, rr.ssrc);
  let p = at + 8;
  for (const b of rr.reports) {
    writeBlock(buf, p, b);
    p += REPORT_BLOCK_SIZE;
  }
  return size;
}

/**
 * Parse an SR body. `size` is the packet's length from its header (already
 * checked to lie inside the buffer); undefined when the count does not fit.
 * Bytes past the report blocks are profile-specific extensions (§6.4.1), ignored.
 */
export function parseSenderReport(buf: Uint8Array, at: number, size: number, count: number): RtcpSenderReport | undefined {
  if (size < 28 + count * REPORT_BLOCK_SIZE) return undefined;
  const reports: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) reports.push(readBlock(buf, at + 28 + i * REPORT_BLOCK_SIZE));
  return {
    type: 'sr',
    ssrc: readU32(buf, at + 4),
    ntpSeconds: readU32(buf, at + 8),
    ntpFraction: readU32(buf, at + 12),
    rtpTimestamp: readU32(buf, at + 16),
    packetCount: readU32(buf, at + 20),
    octetCount: readU32(buf, at + 24),
    reports,
  };
}

export function parseReceiverReport(buf: Uint8Array, at: number, size: number, count: number): RtcpReceiverReport | undefined {
  if (size < 8 + count * REPORT_BLOCK_SIZE) return undefined;
  const reports: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) reports.push(readBlock(buf, at + 8 + i * REPORT_BLOCK_SIZE));
  return { type: 'rr', ssrc: readU32(buf, at + 4), reports };
}
