/**
 * Proves createAnswer (RFC 3264 §6, §6.1, §8.4) on offers shaped like real
 * peers (tests/fixtures/sdp): codec choice by OUR priority with the offerer's
 * payload numbers, telephone-event at the codec's clock rate, answer direction
 * for sendonly and c=0.0.0.0 holds, rtpmap-less static types, video refused
 * with port 0 and the m-line count kept, IPv6, media-level c=/direction, and
 * a G.729-only offer refused for a 488. Answers are checked line by line.
 */
import { describe, expect, it } from 'vitest';
import { createAnswer, parseSdp, telephoneEventCodec, type AnswerResult } from '../../../../src/sip-ua/sdp/index.js';
import { fixture, lines, ORIGIN, PHONE_CODECS } from './fixtures.js';

const LOCAL = { address: '127.0.0.1', port: 40000, codecs: PHONE_CODECS, origin: ORIGIN };

function accepted(r: AnswerResult): Extract<AnswerResult, { ok: true }> {
  if (!r.ok) throw new Error(`${r.reason}: ${r.detail}`);
  return r;
}

describe('createAnswer on real-looking offers', () => {
  it('baresip: PCMU first by our priority, its telephone-event number, our events', () => {
    const r = accepted(createAnswer(fixture('baresip-offer.sdp'), LOCAL));
    expect(lines(r.sdp)).toEqual([
      'v=0',
      'o=sayhi 4242 7 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ]);
    expect(r.media).toEqual({
      mediaIndex: 0,
      remoteAddress: '127.0.0.1',
      remotePort: 10092,
      addressType: 'IP4',
      codec: { name: 'PCMU', pt: 0, clockRate: 8000 },
      telephoneEventPt: 101,
      direction: 'sendrecv',
      ptime: 20,
      isHold: false,
    });
  });

  it('baresip with G722 preferred: G722 is picked although the offer lists opus first', () => {
    const r = accepted(createAnswer(fixture('baresip-offer.sdp'), { ...LOCAL, codecs: [PHONE_CODECS[2]!, ...PHONE_CODECS] }));
    expect(lines(r.sdp)).toContain('m=audio 40000 RTP/AVP 9 101');
    expect(r.media.codec).toEqual({ name: 'G722', pt: 9, clockRate: 8000 });
  });

  it("Asterisk: dynamic numbers are the offerer's (telephone-event 101, not our 96)", () => {
    const codecs = [PHONE_CODECS[2]!, PHONE_CODECS[0]!, telephoneEventCodec(96)];
    const r = accepted(createAnswer(fixture('asterisk-offer.sdp'), { ...LOCAL, codecs }));
    expect(lines(r.sdp)).toContain('m=audio 40000 RTP/AVP 9 101');
    expect(lines(r.sdp)).toContain('a=rtpmap:101 telephone-event/8000');
    expect(r.media.codec.pt).toBe(9);
    expect(r.media.telephoneEventPt).toBe(101);
  });

  it('Asterisk: opus under its number 107 with events at 48 kHz (102)', () => {
    const codecs = [
      { name: 'opus', clockRate: 48000, pt: 111, channels: 2, fmtp: 'useinbandfec=1' },
      telephoneEventCodec(97, 48000),
      ...PHONE_CODECS,
    ];
    const r = accepted(createAnswer(fixture('asterisk-offer.sdp'), { ...LOCAL, codecs }));
    expect(lines(r.sdp).slice(5, 10)).toEqual([
      'm=audio 40000 RTP/AVP 107 102',
      'a=rtpmap:107 opus/48000/2',
      'a=rtpmap:102 telephone-event/48000',
      'a=fmtp:107 useinbandfec=1',
      'a=fmtp:102 0-16',
    ]);
    expect(r.media.codec).toEqual({ name: 'opus', pt: 107, clockRate: 48000, channels: 2, fmtp: 'useinbandfec=1' });
    expect(r.media.telephoneEventPt).toBe(102);
  });

  it('a sendonly hold offer is answered recvonly; the peer holds us', () => {
    const r = accepted(createAnswer(fixture('hold-sendonly-offer.sdp'), LOCAL));
    expect(lines(r.sdp)).toContain('a=recvonly');
    expect(r.media).toMatchObject({ direction: 'recvonly', isHold: true, rtcpPort: 24581, rtcpAddress: '127.0.0.1', remotePort: 24580 });
  });

  it('an old c=0.0.0.0 hold without rtpmap for static types: recvonly, PCMU by our priority', () => {
    const r = accepted(createAnswer(fixture('hold-zero-address-offer.sdp'), LOCAL));
    expect(lines(r.sdp)).toContain('m=audio 40000 RTP/AVP 0 101');
    expect(lines(r.sdp)).toContain('a=recvonly');
    expect(r.media).toMatchObject({ remoteAddress: '0.0.0.0', direction: 'recvonly', isHold: true, telephoneEventPt: 101 });
    expect(r.media.codec).toEqual({ name: 'PCMU', pt: 0, clockRate: 8000 });
  });

  it('video is refused with port 0 and the m-line count is kept', () => {
    const r = accepted(createAnswer(fixture('video-offer.sdp'), LOCAL));
    const l = lines(r.sdp);
    expect(l.filter((x) => x.startsWith('m='))).toEqual(['m=audio 40000 RTP/AVP 0 100', 'm=video 0 RTP/AVP 96 97']);
    expect(l.indexOf('m=video 0 RTP/AVP 96 97')).toBe(l.length - 1); // nothing follows a refused line
    expect(r.media.telephoneEventPt).toBe(100); // the 8 kHz one, not 48 or 16 kHz
    const parsed = parseSdp(r.sdp);
    expect(parsed.ok && parsed.value.media.length).toBe(2);
  });

  it('answers the first usable audio m-line when video comes first and a second audio follows', () => {
    const offer = [
      'v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=video 9000 RTP/AVP 96', 'a=rtpmap:96 H264/90000',
      'm=audio 0 RTP/AVP 0',
      'm=audio 9002 RTP/SAVP 0',
      'm=audio 9004 RTP/AVP 8 0',
      'm=audio 9006 RTP/AVP 0', '',
    ].join('\r\n');
    const r = accepted(createAnswer(offer, LOCAL));
    expect(lines(r.sdp).filter((x) => x.startsWith('m='))).toEqual([
      'm=video 0 RTP/AVP 96',
      'm=audio 0 RTP/AVP 0',
      'm=audio 0 RTP/SAVP 0',
      'm=audio 40000 RTP/AVP 0',
      'm=audio 0 RTP/AVP 0',
    ]);
    expect(r.media).toMatchObject({ mediaIndex: 3, remotePort: 9004 });
    expect(r.media.telephoneEventPt).toBeUndefined();
  });

  it('G.729 only: no common codec, every m-line refused, the caller answers 488', () => {
    const r = createAnswer(fixture('g729-only-offer.sdp'), LOCAL);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('no-common-codec');
    expect(lines(r.sdp!)).toContain('m=audio 0 RTP/AVP 18 101');
  });

  it('IPv6 on both sides', () => {
    const r = accepted(createAnswer(fixture('ipv6-offer.sdp'), { ...LOCAL, address: '::1' }));
    expect(lines(r.sdp).slice(1, 4)).toEqual(['o=sayhi 4242 7 IN IP6 ::1', 's=-', 'c=IN IP6 ::1']);
    expect(r.media).toMatchObject({ remoteAddress: '::1', addressType: 'IP6', ptime: 30, codec: { name: 'PCMA', pt: 8 } });
  });

  it('media-level c= and direction win over the session level', () => {
    const offer = fixture('media-level-attributes-offer.sdp');
    const p = parseSdp(offer);
    expect(p.ok && p.value.media.map((m) => [m.address, m.direction])).toEqual([
      ['127.0.0.2', 'recvonly'],
      ['127.0.0.9', 'sendonly'],
    ]);
    const r = accepted(createAnswer(offer, LOCAL));
    expect(lines(r.sdp).filter((x) => x.startsWith('m=') || x.startsWith('a=s') || x.startsWith('a=r'))).toEqual([
      'm=audio 40000 RTP/AVP 0',
      'a=rtpmap:0 PCMU/8000',
      'a=sendonly',
      'm=audio 0 RTP/AVP 8',
    ]);
    // the peer only receives: it is not holding us
    expect(r.media).toMatchObject({ remoteAddress: '127.0.0.2', direction: 'sendonly', isHold: false });
  });

  it('while we hold, a sendrecv offer is answered sendonly', () => {
    const r = accepted(createAnswer(fixture('baresip-offer.sdp'), { ...LOCAL, direction: 'sendonly' }));
    expect(lines(r.sdp)).toContain('a=sendonly');
    expect(r.media).toMatchObject({ direction: 'sendonly', isHold: false });
  });

  it('garbage is a value, not a throw', () => {
    expect(createAnswer('hello', LOCAL)).toMatchObject({ ok: false, reason: 'bad-sdp' });
    expect(createAnswer('v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n', LOCAL)).toMatchObject({ ok: false, reason: 'no-audio' });
  });
});
