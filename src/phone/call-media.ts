import type { CodecRegistry, MediaDescription } from '../media/index.js';
import { telephoneEventCodec, type NegotiatedMedia, type SdpCodec } from '../sip-ua/index.js';

/**
 * Between signalling and media: the account's codec names become SDP codecs
 * for offers, and a negotiated SDP stream becomes a MediaDescription the RTP
 * engine can run (the media layer knows no SDP, the SIP layer no codecs).
 */
export function sdpCodecsFor(names: string[], registry: CodecRegistry, telephoneEventPt: number): SdpCodec[] {
  const out: SdpCodec[] = [];
  let dynamic = 96;
  for (const name of names) {
    const codec = registry.get(name);
    if (!codec) continue;
    let pt = codec.staticPayloadType;
    if (pt === undefined) {
      while (dynamic === telephoneEventPt) dynamic++;
      pt = dynamic++;
    }
    out.push({ name: codec.name, clockRate: codec.rtpClockRate, pt, ...(codec.channels > 1 ? { channels: codec.channels } : {}) });
  }
  out.push(telephoneEventCodec(telephoneEventPt));
  return out;
}

/**
 * `localHold`: we hold the call. The offer said sendonly (RFC 3264 §8.4 lets the
 * holder send, e.g. music on hold), but the handset microphone must not reach
 * the held party: until we have hold music the stream sends nothing (RTCP goes on).
 */
export function mediaDescriptionFor(
  negotiated: NegotiatedMedia,
  registry: CodecRegistry,
  localRtpPort: number,
  opts: { localHold?: boolean } = {},
): MediaDescription | undefined {
  const codec = registry.get(negotiated.codec.name);
  if (!codec) return undefined;
  const desc: MediaDescription = {
    localRtpPort,
    remoteAddress: negotiated.remoteAddress,
    remotePort: negotiated.remotePort,
    codec,
    payloadType: negotiated.codec.pt,
    direction: opts.localHold ? withoutSending(negotiated.direction) : negotiated.direction,
    ptime: negotiated.ptime,
  };
  if (negotiated.rtcpPort !== undefined) desc.remoteRtcpPort = negotiated.rtcpPort;
  if (negotiated.telephoneEventPt !== undefined) desc.telephoneEventPt = negotiated.telephoneEventPt;
  return desc;
}

function withoutSending(d: MediaDescription['direction']): MediaDescription['direction'] {
  return d === 'sendrecv' || d === 'recvonly' ? 'recvonly' : 'inactive';
}
