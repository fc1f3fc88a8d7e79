import { skipWsp } from './char-classes.js';
import { parseBoundedInt } from './cseq.js';
import { MAX_DELTA_SECONDS, parseDeltaSeconds } from './min-expires.js';
import { parseParamsStrict } from './params.js';
import type { Params } from './types.js';

/**
 * Retry-After (RFC 3261 §20.33): delta-seconds [ comment ] *( SEMI retry-param ),
 * e.g. "120 (I'm in a meeting);duration=60". Undefined when the number is
 * above 2**32-1 (RFC 4475 §3.1.2.5 sends 949302838503028349304023988).
 */
export interface RetryAfter {
  seconds: number;
  comment?: string;
  duration?: number;
  params: Params;
}

export function parseRetryAfter(text: string): RetryAfter | undefined {
  const s = text;
  const start = skipWsp(s, 0);
  let i = start;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start) return undefined;
  const seconds = parseBoundedInt(s, start, i, MAX_DELTA_SECONDS);
  if (seconds === undefined) return undefined;
  i = skipWsp(s, i);
  let comment: string | undefined;
  if (s.charCodeAt(i) === 0x28) {
    const end = commentEnd(s, i);
    if (end < 0) return undefined;
    comment = s.slice(i + 1, end - 1);
    i = end;
  }
  const params = parseParamsStrict(s, i);
  if (!params) return undefined;
  const out: RetryAfter = { seconds, params };
  if (comment !== undefined) out.comment = comment;
  const duration = params.get('duration');
  if (duration) {
    const d = parseDeltaSeconds(duration);
    if (d !== undefined) out.duration = d;
  }
  return out;
}

/** Index after the ')' closing the comment opened at s[i] (comments nest; quoted-pairs allowed), or -1. */
function commentEnd(s: string, i: number): number {
  let depth = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x28) depth++;
    else if (c === 0x29 && --depth === 0) return i + 1;
  }
  return -1;
}
