import { isIP } from 'node:net';
import { makeUri, parseUri, type SipUri } from '../sip/index.js';

/** The manual's "Pound Send Method" (Advance > Phone Setting > Basic): how a dialled '#' is sent. */
export type PoundSendMethod = 'hash' | 'escaped';

/**
 * What the person dialled, as a SIP URI. Accepted forms:
 *   1002                  a number on the line's server
 *   1002@10.0.0.5[:5062]  user at a host (direct or through the server)
 *   sip:... / sips:...    a full URI
 *   10.0.0.5[:5062]       a phone by IP (peer-to-peer)
 *   10*0*0*5[*5062]       the same from the keypad, '*' for '.' (as Yealink/Grandstream IP dialling)
 * Returns a reason when it cannot be a call target.
 *
 * A '#' in the dialled user part (codes like "#28#123") goes escaped as %23
 * (RFC 3261 §25.1), unless `pound` is 'hash': the manual's "Pound Send
 * Method" for PBXs that match the raw '#' in the Request-URI. A full sip: URI
 * is sent as written.
 */
export function parseDialTarget(
  input: string,
  domain: string | undefined,
  transport: 'udp' | 'tcp' | 'tls',
  pound: PoundSendMethod = 'escaped',
): { ok: true; uri: SipUri } | { ok: false; reason: string } {
  const to = input.trim();
  if (!to) return { ok: false, reason: 'nothing to dial' };
  let uri: SipUri | undefined;
  const star = /^(\d{1,3})\*(\d{1,3})\*(\d{1,3})\*(\d{1,3})(?:\*(\d{1,5}))?#?$/.exec(to);
  if (/^sips?:/i.test(to)) {
    uri = parseUri(to);
  } else if (to.includes('@')) {
    const at = to.lastIndexOf('@');
    uri = parseUri(`sip:${encodeUser(to.slice(0, at))}${to.slice(at)}`);
  } else if (star) {
    const host = `${star[1]}.${star[2]}.${star[3]}.${star[4]}`;
    if (!isIP(host)) return { ok: false, reason: `"${to}" is not an IP address` };
    uri = makeUri({ host, ...(star[5] ? { port: Number(star[5]) } : {}) });
  } else if (isHostPort(to)) {
    uri = parseUri(`sip:${to}`);
  } else if (/^[0-9A-Za-z*#+\-_.!~]+$/.test(to)) {
    if (!domain) return { ok: false, reason: `no SIP server on this line: dial user@host or an IP address` };
    uri = parseUri(`sip:${encodeUser(to.replace(/#$/, ''))}@${domain}`);
  }
  if (!uri || uri.scheme === 'tel') return { ok: false, reason: `cannot call "${to}"` };
  if (pound === 'hash' && !/^sips?:/i.test(to) && uri.user?.includes('%23')) uri.user = uri.user.replaceAll('%23', '#');
  if (transport === 'tcp' && !uri.params.has('transport') && uri.scheme === 'sip') uri.params.set('transport', 'tcp');
  if (transport === 'tls' && uri.scheme === 'sip') uri.scheme = 'sips';
  return { ok: true, uri };
}

function isHostPort(s: string): boolean {
  const m = /^(\[[0-9a-fA-F:.]+\]|[0-9.]+)(?::\d{1,5})?$/.exec(s);
  if (!m) return false;
  return isIP(m[1]!.replace(/^\[|\]$/g, '')) !== 0;
}

/** '#' is not allowed unescaped in a user part (RFC 3261 §25.1). */
function encodeUser(user: string): string {
  return user.replace(/#/g, '%23');
}
