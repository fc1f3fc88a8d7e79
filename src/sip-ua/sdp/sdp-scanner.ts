import type { SdpDirection } from './sdp-direction.js';
import type { SdpConnection, SdpDescription, SdpLine, SdpMediaDescription } from './sdp-description.js';

/**
 * One pass over an SDP body (RFC 8866 §5): the lines offer/answer needs are
 * read into an SdpDescription, everything else is kept verbatim; beside it,
 * what parseSdp's well-formedness checks need. Never throws, allocates
 * little (one object per line kept, no per-line regex).
 *
 * Lines end at LF or CRLF (RFC 8866 §5 ends lines with CRLF and asks
 * parsers to accept a lone LF as well). A
 * bare CR also ends a line for the reading, but the checks see the whole
 * LF-delimited line, so such a line fails them unless the CR only precedes
 * blanks; an m= line hidden behind a bare CR is reported.
 *
 * Attribute reading, as RFC 8866 §6 writes them; a line that does not fit
 * is kept in `other`, not read half-way:
 * - a=rtpmap:<pt> <encoding>[/<rate>[/<channels>]] and a=fmtp:<pt> <params>
 *   count only with a plain payload number (no leading zeros);
 * - a=ptime: the last one counts, and only a plain positive number;
 * - a=rtcp:<port> [IN IP4|IP6 <address>] (RFC 3605): a later line without
 *   address keeps the address of an earlier one;
 * - the direction is the last sendrecv/sendonly/recvonly/inactive line of
 *   the level (a prefix match: "a=sendonly-x" reads as sendonly).
 */
export interface SdpScan {
  description: SdpDescription;
  /** The first non-blank line, trimmed (parseSdp wants "v=0"). */
  firstLine: string | undefined;
  /** The first non-blank line that does not start with "<lowercase letter>=". */
  notSdpLine: string | undefined;
  /** The first m= line not of the form "m=<media> <port>[/<n>] <proto>[ <fmt list>]". */
  badMediaLine: string | undefined;
  /** An m= line starting after a bare CR inside another line. */
  hiddenMediaLine: boolean;
}

/** RFC 8866 §5.2 "o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>"; the first such line counts. */
const ORIGIN_RE = /^o=(\S+) (\S+) (\S+) IN (IP4|IP6) (\S+)\s*$/m;
/** RFC 8866 §5.14 "m=<media> <port>[/<number of ports>] <proto> <fmt> ...", on a trimmed line. */
const MEDIA_LINE_RE = /^m=([A-Za-z0-9_-]+) (\d{1,5})(?:\/\d+)? (\S+)(?: (.*))?$/;

const CR = 13;
const SPACE = 32;

/** JavaScript's \s: the blanks String.prototype.trim() removes. */
function isBlank(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** \w: letters, digits, underscore. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;
}

/** The number a string of digits (or ptime's digits and dots) writes plainly, else NaN: "8" -> 8, "08" / "" -> NaN. */
function plainNumber(text: string): number {
  const n = Number(text);
  return String(n) === text ? n : NaN;
}

/**
 * The value of the digits [from, to): with `plain`, NaN unless written
 * plainly (no leading zero, not empty), as plainNumber(); else as Number()
 * reads them ('' -> 0). Without a string for the common short case.
 */
function digitsValue(text: string, from: number, to: number, plain: boolean): number {
  const length = to - from;
  if (length === 0) return plain ? NaN : 0;
  if (length > 15) return plain ? plainNumber(text.slice(from, to)) : Number(text.slice(from, to));
  if (plain && length > 1 && text.charCodeAt(from) === 48) return NaN;
  let value = 0;
  for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
  return value;
}

/**
 * The text and the end of the line being read. The code point at a line's
 * end is CR or LF (or past the text), which no pattern here contains, so
 * reads may look at `end` itself without a bounds check.
 */
interface Cursor {
  text: string;
  end: number;
}

// One loop per character class (a shared loop taking a predicate would call it per character).

function skipDigits(cur: Cursor, i: number): number {
  while (i < cur.end && isDigit(cur.text.charCodeAt(i))) i++;
  return i;
}

