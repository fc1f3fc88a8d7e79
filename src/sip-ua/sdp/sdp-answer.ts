import { isComfortNoise, isTelephoneEvent, sameCodec, type SdpCodec } from './sdp-codec.js';
import { answerDirection, intersectDirections, type SdpDirection } from './sdp-direction.js';
import { describeNegotiation, isUsableAudio, toSession, type NegotiatedMedia } from './negotiated-media.js';
import { audioMediaDescription, sessionDescription, type LocalMedia, type SdpOrigin } from './sdp-offer.js';
import type { SdpMediaDescription } from './sdp-description.js';
import { isNullAddress, parseSdp, type SdpMedia, type SdpSession } from './sdp-session.js';
import { writeSdp } from './sdp-writer.js';

/**
 * Answering an offer (RFC 3264 §6, §6.1): the first offered audio stream we
 * can serve gets the first codec in OUR priority order that the offer has
 * (the manual's codec priority), with the OFFERER's payload numbers, plus
 * telephone-event when offered. Every other m-line is refused with port 0,
 * keeping the m-line count. Nothing usable: a value saying why, and an
 * all-refused SDP; the caller answers 488 (RFC 3261 §13.3.1.1).
 */
export interface AnswerOptions extends LocalMedia {
  /** What we are willing to do (default sendrecv; sendonly while we hold). */
  direction?: SdpDirection;
  origin: SdpOrigin;
  sessionName?: string;
}

export type AnswerResult =
  | { ok: true; sdp: string; media: NegotiatedMedia }
  | { ok: false; reason: 'bad-sdp' | 'no-audio' | 'no-common-codec'; detail?: string; sdp?: string };

interface Choice {
  index: number;
  formats: SdpCodec[];
}

/** Our first codec by priority that the offered m-line has, in the offer's numbering. */
function chooseFormats(m: SdpMedia, codecs: SdpCodec[]): SdpCodec[] | undefined {
  for (const ours of codecs) {
    if (isTelephoneEvent(ours) || isComfortNoise(ours)) continue;
    const offered = m.formats.find((f) => sameCodec(ours, f));
    if (!offered) continue;
    const voice: SdpCodec = { name: offered.name!, clockRate: ours.clockRate, pt: offered.pt };
    if (ours.channels !== undefined) voice.channels = ours.channels;
    if (ours.fmtp !== undefined) voice.fmtp = ours.fmtp;
    const formats = [voice];
    // RFC 4733 §2.1: events at the same clock rate as the voice codec
    for (const te of codecs) {
      if (!isTelephoneEvent(te) || te.clockRate !== ours.clockRate) continue;
      const offeredTe = m.formats.find((f) => sameCodec(te, f));
      if (!offeredTe) continue;
      const event: SdpCodec = { name: offeredTe.name!, clockRate: te.clockRate, pt: offeredTe.pt };
      if (te.fmtp !== undefined) event.fmtp = te.fmtp;
      formats.push(event);
      break;
    }
    return formats;
  }
  return undefined;
}

function refused(m: SdpMedia): SdpMediaDescription {
  // RFC 3264 §6: port 0, the offered formats kept (at least one is required)
  return { type: m.type, port: 0, protocol: m.protocol, formats: m.payloads, rtpmaps: [], fmtps: [], other: [] };
}

/** The offerer's direction as it really is: c=0.0.0.0 means it will not receive. */
function offeredDirection(m: SdpMedia): SdpDirection {
  return isNullAddress(m.address) ? intersectDirections(m.direction, 'sendonly') : m.direction;
}

export function createAnswer(offer: string | Buffer | SdpSession, local: AnswerOptions): AnswerResult {
  const parsed = toSession(offer);
  if (!parsed.ok) return { ok: false, reason: 'bad-sdp', detail: parsed.detail };
  return answerOffer(parsed.value, local, local.direction ?? 'sendrecv', local.origin, local.sessionName);
}

/** createAnswer for a read offer, `wanted` being what we are willing to do. */
export function answerOffer(o: SdpSession, local: LocalMedia, wanted: SdpDirection, origin: SdpOrigin, sessionName?: string): AnswerResult {

  let choice: Choice | undefined;
  let sawAudio = false;
  for (let i = 0; i < o.media.length && !choice; i++) {
    const m = o.media[i]!;
    if (!isUsableAudio(m)) continue;
    sawAudio = true;
    const formats = chooseFormats(m, local.codecs);
    if (formats) choice = { index: i, formats };
  }

  const media = o.media.map((m, i) => {
    if (!choice || i !== choice.index) return refused(m);
    return audioMediaDescription(local, choice.formats, answerDirection(offeredDirection(m), wanted), m.protocol);
  });
  const sdp = writeSdp(sessionDescription(local.address, origin, media, sessionName));
  if (!choice) {
    return sawAudio
      ? { ok: false, reason: 'no-common-codec', detail: 'no offered codec is in our list', sdp }
      : { ok: false, reason: 'no-audio', detail: 'no RTP/AVP audio stream with a port', sdp };
  }

  const ours = parseSdp(sdp);
  if (!ours.ok) return { ok: false, reason: 'bad-sdp', detail: `own answer: ${ours.detail}` };
  const result = describeNegotiation({ offer: o, answer: ours.value, localIs: 'answerer', wanted });
  if (!result.ok) return { ok: false, reason: 'no-common-codec', detail: result.reason, sdp };
  return { ok: true, sdp, media: result.value };
}
