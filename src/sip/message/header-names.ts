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

/** Lower-case lookup key of a header name, with compact forms expanded. */
export function headerKey(name: string): string {
  const lower = name.toLowerCase();
  return COMPACT[lower] ?? lower;
}

/** The spelling written on the wire: 'call-id' -> 'Call-ID', 'content-type' -> 'Content-Type'. */
export function canonicalHeaderName(name: string): string {
  const key = headerKey(name);
  let out = canonicalCache.get(key);
  if (out === undefined) {
    out = SPECIAL[key] ?? key.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
    if (canonicalCache.size < 1000) canonicalCache.set(key, out);
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
