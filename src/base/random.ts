import { randomFillSync, randomInt } from 'node:crypto';

/**
 * Random bytes are drawn from the CSPRNG a pool at a time: every request
 * needs a branch, every dialog a tag and a Call-ID, and one
 * randomBytes() call per token (a new Buffer and a trip into OpenSSL each)
 * was ~5 % of a call set-up's CPU. The bytes are the same CSPRNG output,
 * each used once.
 */
const POOL_BYTES = 4096;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/** Offset of `n` (<= POOL_BYTES) fresh bytes in `pool`. */
function take(n: number): number {
  if (poolOffset + n > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const at = poolOffset;
  poolOffset += n;
  return at;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Random token of `len` characters from [0-9a-z], for tags, branches and Call-IDs. */
export function randomToken(len = 10): string {
  let out = '';
  let left = len;
  while (left > 0) {
    const n = Math.min(left, POOL_BYTES);
    const at = take(n);
    for (let i = 0; i < n; i++) out += ALPHABET[pool[at + i]! % 36];
    left -= n;
  }
  return out;
}

/** Random unsigned 32-bit integer (RTP SSRC, initial timestamps). */
export function randomUint32(): number {
  return pool.readUInt32BE(take(4));
}

/** Random integer in [min, max). */
export function randomBetween(min: number, max: number): number {
  return randomInt(min, max);
}
