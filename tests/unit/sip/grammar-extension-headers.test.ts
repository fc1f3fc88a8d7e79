/**
 * Parsers for the extension headers the UA layers read: RAck/RSeq (RFC 3262),
 * Event and Subscription-State (RFC 6665), Session-Expires and Min-SE
 * (RFC 4028), Retry-After (RFC 3261 §20.33), Min-Expires and Expires
 * (§20.23, §20.19). Proves values, parameters, limits and rejection of
 * malformed input (undefined, never a throw).
 */
import { describe, expect, it } from 'vitest';
import {
  formatEvent,
  formatRAck,
  formatSessionExpires,
  formatSubscriptionState,
  parseEvent,
  parseExpires,
  parseMinExpires,
  parseMinSE,
  parseRAck,
  parseRSeq,
  parseRetryAfter,
  parseSessionExpires,
  parseSubscriptionState,
  sameEvent,
} from '../../../src/sip/message/index.js';

describe('RAck / RSeq (RFC 3262 §7.1, §7.2)', () => {
  it('parses and formats', () => {
    expect(parseRAck('776656 1 INVITE')).toEqual({ rseq: 776656, cseq: 1, method: 'INVITE' });
    expect(parseRAck('  1   314159   INVITE ')).toEqual({ rseq: 1, cseq: 314159, method: 'INVITE' });
    expect(formatRAck({ rseq: 5, cseq: 7, method: 'INVITE' })).toBe('5 7 INVITE');
    expect(parseRSeq('988789')).toBe(988789);
    expect(parseRSeq(' 2147483647 ')).toBe(2147483647);
  });
  it('rejects malformed and out-of-range values', () => {
    for (const bad of ['', '1 INVITE', '1 2', 'a 1 INVITE', '0 1 INVITE', '2147483648 1 INVITE', '1 4294967296 INVITE', '1 2 INVITE x', '1,2 INVITE']) {
      expect(parseRAck(bad), bad).toBeUndefined();
    }
    for (const bad of ['', '0', '2147483648', '12a', '-1']) expect(parseRSeq(bad), bad).toBeUndefined();
  });
});

describe('Event (RFC 6665 §8.2.1)', () => {
  it('type, parameters and id', () => {
    const e = parseEvent('dialog;id=1')!;
    expect(e.type).toBe('dialog');
    expect(e.id).toBe('1');
    expect(e.params.get('id')).toBe('1');
    expect(parseEvent(' presence.winfo ')).toMatchObject({ type: 'presence.winfo' });
    expect(parseEvent('message-summary')!.id).toBeUndefined();
    expect(parseEvent('refer;id=93809824;foo="bar baz"')!.params.get('foo')).toBe('bar baz');
    expect(formatEvent({ type: 'dialog', id: '1' })).toBe('dialog;id=1');
    expect(formatEvent(parseEvent('refer;id=9')!)).toBe('refer;id=9');
  });
  it('subscription matching: same type and id', () => {
    expect(sameEvent(parseEvent('dialog;id=1')!, parseEvent('Dialog ; id=1')!)).toBe(true);
    expect(sameEvent(parseEvent('dialog;id=1')!, parseEvent('dialog;id=2')!)).toBe(false);
    expect(sameEvent(parseEvent('dialog')!, parseEvent('dialog;id=2')!)).toBe(false);
  });
  it('rejects malformed values', () => {
    for (const bad of ['', ';id=1', 'dialog;;id=1', 'dia log', 'dialog;id="x']) expect(parseEvent(bad), bad).toBeUndefined();
  });
});

