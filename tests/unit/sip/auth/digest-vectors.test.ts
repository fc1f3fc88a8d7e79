/**
 * Proves the Digest computation against the published examples:
 * RFC 2617 §3.5 (MD5, qop=auth, "Circle Of Life") and RFC 7616 §3.9.1 (MD5 and
 * SHA-256, "Circle of Life", fixed cnonce), and the field layout of the
 * credentials we write. Also the challenge parser on well-formed and hostile input.
 */
import { describe, expect, it } from 'vitest';
import {
  computeDigest,
  formatDigestCredentials,
  parseDigestChallenge,
  SUPPORTED_DIGEST_ALGORITHMS,
  type DigestChallenge,
} from '../../../../src/sip/auth/index.js';
import { parseAuthChallenges } from '../../../../src/sip/message/index.js';

function challenge(value: string): DigestChallenge {
  const r = parseDigestChallenge(value);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('RFC 2617 §3.5 example', () => {
  it('computes response 6629fae49393a05397450978507c4ef1', () => {
    const ch = challenge(
      'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
    );
    expect(ch.qop).toEqual(['auth', 'auth-int']);
    expect(ch.algorithm).toBe('MD5');
    const inputs = {
      challenge: ch,
      method: 'GET',
      uri: '/dir/index.html',
      username: 'Mufasa',
      password: 'Circle Of Life',
      qop: 'auth' as const,
      cnonce: '0a4f113b',
      nc: 1,
    };
    const a = computeDigest(inputs);
    expect(a.response).toBe('6629fae49393a05397450978507c4ef1');
    const header = formatDigestCredentials(inputs, a);
    expect(header).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    );
  });
});

describe('RFC 7616 §3.9.1 examples', () => {
  const base = {
    method: 'GET',
    uri: '/dir/index.html',
    username: 'Mufasa',
    password: 'Circle of Life',
    qop: 'auth' as const,
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    nc: 1,
  };
  const params =
    'realm="http-auth@example.org", qop="auth, auth-int", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';

  it('MD5: response 8ca523f5e9506fed4657c9700eebdbec', () => {
    const ch = challenge(`Digest ${params}, algorithm=MD5`);
    expect(computeDigest({ ...base, challenge: ch }).response).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('SHA-256: response 753927fa...cb6c1', () => {
    const ch = challenge(`Digest ${params}, algorithm=SHA-256`);
    expect(ch.algorithm).toBe('SHA-256');
    const inputs = { ...base, challenge: ch };
    const a = computeDigest(inputs);
    expect(a.response).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(formatDigestCredentials(inputs, a)).toContain('algorithm=SHA-256, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"');
  });

  it('a different password gives a different response', () => {
    const ch = challenge(`Digest ${params}, algorithm=SHA-256`);
    expect(computeDigest({ ...base, challenge: ch, password: 'Circle Of Life' }).response).not.toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });
});

describe('challenge parsing', () => {
  it('reads tokens, quoted values, stale and userhash case-insensitively', () => {
    const ch = challenge('digest REALM="a\\"b", nonce=abc, algorithm="sha-256-SESS", stale=TRUE, userhash=true, domain="sip:x"');
    expect(ch).toMatchObject({ realm: 'a"b', nonce: 'abc', algorithm: 'SHA-256-sess', stale: true, userhash: true, domain: 'sip:x' });
    expect(ch.qop).toEqual([]);
  });

  it('splits several challenges in one field value', () => {
    const list = parseAuthChallenges('Basic realm="x", Digest realm="r", nonce="n", qop="auth", Digest realm="r", nonce="m", algorithm=SHA-256');
    expect(list.map((c) => c.scheme)).toEqual(['Basic', 'Digest', 'Digest']);
    expect(list[2]!.params.get('nonce')?.value).toBe('m');
    expect(parseDigestChallenge('Basic realm="x", Digest realm="r", nonce="n"').ok).toBe(true);
  });

  it('says why a challenge cannot be answered', () => {
    expect(parseDigestChallenge('Basic realm="x"')).toEqual({ ok: false, reason: 'not-digest' });
    expect(parseDigestChallenge('Digest nonce="n"')).toEqual({ ok: false, reason: 'missing-realm' });
    expect(parseDigestChallenge('Digest realm="r"')).toEqual({ ok: false, reason: 'missing-nonce' });
    expect(parseDigestChallenge('Digest realm="r", nonce="n", algorithm=SHA-1')).toEqual({ ok: false, reason: 'unsupported-algorithm' });
    expect(parseDigestChallenge('Digest realm="r", nonce="n", qop="auth-conf"')).toEqual({ ok: false, reason: 'unsupported-qop' });
  });

  it('never throws on garbage', () => {
    for (const g of ['', ',,,', '"', 'Digest', 'Digest ===', 'Digest realm="unterminated', '= = =', 'Digest a=b=c, ,=,']) {
      expect(() => parseAuthChallenges(g)).not.toThrow();
      expect(parseDigestChallenge(g).ok).toBe(false);
    }
    expect(parseAuthChallenges('Digest ' + 'a=b, '.repeat(5000)).length).toBe(1);
  });

  it('knows SHA-512-256 when node:crypto has it', () => {
    expect(SUPPORTED_DIGEST_ALGORITHMS[0]).toBe('SHA-512-256');
    expect(SUPPORTED_DIGEST_ALGORITHMS).toContain('MD5-sess');
  });
});
