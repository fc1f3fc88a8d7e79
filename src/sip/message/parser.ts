import { TOKEN_CHARS, isWsp, trimWsp } from './char-classes.js';
import { parseCSeq } from './cseq.js';
import { hashStep, headerNameInfoAt } from './header-names.js';
import { SipRequest, SipResponse, type SipMessage } from './message.js';
import { nameAddrTag } from './name-addr.js';
import { splitHeaderList } from './params.js';
import { SipHeaders } from './sip-headers.js';
import { parseStartLine } from './start-line.js';
import type { Via } from './types.js';
import { parseVia } from './via.js';

/**
 * Tolerant SIP message parser (RFC 3261 §7; robustness per RFC 4475): accepts
 * LF line ends, leading CRLFs, header folding, any case and compact header
 * names, whitespace around ':'; splits list headers into entries. Rejects (as
 * a value, never by throwing) what a UA cannot act on, with a reason fit for
 * the 400 reason phrase. Header values stay text; the accessors of
 * SipRequest/SipResponse parse them on demand. Only what decides between
 * "process" and "400" is checked here: start line, single-valued mandatory
 * headers, top Via, From, To, CSeq and Content-Length.
 *
 * The head is decoded once and scanned with indexOf; no regular expressions
 * and no per-line arrays on the way (DESIGN.md §5 budget).
 */
export interface ParseLimits {
  /** Whole message, bytes. */
  maxMessageBytes: number;
  /** Header fields (after list splitting). */
  maxHeaders: number;
  /** One logical header line (after unfolding), and the start line, characters. */
  maxHeaderBytes: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  maxMessageBytes: 65_535,
  maxHeaders: 256,
  maxHeaderBytes: 16_384,
};

export type ParseResult =
  | { ok: true; message: SipMessage }
  | {
      ok: false;
      reason: string;
      /** What could be read, so a request can still get its 400/505 (Via, From, To, Call-ID, CSeq). */
      partial?: { isRequest: boolean; method?: string; headers: SipHeaders };
    };

type Failure = Extract<ParseResult, { ok: false }>;
type Partial = NonNullable<Failure['partial']>;

/** Facts gathered while scanning headers, checked once the head is read. */
interface HeadFacts {
  contentLength: string | undefined;
  contentLengthConflict: boolean;
  from: number;
  to: number;
  callId: number;
  cseq: number;
}

export function parseMessage(data: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  try {
    return parse(data, limits);
  } catch {
    // Never reached by any input we know of (the fuzz test checks that); a
    // last line of defence so one bad datagram cannot take a phone down.
    return { ok: false, reason: 'Internal Parser Error' };
  }
}

