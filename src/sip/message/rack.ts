import { TOKEN_CHARS, isWsp, skipWsp } from './char-classes.js';
import { parseBoundedInt } from './cseq.js';

/** RAck: response-num LWS CSeq-num LWS Method (RFC 3262 §7.2), e.g. "776656 1 INVITE". */
export interface RAck {
  rseq: number;
  cseq: number;
  method: string;
}

/** RSeq and RAck numbers are 1..2**31-1 (RFC 3262 §3, §7.1); CSeq numbers 32 bits. */
const MAX_RSEQ = 0x7fffffff;

export function parseRAck(text: string): RAck | undefined {
  const s = text;
  let i = skipWsp(s, 0);
  const rseq = readNumber(s, i, MAX_RSEQ);
  if (!rseq || rseq.value === 0 || !isWsp(s.charCodeAt(rseq.end))) return undefined;
  i = skipWsp(s, rseq.end);
  const cseq = readNumber(s, i, 0xffffffff);
  if (!cseq || !isWsp(s.charCodeAt(cseq.end))) return undefined;
  i = skipWsp(s, cseq.end);
  const methodStart = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] === 0) break;
    i++;
  }
  if (i === methodStart || skipWsp(s, i) !== s.length) return undefined;
  return { rseq: rseq.value, cseq: cseq.value, method: s.slice(methodStart, i) };
}

export function formatRAck(r: RAck): string {
  return `${r.rseq} ${r.cseq} ${r.method}`;
}

/** RSeq: response-num (RFC 3262 §7.1), 1..2**31-1. */
export function parseRSeq(text: string): number | undefined {
  const s = text;
  const n = readNumber(s, skipWsp(s, 0), MAX_RSEQ);
  if (!n || n.value === 0 || skipWsp(s, n.end) !== s.length) return undefined;
  return n.value;
}

function readNumber(s: string, i: number, max: number): { value: number; end: number } | undefined {
  const start = i;
  while (i < s.length && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
  if (i === start) return undefined;
  const value = parseBoundedInt(s, start, i, max);
  return value === undefined ? undefined : { value, end: i };
}
