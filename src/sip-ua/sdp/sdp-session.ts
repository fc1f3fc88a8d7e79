import { parse as parseSdpText, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { STATIC_AUDIO_PAYLOAD_TYPES } from './sdp-codec.js';
import { isDirection, type SdpDirection } from './sdp-direction.js';

/**
 * A received or built SDP, read with sdp-transform and checked, then reduced
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
  /** sdp-transform's full reading, for anything not modelled here. */
  raw: SessionDescription;
  text: string;
}

export type SdpParseResult = { ok: true; value: SdpSession } | { ok: false; reason: 'bad-sdp'; detail: string };

const MAX_SDP_BYTES = 32_768;
const ORIGIN_RE = /^o=(\S+) (\S+) (\S+) IN (IP4|IP6) (\S+)\s*$/m;
const MEDIA_RE = /^m=([A-Za-z0-9_-]+) (\d{1,5})(?:\/\d+)? (\S+)(?: (.*))?$/;

function bad(detail: string): SdpParseResult {
  return { ok: false, reason: 'bad-sdp', detail };
}

/** "IN IP4 192.0.2.1/127" -> the address alone. */
function connectionAddress(c: { ip: string } | undefined): string | undefined {
  if (!c || typeof c.ip !== 'string' || c.ip === '') return undefined;
  return c.ip.split('/')[0];
}

function readFormats(m: MediaDescription): SdpFormat[] | undefined {
  const list = String(m.payloads ?? '').trim();
  if (list === '') return [];
  const out: SdpFormat[] = [];
  for (const token of list.split(/\s+/)) {
    // non-RTP transports (e.g. TCP/BFCP '*') carry no payload numbers
    if (!/^\d{1,3}$/.test(token)) {
      if (/^RTP\//i.test(m.protocol)) return undefined;
      continue;
    }
    const pt = Number(token);
    if (pt > 127) return undefined;
    const f: SdpFormat = { pt };
    const map = m.rtp?.find((r) => r.payload === pt);
    if (map) {
      f.name = map.codec;
      if (map.rate !== undefined) f.clockRate = Number(map.rate);
      if (map.encoding !== undefined) f.channels = Number(map.encoding);
    } else {
      const known = STATIC_AUDIO_PAYLOAD_TYPES.get(pt);
      if (known && m.type === 'audio') {
        f.name = known.name;
        f.clockRate = known.clockRate;
        if (known.channels !== undefined) f.channels = known.channels;
      }
    }
    const fmtp = m.fmtp?.find((x) => x.payload === pt);
    if (fmtp) f.fmtp = fmtp.config;
    out.push(f);
  }
  return out;
}

/** Read and check an SDP body. Never throws: garbage gives a reason. */
export function parseSdp(input: string | Buffer): SdpParseResult {
  const text = typeof input === 'string' ? input : input.toString('utf8');
  if (text.length === 0) return bad('empty body');
  if (text.length > MAX_SDP_BYTES) return bad('too large');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines[0]?.trim() !== 'v=0') return bad('does not start with v=0');
  for (const l of lines) if (!/^[a-z]=/.test(l)) return bad(`not an SDP line: ${l.slice(0, 40)}`);
  const o = ORIGIN_RE.exec(text);
  if (!o) return bad('no valid o= line');
  const mediaLines = lines.filter((l) => l.startsWith('m='));
  for (const l of mediaLines) if (!MEDIA_RE.test(l.trim())) return bad(`bad m= line: ${l.slice(0, 60)}`);

  let raw: SessionDescription;
  try {
    raw = parseSdpText(text);
  } catch (e) {
    return bad(`unreadable: ${(e as Error).message}`);
  }
  if (raw.media.length !== mediaLines.length) return bad('m= lines could not be read');

  const sessionDirection: SdpDirection = isDirection(raw.direction) ? raw.direction : 'sendrecv';
  const media: SdpMedia[] = [];
  for (let i = 0; i < raw.media.length; i++) {
    const m = raw.media[i]!;
    const formats = readFormats(m);
    if (!formats) return bad(`m= line ${i}: bad format list`);
    if (!Number.isInteger(m.port) || m.port > 65535) return bad(`m= line ${i}: bad port`);
    const connection = m.connection ?? raw.connection;
    const address = connectionAddress(connection);
    if (m.port !== 0 && address === undefined) return bad(`m= line ${i}: no c= line`);
    const entry: SdpMedia = {
      type: m.type,
      port: m.port,
      protocol: m.protocol,
      payloads: String(m.payloads ?? ''),
      formats,
      addressType: connection?.version === 6 ? 'IP6' : 'IP4',
      direction: isDirection(m.direction) ? m.direction : sessionDirection,
    };
    if (address !== undefined) entry.address = address;
    if (typeof m.ptime === 'number' && m.ptime > 0) entry.ptime = m.ptime;
    if (m.rtcp && m.rtcp.port > 0) {
      entry.rtcpPort = m.rtcp.port;
      if (m.rtcp.address) entry.rtcpAddress = m.rtcp.address;
    }
    media.push(entry);
  }
  return {
    ok: true,
    value: {
      origin: { username: o[1]!, sessionId: o[2]!, version: o[3]!, address: o[5]! },
      media,
      raw,
      text,
    },
  };
}

/** c= 0.0.0.0 (RFC 2543 style hold, RFC 3264 §8.4) or the IPv6 unspecified address. */
export function isNullAddress(address: string | undefined): boolean {
  return address === '0.0.0.0' || address === '::' || address === '0:0:0:0:0:0:0:0';
}

export function addressType(address: string): 'IP4' | 'IP6' {
  return address.includes(':') ? 'IP6' : 'IP4';
}