function skipBlanks(cur: Cursor, i: number): number {
  while (i < cur.end && isBlank(cur.text.charCodeAt(i))) i++;
  return i;
}

function skipNonBlanks(cur: Cursor, i: number): number {
  while (i < cur.end && !isBlank(cur.text.charCodeAt(i))) i++;
  return i;
}

function skipWordChars(cur: Cursor, i: number): number {
  while (i < cur.end && isWordChar(cur.text.charCodeAt(i))) i++;
  return i;
}

/** \w, '/' (a transport protocol) or, with `dashDot`, \w, '-', '.' (an rtpmap encoding name). */
function skipNameChars(cur: Cursor, i: number, dashDot: boolean): number {
  for (; i < cur.end; i++) {
    const c = cur.text.charCodeAt(i);
    if (!(isWordChar(c) || (dashDot ? c === 45 || c === 46 : c === 47))) break;
  }
  return i;
}

/** fmtp parameters run to the first blank other than a space (a tab ends them). */
function skipFmtpParams(cur: Cursor, i: number): number {
  for (; i < cur.end; i++) {
    const c = cur.text.charCodeAt(i);
    if (c !== SPACE && isBlank(c)) break;
  }
  return i;
}

/** ptime's number: digits and dots. */
function skipDigitsAndDots(cur: Cursor, i: number): number {
  for (; i < cur.end; i++) {
    const c = cur.text.charCodeAt(i);
    if (!isDigit(c) && c !== 46) break;
  }
  return i;
}

/** "IN IP<d> <address>" (RFC 8866 §5.7); undefined when the line does not fit. */
function readConnection(cur: Cursor, p: number): SdpConnection | undefined {
  const t = cur.text;
  if (!t.startsWith('IN IP', p) || !isDigit(t.charCodeAt(p + 5)) || t.charCodeAt(p + 6) !== SPACE) return undefined;
  return { ipVersion: t.charCodeAt(p + 5) - 48, address: t.slice(p + 7, skipNonBlanks(cur, p + 7)) };
}

/** "m=<media> <port> <proto>[ <fmt list>]"; port NaN when the line does not fit. */
function readMediaLine(cur: Cursor, p: number): SdpMediaDescription {
  const t = cur.text;
  const m: SdpMediaDescription = { type: '', port: NaN, protocol: '', formats: '', rtpmaps: [], fmtps: [], other: [] };
  const typeEnd = skipWordChars(cur, p);
  if (typeEnd >= cur.end || t.charCodeAt(typeEnd) !== SPACE) return m;
  const portEnd = skipDigits(cur, typeEnd + 1);
  if (portEnd >= cur.end || t.charCodeAt(portEnd) !== SPACE) return m;
  const protoEnd = skipNameChars(cur, portEnd + 1, false);
  m.type = t.slice(p, typeEnd);
  m.port = digitsValue(t, typeEnd + 1, portEnd, true);
  m.protocol = t.slice(portEnd + 1, protoEnd);
  if (protoEnd < cur.end && t.charCodeAt(protoEnd) === SPACE) {
    // the format list runs to the line end (U+2028/2029 end a line for the checks as well)
    let end = protoEnd + 1;
    while (end < cur.end && t.charCodeAt(end) !== 0x2028 && t.charCodeAt(end) !== 0x2029) end++;
    m.formats = t.slice(protoEnd + 1, end);
  }
  return m;
}

const DIRECTIONS: readonly SdpDirection[] = ['sendrecv', 'recvonly', 'sendonly', 'inactive'];

function directionPrefix(t: string, p: number): SdpDirection | undefined {
  const c = t.charCodeAt(p);
  // only these letters start a direction: skip the loop for rtpmap, fmtp, ptime...
  if (c !== 115 /* s */ && c !== 114 /* r */ && c !== 105 /* i */) return undefined;
  for (const d of DIRECTIONS) if (t.startsWith(d, p)) return d;
  return undefined;
}

/** Per-m= state the description gets when the section ends. */
interface RtcpState {
  port: string | undefined;
  address: string | undefined;
}

