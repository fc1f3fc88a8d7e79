import { describe, expect, it } from 'vitest';
import { parseSdp, scanSdp, writeSdp } from '../../../../src/sip-ua/sdp/index.js';

// A typical PBX offer (Asterisk-style), with lines we do not model kept as written.
const OFFER = [
  'v=0',
  'o=- 1700000000123456789 2 IN IP4 192.0.2.10',
  's=Asterisk',
  'c=IN IP4 192.0.2.10',
  'b=AS:84',
  't=0 0',
  'a=group:BUNDLE 0',
  'm=audio 14000 RTP/AVP 9 0 8 101',
  'a=rtpmap:9 G722/8000',
  'a=rtpmap:0 PCMU/8000',
  'a=rtpmap:101 telephone-event/8000',
  'a=fmtp:101 0-16',
  'a=rtcp:14001 IN IP4 192.0.2.11',
  'a=ptime:20',
  'a=maxptime:150',
  'a=sendonly',
  'x=unknown but kept',
  '',
].join('\r\n');

describe('SDP scanner and writer (RFC 8866)', () => {
  it('reads what offer/answer needs and keeps every other line', () => {
    const s = scanSdp(OFFER);
    const d = s.description;
    expect(d.origin).toEqual({ username: '-', sessionId: '1700000000123456789', version: '2', addressType: 'IP4', address: '192.0.2.10' });
    expect(d.connection).toEqual({ ipVersion: 4, address: '192.0.2.10' });
    expect(d.other).toEqual([
      { type: 'b', value: 'AS:84' },
      { type: 'a', value: 'group:BUNDLE 0' },
    ]);
    const m = d.media[0]!;
    expect(m).toMatchObject({ type: 'audio', port: 14000, protocol: 'RTP/AVP', formats: '9 0 8 101', ptime: 20, direction: 'sendonly' });
    expect(m.rtpmaps).toEqual([
      { pt: 9, encoding: 'G722', clockRate: 8000 },
      { pt: 0, encoding: 'PCMU', clockRate: 8000 },
      { pt: 101, encoding: 'telephone-event', clockRate: 8000 },
    ]);
    expect(m.fmtps).toEqual([{ pt: 101, params: '0-16' }]);
    expect(m.rtcp).toEqual({ port: 14001, address: '192.0.2.11' });
    expect(m.other).toEqual([
      { type: 'a', value: 'maxptime:150' },
      { type: 'x', value: 'unknown but kept' },
    ]);
  });

  it('writes a description back that reads the same (CRLF line ends)', () => {
    const first = scanSdp(OFFER).description;
    const text = writeSdp(first);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n').filter((l) => l !== '')).toHaveLength(OFFER.split('\r\n').filter((l) => l !== '').length);
    expect(scanSdp(text).description).toEqual(first);
  });

  it('accepts a lone LF as line end and reduces the session (static PCMA without rtpmap)', () => {
    const r = parseSdp(OFFER.replaceAll('\r\n', '\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const media = r.value.media[0]!;
    expect(media.address).toBe('192.0.2.10');
    expect(media.formats.find((f) => f.pt === 8)).toMatchObject({ name: 'PCMA', clockRate: 8000 });
    expect(media.rtcpPort).toBe(14001);
  });

  it('does not read half a line: a payload type with a leading zero stays an unread attribute', () => {
    const m = scanSdp('v=0\r\nm=audio 5 RTP/AVP 0\r\na=rtpmap:08 PCMA/8000\r\n').description.media[0]!;
    expect(m.rtpmaps).toEqual([]);
    expect(m.other).toEqual([{ type: 'a', value: 'rtpmap:08 PCMA/8000' }]);
  });

  it.each([
    ['', 'empty body'],
    ['v=1\r\n', 'does not start with v=0'],
    ['v=0\r\nHELLO\r\n', 'not an SDP line: HELLO'],
    ['v=0\r\ns=-\r\n', 'no valid o= line'],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio x RTP/AVP 0\r\n', 'bad m= line: m=audio x RTP/AVP 0'],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 70000 RTP/AVP 0\r\nc=IN IP4 127.0.0.1\r\n', 'm= line 0: bad port'],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0 200\r\nc=IN IP4 127.0.0.1\r\n', 'm= line 0: bad format list'],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nm=audio 4000 RTP/AVP 0\r\n', 'm= line 0: no c= line'],
    ['v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\na=x\rm=audio 4000 RTP/AVP 0\r\n', 'm= lines could not be read'],
  ])('refuses %j with a reason', (text, detail) => {
    expect(parseSdp(text)).toEqual({ ok: false, reason: 'bad-sdp', detail });
  });

  it('refuses a body over the size limit without reading it', () => {
    const big = `v=0\r\n${'a=x\r\n'.repeat(10_000)}`;
    expect(parseSdp(big)).toEqual({ ok: false, reason: 'bad-sdp', detail: 'too large' });
    expect(parseSdp(Buffer.alloc(200_000, 0x61))).toEqual({ ok: false, reason: 'bad-sdp', detail: 'too large' });
  });

  it('never throws on mutated bodies (bounded fuzz)', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ' =/:\r\n\t0123456789amcovs-IPN\u2028\u00a0';
    for (let i = 0; i < 5000; i++) {
      const chars = [...OFFER];
      for (let k = 0; k < 1 + rand(6); k++) {
        const at = rand(chars.length);
        const op = rand(3);
        if (op === 0) chars.splice(at, 1);
        else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]!);
        else chars[at] = alphabet[rand(alphabet.length)]!;
      }
      const r = parseSdp(chars.join(''));
      if (r.ok) expect(r.value.media.every((m) => Number.isInteger(m.port) && m.port <= 65535)).toBe(true);
      else expect(r.detail.length).toBeGreaterThan(0);
    }
  });
});
