/**
 * WWW-Authenticate / Authorization values (RFC 3261 §20.27, §20.44, §22;
 * RFC 2617 §3.2; RFC 7235 token68).
 *
 * Proves that challenges from real servers parse into scheme + parameters
 * with quoting remembered, that odd spacing and case are tolerated, that
 * broken values fail safely, and that credentials are written with the
 * quoting RFC 2617 expects (quoted strings, but algorithm/qop/nc/stale bare).
 */
import { describe, expect, it } from 'vitest';
import {
  authParam,
  authParamList,
  formatAuthHeader,
  formatAuthParams,
  parseAuthChallenge,
  parseAuthChallenges,
  parseAuthCredentials,
} from '../../../src/sip/message/index.js';

describe('parseAuthChallenge', () => {
  it('a Digest challenge with quoted and token values', () => {
    const c = parseAuthChallenge('Digest realm="atlanta.com", domain="sip:boxesbybob.com", qop="auth,auth-int", nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, algorithm=MD5')!;
    expect(c.scheme).toBe('Digest');
    expect(authParam(c, 'realm')).toBe('atlanta.com');
    expect(authParam(c, 'NONCE')).toBe('f84f1cec41e6cbe5aea9c8e88d359');
    expect(authParam(c, 'opaque')).toBe('');
    expect(c.params.get('algorithm')).toEqual({ value: 'MD5', quoted: false });
    expect(c.params.get('stale')).toEqual({ value: 'FALSE', quoted: false });
    expect(c.params.get('qop')).toEqual({ value: 'auth,auth-int', quoted: true });
    expect(authParamList(c, 'qop')).toEqual(['auth', 'auth-int']);
    expect(authParamList(c, 'missing')).toEqual([]);
  });

  it('tolerates no spaces, extra spaces, upper-case names and commas inside quotes', () => {
    const c = parseAuthChallenge('Digest   REALM = "a, b" ,nonce="x\\"y",algorithm = SHA-256 , qop="auth"')!;
    expect(authParam(c, 'realm')).toBe('a, b');
    expect(authParam(c, 'nonce')).toBe('x"y');
    expect(authParam(c, 'algorithm')).toBe('SHA-256');
    expect(authParam(c, 'qop')).toBe('auth');
  });

  it('credentials have the same shape (Authorization)', () => {
    const a = parseAuthCredentials(
      'Digest username="1001",realm="sayhi.test",nonce="ZJ9a",uri="sip:192.0.2.20",response="6629fae49393a05397450978507c4ef1",algorithm=MD5,cnonce="0a4f113b",qop=auth,nc=00000001',
    )!;
    expect(authParam(a, 'username')).toBe('1001');
    expect(a.params.get('qop')).toEqual({ value: 'auth', quoted: false });
    expect(authParam(a, 'nc')).toBe('00000001');
    expect(authParam(a, 'uri')).toBe('sip:192.0.2.20');
  });

  it('unquoted values with URI characters (some servers send uri=sip:x)', () => {
    expect(authParam(parseAuthChallenge('Digest uri=sip:bob@example.com, realm=x')!, 'uri')).toBe('sip:bob@example.com');
  });

  it('several challenges in one value, and token68', () => {
    const list = parseAuthChallenges('Digest realm="a", nonce="1", Basic realm="b"');
    expect(list.map((c) => c.scheme)).toEqual(['Digest', 'Basic']);
    expect(authParam(list[1]!, 'realm')).toBe('b');
    const bearer = parseAuthChallenge('Bearer mF_9.B5f-4.1JqM==')!;
    expect(bearer.token68).toBe('mF_9.B5f-4.1JqM==');
    expect(bearer.params.size).toBe(0);
    expect(formatAuthHeader(bearer)).toBe('Bearer mF_9.B5f-4.1JqM==');
    expect(parseAuthChallenge('NoOneKnowsThisScheme opaque-data=here')!.params.get('opaque-data')).toEqual({ value: 'here', quoted: false });
  });

  it('the first of duplicate parameters wins (RFC 7235 §2.1: each name once)', () => {
    expect(authParam(parseAuthChallenge('Digest realm="first", realm="second"')!, 'realm')).toBe('first');
  });

  it('broken values fail safely', () => {
    expect(parseAuthChallenge('')).toBeUndefined();
    expect(parseAuthChallenge('   ')).toBeUndefined();
    expect(parseAuthChallenge('"Digest" realm=x')).toBeUndefined();
    const unterminated = parseAuthChallenge('Digest realm="x, nonce="y');
    expect(unterminated?.scheme).toBe('Digest');
    expect(authParam(unterminated!, 'nonce')).toBeUndefined();
    expect(authParam(parseAuthChallenge('Digest realm=')!, 'realm')).toBeUndefined();
  });
});

describe('formatAuthParams / formatAuthHeader', () => {
  it('quotes strings, leaves the Digest token parameters bare', () => {
    const out = formatAuthParams([
      ['username', '1001'],
      ['realm', 'sayhi.test'],
      ['nonce', 'ab"c'],
      ['uri', 'sip:192.0.2.20'],
      ['response', '6629fae4'],
      ['algorithm', 'MD5'],
      ['cnonce', '0a4f113b'],
      ['qop', 'auth'],
      ['nc', '00000001'],
    ]);
    expect(out).toBe(
      'username="1001", realm="sayhi.test", nonce="ab\\"c", uri="sip:192.0.2.20", response="6629fae4", algorithm=MD5, cnonce="0a4f113b", qop=auth, nc=00000001',
    );
  });

  it('parsed challenges are written back with their original quoting', () => {
    const text = 'Digest realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e", qop="auth", algorithm=MD5, stale=true';
    const c = parseAuthChallenge(text)!;
    expect(formatAuthHeader(c)).toBe(text);
    expect(formatAuthHeader(parseAuthChallenge(formatAuthHeader(c))!)).toBe(text);
  });

  it('a token-named value that is not a token is still quoted', () => {
    expect(formatAuthParams([['algorithm', 'MD5 sess']])).toBe('algorithm="MD5 sess"');
    expect(formatAuthParams(new Map([['realm', { value: 'x', quoted: false }]]))).toBe('realm=x');
    expect(formatAuthHeader({ scheme: 'Digest', params: new Map() })).toBe('Digest');
  });
});