class Scanner {
  readonly description: SdpDescription = { name: '', timing: '0 0', other: [], media: [] };
  hiddenMediaLine = false;
  private media: SdpMediaDescription | undefined;
  private readonly rtcp: RtcpState = { port: undefined, address: undefined };
  private readonly cur: Cursor;

  constructor(text: string) {
    this.cur = { text, end: 0 };
  }

  /** One line [start, end) for the reading; `continued`: it follows a bare CR. */
  readLine(start: number, end: number, continued: boolean): void {
    const t = this.cur.text;
    if (end - start < 2 || t.charCodeAt(start + 1) !== 61 /* = */) return;
    const type = t.charCodeAt(start);
    if (type < 97 || type > 122) return;
    this.cur.end = end;
    const p = start + 2;
    switch (type) {
      case 109 /* m */: {
        if (continued) this.hiddenMediaLine = true;
        this.endMedia();
        this.media = readMediaLine(this.cur, p);
        this.description.media.push(this.media);
        return;
      }
      case 97 /* a */:
        if (!this.readAttribute(p)) this.keep('a', p, end);
        return;
      case 99 /* c */: {
        const c = readConnection(this.cur, p);
        if (!c) this.keep('c', p, end);
        else if (this.media) this.media.connection = c;
        else this.description.connection = c;
        return;
      }
      case 111 /* o */:
      case 118 /* v */:
        // the origin is read by ORIGIN_RE over the whole body; v= is always 0
        if (this.media) this.keep(type === 111 ? 'o' : 'v', p, end);
        return;
      case 115 /* s */:
        if (this.media) this.keep('s', p, end);
        else this.description.name = t.slice(p, end);
        return;
      case 116 /* t */:
        if (this.media) this.keep('t', p, end);
        else this.description.timing = t.slice(p, end);
        return;
      default:
        this.keep(String.fromCharCode(type), p, end);
    }
  }

  finish(): SdpDescription {
    this.endMedia();
    const o = ORIGIN_RE.exec(this.cur.text);
    if (o) {
      this.description.origin = { username: o[1]!, sessionId: o[2]!, version: o[3]!, addressType: o[4] as 'IP4' | 'IP6', address: o[5]! };
    }
    return this.description;
  }

  private keep(type: string, from: number, end: number): void {
    const line: SdpLine = { type, value: this.cur.text.slice(from, end) };
    (this.media ?? this.description).other.push(line);
  }

  private endMedia(): void {
    const m = this.media;
    if (!m) return;
    if (this.rtcp.port !== undefined) {
      m.rtcp = { port: Number(this.rtcp.port) };
      if (this.rtcp.address) m.rtcp.address = this.rtcp.address;
    }
    this.rtcp.port = undefined;
    this.rtcp.address = undefined;
  }

  /** The attributes we read (RFC 8866 §6, RFC 3605); false: keep the line as it is. */
  private readAttribute(p: number): boolean {
    const t = this.cur.text;
    const m = this.media;
    if (m) {
      if (t.startsWith('rtpmap:', p)) return this.readRtpmap(m, p + 7);
      if (t.startsWith('fmtp:', p)) return this.readFmtp(m, p + 5);
      if (t.startsWith('ptime:', p)) {
        const value = plainNumber(t.slice(p + 6, skipDigitsAndDots(this.cur, p + 6)));
        // the last a=ptime counts, also when it is unreadable
        m.ptime = value > 0 ? value : undefined;
        return true;
      }
      if (t.startsWith('rtcp:', p)) return this.readRtcp(p + 5);
    }
    const direction = directionPrefix(t, p);
    if (!direction) return false;
    (m ?? this.description).direction = direction;
    return true;
  }

