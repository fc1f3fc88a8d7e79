/**
 * What offer/answer settled for one audio stream, in media terms only (the
 * media layer knows no SDP: src/phone turns the negotiated SDP into this).
 */
import type { AudioCodec } from './codec.js';

/** RFC 3264 §5.1 / RFC 4566 §6 stream direction, from our side. */
export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface MediaDescription {
  /** Our RTP port, from the RtpPortPair the stream was given. */
  localRtpPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Remote RTCP port when the SDP had a=rtcp (RFC 3605); RTP + 1 otherwise. */
  remoteRtcpPort?: number;
  codec: AudioCodec;
  payloadType: number;
  /** RFC 4733 telephone-event payload type, when the far end accepted it. */
  telephoneEventPt?: number;
  direction: MediaDirection;
  /** Packet time in ms; 20 is all the media clock ticks at. */
  ptime: number;
}

export function directionSends(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'sendonly';
}

export function directionReceives(d: MediaDirection): boolean {
  return d === 'sendrecv' || d === 'recvonly';
}