function parse(data: Buffer, limits: ParseLimits): ParseResult {
  if (data.length > limits.maxMessageBytes) return { ok: false, reason: 'Message Too Large' };
  // RFC 3261 §7.5: CRLFs before the start-line are ignored (also keep-alives).
  let start = 0;
  while (start < data.length && (data[start] === 0x0d || data[start] === 0x0a)) start++;
  if (start === data.length) return { ok: false, reason: 'Empty Message' };
  let headEnd: { index: number; length: number } = { index: data.indexOf(LF_CRLF, start), length: 3 };
  let head = headEnd.index < 0 ? '' : data.toString('utf8', start, headEnd.index);
  if (headEnd.index < 0 || head.indexOf('\n\n') >= 0) {
    // LF-only line ends (or a mix): the general search, then decode again.
    headEnd = findHeadEnd(data, start);
    if (headEnd.index < 0) return { ok: false, reason: 'Incomplete Message Head' };
    head = data.toString('utf8', start, headEnd.index);
  }

  let lineEnd = head.indexOf('\n');
  if (lineEnd < 0) lineEnd = head.length;
  if (lineEnd > limits.maxHeaderBytes) return { ok: false, reason: 'Start Line Too Long' };
  if (hasBareCr(head, 0, lineEnd)) return { ok: false, reason: 'Malformed Start Line' };
  const startLine = parseStartLine(head.slice(0, lineEnd));
  if (startLine.kind === 'invalid') return { ok: false, reason: startLine.error };

  const headers = new SipHeaders();
  const partial: Partial =
    startLine.kind === 'request' ? { isRequest: true, method: startLine.method, headers } : { isRequest: false, headers };
  const facts: HeadFacts = { contentLength: undefined, contentLengthConflict: false, from: 0, to: 0, callId: 0, cseq: 0 };
  const headerError = readHeaders(head, lineEnd + 1, headers, limits, facts);
  if (headerError) return { ok: false, reason: headerError, partial };

  // Version first: a SIP/7.0 request gets a 505 (RFC 4475 §3.1.2.16).
  if (startLine.version !== '2.0') return { ok: false, reason: 'Version Not Supported', partial };
  if (startLine.kind === 'request' && startLine.error) return { ok: false, reason: startLine.error, partial };
  if (startLine.kind === 'response' && (startLine.status < 100 || startLine.status > 699)) {
    return { ok: false, reason: 'Bad Status Code', partial };
  }

  // Body: Content-Length decides; on a datagram extra bytes are ignored and a
  // shortfall is an error (RFC 3261 §18.3, RFC 4475 §3.1.1.8, §3.1.2.2, §3.1.2.3).
  const bodyStart = headEnd.index + headEnd.length;
  let bodyEnd = data.length;
  if (facts.contentLengthConflict) return { ok: false, reason: 'Multiple Content-Length', partial };
  if (facts.contentLength !== undefined) {
    const len = parseContentLength(facts.contentLength);
    if (len < 0) return { ok: false, reason: 'Bad Content-Length', partial };
    if (len > bodyEnd - bodyStart) return { ok: false, reason: 'Content-Length Exceeds Body', partial };
    bodyEnd = bodyStart + len;
  }

  const mandatory = checkMandatory(headers, facts);
  if (typeof mandatory === 'string') return { ok: false, reason: mandatory, partial };
  const cseqText = headers.getByKey('cseq')!;
  const cseq = parseCSeq(cseqText);
  if (!cseq) return { ok: false, reason: 'Bad CSeq', partial };

  const body = bodyEnd > bodyStart ? Buffer.from(data.subarray(bodyStart, bodyEnd)) : undefined;
  let message: SipMessage;
  if (startLine.kind === 'request') {
    if (cseq.method !== startLine.method) return { ok: false, reason: 'CSeq Method Mismatch', partial };
    message = new SipRequest(startLine.method, startLine.uri, headers, body);
  } else {
    message = new SipResponse(startLine.status, startLine.reason, headers, body);
  }
  // what was parsed to validate the message is what its accessors would parse again
  message.seedParsed(mandatory.via, mandatory.from, mandatory.to, { text: cseqText, value: cseq });
  return { ok: true, message };
}

interface Parsed<T> {
  text: string;
  value: T;
}

/** Reads header lines from `pos` to the end of the head; returns an error reason or undefined. */
function readHeaders(head: string, pos: number, h: SipHeaders, limits: ParseLimits, facts: HeadFacts): string | undefined {
  const n = head.length;
  // A CR is only allowed right before LF (or as the head's last char, before
  // the final LF). Checked with one cursor so LF-only messages stay linear.
  let nextCr = head.indexOf('\r', pos);
  while (pos < n) {
    let lineEnd = head.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = n;
    while (nextCr >= 0 && nextCr < lineEnd) {
      if (nextCr + 1 !== lineEnd && nextCr + 1 !== n) return 'Malformed Line Break';
      nextCr = head.indexOf('\r', nextCr + 1);
    }
    if (isWsp(head.charCodeAt(pos))) return 'Malformed Header Folding';
    if (lineEnd - pos > limits.maxHeaderBytes) return 'Header Too Long';
    const colon = head.indexOf(':', pos);
    if (colon < 0 || colon > lineEnd) return 'Malformed Header Line';
    // HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §25.1)
    let nameEnd = colon;
    while (nameEnd > pos && isWsp(head.charCodeAt(nameEnd - 1))) nameEnd--;
    if (nameEnd === pos) return 'Malformed Header Name';
    let hash = 0;
    for (let k = pos; k < nameEnd; k++) {
      const c = head.charCodeAt(k);
      if (c >= 128 || TOKEN_CHARS[c] === 0) return 'Malformed Header Name';
      hash = hashStep(hash, c);
    }
    const info = headerNameInfoAt(head, pos, nameEnd, hash);
    let value = trimWsp(head, colon + 1, lineEnd);
    pos = lineEnd + 1;
    // Folded continuation lines: the line break and leading white space become one SP (RFC 3261 §7.3.1).
    while (pos < n && isWsp(head.charCodeAt(pos))) {
      let end = head.indexOf('\n', pos);
      if (end < 0) end = n;
      while (nextCr >= 0 && nextCr < end) {
        if (nextCr + 1 !== end && nextCr + 1 !== n) return 'Malformed Line Break';
        nextCr = head.indexOf('\r', nextCr + 1);
      }
      const part = trimWsp(head, pos, end);
      if (part !== '') value = value === '' ? part : value + ' ' + part;
      if (value.length > limits.maxHeaderBytes) return 'Header Too Long';
      pos = end + 1;
    }

    switch (info.counted) {
      case 0:
        break;
      case 1:
        if (facts.contentLength !== undefined && facts.contentLength !== value) facts.contentLengthConflict = true;
        facts.contentLength = value;
        break;
      case 2:
        facts.from++;
        break;
      case 3:
        facts.to++;
        break;
      case 4:
        facts.callId++;
        break;
      case 5:
        facts.cseq++;
        break;
    }

    if (info.list && value.indexOf(',') >= 0) {
      const isVia = info.key === 'via';
      for (const part of splitHeaderList(value, isVia)) {
        if (part === '') return 'Malformed Via';
        h.appendKnown(info.key, part);
      }
    } else {
      h.appendKnown(info.key, value);
    }
    if (h.size > limits.maxHeaders) return 'Too Many Headers';
  }
  return undefined;
}

