/**
 * Header names: RFC 3261 §7.3.3 compact forms and the canonical spelling we
 * write on output. Names are case-insensitive on input (§7.3.1); lookups use
 * the lower-case key.
 */
const COMPACT: Record<string, string> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event', // RFC 6665
  r: 'refer-to', // RFC 3515
  b: 'referred-by', // RFC 3892
  u: 'allow-events', // RFC 6665
  x: 'session-expires', // RFC 4028
  a: 'accept-contact',
  j: 'reject-contact',
  d: 'request-disposition',
  y: 'identity',
};

/** Spellings that are not simple Title-Case of the lower-case key. */
const SPECIAL: Record<string, string> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  'min-se': 'Min-SE',
  'rack': 'RAck',
  'rseq': 'RSeq',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
  'p-asserted-identity': 'P-Asserted-Identity',
  'p-preferred-identity': 'P-Preferred-Identity',
  'alert-info': 'Alert-Info',
  'call-info': 'Call-Info',
};

const canonicalCache = new Map<string, string>();
const keyCache = new Map<string, string>();

/** Lower-case lookup key of a header name, with compact forms expanded. */
export function headerKey(name: string): string {
  // Every SipHeaders.get/has/append goes through here, nearly always with one
  // of a few dozen literal names: remember them (bounded, like the caches below).
  let key = keyCache.get(name);
  if (key === undefined) {
    const lower = name.toLowerCase();
    key = COMPACT[lower] ?? lower;
    if (keyCache.size < 1000) keyCache.set(detach(name), key);
  }
  return key;
}

/** The spelling written on the wire: 'call-id' -> 'Call-ID', 'content-type' -> 'Content-Type'. */
export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  let out = canonicalCache.get(key);
  if (out === undefined) {
    out = SPECIAL[key] ?? titleCase(key);
    if (canonicalCache.size < 1000) canonicalCache.set(key, out);
  }
  return out;
}

function titleCase(key: string): string {
  let out = '';
  let upper = true;
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    out += upper ? ch.toUpperCase() : ch;
    upper = ch === '-';
  }
  return out;
}

/**
 * Headers whose values are comma-separated lists that may be split into
 * separate entries (RFC 3261 §7.3.1). Authentication headers are not lists
 * in that sense (their parameters contain commas) and are never split.
 */
export const LIST_HEADERS: ReadonlySet<string> = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'allow-events',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'in-reply-to',
  'path',
  'service-route',
]);

/**
 * Token lists (Allow, Supported, Require...) whose entries the serializer
 * writes back on one line, comma-separated: equivalent (RFC 3261 §7.3.1) and
 * much shorter than one line per token.
 */
export const JOINED_ON_OUTPUT: ReadonlySet<string> = new Set([
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'allow-events',
  'accept',
  'accept-encoding',
  'accept-language',
  'content-encoding',
  'in-reply-to',
]);

/** What the parser needs to know about a header name, computed once per spelling. */
export interface HeaderNameInfo {
  /** Lower-case key with compact forms expanded ('v' -> 'via'). */
  key: string;
  /** Output spelling ('Via'). */
  canonical: string;
  /** A comma-separated list that the parser splits into entries. */
  list: boolean;
  /**
   * Headers the parser counts while scanning: 1 Content-Length, 2 From, 3 To,
   * 4 Call-ID, 5 CSeq (RFC 3261 §8.1.1 single-valued ones); 0 for the rest.
   */
  counted: number;
}

const COUNTED: Record<string, number> = { 'content-length': 1, from: 2, to: 3, 'call-id': 4, cseq: 5 };

const infoCache = new Map<string, HeaderNameInfo>();

/**
 * Name information for a header name exactly as received ('Via', 'v', 'VIA'
 * are separate cache entries). The cache is bounded so that a peer sending
 * endless invented names cannot grow it.
 */
export function headerNameInfo(name: string): HeaderNameInfo {
  let info = infoCache.get(name);
  if (info === undefined) {
    const key = detach(headerKey(name));
    info = { key, canonical: canonicalHeaderName(key), list: LIST_HEADERS.has(key), counted: COUNTED[key] ?? 0 };
    if (infoCache.size < 2000) infoCache.set(detach(name), info);
  }
  return info;
}

/**
 * A copy of a header name that shares no memory with the message it was cut
 * from: V8 keeps substrings of 13+ chars as views of their parent, and a
 * cached view would keep a whole received message alive. Names are token
 * characters (ASCII), so latin1 is exact.
 */
function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'latin1').toString('latin1');
}

/*
 * The parser's lookup: an open-addressing table of the spellings seen so far,
 * keyed by a hash the parser computes while it checks the name's characters.
 * A hit costs one startsWith() and no substring. Bounded like the Map above.
 */
const SLOTS = 1024;
const slotNames: Array<string | undefined> = new Array<string | undefined>(SLOTS);
const slotInfos: Array<HeaderNameInfo | undefined> = new Array<HeaderNameInfo | undefined>(SLOTS);
let slotsUsed = 0;

/** Name hash step: h = hashStep(h, charCode) over the name's chars, starting from 0. @internal */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

/** headerNameInfo(s.slice(start, end)), where `hash` is the hashStep fold of those chars. @internal */
export function headerNameInfoAt(s: string, start: number, end: number, hash: number): HeaderNameInfo {
  const len = end - start;
  let slot = hash & (SLOTS - 1);
  for (let probe = 0; probe < 8; probe++) {
    const name = slotNames[slot];
    if (name === undefined) {
      const spelled = s.slice(start, end);
      const info = headerNameInfo(spelled);
      if (slotsUsed < SLOTS / 2) {
        slotNames[slot] = detach(spelled);
        slotInfos[slot] = info;
        slotsUsed++;
      }
      return info;
    }
    if (name.length === len && s.startsWith(name, start)) return slotInfos[slot]!;
    slot = (slot + 1) & (SLOTS - 1);
  }
  return headerNameInfo(s.slice(start, end));
}
