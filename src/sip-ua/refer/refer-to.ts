import { formatNameAddr, formatUri, parseNameAddr, parseUri, type NameAddr, type SipUri } from '../../sip/index.js';
import { formatReplaces, parseReplaces, type ReplacesHeader } from './replaces-header.js';

/**
 * Refer-To (RFC 3515 §2.1; compact form "r") and Referred-By (RFC 3892 §3;
 * compact form "b"). A Refer-To URI may carry header fields for the request
 * it asks for (RFC 3261 §19.1.5); the one a phone acts on is Replaces
 * (attended transfer, RFC 5589 §7), escaped inside the URI:
 *   Refer-To: <sip:carol@192.0.2.4?Replaces=a1%40b%3Bto-tag%3D2%3Bfrom-tag%3D3>
 */
export interface ReferTarget {
  /** Whom to call: the Refer-To URI without its URI headers. */
  uri: SipUri;
  /** The Replaces URI header, decoded (absent for a blind transfer). */
  replaces?: ReplacesHeader;
  /** Other URI headers, decoded, for the new request (rarely used). */
  headers: Map<string, string>;
  displayName?: string;
}

export type ReferToProblem = 'missing' | 'several' | 'unparseable' | 'bad-replaces';

/**
 * The Refer-To of a REFER. RFC 3515 §2.4.1: exactly one Refer-To, else 400.
 * Only SIP/SIPS/tel URIs are understood: a phone cannot act on http: or mailto:.
 */
export function readReferTo(values: string[]): { ok: true; value: ReferTarget } | { ok: false; reason: ReferToProblem } {
  if (values.length === 0) return { ok: false, reason: 'missing' };
  if (values.length > 1) return { ok: false, reason: 'several' };
  const na = parseNameAddr(values[0]!);
  if (!na) return { ok: false, reason: 'unparseable' };
  const headers = new Map<string, string>();
  let replaces: ReplacesHeader | undefined;
  for (const [name, value] of na.uri.headers) {
    if (name.toLowerCase() === 'replaces') {
      replaces = parseReplaces(value);
      if (!replaces) return { ok: false, reason: 'bad-replaces' };
    } else {
      headers.set(name, value);
    }
  }
  const uri: SipUri = { ...na.uri, headers: new Map() };
  const target: ReferTarget = { uri, headers };
  if (replaces) target.replaces = replaces;
  if (na.displayName !== undefined) target.displayName = na.displayName;
  return { ok: true, value: target };
}

/**
 * A Refer-To value: the target URI (a string is parsed so that headers it
 * already carries survive) with an optional Replaces added as a URI header.
 * Always name-addr form: a URI with headers must be in <> (RFC 3261 §20.10).
 */
export function formatReferTo(target: SipUri | string, replaces?: ReplacesHeader): string | undefined {
  const uri = typeof target === 'string' ? parseUri(target) : target;
  if (!uri) return undefined;
  const headers = new Map(uri.headers);
  if (replaces) headers.set('Replaces', formatReplaces(replaces));
  return `<${formatUri({ ...uri, headers })}>`;
}

/** Referred-By (RFC 3892 §3): a name-addr with an optional cid parameter. */
export function parseReferredBy(text: string | undefined): NameAddr | undefined {
  return text === undefined ? undefined : parseNameAddr(text);
}

/** Our identity as the referrer: the dialog's local URI without its tag. */
export function formatReferredBy(identity: NameAddr): string {
  const params = new Map(identity.params);
  params.delete('tag');
  return formatNameAddr({ ...identity, params });
}