/**
 * RFC 3261 §8.1.1: To, From, CSeq, Call-ID and Via are mandatory; the
 * single-valued ones appear once (RFC 4475 §3.3.8). Returns the error reason,
 * or the top Via as parsed and the From and To tags (null: none).
 */
function checkMandatory(
  headers: SipHeaders,
  facts: HeadFacts,
): string | { via: Parsed<Via>; from: Parsed<string | null>; to: Parsed<string | null> } {
  if (headers.getByKey('via') === undefined) return 'Missing Via';
  if (facts.from === 0) return 'Missing From';
  if (facts.to === 0) return 'Missing To';
  if (facts.callId === 0) return 'Missing Call-ID';
  if (facts.cseq === 0) return 'Missing CSeq';
  if (facts.from > 1) return 'Multiple From';
  if (facts.to > 1) return 'Multiple To';
  if (facts.callId > 1) return 'Multiple Call-ID';
  if (facts.cseq > 1) return 'Multiple CSeq';
  if (headers.getByKey('call-id') === '') return 'Missing Call-ID';
  const viaText = headers.getByKey('via')!;
  const via = parseVia(viaText);
  if (!via) return 'Malformed Via';
  // From and To are checked, not built: only their tags are kept (SipMessage.fromTag/toTag)
  const fromText = headers.getByKey('from')!;
  const fromTag = nameAddrTag(fromText);
  if (fromTag === undefined) return 'Malformed From';
  const toText = headers.getByKey('to')!;
  const toTag = nameAddrTag(toText);
  if (toTag === undefined) return 'Malformed To';
  return { via: { text: viaText, value: via }, from: { text: fromText, value: fromTag }, to: { text: toText, value: toTag } };
}

/** True when s[start, end) holds a CR that is not the last char before the line's LF. */
function hasBareCr(s: string, start: number, end: number): boolean {
  const cr = s.indexOf('\r', start);
  return cr >= 0 && cr < end && cr + 1 !== end && cr + 1 !== s.length;
}

/** 1*DIGIT, at most 9 of them (a body can never be that large anyway); -1 when not a number (RFC 4475 §3.1.2.3). */
function parseContentLength(text: string): number {
  const s = trimWsp(text);
  if (s.length === 0 || s.length > 9) return -1;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    v = v * 10 + (c - 0x30);
  }
  return v;
}

const LF_CRLF = Buffer.from('\n\r\n');
const LF_LF = Buffer.from('\n\n');

/**
 * Index of the line break ending the last header line, and the length of the
 * blank-line sequence after it: CRLF CRLF and LF CRLF give length 3, LF LF
 * (and CRLF LF) length 2. The body starts at index + length. Searches from
 * `from` (stream transports call this as data accumulates).
 */
export function findHeadEnd(data: Buffer, from = 0): { index: number; length: number } {
  const crlf = data.indexOf(LF_CRLF, from);
  const searchEnd = crlf < 0 ? data.length : crlf + 1;
  const lf = searchEnd - from >= 2 ? data.subarray(from, searchEnd).indexOf(LF_LF) : -1;
  if (lf >= 0) return { index: from + lf, length: 2 };
  if (crlf >= 0) return { index: crlf, length: 3 };
  return { index: -1, length: 0 };
}
