import { STATIC_AUDIO_PAYLOAD_TYPES } from './sdp-codec.js';
import type { SdpConnection, SdpDescription, SdpMediaDescription } from './sdp-description.js';
import type { SdpDirection } from './sdp-direction.js';
import { scanSdp } from './sdp-scanner.js';

/**
 * A received or built SDP, read by sdp-scanner.ts and checked, then reduced
 * to what offer/answer needs: per m-line the effective address (media c= over
 * session c=, RFC 4566 §5.7), direction (media over session, default
 * sendrecv, RFC 3264 §5.1), formats with rtpmap (or the static table when
 * rtpmap is missing), ptime and a=rtcp (RFC 3605).
 */
export interface SdpFormat {
  pt: number;
  /** Undefined for a dynamic type without a=rtpmap: nothing can match it. */
  name?: string;
  clockRate?: number;
  channels?: number;
  fmtp?: string;
}

export interface SdpMedia {
  type: string;
  port: number;
  protocol: string;
  /** The m= line's format list as written. */
  payloads: string;
  formats: SdpFormat[];
  /** Effective connection address without TTL/count suffix; undefined only for port 0. */
  address?: string;
  addressType: 'IP4' | 'IP6';
  direction: SdpDirection;
  ptime?: number;
  rtcpPort?: number;
  rtcpAddress?: string;
}

export interface SdpOriginLine {
  username: string;
  /** Kept as text: session ids are often 64-bit and must not lose digits. */
  sessionId: string;
  version: string;
  address: string;
}

export interface SdpSession {
  origin: SdpOriginLine;
  media: SdpMedia[];
  /** The whole body line by line, every line we do not read kept as written. */
  description: SdpDescription;
  text: string;
}

export type SdpParseResult = { ok: true; value: SdpSession } | { ok: false; reason: 'bad-sdp'; detail: string };

const MAX_SDP_BYTES = 32_768;

function bad(detail: string): SdpParseResult {
  return { ok: false, reason: 'bad-sdp', detail };
}

/** "IN IP4 192.0.2.1/127" -> the address alone; a bare number ("5", "NaN") is no address. */
function connectionAddress(c: SdpConnection | undefined): string | undefined {
  if (!c || c.address === '' || String(Number(c.address)) === c.address) return undefined;
  const slash = c.address.indexOf('/');
  return slash < 0 ? c.address : c.address.slice(0, slash);
}

function findRtpmap(m: SdpMediaDescription, pt: number): SdpMediaDescription['rtpmaps'][number] | undefined {
  for (const r of m.rtpmaps) if (r.pt === pt) return r;
  return undefined;
}

function findFmtp(m: SdpMediaDescription, pt: number): string | undefined {
  for (const f of m.fmtps) if (f.pt === pt) return f.params;
  return undefined;
}

function isPayloadNumber(token: string): boolean {
  if (token.length > 3) return false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function readFormats(m: SdpMediaDescription): SdpFormat[] | undefined {
  const list = m.formats.trim();
  if (list === '') return [];
  const out: SdpFormat[] = [];
  for (const token of list.split(/\s+/)) {
    // non-RTP transports (e.g. TCP/BFCP '*') carry no payload numbers
    if (!isPayloadNumber(token)) {
      if (/^RTP\//i.test(m.protocol)) return undefined;
      continue;
    }
    const pt = Number(token);
    if (pt > 127) return undefined;
    const f: SdpFormat = { pt };
    const map = findRtpmap(m, pt);
    if (map) {
      f.name = map.encoding;
      if (map.clockRate !== undefined) f.clockRate = map.clockRate;
      if (map.channels !== undefined) f.channels = map.channels;
    } else {
      const known = STATIC_AUDIO_PAYLOAD_TYPES.get(pt);
      if (known && m.type === 'audio') {
        f.name = known.name;
        f.clockRate = known.clockRate;
        if (known.channels !== undefined) f.channels = known.channels;
      }
    }
    const fmtp = findFmtp(m, pt);
    if (fmtp !== undefined) f.fmtp = fmtp;
    out.push(f);
  }
  return out;
}

/** Read and check an SDP body. Never throws: garbage gives a reason. */
export function parseSdp(input: string | Buffer): SdpParseResult {
  // UTF-8 needs at most 3 bytes per UTF-16 unit: a longer Buffer is too large without decoding it
  if (typeof input !== 'string' && input.length > 3 * MAX_SDP_BYTES) return bad('too large');
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.length === 0) return bad('empty body');
  if (text.length > MAX_SDP_BYTES) return bad('too large');
  const scan = scanSdp(text);
  if (scan.firstLine !== 'v=0') return bad('does not start with v=0');
  if (scan.notSdpLine !== undefined) return bad(`not an SDP line: ${scan.notSdpLine.slice(0, 40)}`);
  const d = scan.description;
  if (!d.origin) return bad('no valid o= line');
  if (scan.badMediaLine !== undefined) return bad(`bad m= line: ${scan.badMediaLine.slice(0, 60)}`);
  if (scan.hiddenMediaLine) return bad('m= lines could not be read');
  return sessionOf(d, text);
}

/** The checks on each m= section and the reduction, for scanned text or a description we built (as `text`). */
export function sessionOf(d: SdpDescription, text: string): SdpParseResult {
  const o = d.origin;
  if (!o) return bad('no valid o= line');
  const media: SdpMedia[] = [];
  for (let i = 0; i < d.media.length; i++) {
    const m = d.media[i]!;
    const formats = readFormats(m);
    if (!formats) return bad(`m= line ${i}: bad format list`);
    if (!Number.isInteger(m.port) || m.port > 65535) return bad(`m= line ${i}: bad port`);
    const connection = m.connection ?? d.connection;
    const address = connectionAddress(connection);
    if (m.port !== 0 && address === undefined) return bad(`m= line ${i}: no c= line`);
    const entry: SdpMedia = {
      type: m.type,
      port: m.port,
      protocol: m.protocol,
      payloads: m.formats,
      formats,
      addressType: connection?.ipVersion === 6 ? 'IP6' : 'IP4',
      direction: m.direction ?? d.direction ?? 'sendrecv',
    };
    if (address !== undefined) entry.address = address;
    if (m.ptime !== undefined && m.ptime > 0) entry.ptime = m.ptime;
    if (m.rtcp && m.rtcp.port > 0) {
      entry.rtcpPort = m.rtcp.port;
      if (m.rtcp.address) entry.rtcpAddress = m.rtcp.address;
    }
    media.push(entry);
  }
  return {
    ok: true,
    value: { origin: { username: o.username, sessionId: o.sessionId, version: o.version, address: o.address }, media, description: d, text },
  };
}

/** c= 0.0.0.0 (RFC 2543 style hold, RFC 3264 §8.4) or the IPv6 unspecified address. */
export function isNullAddress(address: string | undefined): boolean {
  return address === '0.0.0.0' || address === '::' || address === '0:0:0:0:0:0:0:0';
}

export function addressType(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4';
}
