/**
 * Goodbye (RFC 3550 §6.6, PT=203): the SSRCs leaving, then an optional reason
 * (length octet + UTF-8 text) padded with zeros to a 32-bit boundary.
 */
import { RTCP_BYE, RTCP_HEADER_SIZE, writeRtcpHeader, type RtcpBye } from './rtcp-packet.js';
import { readU32, writeU32 } from './network-order.js';
import { SayhiError } from '../../base/index.js';

export function byeSize(bye: RtcpBye): number {
  let n = RTCP_HEADER_SIZE + bye.ssrcs.length * 4;
  if (bye.reason !== undefined) n += (1 + Buffer.byteLength(bye.reason, 'utf8') + 3) & ~3;
  return n;
}

export function writeBye(buf: Uint8Array, at: number, bye: RtcpBye): number {
  if (bye.ssrcs.length > 31) throw new SayhiError('MEDIA_RTCP_TOO_MANY_SSRCS', 'at most 31 SSRCs fit one BYE');
  const size = byeSize(bye);
  writeRtcpHeader(buf, at, bye.ssrcs.length, RTCP_BYE, size);
  let p = at + RTCP_HEADER_SIZE;
  for (const ssrc of bye.ssrcs) {
    writeU32(buf, p, ssrc);
    p += 4;
  }
  if (bye.reason !== undefined) {
    const text = Buffer.from(bye.reason, 'utf8');
    if (text.length > 255) throw new SayhiError('MEDIA_RTCP_BYE_TOO_LONG', `BYE reason of ${text.length} bytes (max 255)`);
    buf[p++] = text.length;
    buf.set(text, p);
    p += text.length;
    while (p < at + size) buf[p++] = 0;
  }
  return size;
}

export function parseBye(buf: Uint8Array, at: number, size: number, count: number): RtcpBye | undefined {
  const end = at + size;
  let p = at + RTCP_HEADER_SIZE;
  if (p + count * 4 > end) return undefined;
  const bye: RtcpBye = { type: 'bye', ssrcs: [] };
  for (let i = 0; i < count; i++) {
    bye.ssrcs.push(readU32(buf, p));
    p += 4;
  }
  if (p < end) {
    const len = buf[p]!;
    if (p + 1 + len > end) return undefined;
    bye.reason = Buffer.from(buf.buffer, buf.byteOffset + p + 1, len).toString('utf8');
  }
  return bye;
}
