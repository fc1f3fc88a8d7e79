import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type { SdpCodec } from './sdp-codec.js';
import type { SdpDirection } from './sdp-direction.js';
import { addressType } from './sdp-session.js';

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
): MediaDescription {
  const m: MediaDescription = {
    type: 'audio',
    port: local.port,
    protocol,
    payloads: codecs.map((c) => c.pt).join(' '),
    rtp: codecs.map((c) => {
      const r: { payload: number; codec: string; rate?: number; encoding?: number } = {
        payload: c.pt,
        codec: c.name,
        rate: c.clockRate,
      };
      if (c.channels !== undefined && c.channels !== 1) r.encoding = c.channels;
      return r;
    }),
    fmtp: codecs.filter((c) => c.fmtp).map((c) => ({ payload: c.pt, config: c.fmtp! })),
    ptime: local.ptime ?? DEFAULT_PTIME,
    direction,
  };
  if (local.rtcpPort !== undefined) m.rtcp = { port: local.rtcpPort };
  return m;
}

export function sessionDescription(
  address: string,
  origin: SdpOrigin,
  media: MediaDescription[],
  sessionName = '-',
): SessionDescription {
  const ipVer = addressType(address) === 'IP6' ? 6 : 4;
  return {
    version: 0,
    origin: {
      username: origin.username ?? '-',
      sessionId: origin.sessionId,
      sessionVersion: origin.sessionVersion,
      netType: 'IN',
      ipVer,
      address,
    },
    name: sessionName,
    connection: { version: ipVer, ip: address },
    timing: { start: 0, stop: 0 },
    media,
  };
}

/** An audio offer listing every codec in priority order. */
export function createOffer(opts: OfferOptions): string {
  const media = audioMediaDescription(opts, opts.codecs, opts.direction ?? 'sendrecv');
  return write(sessionDescription(opts.address, opts.origin, [media], opts.sessionName));
}
