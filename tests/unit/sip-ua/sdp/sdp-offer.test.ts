/**
 * Proves our offers (RFC 3264 §5), the parse checks on received SDP (garbage
 * gives a value), parseAnswer on the offerer side (the answer's order and
 * payload numbers, c=0.0.0.0 and port-0 answers), and the direction rules of
 * RFC 3264 §6.1 and §8.4 as a table.
 */
import { describe, expect, it } from 'vitest';
import {
  answerDirection,
  createOffer,
  holdDirection,
  parseAnswer,
  parseSdp,
  type SdpDirection,
} from '../../../../src/sip-ua/sdp/index.js';
import { fixture, lines, ORIGIN, PHONE_CODECS } from './fixtures.js';

const OFFER = createOffer({ address: '127.0.0.1', port: 40000, codecs: PHONE_CODECS, origin: ORIGIN });

describe('createOffer', () => {
  it('lists every codec in priority order with rtpmap, events fmtp, ptime and direction', () => {
    expect(lines(OFFER)).toEqual([
      'v=0',
      'o=sayhi 4242 7 IN IP4 127.0.0.1',
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 0 8 9 101',
      'a=rtpmap:0 PCMU/8000',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:9 G722/8000',
      'a=rtpmap:101 telephone-event/8000',
      'a=fmtp:101 0-16',
      'a=ptime:20',
      'a=sendrecv',
    ]);
    expect(OFFER.endsWith('\r\n')).toBe(true);
  });

  it('writes IPv6, a hold direction, ptime and a=rtcp when asked', () => {
    const o = createOffer({
      address: '::1',
      port: 5004,
      codecs: PHONE_CODECS.slice(1, 2),
      origin: { sessionId: '1', sessionVersion: 2 },
      direction: 'sendonly',
      ptime: 30,
      rtcpPort: 5010,
    });
    expect(lines(o)).toEqual([
      'v=0',
      'o=- 1 2 IN IP6 ::1',
      's=-',
      'c=IN IP6 ::1',
      't=0 0',
      'm=audio 5004 RTP/AVP 8',
      'a=rtpmap:8 PCMA/8000',
      'a=rtcp:5010',
      'a=ptime:30',
      'a=sendonly',
    ]);
  });
});

