import { randomBytes, randomInt } from 'node:crypto';

/** Random token of `len` characters from [0-9a-z], for tags, branches and Call-IDs. */
export function randomToken(len = 10): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
  const bytes = randomBytes(len);
  let out = '';
  for (let i = 0; i < len; i++) out += alphabet[bytes[i]! % 36];
  return out;
}

/** Random unsigned 32-bit integer (RTP SSRC, initial timestamps). */
export function randomUint32(): number {
  return randomBytes(4).readUInt32BE(0);
}

/** Random integer in [min, max). */
export function randomBetween(min: number, max: number): number {
  return randomInt(min, max);
}
