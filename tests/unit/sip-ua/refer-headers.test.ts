/**
 * The header and body formats of transfer, read and written: Replaces
 * (RFC 3891 §6.1), Refer-To with an escaped Replaces URI header (RFC 3515
 * §2.1, RFC 5589 §7 examples), Referred-By (RFC 3892), message/sipfrag
 * status lines (RFC 3420 / RFC 3515 §2.4.5). Malformed input is refused as
 * a value, never thrown.
 */
import { describe, expect, it } from 'vitest';
import { makeUri } from '../../../src/sip/index.js';
import {
  formatReferTo,
  formatReferredBy,
  formatReplaces,
  formatSipfrag,
  parseReplaces,
  parseSipfragStatus,
  readReferTo,
  replacesForDialog,
  replacesMatches,
} from '../../../src/sip-ua/index.js';

describe('Replaces', () => {
  it('reads the RFC 3891 §6.1 example and writes it back', () => {
    const r = parseReplaces('98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only');
    expect(r).toEqual({ callId: '98732@sip.example.com', fromTag: 'r33th4x0r', toTag: 'ff87ff', earlyOnly: true });
    expect(formatReplaces(r!)).toBe('98732@sip.example.com;to-tag=ff87ff;from-tag=r33th4x0r;early-only');
    expect(parseReplaces(' abc ; to-tag = 1 ; from-tag=2')).toEqual({ callId: 'abc', toTag: '1', fromTag: '2', earlyOnly: false });
  });

  it('refuses a value without Call-ID or without either tag', () => {
    expect(parseReplaces('')).toBeUndefined();
    expect(parseReplaces(';to-tag=1;from-tag=2')).toBeUndefined();
    expect(parseReplaces('abc;to-tag=1')).toBeUndefined();
    expect(parseReplaces('abc;from-tag=2')).toBeUndefined();
    expect(parseReplaces('abc;to-tag=1;;from-tag=2')).toBeUndefined();
  });

  it("names our dialog as the peer sees it, and matches one we receive against our tags (§3)", () => {
    const ours = { callId: 'c1', localTag: 'mine', remoteTag: 'theirs' };
    expect(replacesForDialog(ours)).toEqual({ callId: 'c1', toTag: 'theirs', fromTag: 'mine', earlyOnly: false });
    expect(replacesMatches({ callId: 'c1', toTag: 'mine', fromTag: 'theirs', earlyOnly: false }, ours)).toBe(true);
    expect(replacesMatches({ callId: 'c1', toTag: 'theirs', fromTag: 'mine', earlyOnly: false }, ours)).toBe(false);
  });
});

describe('Refer-To and Referred-By', () => {
  it('escapes a Replaces into the URI and reads it back (RFC 5589 §7 form)', () => {
    const replaces = { callId: '425928@bobster.example.org', toTag: '7743', fromTag: '6472', earlyOnly: false };
    const text = formatReferTo('sips:dave@denver.example.org', replaces)!;
    expect(text).toBe('<sips:dave@denver.example.org?Replaces=425928%40bobster.example.org%3Bto-tag%3D7743%3Bfrom-tag%3D6472>');
    const back = readReferTo([text]);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.replaces).toEqual(replaces);
    expect(back.value.uri.headers.size).toBe(0);
    expect(back.value.uri.user).toBe('dave');
  });

  it('reads a plain target, a display name, and keeps other URI headers apart', () => {
    const r = readReferTo(['"Carol" <sip:carol@127.0.0.1:5073?Accept-Contact=%2A>']);
    expect(r.ok && r.value.displayName).toBe('Carol');
    expect(r.ok && [...r.value.headers]).toEqual([['Accept-Contact', '*']]);
    expect(r.ok && r.value.replaces).toBeUndefined();
    const bare = readReferTo(['sip:1003@pbx.example.com']);
    expect(bare.ok && bare.value.uri.host).toBe('pbx.example.com');
    expect(formatReferTo(makeUri({ user: '1003', host: 'pbx.example.com' }))).toBe('<sip:1003@pbx.example.com>');
  });

  it('refuses what RFC 3515 §2.4.2 answers with 400: none, two, garbage, a broken Replaces', () => {
    expect(readReferTo([])).toEqual({ ok: false, reason: 'missing' });
    expect(readReferTo(['<sip:a@b>', '<sip:c@d>'])).toEqual({ ok: false, reason: 'several' });
    expect(readReferTo(['<http://example.com/>'])).toEqual({ ok: false, reason: 'unparseable' });
    expect(readReferTo(['<sip:a@b?Replaces=abc%3Bto-tag%3D1>'])).toEqual({ ok: false, reason: 'bad-replaces' });
    expect(formatReferTo('not a uri')).toBeUndefined();
  });

  it('writes our identity as Referred-By without the dialog tag', () => {
    const me = { displayName: 'Alice', uri: makeUri({ user: 'alice', host: 'atlanta.example.com' }), params: new Map([['tag', 'x1']]) };
    expect(formatReferredBy(me)).toBe('"Alice" <sip:alice@atlanta.example.com>');
  });
});

describe('message/sipfrag', () => {
  it('reads status lines, with and without reason, ignoring the rest of the fragment', () => {
    expect(parseSipfragStatus(Buffer.from('SIP/2.0 200 OK\r\n'))).toEqual({ status: 200, reason: 'OK' });
    expect(parseSipfragStatus('SIP/2.0 180 Ringing\r\nContact: <sip:c@d>\r\n')).toEqual({ status: 180, reason: 'Ringing' });
    expect(parseSipfragStatus('SIP/2.0 503')).toEqual({ status: 503, reason: '' });
    expect(parseSipfragStatus('INVITE sip:a@b SIP/2.0\r\n')).toBeUndefined();
    expect(parseSipfragStatus('SIP/2.0 99 Nope')).toBeUndefined();
    expect(parseSipfragStatus('')).toBeUndefined();
    expect(formatSipfrag(603, 'Declined').toString()).toBe('SIP/2.0 603 Declined\r\n');
  });
});