describe('Subscription-State (RFC 6665 §8.2.3)', () => {
  it('active with expires, terminated with reason and retry-after', () => {
    expect(parseSubscriptionState('active;expires=3600')).toMatchObject({ state: 'active', expires: 3600 });
    expect(parseSubscriptionState('terminated;reason=timeout')).toMatchObject({ state: 'terminated', reason: 'timeout' });
    const t = parseSubscriptionState('Terminated; reason=Probation; retry-after=30')!;
    expect(t).toMatchObject({ state: 'terminated', reason: 'probation', retryAfter: 30 });
    expect(parseSubscriptionState('pending')).toMatchObject({ state: 'pending' });
    expect(parseSubscriptionState('pending')!.expires).toBeUndefined();
  });
  it('an out-of-range expires is left out, not wrapped', () => {
    const s = parseSubscriptionState('active;expires=99999999999999')!;
    expect(s.expires).toBeUndefined();
    expect(s.params.get('expires')).toBe('99999999999999');
  });
  it('formats and rejects', () => {
    expect(formatSubscriptionState({ state: 'active', expires: 600 })).toBe('active;expires=600');
    expect(formatSubscriptionState({ state: 'terminated', reason: 'noresource' })).toBe('terminated;reason=noresource');
    for (const bad of ['', ';expires=1', 'active;', 'active expires=1']) expect(parseSubscriptionState(bad), bad).toBeUndefined();
  });
});

describe('Session-Expires and Min-SE (RFC 4028 §4, §5)', () => {
  it('interval and refresher', () => {
    expect(parseSessionExpires('1800;refresher=uac')).toMatchObject({ interval: 1800, refresher: 'uac' });
    expect(parseSessionExpires(' 90 ; refresher = UAS ')).toMatchObject({ interval: 90, refresher: 'uas' });
    const other = parseSessionExpires('4000;refresher=other;x=1')!;
    expect(other.refresher).toBeUndefined();
    expect(other.params.get('x')).toBe('1');
    expect(parseSessionExpires('1800')!.refresher).toBeUndefined();
    expect(formatSessionExpires({ interval: 1800, refresher: 'uas' })).toBe('1800;refresher=uas');
    expect(formatSessionExpires({ interval: 600 })).toBe('600');
    expect(parseMinSE('90')).toBe(90);
    expect(parseMinSE('120;x=y')).toBe(120);
  });
  it('rejects malformed values', () => {
    for (const bad of ['', 'abc', '-5', '1800;;refresher=uac', '99999999999', '1800 refresher=uac']) {
      expect(parseSessionExpires(bad), bad).toBeUndefined();
    }
    expect(parseMinSE('x')).toBeUndefined();
  });
});

describe('Retry-After (RFC 3261 §20.33)', () => {
  it('seconds, comment and duration', () => {
    expect(parseRetryAfter('18000;duration=3600')).toMatchObject({ seconds: 18000, duration: 3600 });
    const r = parseRetryAfter("120 (I'm in a (long) meeting)")!;
    expect(r.seconds).toBe(120);
    expect(r.comment).toBe("I'm in a (long) meeting");
    expect(parseRetryAfter('5')).toMatchObject({ seconds: 5 });
  });
  it('an absurd value (RFC 4475 scalarlg) and broken syntax give undefined', () => {
    expect(parseRetryAfter('949302838503028349304023988')).toBeUndefined();
    for (const bad of ['', 'soon', '10 (unclosed', '10;;duration=1', '10 junk']) expect(parseRetryAfter(bad), bad).toBeUndefined();
  });
});

describe('Min-Expires and Expires (RFC 3261 §20.23, §20.19)', () => {
  it('delta-seconds up to 2**32-1, leading zeros allowed', () => {
    expect(parseMinExpires('60')).toBe(60);
    expect(parseMinExpires(' 0003600 ')).toBe(3600);
    expect(parseExpires('4294967295')).toBe(4294967295);
    expect(parseExpires('0')).toBe(0);
  });
  it('out of range or not a number -> undefined (the caller uses its default, RFC 4475 §3.1.2.4)', () => {
    expect(parseExpires('4294967296')).toBeUndefined();
    expect(parseExpires('1'.padEnd(105, '0'))).toBeUndefined();
    for (const bad of ['', '-1', '1.5', '60 s', 'Thu, 01 Dec 2040 16:00:00 GMT']) expect(parseMinExpires(bad), bad).toBeUndefined();
  });
});
