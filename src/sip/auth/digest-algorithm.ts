import { createHash, getHashes } from 'node:crypto';

/**
 * Digest algorithms a SIP client meets (RFC 7616 §3.3 and §6.1, registered for
 * SIP by RFC 8760 §2.3). Names are matched case-insensitively on input and
 * written in the registry spelling on output.
 */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess';

export interface DigestAlgorithmInfo {
  name: DigestAlgorithm;
  /** node:crypto hash name. */
  hash: string;
  /** "-sess" variant: HA1 also covers nonce and cnonce (RFC 7616 §3.4.2). */
  session: boolean;
  /** Higher is stronger; used to pick among challenges (RFC 7616 §3.7 "local policy"). */
  strength: number;
}

const HAS_SHA512_256 = getHashes().includes('sha512-256');

const TABLE: readonly DigestAlgorithmInfo[] = [
  { name: 'MD5', hash: 'md5', session: false, strength: 1 },
  { name: 'MD5-sess', hash: 'md5', session: true, strength: 1 },
  { name: 'SHA-256', hash: 'sha256', session: false, strength: 2 },
  { name: 'SHA-256-sess', hash: 'sha256', session: true, strength: 2 },
  ...(HAS_SHA512_256
    ? ([
        { name: 'SHA-512-256', hash: 'sha512-256', session: false, strength: 3 },
        { name: 'SHA-512-256-sess', hash: 'sha512-256', session: true, strength: 3 },
      ] as const)
    : []),
];

const BY_LOWER = new Map(TABLE.map((a) => [a.name.toLowerCase(), a]));

/** Algorithms this build can compute, strongest first. */
export const SUPPORTED_DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [...TABLE]
  .sort((a, b) => b.strength - a.strength)
  .map((a) => a.name);

/**
 * Look up an algorithm token. An absent token means MD5 (RFC 7616 §3.3
 * "If this is not present, it is assumed to be MD5"). Unknown: undefined.
 */
export function lookupDigestAlgorithm(token: string | undefined): DigestAlgorithmInfo | undefined {
  if (token === undefined || token === '') return BY_LOWER.get('md5');
  return BY_LOWER.get(token.trim().toLowerCase());
}

/** Lower-case hex digest, as every Digest hash is written (RFC 7616 §3.4.1). */
export function digestHex(hash: string, data: string | Buffer): string {
  return createHash(hash).update(data).digest('hex');
}
