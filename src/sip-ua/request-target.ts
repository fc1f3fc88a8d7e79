import { isIP } from 'node:net';
import {
  parseNameAddr,
  parseUri,
  resolveSipTargets,
  type SendTarget,
  type SipDnsResolver,
  type SipRequest,
  type SipUri,
  type TransportProtocol,
} from '../sip/index.js';

/**
 * Where a request goes next (RFC 3261 §8.1.2): to the first Route when there
 * is one (loose routing), else to the Request-URI; the URI's transport param
 * or sips: scheme decides the protocol, else the line's transport.
 */
export function nextHopUri(request: SipRequest): SipUri | undefined {
  const route = request.headers.get('Route');
  if (route) return parseNameAddr(route)?.uri;
  return parseUri(request.uri);
}

export function uriProtocol(uri: SipUri, fallback: TransportProtocol): TransportProtocol {
  if (uri.scheme === 'sips') return 'tls';
  const t = uri.params.get('transport')?.toLowerCase();
  if (t === 'udp' || t === 'tcp' || t === 'tls') return t;
  return fallback;
}

/** Resolve a URI to send targets: IP literals directly, names through RFC 3263. */
export async function targetsForUri(
  uri: SipUri,
  fallback: TransportProtocol,
  resolver: SipDnsResolver,
): Promise<SendTarget[]> {
  const protocol = uriProtocol(uri, fallback);
  if (isIP(uri.host)) {
    return [{ protocol, host: uri.host, port: uri.port ?? (protocol === 'tls' ? 5061 : 5060) }];
  }
  return resolveSipTargets(uri, { resolver, dnsSrv: uri.port === undefined, transport: protocol });
}
