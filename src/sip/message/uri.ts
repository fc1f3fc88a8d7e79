import {
  HEADER_CHARS,
  HOST_CHARS,
  IPV6_CHARS,
  PARAM_CHARS,
  PASSWORD_CHARS,
  USER_CHARS,
  allIn,
  escapeUri,
  trimWsp,
  unescapeUri,
} from './char-classes.js';
import type { Params, SipUri } from './types.js';

/**
 * SIP/SIPS URI (RFC 3261 §19.1, grammar §25.1) and tel URI (RFC 3966)
 * parsing. The user part is kept in its escaped form, as written, so it
 * round-trips byte for byte; URI parameters and headers are stored unescaped
 * (RFC 4475 §3.1.1.3: ";n%61me=v%61lue%25%34%31" is name=value%41) and
 * escaped again by formatUri. Returns undefined for anything that is not a
 * well-formed sip/sips/tel URI. Surrounding whitespace is tolerated (RFC 4475
 * §3.1.2.14 "< sip:t.watson@example.org >"), whitespace inside is not.
 */
export function parseUri(text: string): SipUri | undefined {
  const uri = readUri(text, true);
  return typeof uri === 'object' ? uri : undefined;
}

/**
 * The check parseUri makes, without building the URI: undefined when
 * parseUri(text) would be undefined, else whether it carries URI headers
 * ('?name=value', not allowed in a Request-URI, RFC 3261 §19.1.1). The
 * parser checks the Request-URI, From and To of every message this way.
 */
export function checkUri(text: string): 'plain' | 'with-headers' | undefined {
  const uri = readUri(text, false);
  if (uri === undefined) return undefined;
  if (typeof uri === 'object') return uri.headers.size > 0 ? 'with-headers' : 'plain';
  return uri;
}

/** parseUri's grammar; with `build` false, nothing is allocated that the check does not need. */
function readUri(text: string, build: boolean): SipUri | 'plain' | 'with-headers' | undefined {
  const s = trimWsp(text);
  const colon = s.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = s.slice(0, colon).toLowerCase();
  if (scheme === 'tel') return parseTel(s, colon + 1);
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  const n = s.length;

  // userinfo: '@' cannot appear unescaped in the user, password, parameters
  // or headers, so the first '@' ends it, even when the user holds ';' or '?'
  // (RFC 4475 §3.1.1.2 and §3.1.1.9).
  let i = colon + 1;
  const at = s.indexOf('@', i);
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const pc = s.indexOf(':', i);
    if (pc >= 0 && pc < at) {
      user = s.slice(i, pc);
      password = s.slice(pc + 1, at);
      if (password && !allIn(PASSWORD_CHARS, password)) return undefined;
    } else {
      user = s.slice(i, at);
    }
    if (!isUser(user)) return undefined;
    i = at + 1;
  }

  let host: string;
  if (s.charCodeAt(i) === 0x5b) {
    const close = s.indexOf(']', i);
    if (close < 0 || !allIn(IPV6_CHARS, s, i + 1, close)) return undefined;
    host = s.slice(i + 1, close);
    i = close + 1;
  } else {
    const hostStart = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c >= 128 || HOST_CHARS[c] === 0) break;
      i++;
    }
    if (i === hostStart) return undefined;
    host = s.slice(hostStart, i);
  }

  let port: number | undefined;
  if (s.charCodeAt(i) === 0x3a) {
    const end = readDigits(s, i + 1);
    if (end === i + 1 || end - i - 1 > 5) return undefined;
    port = Number(s.slice(i + 1, end));
    if (port > 65535) return undefined;
    i = end;
  }

  // (unescapeUri never fails, so a check can skip it)
  const params: Params | undefined = build ? new Map() : undefined;
  while (s.charCodeAt(i) === 0x3b) {
    const nameStart = i + 1;
    let j = nameStart;
    while (j < n && isParamChar(s.charCodeAt(j))) j++;
    if (j === nameStart) return undefined;
    const nameEnd = j;
    let valueStart = -1;
    if (s.charCodeAt(j) === 0x3d) {
      valueStart = j + 1;
      j = valueStart;
      while (j < n && isParamChar(s.charCodeAt(j))) j++;
    }
    params?.set(unescapeUri(s.slice(nameStart, nameEnd)).toLowerCase(), valueStart < 0 ? null : unescapeUri(s.slice(valueStart, j)));
    i = j;
  }

  const headers: Map<string, string> | undefined = build ? new Map() : undefined;
  const hasHeaders = s.charCodeAt(i) === 0x3f;
  if (hasHeaders) {
    i++;
    for (;;) {
      const nameStart = i;
      while (i < n && isHeaderChar(s.charCodeAt(i))) i++;
      if (i === nameStart || s.charCodeAt(i) !== 0x3d) return undefined;
      const valueStart = i + 1;
      i = valueStart;
      while (i < n && isHeaderChar(s.charCodeAt(i))) i++;
      headers?.set(unescapeUri(s.slice(nameStart, valueStart - 1)), unescapeUri(s.slice(valueStart, i)));
      if (s.charCodeAt(i) !== 0x26) break;
      i++;
    }
  }
  if (i !== n) return undefined;
  if (!params || !headers) return hasHeaders ? 'with-headers' : 'plain';

  const uri: SipUri = { scheme: scheme as 'sip' | 'sips', host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
}

