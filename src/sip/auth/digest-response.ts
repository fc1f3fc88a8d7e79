import { SayhiError } from '../../base/index.js';
import { digestHex, lookupDigestAlgorithm } from './digest-algorithm.js';
import type { DigestChallenge, DigestQop } from './digest-challenge.js';

/**
 * The Digest computation itself (RFC 7616 §3.4.1-§3.4.4, RFC 2617 §3.2.2 and
 * the RFC 2069 form without qop that RFC 3261 §22.4 keeps for compatibility).
 *
 *   A1 = username ":" realm ":" password            (-sess: H(A1) ":" nonce ":" cnonce)
 *   A2 = method ":" digest-uri                       (auth-int: ... ":" H(body))
 *   response = H(H(A1) ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2))
 *   response = H(H(A1) ":" nonce ":" H(A2))          (no qop)
 */
export interface DigestInputs {
  challenge: DigestChallenge;
  method: string;
  /** digest-uri: the Request-URI exactly as written in the request line. */
  uri: string;
  /** The authentication username (the manual's "Authenticate Name", else the user name). */
  username: string;
  password: string;
  /** Message body, hashed into A2 for qop=auth-int (RFC 7616 §3.4.3). */
  body?: Buffer;
  /** The qop we answer with; undefined when the challenge offered none. */
  qop?: DigestQop;
  cnonce: string;
  /** Nonce count, 1 for the first request with this nonce. */
  nc: number;
}

export interface DigestAnswer {
  ha1: string;
  ha2: string;
  response: string;
  /** The username as written in the header (hashed when userhash=true). */
  usernameParam: string;
  /** nc as 8 hex digits (RFC 7616 §3.4). */
  ncText: string;
}

export function formatNonceCount(nc: number): string {
  return (nc >>> 0).toString(16).padStart(8, '0');
}

export function computeDigest(d: DigestInputs): DigestAnswer {
  const info = lookupDigestAlgorithm(d.challenge.algorithm);
  if (!info) throw new SayhiError('SIP_AUTH_ALGORITHM', `digest algorithm ${d.challenge.algorithm} not available`);
  const H = (s: string | Buffer): string => digestHex(info.hash, s);
  const realm = d.challenge.realm;
  const nonce = d.challenge.nonce;
  const ncText = formatNonceCount(d.nc);

  let ha1 = H(`${d.username}:${realm}:${d.password}`);
  if (info.session) ha1 = H(`${ha1}:${nonce}:${d.cnonce}`);

  const a2 =
    d.qop === 'auth-int'
      ? `${d.method}:${d.uri}:${H(d.body ?? Buffer.alloc(0))}`
      : `${d.method}:${d.uri}`;
  const ha2 = H(a2);

  const response =
    d.qop === undefined
      ? H(`${ha1}:${nonce}:${ha2}`)
      : H(`${ha1}:${nonce}:${ncText}:${d.cnonce}:${d.qop}:${ha2}`);

  // RFC 7616 §3.4.4: with userhash the header carries H(username ":" realm)
  const usernameParam = d.challenge.userhash ? H(`${d.username}:${realm}`) : d.username;
  return { ha1, ha2, response, usernameParam, ncText };
}

function quote(s: string): string {
  // nonces, URIs and hex digests almost never hold a quote or a backslash: skip the regex then
  if (s.indexOf('"') < 0 && s.indexOf('\\') < 0) return `"${s}"`;
  return `"${s.replace(/(["\\])/g, '\\$1')}"`;
}

/**
 * The credentials field value (RFC 3261 §25.1 "credentials", RFC 8760 §2.4).
 * algorithm, qop and nc are tokens and stay unquoted; the rest are quoted.
 */
export function formatDigestCredentials(d: DigestInputs, a: DigestAnswer): string {
  const c = d.challenge;
  const parts = [
    `username=${quote(a.usernameParam)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(d.uri)}`,
    `response=${quote(a.response)}`,
    `algorithm=${c.algorithm}`,
  ];
  const session = lookupDigestAlgorithm(c.algorithm)?.session ?? false;
  if (d.qop !== undefined || session) parts.push(`cnonce=${quote(d.cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  if (d.qop !== undefined) parts.push(`qop=${d.qop}`, `nc=${a.ncText}`);
  if (c.userhash) parts.push('userhash=true');
  return `Digest ${parts.join(', ')}`;
}
