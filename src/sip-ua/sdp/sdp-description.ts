import type { SdpDirection } from './sdp-direction.js';

/**
 * An SDP body line by line (RFC 8866 §5, the RFC 4566 grammar): the lines
 * offer/answer reads are typed, every other line is kept verbatim in
 * `other`, so nothing a peer wrote is lost and sdp-writer.ts can write the
 * description back. Built by sdp-scanner.ts from received text and by
 * sdp-offer.ts for our own offers and answers.
 */

/** c= (RFC 8866 §5.7): "IN IP<version> <address>[/ttl][/count]". */
export interface SdpConnection {
  /** The digit after "IP": 4 or 6 (other digits are kept as written). */
  ipVersion: number;
  /** The address as written, with any /ttl/count suffix. */
  address: string;
}

/** a=rtpmap (RFC 8866 §6.6): payload type -> encoding name, clock rate, channels. */
export interface SdpRtpMap {
  pt: number;
  encoding: string;
  /** Absent when the line has no "/rate" part. */
  clockRate?: number;
  /** Absent when the line has no second "/" part (RFC 8866: then 1 channel). */
  channels?: number;
}

/** a=fmtp (RFC 8866 §6.15): format parameters of one payload type, as written. */
export interface SdpFmtp {
  pt: number;
  params: string;
}

/** a=rtcp (RFC 3605 §2.1): where RTCP goes when not to the RTP port + 1. */
export interface SdpRtcp {
  /** 0 when the line had no digits. */
  port: number;
  address?: string;
}

/** A line the model does not read, kept as written: type letter and the text after "x=". */
export interface SdpLine {
  type: string;
  value: string;
}

/** o= (RFC 8866 §5.2); the ids stay text (session ids are often 64-bit). */
export interface SdpOriginField {
  username: string;
  sessionId: string;
  version: string;
  addressType: 'IP4' | 'IP6';
  address: string;
}

/** One m= section (RFC 8866 §5.14) and the lines that follow it. */
export interface SdpMediaDescription {
  type: string;
  /** NaN when the m= line could not be read (no port, a port with leading zeros, "port/count"). */
  port: number;
  protocol: string;
  /** The format list as written after the protocol ('' when there is none). */
  formats: string;
  connection?: SdpConnection;
  rtpmaps: SdpRtpMap[];
  fmtps: SdpFmtp[];
  rtcp?: SdpRtcp;
  /** a=ptime in ms: set when the last a=ptime line holds a plain positive number. */
  ptime?: number;
  /** The last direction attribute of this section (RFC 8866 §6.7). */
  direction?: SdpDirection;
  other: SdpLine[];
}

export interface SdpDescription {
  /** Undefined in scanned text with no valid o= line (parseSdp refuses those). */
  origin?: SdpOriginField;
  /** s= (RFC 8866 §5.3). */
  name: string;
  connection?: SdpConnection;
  /** t= as written (RFC 8866 §5.9); '0 0' for a permanent session (RFC 3264 §5). */
  timing: string;
  /** Session-level direction attribute: the default for every m= section (RFC 3264 §5.1). */
  direction?: SdpDirection;
  other: SdpLine[];
  media: SdpMediaDescription[];
}