function isUser(user: string): boolean {
  if (user.length === 0) return false;
  for (let i = 0; i < user.length; i++) {
    const c = user.charCodeAt(i);
    // '#' is not allowed unescaped (§25.1), but phones and PBXs send feature
    // codes like "*72#" as they are; accepting it is harmless.
    if (c >= 128 || (USER_CHARS[c] === 0 && c !== 0x23)) return false;
  }
  return true;
}

function isParamChar(c: number): boolean {
  return c < 128 && PARAM_CHARS[c] === 1;
}

function isHeaderChar(c: number): boolean {
  return c < 128 && HEADER_CHARS[c] === 1;
}

function readDigits(s: string, i: number): number {
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  return i;
}

/** tel:+1-201-555-0123;phone-context=example.com (RFC 3966): the number goes in `user`. */
function parseTel(s: string, start: number): SipUri | undefined {
  const semi = s.indexOf(';', start);
  const number = s.slice(start, semi < 0 ? s.length : semi);
  if (!number || !allIn(PARAM_CHARS, number)) return undefined;
  const params: Params = new Map();
  if (semi >= 0) {
    for (const part of s.slice(semi + 1).split(';')) {
      if (!part || !allIn(PARAM_CHARS, part.replace('=', ''))) return undefined;
      const eq = part.indexOf('=');
      if (eq < 0) params.set(unescapeUri(part).toLowerCase(), null);
      else params.set(unescapeUri(part.slice(0, eq)).toLowerCase(), unescapeUri(part.slice(eq + 1)));
    }
  }
  return { scheme: 'tel', user: number, host: '', params, headers: new Map() };
}

/**
 * A user part for a SIP URI from plain text: every character the user grammar
 * does not allow (space, '#', '@', ':', non-ASCII...) becomes %HH of its UTF-8
 * octets (RFC 3261 §19.1.2), so "*72#" is written "*72%23".
 */
export function escapeUserPart(user: string): string {
  return escapeUri(user, USER_CHARS);
}

/** Host as written in a URI or Via: IPv6 literals get brackets. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function formatUriParams(params: Params): string {
  let out = '';
  for (const [k, v] of params) {
    out += ';' + escapeUri(k, PARAM_CHARS);
    if (v !== null) out += '=' + escapeUri(v, PARAM_CHARS);
  }
  return out;
}

export function formatUri(uri: SipUri): string {
  if (uri.scheme === 'tel') return `tel:${uri.user ?? ''}${formatUriParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += '@';
  }
  out += formatHost(uri.host);
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatUriParams(uri.params);
  if (uri.headers.size > 0) {
    let sep = '?';
    for (const [k, v] of uri.headers) {
      out += sep + escapeUri(k, HEADER_CHARS) + '=' + escapeUri(v, HEADER_CHARS);
      sep = '&';
    }
  }
  return out;
}

/** A new SIP URI from parts. `user` is taken as already escaped (as written on the wire). */
export function makeUri(opts: {
  scheme?: 'sip' | 'sips';
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params?: Record<string, string | null>;
  headers?: Record<string, string>;
}): SipUri {
  const uri: SipUri = {
    scheme: opts.scheme ?? 'sip',
    host: opts.host.startsWith('[') && opts.host.endsWith(']') ? opts.host.slice(1, -1) : opts.host,
    params: new Map(Object.entries(opts.params ?? {})),
    headers: new Map(Object.entries(opts.headers ?? {})),
  };
  if (opts.user !== undefined) uri.user = opts.user;
  if (opts.password !== undefined) uri.password = opts.password;
  if (opts.port !== undefined) uri.port = opts.port;
  return uri;
}
