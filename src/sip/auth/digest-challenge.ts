import { authParam, parseAuthChallenges, type AuthChallenge } from '../message/index.js';
import { lookupDigestAlgorithm, type DigestAlgorithm } from './digest-algorithm.js';

/**
 * Digest challenges (RFC 7616 §3.3, RFC 8760 §2.3) on top of the generic
 * WWW-Authenticate / Proxy-Authenticate reader of src/sip/message
 * (RFC 3261 §20.44, §25.1; several challenges in one value, RFC 7235 §2.1).
 * Never throws: a value that cannot be read yields no challenge.
 */

export type DigestQop = 'auth' | 'auth-int';

/** A Digest challenge this client can answer. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
  /** The algorithm parameter as the server wrote it (undefined when absent: MD5). */
  algorithmToken?: string;
  /** Offered qop values we implement, in the server's order. Empty: RFC 2069 mode (no qop). */
  qop: DigestQop[];
  stale: boolean;
  /** RFC 7616 §3.4.4: the server wants the username hashed. */
  userhash: boolean;
  domain?: string;
  charset?: string;
}

export type DigestChallengeError =
  | 'not-digest'
  | 'missing-realm'
  | 'missing-nonce'
  | 'unsupported-algorithm'
  | 'unsupported-qop';

/** Turn a generic challenge into a Digest challenge we can answer, or say why not. */
export function toDigestChallenge(
  c: AuthChallenge,
): { ok: true; value: DigestChallenge } | { ok: false; reason: DigestChallengeError } {
  if (c.scheme.toLowerCase() !== 'digest') return { ok: false, reason: 'not-digest' };
  const realm = authParam(c, 'realm');
  if (realm === undefined) return { ok: false, reason: 'missing-realm' };
  const nonce = authParam(c, 'nonce');
  if (nonce === undefined || nonce === '') return { ok: false, reason: 'missing-nonce' };
  const algorithmToken = authParam(c, 'algorithm');
  const algorithm = lookupDigestAlgorithm(algorithmToken);
  if (!algorithm) return { ok: false, reason: 'unsupported-algorithm' };

  const qopParam = authParam(c, 'qop');
  const qop: DigestQop[] = [];
  if (qopParam !== undefined) {
    // qop-options is a quoted, comma-separated list (RFC 7616 §3.3)
    for (const raw of qopParam.split(',')) {
      const q = raw.trim().toLowerCase();
      if ((q === 'auth' || q === 'auth-int') && !qop.includes(q)) qop.push(q);
    }
    if (qop.length === 0) return { ok: false, reason: 'unsupported-qop' };
  }

  const ch: DigestChallenge = {
    realm,
    nonce,
    algorithm: algorithm.name,
    qop,
    stale: authParam(c, 'stale')?.toLowerCase() === 'true',
    userhash: authParam(c, 'userhash')?.toLowerCase() === 'true',
  };
  if (algorithmToken !== undefined) ch.algorithmToken = algorithmToken;
  const opaque = authParam(c, 'opaque');
  if (opaque !== undefined) ch.opaque = opaque;
  const domain = authParam(c, 'domain');
  if (domain !== undefined) ch.domain = domain;
  const charset = authParam(c, 'charset');
  if (charset !== undefined) ch.charset = charset;
  return { ok: true, value: ch };
}

/** The first Digest challenge in a header value that we can answer. */
export function parseDigestChallenge(
  value: string,
): { ok: true; value: DigestChallenge } | { ok: false; reason: DigestChallengeError } {
  let firstError: DigestChallengeError = 'not-digest';
  for (const c of parseAuthChallenges(value)) {
    const r = toDigestChallenge(c);
    if (r.ok) return r;
    if (firstError === 'not-digest') firstError = r.reason;
  }
  return { ok: false, reason: firstError };
}
