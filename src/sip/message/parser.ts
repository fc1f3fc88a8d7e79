import { LIST_HEADERS, headerKey } from './header-names.js';
import { SipRequest, SipResponse, type SipMessage } from './message.js';
import { splitHeaderList } from './params.js';
import { SipHeaders } from './sip-headers.js';
import { parseCSeq, parseVia } from './via.js';

/**
 * Tolerant SIP message parser (RFC 3261 §7; robustness per RFC 4475): accepts
 * LF line ends, header folding, any case and compact header names, whitespace
 * around ':'; splits list headers into entries. Rejects (as a value, never by
 * throwing) what a UA cannot act on, with a reason fit for a 400 reason phrase.
 */
export interface ParseLimits {
  /** Whole message, bytes. */
  maxMessageBytes: number;
  /** Header fields (after list splitting). */
  maxHeaders: number;
  /** One logical header line (after unfolding), bytes. */
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
      /** What could be read, so a request can still get its 400 (Via, From, To, Call-ID, CSeq). */
      partial?: { isRequest: boolean; method?: string; headers: SipHeaders };
    };

const REQUEST_LINE = /^([A-Za-z0-9.!%*_+`'~-]+) +(\S+) +SIP\/(\d+\.\d+)$/;
const STATUS_LINE = /^SIP\/(\d+\.\d+) +(\d{3})(?: (.*))?$/;

export function parseMessage(data: Buffer, limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParseResult {
  if (data.length > limits.maxMessageBytes) return { ok: false, reason: 'Message Too Large' };
  const headEnd = findHeadEnd(data);
  if (headEnd.index < 0) return { ok: false, reason: 'Incomplete Message Head' };
  const head = data.toString('utf8', 0, headEnd.index);
  let lines = head.split(/\r?\n/);
  // tolerate leading empty lines (RFC 3261 §7.5: CRLFs before the start-line are ignored)
  while (lines.length > 0 && lines[0] === '') lines = lines.slice(1);
  const startLine = lines[0]?.trim() ?? '';

  const headers = new SipHeaders();
  let current: string | undefined;
  const flush = (): string | undefined => {
    if (current === undefined) return undefined;
    const line = current;
    current = undefined;
    if (line.length > limits.maxHeaderBytes) return 'Header Too Long';
    const colon = line.indexOf(':');
    if (colon <= 0) return 'Malformed Header Line';
    const name = line.slice(0, colon).trim();
    if (!/^[A-Za-z0-9.!%*_+`'~-]+$/.test(name)) return 'Malformed Header Name';
    const value = line.slice(colon + 1).trim();
    const key = headerKey(name);
    if (LIST_HEADERS.has(key) && value.includes(',')) {
      for (const part of splitHeaderList(value)) headers.append(name, part);
    } else {
      headers.append(name, value);
    }
    if (headers.size > limits.maxHeaders) return 'Too Many Headers';
    return undefined;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      // folded continuation (RFC 3261 §7.3.1): replace the line break by one space
      if (current === undefined) return { ok: false, reason: 'Malformed Header Folding' };
      current += ' ' + line.trim();
      continue;
    }
    const err = flush();
    if (err) return { ok: false, reason: err };
    current = line;
  }
  const err = flush();
  if (err) return { ok: false, reason: err };

  // body: Content-Length decides; on a datagram, extra bytes are ignored, a shortfall is an error (§18.3)
  const bodyStart = headEnd.index + headEnd.length;
  let body = data.subarray(bodyStart);
  const cl = headers.get('Content-Length');
  const req = REQUEST_LINE.exec(startLine);
  const partial = { isRequest: !!req, headers, ...(req ? { method: req[1]!.toUpperCase() } : {}) };
  if (cl !== undefined) {
    if (!/^\d{1,9}$/.test(cl)) return { ok: false, reason: 'Bad Content-Length', partial };
    const len = Number(cl);
    if (len > body.length) return { ok: false, reason: 'Content-Length Exceeds Body', partial };
    body = body.subarray(0, len);
  }

  if (req) {
    if (req[3] !== '2.0') return { ok: false, reason: 'Version Not Supported', partial };
    const method = req[1]!;
    const msg = new SipRequest(method, req[2]!, headers, Buffer.from(body));
    const missing = missingMandatory(msg);
    if (missing) return { ok: false, reason: missing, partial };
    const cseq = parseCSeq(headers.get('CSeq')!);
    if (!cseq) return { ok: false, reason: 'Bad CSeq', partial };
    if (cseq.method !== method) return { ok: false, reason: 'CSeq Method Mismatch', partial };
    return { ok: true, message: msg };
  }
  const st = STATUS_LINE.exec(startLine);
  if (st) {
    if (st[1] !== '2.0') return { ok: false, reason: 'Version Not Supported' };
    const status = Number(st[2]);
    if (status < 100 || status > 699) return { ok: false, reason: 'Bad Status Code' };
    const msg = new SipResponse(status, st[3] ?? '', headers, Buffer.from(body));
    const missing = missingMandatory(msg);
    if (missing) return { ok: false, reason: missing };
    if (!parseCSeq(headers.get('CSeq')!)) return { ok: false, reason: 'Bad CSeq' };
    return { ok: true, message: msg };
  }
  return { ok: false, reason: 'Malformed Start Line' };
}

/** RFC 3261 §8.1.1: To, From, CSeq, Call-ID and Via are mandatory (Max-Forwards is tolerated missing). */
function missingMandatory(msg: SipMessage): string | undefined {
  for (const h of ['Via', 'From', 'To', 'Call-ID', 'CSeq']) {
    if (!msg.headers.has(h)) return `Missing ${h}`;
  }
  if (!parseVia(msg.headers.get('Via')!)) return 'Malformed Via';
  if (!msg.from) return 'Malformed From';
  if (!msg.to) return 'Malformed To';
  return undefined;
}

/** Index of the blank line ending the head, and its length (CRLFCRLF or LFLF). */
export function findHeadEnd(data: Buffer, from = 0): { index: number; length: number } {
  for (let i = from; i < data.length - 1; i++) {
    if (data[i] === 0x0a) {
      if (data[i + 1] === 0x0a) return { index: i, length: 2 };
      if (data[i + 1] === 0x0d && data[i + 2] === 0x0a) return { index: i, length: 3 };
    }
  }
  return { index: -1, length: 0 };
}
