import type { SdpCodec } from './sdp-codec.js';
import type { SdpDescription, SdpMediaDescription, SdpRtpMap } from './sdp-description.js';
import type { SdpDirection } from './sdp-direction.js';
import { addressType } from './sdp-session.js';
import { writeSdp } from './sdp-writer.js';

/**
 * Building our SDP (RFC 4566/8866 §5, RFC 3264 §5): one audio m-line,
 * session-level c=, explicit direction, a=rtpmap for every format (static
 * ones too, which costs little and helps picky peers), a=ptime.
 */

/** Where and how we receive audio. */
export interface LocalMedia {
  /** Our RTP address (IPv4 or IPv6 literal). */
  address: string;
  port: number;
  /** In priority order (the manual's codec priority); telephone-event included when wanted. */
  codecs: SdpCodec[];
  /** Packet time we want to receive, ms (default 20). */
  ptime?: number;
  /** Written as a=rtcp when RTCP is not on port + 1 (RFC 3605). */
  rtcpPort?: number;
}

/** o= fields we own (RFC 4566 §5.2). */
export interface SdpOrigin {
  username?: string;
  sessionId: string;
  sessionVersion: number;
}

export interface OfferOptions extends LocalMedia {
  direction?: SdpDirection;
  origin: SdpOrigin;
  /** s= (default '-'). */
  sessionName?: string;
}

export const DEFAULT_PTIME = 20;

export function audioMediaDescription(
  local: LocalMedia,
  codecs: Array<SdpCodec & { fmtp?: string }>,
  direction: SdpDirection,
  protocol = 'RTP/AVP',
): SdpMediaDescription {
  const rtpmaps: SdpRtpMap[] = [];
  const fmtps: SdpMediaDescription['fmtps'] = [];
  let formats = '';
  for (const c of codecs) {
    formats = formats === '' ? String(c.pt) : `${formats} ${c.pt}`;
    const r: SdpRtpMap = { pt: c.pt, encoding: c.name, clockRate: c.clockRate };
    if (c.channels !== undefined && c.channels !== 1) r.channels = c.channels;
    rtpmaps.push(r);
  }
  for (const c of codecs) if (c.fmtp) fmtps.push({ pt: c.pt, params: c.fmtp });
  const m: SdpMediaDescription = {
    type: 'audio',
    port: local.port,
    protocol,
    formats,
    rtpmaps,
    fmtps,
    ptime: local.ptime ?? DEFAULT_PTIME,
    direction,
    other: [],
  };
  if (local.rtcpPort !== undefined) m.rtcp = { port: local.rtcpPort };
  return m;
}

export function sessionDescription(
  address: string,
  origin: SdpOrigin,
  media: SdpMediaDescription[],
  sessionName = '-',
): SdpDescription {
  const type = addressType(address);
  return {
    origin: {
      username: origin.username ?? '-',
      sessionId: origin.sessionId,
      version: String(origin.sessionVersion),
      addressType: type,
      address,
    },
    name: sessionName,
    connection: { ipVersion: type === 'IP6' ? 6 : 4, address },
    timing: '0 0',
    other: [],
    media,
  };
}

/** An audio offer listing every codec in priority order. */
export function createOffer(opts: OfferOptions): string {
  return writeSdp(offerDescription(opts, opts.direction ?? 'sendrecv', opts.origin, opts.sessionName));
}

export function offerDescription(local: LocalMedia, direction: SdpDirection, origin: SdpOrigin, sessionName?: string): SdpDescription {
  return sessionDescription(local.address, origin, [audioMediaDescription(local, local.codecs, direction)], sessionName);
}
