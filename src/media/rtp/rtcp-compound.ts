/**
 * Compound RTCP packets (RFC 3550 §6.1): several RTCP packets in one datagram,
 * starting with an SR or RR and carrying an SDES CNAME. Parsing applies the
 * validity checks of Appendix A.2; anything that fails is an expected outcome
 * returned as a reason, never thrown.
 */
import { fail, ok, SayhiError, type Result } from '../../base/index.js';
import { parseBye, byeSize, writeBye } from './rtcp-bye.js';
import {
  RTCP_BYE,
  RTCP_HEADER_SIZE,
  RTCP_RR,
  RTCP_SDES,
  RTCP_SR,
  readRtcpHeader,
  type RtcpPacket,
} from './rtcp-packet.js';
import {
  parseReceiverReport,
  parseSenderReport,
  receiverReportSize,
  senderReportSize,
  writeReceiverReport,
  writeSenderReport,
} from './rtcp-report.js';
import { parseSdes, sdesSize, writeSdes } from './rtcp-sdes.js';

export type RtcpParseError =
  | 'too-short'
  | 'bad-version'
  | 'first-not-report'
  | 'bad-padding'
  | 'length-mismatch'
  | 'truncated-body';

function packetSize(p: RtcpPacket): number {
  switch (p.type) {
    case 'sr':
      return senderReportSize(p);
    case 'rr':
      return receiverReportSize(p);
    case 'sdes':
      return sdesSize(p);
    case 'bye':
      return byeSize(p);
    case 'other':
      throw new SayhiError('MEDIA_RTCP_UNSUPPORTED', `cannot build RTCP packet type ${p.packetType}`);
  }
}

/** Bytes the compound packet will take. */
export function rtcpCompoundSize(packets: readonly RtcpPacket[]): number {
  let n = 0;
  for (const p of packets) n += packetSize(p);
  return n;
}

/**
 * Serialize `packets` back to back into `buf` (allocated when not given or too
 * small) and return the view holding the compound packet.
 */
export function buildRtcpCompound(packets: readonly RtcpPacket[], buf?: Uint8Array): Uint8Array {
  const size = rtcpCompoundSize(packets);
  const out = buf && buf.length >= size ? buf : new Uint8Array(size);
  let at = 0;
  for (const p of packets) {
    switch (p.type) {
      case 'sr':
        at += writeSenderReport(out, at, p);
        break;
      case 'rr':
        at += writeReceiverReport(out, at, p);
        break;
      case 'sdes':
        at += writeSdes(out, at, p);
        break;
      case 'bye':
        at += writeBye(out, at, p);
        break;
      case 'other':
        break; // rejected by packetSize above
    }
  }
  return out.subarray(0, size);
}

/** Parse a compound RTCP datagram (A.2 checks), keeping unknown packet types as 'other'. */
export function parseRtcpCompound(buf: Uint8Array, length = buf.length): Result<RtcpPacket[], RtcpParseError> {
  if (length < RTCP_HEADER_SIZE + 4) return fail('too-short');
  const packets: RtcpPacket[] = [];
  let at = 0;
  while (at < length) {
    const h = readRtcpHeader(buf, at, length);
    if (!h) return fail('length-mismatch');
    if (buf[at]! >>> 6 !== 2) return fail('bad-version');
    const first = at === 0;
    if (first && h.packetType !== RTCP_SR && h.packetType !== RTCP_RR) return fail('first-not-report');
    if (at + h.byteLength > length) return fail('length-mismatch');
    const last = at + h.byteLength === length;
    let size = h.byteLength;
    if (h.padding) {
      // Only the last packet of a compound may be padded (A.2); the final octet counts the padding.
      if (!last) return fail('bad-padding');
      const pad = buf[at + size - 1]!;
      if (pad === 0 || pad > size - RTCP_HEADER_SIZE) return fail('bad-padding');
      size -= pad;
    }
    let packet: RtcpPacket | undefined;
    switch (h.packetType) {
      case RTCP_SR:
        packet = parseSenderReport(buf, at, size, h.count);
        break;
      case RTCP_RR:
        packet = parseReceiverReport(buf, at, size, h.count);
        break;
      case RTCP_SDES:
        packet = parseSdes(buf, at, size, h.count);
        break;
      case RTCP_BYE:
        packet = parseBye(buf, at, size, h.count);
        break;
      default:
        packet = { type: 'other', packetType: h.packetType, count: h.count };
    }
    if (!packet) return fail('truncated-body');
    packets.push(packet);
    at += h.byteLength;
  }
  return ok(packets);
}
