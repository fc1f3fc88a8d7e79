import { formatParams, parseParams } from './params.js';
import type { SipUri } from './types.js';

/**
 * SIP/SIPS URI (RFC 3261 §19.1) and tel URI (RFC 3966) parsing. The user part
 * is kept in its escaped form so a URI round-trips byte for byte. Returns
 * undefined for anything that is not a sip/sips/tel URI.
 */
export function parseUri(text: string): SipUri | undefined {
  const s = text.trim();
  const colon = s.indexOf(':');
  if (colon <= 0) return undefined;
  const scheme = s.slice(0, colon).toLowerCase();
  const rest = s.slice(colon + 1);
  if (scheme === 'tel') return parseTel(rest);
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;

  const q = rest.indexOf('?');
  const main = q < 0 ? rest : rest.slice(0, q);
  const headers = new Map<string, string>();
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      headers.set(safeDecode(name), eq < 0 ? '' : safeDecode(pair.slice(eq + 1)));
    }
  }

  const at = main.lastIndexOf('@');
  let user: string | undefined;
  let password: string | undefined;
  let hostPart = main;
  if (at >= 0) {
    const userinfo = main.slice(0, at);
    hostPart = main.slice(at + 1);
    const pc = userinfo.indexOf(':');
    if (pc >= 0) {
      user = userinfo.slice(0, pc);
      password = userinfo.slice(pc + 1);
    } else {
      user = userinfo;
    }
    if (user === '') return undefined;
  }

  let host: string;
  let i: number;
  if (hostPart.startsWith('[')) {
    const close = hostPart.indexOf(']');
    if (close < 0) return undefined;
    host = hostPart.slice(1, close);
    i = close + 1;
  } else {
    i = 0;
    while (i < hostPart.length && hostPart[i] !== ':' && hostPart[i] !== ';') i++;
    host = hostPart.slice(0, i);
  }
  if (!host || !/^[A-Za-z0-9\-.:_%]+$/.test(host)) return undefined;

  let port: number | undefined;
  if (hostPart[i] === ':') {
    let j = i + 1;
    while (j < hostPart.length && hostPart[j] !== ';') j++;
    const digits = hostPart.slice(i + 1, j);
    if (!/^\d{1,5}$/.test(digits)) return undefined;
    port = Number(digits);
    if (port > 65535) return undefined;
    i = j;
  }
  const params = parseParams(hostPart.slice(i));
  const uri: SipUri = { scheme, host, params, headers };
  if (user !== undefined) uri.user = user;
  if (password !== undefined) uri.password = password;
  if (port !== undefined) uri.port = port;
  return uri;
}

function parseTel(rest: string): SipUri | undefined {
  const semi = rest.indexOf(';');
  const number = semi < 0 ? rest : rest.slice(0, semi);
  if (!number) return undefined;
  return {
    scheme: 'tel',
    user: number,
    host: '',
    params: parseParams(semi < 0 ? '' : rest.slice(semi)),
    headers: new Map(),
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Host as written in a URI or Via: IPv6 literals get brackets. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

export function formatUri(uri: SipUri): string {
  if (uri.scheme === 'tel') return `tel:${uri.user ?? ''}${formatParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += uri.user;
    if (uri.password !== undefined) out += `:${uri.password}`;
    out += '@';
  }
  out += formatHost(uri.host);
  if (uri.port !== undefined) out += `:${uri.port}`;
  out += formatParams(uri.params);
  if (uri.headers.size > 0) {
    out +=
      '?' +
      [...uri.headers]
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
  }
  return out;
}

/** A new SIP URI from parts. */
export function makeUri(opts: {
  scheme?: 'sip' | 'sips';
  user?: string;
  host: string;
  port?: number;
  params?: Record<string, string | null>;
}): SipUri {
  const uri: SipUri = {
    scheme: opts.scheme ?? 'sip',
    host: opts.host,
    params: new Map(Object.entries(opts.params ?? {})),
    headers: new Map(),
  };
  if (opts.user !== undefined) uri.user = opts.user;
  if (opts.port !== undefined) uri.port = opts.port;
  return uri;
}

/**
 * URI equality for the purposes of dialog and registration matching
 * (RFC 3261 §19.1.4, simplified: scheme, user, host case-insensitive, port,
 * and transport/user/method/maddr/ttl parameters).
 */
export function uriEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if (unescapeUser(a.user) !== unescapeUser(b.user)) return false;
  if (a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;
  for (const p of ['transport', 'user', 'method', 'maddr', 'ttl']) {
    const va = a.params.get(p);
    const vb = b.params.get(p);
    if ((va ?? undefined) !== (vb ?? undefined) && va?.toLowerCase() !== vb?.toLowerCase()) return false;
  }
  return true;
}

function unescapeUser(u: string | undefined): string | undefined {
  return u === undefined ? undefined : safeDecode(u);
}
