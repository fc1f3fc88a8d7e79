/**
 * Codecs as the signalling layer knows them: a name, an RTP clock rate, a
 * payload type, channels and fmtp (RFC 4566 §6 "rtpmap"/"fmtp"). Encoding is
 * the media layer's job; here a codec is only what SDP says about it.
 */
export interface SdpCodec {
  /** Encoding name as in a=rtpmap: PCMU, PCMA, G722, telephone-event... */
  name: string;
  /** RTP clock rate (G722 is 8000 on the wire, RFC 3551 §4.5.2). */
  clockRate: number;
  /** Our payload type in offers (static, or our dynamic choice). */
  pt: number;
  /** Audio channels; absent means 1 (RFC 4566 §6 "rtpmap"). */
  channels?: number;
  /** a=fmtp parameters we send, e.g. '0-16' for telephone-event. */
  fmtp?: string;
}

/** The manual's "RFC 2833 Pay Load" default. */
export const DEFAULT_TELEPHONE_EVENT_PT = 101;

/** telephone-event (RFC 4733 §7.1.1), events 0-16: the DTMF digits and flash. */
export function telephoneEventCodec(pt = DEFAULT_TELEPHONE_EVENT_PT, clockRate = 8000): SdpCodec {
  return { name: 'telephone-event', clockRate, pt, fmtp: '0-16' };
}

/** Encoding names compare case-insensitively (RFC 4855 §3); `lower` is in lower case. Without a copy when the case already matches. */
function isName(name: string | undefined, lower: string): boolean {
  if (name === undefined || name.length !== lower.length) return false;
  return name === lower || name.toLowerCase() === lower;
}

export function isTelephoneEvent(c: { name?: string }): boolean {
  return isName(c.name, 'telephone-event');
}

/** Comfort noise (RFC 3389) is not a voice codec to pick. */
export function isComfortNoise(c: { name?: string }): boolean {
  return isName(c.name, 'cn');
}

/**
 * Static audio payload types (RFC 3551 §6, table 4): what a payload number
 * means when the offer has no a=rtpmap for it (RFC 4566 §6 makes rtpmap
 * optional for static types).
 */
export const STATIC_AUDIO_PAYLOAD_TYPES: ReadonlyMap<number, { name: string; clockRate: number; channels?: number }> = new Map([
  [0, { name: 'PCMU', clockRate: 8000 }],
  [3, { name: 'GSM', clockRate: 8000 }],
  [4, { name: 'G723', clockRate: 8000 }],
  [5, { name: 'DVI4', clockRate: 8000 }],
  [6, { name: 'DVI4', clockRate: 16000 }],
  [7, { name: 'LPC', clockRate: 8000 }],
  [8, { name: 'PCMA', clockRate: 8000 }],
  [9, { name: 'G722', clockRate: 8000 }],
  [10, { name: 'L16', clockRate: 44100, channels: 2 }],
  [11, { name: 'L16', clockRate: 44100 }],
  [12, { name: 'QCELP', clockRate: 8000 }],
  [13, { name: 'CN', clockRate: 8000 }],
  [14, { name: 'MPA', clockRate: 90000 }],
  [15, { name: 'G728', clockRate: 8000 }],
  [16, { name: 'DVI4', clockRate: 11025 }],
  [17, { name: 'DVI4', clockRate: 22050 }],
  [18, { name: 'G729', clockRate: 8000 }],
]);

/** Same codec by name (case-insensitive), clock rate and channel count (RFC 3264 §6.1). */
export function sameCodec(
  a: { name?: string; clockRate?: number; channels?: number },
  b: { name?: string; clockRate?: number; channels?: number },
): boolean {
  if (a.name === undefined || b.name === undefined) return false;
  if (a.clockRate !== b.clockRate || (a.channels ?? 1) !== (b.channels ?? 1) || a.name.length !== b.name.length) return false;
  return a.name === b.name || a.name.toLowerCase() === b.name.toLowerCase();
}
