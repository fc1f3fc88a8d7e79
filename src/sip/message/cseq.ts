import { TOKEN_CHARS, isWsp, skipWsp } from './char-classes.js';
import type { CSeq } from './types.js';

/**
 * "4711 INVITE" (RFC 3261 §20.16). The number is 32 bits (§8.1.1.5); leading
 * zeros are allowed (RFC 4475 §3.1.1.1 "0009"), anything larger than 2**32-1
 * is rejected (RFC 4475 §3.1.2.4, §3.1.2.5). The method is case-sensitive.
 */
export function parseCSeq(text: string): CSeq | undefined {
  const s = text;
  let i = skipWsp(s, 0);
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start) return undefined;
  const seq = parseBoundedInt(s, start, i, 0xffffffff);
  if (seq === undefined) return undefined;
  if (!isWsp(s.charCodeAt(i))) return undefined;
  i = skipWsp(s, i);
  const methodStart = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] === 0) break;
    i++;
  }
  if (i === methodStart || skipWsp(s, i) !== s.length) return undefined;
  return { seq, method: s.slice(methodStart, i) };
}

/** Decimal digits s[start, end) as a number, or undefined when above max (leading zeros allowed). */
export function parseBoundedInt(s: string, start: number, end: number, max: number): number | undefined {
  while (start < end - 1 && s.charCodeAt(start) === 0x30) start++;
  if (end - start > 15) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return undefined;
    v = v * 10 + (c - 0x30);
  }
  return v > max ? undefined : v;
}
