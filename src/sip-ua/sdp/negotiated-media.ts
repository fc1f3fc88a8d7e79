import { isComfortNoise, isTelephoneEvent, sameCodec } from './sdp-codec.js';
import { canReceive, canSend, intersectDirections, reverseDirection, type SdpDirection } from './sdp-direction.js';
import { isNullAddress, parseSdp, type SdpFormat, type SdpMedia, type SdpSession } from './sdp-session.js';
import { DEFAULT_PTIME } from './sdp-offer.js';

/**
 * What an offer/answer exchange settled for the audio stream, seen from our
 * side: where to send, with which payload types, in which direction.
 * Each side sends with the payload numbers the OTHER side wrote in its SDP
 * (RFC 3264 §5.1, §6.1), so the codec pt here is the remote SDP's.
 */
export interface NegotiatedCodec {
  name: string;
  pt: number;
  clockRate: number;
  channels?: number;
  /** The remote side's fmtp for this format (what it wants to receive). */
  fmtp?: string;
}

export interface NegotiatedMedia {
  /** Index of the audio m-line in both SDPs. */
  mediaIndex: number;
  remoteAddress: string;
  remotePort: number;
  addressType: 'IP4' | 'IP6';
  codec: NegotiatedCodec;
  /** RFC 4733 events at the codec's clock rate, if both sides have them. */
  telephoneEventPt?: number;
  /** Our effective direction: ours, limited by the peer's (reversed). */
  direction: SdpDirection;
  /** Packet time the peer asked for (a=ptime), else 20 ms. */
  ptime: number;
  /** a=rtcp (RFC 3605); otherwise RTCP goes to remotePort + 1. */
  rtcpPort?: number;
  rtcpAddress?: string;
  /** The peer holds us: c=0.0.0.0, or it will not receive although we want to send. */
  isHold: boolean;
}

export type NegotiationFailure = 'bad-sdp' | 'media-count-mismatch' | 'no-audio' | 'rejected' | 'no-common-codec';

export type NegotiationResult =
  | { ok: true; value: NegotiatedMedia }
  | { ok: false; reason: NegotiationFailure; detail?: string };

const AVP_RE = /^RTP\/AVPF?$/i;

/** Our answerable audio stream: RTP/AVP(F) audio with a port (no SRTP profile yet). */
export function isUsableAudio(m: SdpMedia): boolean {
  return m.type === 'audio' && m.port !== 0 && (m.protocol === 'RTP/AVP' || AVP_RE.test(m.protocol));
}

function voiceFormats(m: SdpMedia): SdpFormat[] {
  return m.formats.filter((f) => f.name !== undefined && !isTelephoneEvent(f) && !isComfortNoise(f));
}

/**
 * The negotiated audio stream of an exchange. `wanted` is the direction we
 * wished for (our offer's, or what we were willing to do when answering).
 */
export function describeNegotiation(p: {
  offer: SdpSession;
  answer: SdpSession;
  localIs: 'offerer' | 'answerer';
  wanted: SdpDirection;
}): NegotiationResult {
  const { offer, answer } = p;
  if (offer.media.length !== answer.media.length) {
    return { ok: false, reason: 'media-count-mismatch', detail: `${offer.media.length} offered, ${answer.media.length} answered` };
  }
  let index: number | undefined;
  let sawAudio = false;
  for (let i = 0; i < offer.media.length && index === undefined; i++) {
    if (!isUsableAudio(offer.media[i]!)) continue;
    sawAudio = true;
    const a = answer.media[i]!;
    if (a.port !== 0 && a.type === 'audio') index = i;
  }
  if (!sawAudio) return { ok: false, reason: 'no-audio' };
  if (index === undefined) return { ok: false, reason: 'rejected', detail: 'audio answered with port 0' };

  const offerM = offer.media[index]!;
  const answerM = answer.media[index]!;
  const local = p.localIs === 'offerer' ? offerM : answerM;
  const remote = p.localIs === 'offerer' ? answerM : offerM;

  // the answer's order decides (RFC 3264 §6.1); the format must be in both
  const offeredVoice = voiceFormats(offerM);
  let codec: NegotiatedCodec | undefined;
  for (const a of voiceFormats(answerM)) {
    if (!offeredVoice.some((o) => sameCodec(o, a))) continue;
    const r = remote.formats.find((f) => sameCodec(f, a));
    if (!r) continue;
    codec = { name: r.name!, pt: r.pt, clockRate: r.clockRate ?? 8000 };
    if (r.channels !== undefined) codec.channels = r.channels;
    if (r.fmtp !== undefined) codec.fmtp = r.fmtp;
    break;
  }
  if (!codec) return { ok: false, reason: 'no-common-codec' };

  const eventRate = codec.clockRate;
  const remoteEvent = remote.formats.find((f) => isTelephoneEvent(f) && f.clockRate === eventRate);
  const localEvent = local.formats.find((f) => isTelephoneEvent(f) && f.clockRate === eventRate);

  const nullRemote = isNullAddress(remote.address);
  let direction = intersectDirections(local.direction, reverseDirection(remote.direction));
  // c=0.0.0.0: nowhere to send to (RFC 3264 §8.4)
  if (nullRemote) direction = intersectDirections(direction, 'recvonly');

  const out: NegotiatedMedia = {
    mediaIndex: index,
    remoteAddress: remote.address ?? '',
    remotePort: remote.port,
    addressType: remote.addressType,
    codec,
    direction,
    ptime: remote.ptime ?? DEFAULT_PTIME,
    isHold: nullRemote || (!canReceive(remote.direction) && canSend(p.wanted)),
  };
  if (remoteEvent && localEvent) out.telephoneEventPt = remoteEvent.pt;
  if (remote.rtcpPort !== undefined) out.rtcpPort = remote.rtcpPort;
  if (remote.rtcpAddress !== undefined) out.rtcpAddress = remote.rtcpAddress;
  return { ok: true, value: out };
}

/** Offerer side: our offer and the peer's answer -> the negotiated stream. */
export function parseAnswer(answer: string | Buffer | SdpSession, offer: string | Buffer | SdpSession): NegotiationResult {
  const a = toSession(answer);
  if (!a.ok) return { ok: false, reason: 'bad-sdp', detail: `answer: ${a.detail}` };
  const o = toSession(offer);
  if (!o.ok) return { ok: false, reason: 'bad-sdp', detail: `offer: ${o.detail}` };
  const audio = o.value.media.find(isUsableAudio);
  return describeNegotiation({ offer: o.value, answer: a.value, localIs: 'offerer', wanted: audio?.direction ?? 'sendrecv' });
}

export function toSession(
  input: string | Buffer | SdpSession,
): { ok: true; value: SdpSession } | { ok: false; detail: string } {
  if (typeof input !== 'string' && !Buffer.isBuffer(input)) return { ok: true, value: input };
  const r = parseSdp(input);
  return r.ok ? r : { ok: false, detail: r.detail };
}
