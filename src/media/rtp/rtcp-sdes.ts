/**
 * Source description (RFC 3550 §6.5, PT=202). Each chunk is an SSRC followed by
 * items (type, length, UTF-8 text) and ended by at least one zero octet, padded
 * to a 32-bit boundary. We send one chunk with a CNAME (§6.5.1), which every
 * compound packet must carry.
 */
import { RTCP_HEADER_SIZE, RTCP_SDES, SDES_END, writeRtcpHeader, type RtcpSdes, type RtcpSdesChunk } from './rtcp-packet.js';
import { readU32, writeU32 } from './network-order.js';
import { SayhiError } from '../../base/index.js';

function chunkSize(chunk: RtcpSdesChunk): number {
  let n = 4;
  for (const item of chunk.items) n += 2 + Buffer.byteLength(item.text, 'utf8');
  n += 1; // the terminating null item
  return (n + 3) & ~3;
}

export function sdesSize(sdes: RtcpSdes): number {
  let n = RTCP_HEADER_SIZE;
  for (const c of sdes.chunks) n += chunkSize(c);
  return n;
}

/** Write an SDES packet at `buf[at]`; returns bytes written. */
export function writeSdes(buf: Uint8Array, at: number, sdes: RtcpSdes): number {
  if (sdes.chunks.length > 31) throw new SayhiError('MEDIA_RTCP_TOO_MANY_CHUNKS', 'at most 31 SDES chunks fit one packet');
  const size = sdesSize(sdes);
  writeRtcpHeader(buf, at, sdes.chunks.length, RTCP_SDES, size);
  let p = at + RTCP_HEADER_SIZE;
  for (const chunk of sdes.chunks) {
    const start = p;
    writeU32(buf, p, chunk.ssrc);
    p += 4;
    for (const item of chunk.items) {
      const text = Buffer.from(item.text, 'utf8');
      if (text.length > 255) throw new SayhiError('MEDIA_RTCP_SDES_TOO_LONG', `SDES item of ${text.length} bytes (max 255)`);
      buf[p++] = item.type;
      buf[p++] = text.length;
      buf.set(text, p);
      p += text.length;
    }
    const end = start + chunkSize(chunk);
    while (p < end) buf[p++] = SDES_END;
  }
  return size;
}

/** Parse an SDES body; undefined when a chunk runs past the packet. */
export function parseSdes(buf: Uint8Array, at: number, size: number, count: number): RtcpSdes | undefined {
  const end = at + size;
  let p = at + RTCP_HEADER_SIZE;
  const chunks: RtcpSdesChunk[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 4 > end) return undefined;
    const start = p;
    const chunk: RtcpSdesChunk = { ssrc: readU32(buf, p), items: [] };
    p += 4;
    for (;;) {
      if (p >= end) return undefined;
      const type = buf[p]!;
      if (type === SDES_END) {
        p++;
        break;
      }
      if (p + 2 > end) return undefined;
      const len = buf[p + 1]!;
      if (p + 2 + len > end) return undefined;
      chunk.items.push({ type, text: Buffer.from(buf.buffer, buf.byteOffset + p + 2, len).toString('utf8') });
      p += 2 + len;
    }
    // The next chunk starts on a 32-bit boundary counted from the chunk start.
    p = start + ((p - start + 3) & ~3);
    chunks.push(chunk);
  }
  return { type: 'sdes', chunks };
}
