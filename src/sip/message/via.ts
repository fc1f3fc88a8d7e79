import { HOST_CHARS, IPV6_CHARS, TOKEN_CHARS, allIn, isWsp, skipWsp } from './char-classes.js';
import { formatParams, parseParamsStrict } from './params.js';
import { formatHost } from './uri.js';
import type { Via } from './types.js';

/** Magic cookie of RFC 3261 branches (§8.1.1.7). */
export const BRANCH_COOKIE = 'z9hG4bK';

/**
 * One Via value (RFC 3261 §20.42, §25.1 via-parm):
 *   SIP/2.0/UDP host:port;branch=z9hG4bK..;rport;received=192.0.2.1
 * LWS is allowed around '/', ':' and ';' and '=' (RFC 4475 §3.1.1.1 "wsinv").
 * Protocol name and transport are returned upper-case, the host without
 * IPv6 brackets. Returns undefined on a syntax error, including empty
 * parameters (RFC 4475 §3.1.2.1).
 */
export function parseVia(text: string): Via | undefined {
  const s = text;
  let i = skipWsp(s, 0);
  let protocol: string;
  let transport: string;
  if (s.startsWith('SIP/2.0/', i)) {
    // The spelling every real stack sends; skips three tokens and two case conversions.
    protocol = 'SIP/2.0';
    i += 8;
    const end = tokenEnd(s, i);
    if (end === i) return undefined;
    transport = upperToken(s, i, end);
    i = end;
  } else {
    const nameEnd = tokenEnd(s, i);
    if (nameEnd === i) return undefined;
    const name = s.slice(i, nameEnd);
    i = skipWsp(s, nameEnd);
    if (s.charCodeAt(i) !== 0x2f) return undefined;
    i = skipWsp(s, i + 1);
    const versionEnd = tokenEnd(s, i);
    if (versionEnd === i) return undefined;
    const version = s.slice(i, versionEnd);
    i = skipWsp(s, versionEnd);
    if (s.charCodeAt(i) !== 0x2f) return undefined;
    i = skipWsp(s, i + 1);
    const transportEnd = tokenEnd(s, i);
    if (transportEnd === i) return undefined;
    transport = upperToken(s, i, transportEnd);
    i = transportEnd;
    protocol = `${name.toUpperCase()}/${version}`;
  }
  // sent-protocol LWS sent-by: the whitespace is required.
  const ws = s.charCodeAt(i);
  if (!isWsp(ws) && ws !== 0x0d && ws !== 0x0a) return undefined;
  i = skipWsp(s, i);

  let host: string;
  if (s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf(']', i);
    if (close < 0 || !allIn(IPV6_CHARS, s, i + 1, close)) return undefined;
    host = s.slice(i + 1, close);
    i = close + 1;
  } else {
    const start = i;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (c >= 128 || HOST_CHARS[c] === 0) break;
      i++;
    }
    if (i === start) return undefined;
    host = s.slice(start, i);
  }

  let port = -1;
  let j = s.charCodeAt(i) === 0x3a ? i : skipWsp(s, i);
  if (s.charCodeAt(j) === 0x3a) {
    j = skipWsp(s, j + 1);
    const start = j;
    port = 0;
    while (j < s.length) {
      const c = s.charCodeAt(j);
      if (c < 0x30 || c > 0x39) break;
      port = port * 10 + (c - 0x30);
      j++;
    }
    if (j === start || j - start > 5 || port > 65535) return undefined;
    i = j;
  }

  const params = parseParamsStrict(s, i);
  if (!params) return undefined;
  const via: Via = { protocol, transport, host, params };
  if (port >= 0) via.port = port;
  return via;
}

/** Upper-case token; the usual already-upper transports come back without a copy. */
function upperToken(s: string, start: number, end: number): string {
  const t = s.slice(start, end);
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x61 && c <= 0x7a) return t.toUpperCase();
  }
  return t;
}

function tokenEnd(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN_CHARS[c] === 0) break;
    i++;
  }
  return i;
}

export function formatVia(via: Via): string {
  const port = via.port !== undefined ? `:${via.port}` : '';
  return `${via.protocol}/${via.transport} ${formatHost(via.host)}${port}${formatParams(via.params)}`;
}
