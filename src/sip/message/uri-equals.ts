import { unescapeUri } from './char-classes.js';
import type { SipUri } from './types.js';

/** URI parameters that, once present in either URI, must be present and equal in both (RFC 3261 §19.1.4). */
const DEFAULTED_PARAMS = ['user', 'ttl', 'method', 'maddr', 'transport'];

/**
 * URI equality per RFC 3261 §19.1.4:
 * - scheme must match (sip and sips never equal);
 * - userinfo compares case-sensitively after resolving %HH escapes;
 * - host compares case-insensitively, with no DNS (a name never equals an address);
 * - a port, or a user/ttl/method/maddr/transport parameter, present in only
 *   one URI makes them differ (an explicit default is not the same as none);
 * - other parameters present in both must be equal (case-insensitive);
 *   present in only one, they are ignored;
 * - URI headers must be present in both and equal, in any order.
 * tel URIs compare the number without visual separators (RFC 3966 §4) and their parameters.
 */
export function uriEquals(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if (a.scheme === 'tel') return telEquals(a, b);
  if (unescapeOpt(a.user) !== unescapeOpt(b.user)) return false;
  if (unescapeOpt(a.password) !== unescapeOpt(b.password)) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase()) return false;
  if (a.port !== b.port) return false;

  for (const p of DEFAULTED_PARAMS) {
    if (a.params.has(p) !== b.params.has(p)) return false;
  }
  for (const [k, va] of a.params) {
    if (!b.params.has(k)) continue;
    if (!sameValue(va, b.params.get(k)!)) return false;
  }

  if (a.headers.size !== b.headers.size) return false;
  const bHeaders = new Map<string, string>();
  for (const [k, v] of b.headers) bHeaders.set(k.toLowerCase(), v);
  for (const [k, v] of a.headers) {
    const other = bHeaders.get(k.toLowerCase());
    if (other === undefined || other !== v) return false;
  }
  return true;
}

function sameValue(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a.toLowerCase() === b.toLowerCase();
}

function unescapeOpt(s: string | undefined): string | undefined {
  return s === undefined ? undefined : unescapeUri(s);
}

function telEquals(a: SipUri, b: SipUri): boolean {
  const digits = (u: SipUri): string => (u.user ?? '').replace(/[-.()]/g, '').toLowerCase();
  if (digits(a) !== digits(b)) return false;
  if (a.params.size !== b.params.size) return false;
  for (const [k, v] of a.params) {
    if (!b.params.has(k) || !sameValue(v, b.params.get(k)!)) return false;
  }
  return true;
}