  /** <pt> <encoding>[/<rate>[/<channels>]] */
  private readRtpmap(m: SdpMediaDescription, p: number): boolean {
    const t = this.cur.text;
    const ptEnd = skipDigits(this.cur, p);
    if (ptEnd >= this.cur.end || t.charCodeAt(ptEnd) !== SPACE) return false;
    const pt = digitsValue(t, p, ptEnd, true);
    if (Number.isNaN(pt)) return false;
    const encodingEnd = skipNameChars(this.cur, ptEnd + 1, true);
    const map: SdpMediaDescription['rtpmaps'][number] = { pt, encoding: t.slice(ptEnd + 1, encodingEnd) };
    let i = skipBlanks(this.cur, encodingEnd);
    if (i < this.cur.end && t.charCodeAt(i) === 47 /* / */) {
      const rateEnd = skipDigits(this.cur, i + 1);
      map.clockRate = digitsValue(t, i + 1, rateEnd, false);
      i = skipBlanks(this.cur, rateEnd);
      if (i < this.cur.end && t.charCodeAt(i) === 47) map.channels = Number(t.slice(i + 1, skipNonBlanks(this.cur, i + 1)));
    }
    m.rtpmaps.push(map);
    return true;
  }

  /** <pt> <format specific parameters> */
  private readFmtp(m: SdpMediaDescription, p: number): boolean {
    const t = this.cur.text;
    const ptEnd = skipDigits(this.cur, p);
    if (ptEnd >= this.cur.end || t.charCodeAt(ptEnd) !== SPACE) return false;
    const pt = digitsValue(t, p, ptEnd, true);
    if (Number.isNaN(pt)) return false;
    m.fmtps.push({ pt, params: t.slice(ptEnd + 1, skipFmtpParams(this.cur, ptEnd + 1)) });
    return true;
  }

  /** RFC 3605 §2.1: <port> [<nettype> <addrtype> <connection-address>] */
  private readRtcp(p: number): boolean {
    const t = this.cur.text;
    const portEnd = skipDigits(this.cur, p);
    this.rtcp.port = t.slice(p, portEnd);
    if (portEnd < this.cur.end && t.charCodeAt(portEnd) === SPACE) {
      const netEnd = skipNonBlanks(this.cur, portEnd + 1);
      if (t.startsWith(' IP', netEnd) && isDigit(t.charCodeAt(netEnd + 3)) && t.charCodeAt(netEnd + 4) === SPACE) {
        this.rtcp.address = t.slice(netEnd + 5, skipNonBlanks(this.cur, netEnd + 5));
      }
    }
    return true;
  }
}

/** Read an SDP body; `text` is at most parseSdp's size limit. */
export function scanSdp(text: string): SdpScan {
  const scanner = new Scanner(text);
  const n = text.length;
  let firstLine: string | undefined;
  let notSdpLine: string | undefined;
  let badMediaLine: string | undefined;
  let nextCr = text.indexOf('\r');
  for (let start = 0; start <= n; ) {
    let lf = text.indexOf('\n', start);
    if (lf < 0) lf = n;
    // a CR right before the LF belongs to the line end
    const end = lf < n && lf > start && text.charCodeAt(lf - 1) === CR ? lf - 1 : lf;
    let first = start;
    while (first < end && isBlank(text.charCodeAt(first))) first++;
    if (first < end) {
      // a non-blank line: the checks
      if (firstLine === undefined) firstLine = text.slice(start, end).trim();
      const c0 = text.charCodeAt(start);
      if (!(c0 >= 97 && c0 <= 122 && text.charCodeAt(start + 1) === 61)) notSdpLine ??= text.slice(start, end);
      else if (c0 === 109 && badMediaLine === undefined && !MEDIA_LINE_RE.test(text.slice(start, end).trim())) {
        badMediaLine = text.slice(start, end);
      }
    }
    // the reading: split at bare CRs
    if (nextCr >= 0 && nextCr < start) nextCr = text.indexOf('\r', start);
    let from = start;
    while (nextCr >= 0 && nextCr < end) {
      scanner.readLine(from, nextCr, from !== start);
      from = nextCr + 1;
      nextCr = text.indexOf('\r', from);
    }
    scanner.readLine(from, end, from !== start);
    start = lf + 1;
  }
  return { description: scanner.finish(), firstLine, notSdpLine, badMediaLine, hiddenMediaLine: scanner.hiddenMediaLine };
}
