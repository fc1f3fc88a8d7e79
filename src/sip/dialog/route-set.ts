import {
  formatNameAddr,
  formatUri,
  parseNameAddr,
  splitHeaderList,
  type NameAddr,
  type SipMessage,
  type SipUri,
} from '../message/index.js';

/**
 * Route sets (RFC 3261 §12.1.1, §12.1.2) and the Request-URI / Route of an
 * in-dialog request (§12.2.1.1), including a strict (pre-RFC 3261) router.
 */

/**
 * The route set from a message's Record-Route: as-is for the UAS (§12.1.1),
 * reversed for the UAC (§12.1.2). Unreadable entries are skipped.
 */
export function routeSetFromRecordRoute(msg: SipMessage, role: 'uac' | 'uas'): NameAddr[] {
  const out: NameAddr[] = [];
  for (const value of msg.headers.getAll('Record-Route')) {
    for (const part of splitHeaderList(value)) {
      const na = parseNameAddr(part);
      if (na) out.push(na);
    }
  }
  return role === 'uac' ? out.reverse() : out;
}

export interface RequestTarget {
  requestUri: string;
  /** Route header values in order. */
  routes: string[];
}

/** §12.2.1.1 / §19.1.1: a Request-URI carries neither URI headers nor the method parameter. */
function requestUriForm(uri: SipUri): SipUri {
  if (uri.headers.size === 0 && !uri.params.has('method')) return uri;
  const params = new Map(uri.params);
  params.delete('method');
  return { ...uri, params, headers: new Map() };
}

/**
 * Where an in-dialog request goes (§12.2.1.1):
 * - empty route set: Request-URI = remote target, no Route;
 * - first route has 'lr': Request-URI = remote target, Route = route set;
 * - otherwise (strict router): Request-URI = first route's URI, Route = the
 *   rest of the route set followed by the remote target.
 */
export function requestTarget(remoteTarget: SipUri, routeSet: readonly NameAddr[]): RequestTarget {
  const first = routeSet[0];
  if (!first) return { requestUri: formatUri(requestUriForm(remoteTarget)), routes: [] };
  if (first.uri.params.has('lr')) {
    return { requestUri: formatUri(requestUriForm(remoteTarget)), routes: routeSet.map(formatNameAddr) };
  }
  const routes = routeSet.slice(1).map(formatNameAddr);
  routes.push(`<${formatUri(remoteTarget)}>`);
  return { requestUri: formatUri(requestUriForm(first.uri)), routes };
}
