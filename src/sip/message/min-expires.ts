import { skipWsp } from './char-classes.js';
import { parseBoundedInt } from './cseq.js';

/** Largest delta-seconds value (RFC 3261 §20.19: between 0 and 2**32-1). */
export const MAX_DELTA_SECONDS = 0xffffffff;

/**
 * delta-seconds = 1*DIGIT (RFC 3261 §25.1), with optional surrounding LWS.
 * Undefined when not a number or above 2**32-1: RFC 4475 §3.1.2.4 suggests
 * treating such an expiry as absent (the caller's default applies).
 */
export function parseDeltaSeconds(text: string): number | undefined {
  const start = skipWsp(text, 0);
  let end = start;
  while (end < text.length && text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) end++;
  if (end === start || skipWsp(text, end) !== text.length) return undefined;
  return parseBoundedInt(text, start, end, MAX_DELTA_SECONDS);
}

/** Min-Expires: delta-seconds (RFC 3261 §20.23), sent with 423 Interval Too Brief. */
export function parseMinExpires(text: string): number | undefined {
  return parseDeltaSeconds(text);
}

/** Expires: delta-seconds (RFC 3261 §20.19). */
export function parseExpires(text: string): number | undefined {
  return parseDeltaSeconds(text);
}