describe('parseSdp', () => {
  it('reads our own offer back', () => {
    const p = parseSdp(OFFER);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.origin).toEqual({ username: 'sayhi', sessionId: '4242', version: '7', address: '127.0.0.1' });
    expect(p.value.media[0]!.formats.map((f) => [f.pt, f.name])).toEqual([
      [0, 'PCMU'],
      [8, 'PCMA'],
      [9, 'G722'],
      [101, 'telephone-event'],
    ]);
  });

  it('keeps 64-bit session ids exact', () => {
    const p = parseSdp(fixture('baresip-offer.sdp').replace('1856713234 2116224893', '18446744073709551615 9007199254740993'));
    expect(p.ok && p.value.origin).toMatchObject({ sessionId: '18446744073709551615', version: '9007199254740993' });
  });

  it('accepts LF-only line ends and a Buffer', () => {
    expect(parseSdp(Buffer.from(fixture('asterisk-offer.sdp').replace(/\r\n/g, '\n'))).ok).toBe(true);
  });

  const garbage: Array<[string, string]> = [
    ['empty', ''],
    ['text', 'hello world'],
    ['no version', 'o=- 1 1 IN IP4 127.0.0.1\r\n'],
    ['v=1', 'v=1\r\no=- 1 1 IN IP4 127.0.0.1\r\n'],
    ['no origin', 'v=0\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n'],
    ['bad port', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nc=IN IP4 127.0.0.1\r\nm=audio x RTP/AVP 0\r\n'],
    ['port too big', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nc=IN IP4 127.0.0.1\r\nm=audio 70000 RTP/AVP 0\r\n'],
    ['bad format', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP zero\r\n'],
    ['pt > 127', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nc=IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 300\r\n'],
    ['no c=', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nm=audio 4000 RTP/AVP 0\r\n'],
    ['not SDP lines', 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\nINVITE sip:x SIP/2.0\r\n'],
    ['binary', '\u0000\u0001\u0002v=0'],
    ['huge', 'v=0\r\n' + 'a=x\r\n'.repeat(20000)],
  ];
  for (const [name, text] of garbage) {
    it(`refuses ${name} with a reason`, () => {
      const r = parseSdp(text);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe('bad-sdp');
      expect(!r.ok && r.detail.length).toBeGreaterThan(0);
    });
  }
});

describe('parseAnswer (offerer side)', () => {
  it("Asterisk's answer: PCMA first in the answer wins, events under its number 96, a=rtcp", () => {
    const r = parseAnswer(fixture('asterisk-answer.sdp'), OFFER);
    expect(r).toEqual({
      ok: true,
      value: {
        mediaIndex: 0,
        remoteAddress: '127.0.0.1',
        remotePort: 13500,
        addressType: 'IP4',
        codec: { name: 'PCMA', pt: 8, clockRate: 8000 },
        telephoneEventPt: 96,
        direction: 'sendrecv',
        ptime: 20,
        rtcpPort: 13511,
        isHold: false,
      },
    });
  });

  it('an answer with c=0.0.0.0 means the peer holds us and we cannot send', () => {
    const r = parseAnswer(fixture('asterisk-answer.sdp').replace('c=IN IP4 127.0.0.1', 'c=IN IP4 0.0.0.0'), OFFER);
    expect(r.ok && r.value).toMatchObject({ isHold: true, direction: 'recvonly' });
  });

  it('our hold offer answered recvonly: we send only, the peer is not holding', () => {
    const hold = createOffer({ address: '127.0.0.1', port: 40000, codecs: PHONE_CODECS, origin: ORIGIN, direction: 'sendonly' });
    const r = parseAnswer(fixture('asterisk-answer.sdp').replace('a=sendrecv', 'a=recvonly'), hold);
    expect(r.ok && r.value).toMatchObject({ isHold: false, direction: 'sendonly' });
  });

  it('refusals and mismatches are values', () => {
    expect(parseAnswer(fixture('asterisk-answer.sdp').replace('m=audio 13500', 'm=audio 0'), OFFER)).toMatchObject({
      ok: false,
      reason: 'rejected',
    });
    expect(parseAnswer(fixture('asterisk-answer.sdp') + 'm=video 0 RTP/AVP 96\r\n', OFFER)).toMatchObject({
      ok: false,
      reason: 'media-count-mismatch',
    });
    expect(parseAnswer(fixture('asterisk-answer.sdp').replace(/ 8 0 96/, ' 18').replace('a=rtpmap:8 PCMA/8000', 'a=rtpmap:18 G729/8000'), OFFER)).toMatchObject({
      ok: false,
      reason: 'no-common-codec',
    });
    expect(parseAnswer('junk', OFFER)).toMatchObject({ ok: false, reason: 'bad-sdp' });
  });
});

describe('direction rules', () => {
  it('answer per RFC 3264 §6.1 for every offered and wanted direction', () => {
    const all: SdpDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
    const table = Object.fromEntries(all.map((o) => [o, all.map((w) => answerDirection(o, w))]));
    expect(table).toEqual({
      sendrecv: ['sendrecv', 'sendonly', 'recvonly', 'inactive'],
      sendonly: ['recvonly', 'inactive', 'recvonly', 'inactive'],
      recvonly: ['sendonly', 'sendonly', 'inactive', 'inactive'],
      inactive: ['inactive', 'inactive', 'inactive', 'inactive'],
    });
  });

  it('hold per RFC 3264 §8.4: sendrecv -> sendonly, recvonly -> inactive', () => {
    expect(holdDirection('sendrecv')).toBe('sendonly');
    expect(holdDirection('recvonly')).toBe('inactive');
    expect(holdDirection('sendonly')).toBe('sendonly');
    expect(holdDirection('inactive')).toBe('inactive');
  });
});
