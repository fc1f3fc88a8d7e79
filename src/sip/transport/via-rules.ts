import net from 'node:net';
import { formatVia, parseVia, type ReadonlyVia, type SipHeaders, type Via } from '../message/index.js';
import type { TransportAddress, TransportProtocol } from './transport.js';

/**
 * The Via rules of the transport layer: stamping received/rport on requests
 * we receive (RFC 3261 §18.2.1, RFC 3581 §4), checking the sent-by of
 * responses we receive (§18.1.2), and choosing where a response goes
 * (§18.2.2, RFC 3581 §4).
 */

/** Default port of a transport (RFC 3261 §19.1.2): 5061 for TLS, else 5060. */
export function defaultPort(protocol: TransportProtocol): number {
  return protocol === 'tls' ? 5061 : 5060;
}

/**
 * A comparable form of an IP literal: IPv4-mapped IPv6 ("::ffff:10.0.0.1")
 * becomes IPv4, IPv6 is lower-cased and compressed. Names are lower-cased.
 */
export function normalizeHost(host: string): string {
  let h = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  h = h.toLowerCase();
  // no ':' - an IPv4 literal or a name: nothing more to do (and no IPv6 regex per message)
  if (h.indexOf(':') < 0) return h;
  if (h.startsWith('::ffff:') && net.isIPv4(h.slice(7))) return h.slice(7);
  if (net.isIPv6(h)) {
    try {
      return new URL(`http://[${h}]/`).hostname.slice(1, -1);
    } catch {
      return h;
    }
  }
  return h;
}

/**
 * RFC 3261 §18.2.1: add "received" when the sent-by host is a name or an IP
 * other than the packet's source; RFC 3581 §4: fill an empty "rport" with the
 * source port, and then add "received" even when it equals sent-by.
 * Rewrites the top Via in `headers` only when something changes. `topVia`
 * is that Via already parsed, when the caller has it (SipMessage.viewTopVia();
 * it is not changed). Returns the top Via as it now reads, or undefined when
 * there is none or it is malformed.
 */
export function stampReceived(
  headers: SipHeaders,
  source: { host: string; port: number },
  topVia?: ReadonlyVia,
): ReadonlyVia | undefined {
  let current = topVia;
  if (current === undefined) {
    const text = headers.get('Via');
    current = text === undefined ? undefined : parseVia(text);
    if (current === undefined) return undefined;
  }
  const sourceIp = normalizeHost(source.host);
  const rportRequested = current.params.has('rport') && !current.params.get('rport');
  const sentByIsSource = net.isIP(current.host) !== 0 && normalizeHost(current.host) === sourceIp;
  const addReceived = (rportRequested || !sentByIsSource) && current.params.get('received') !== sourceIp;
  if (!rportRequested && !addReceived) return current;
  const via: Via = { protocol: current.protocol, transport: current.transport, host: current.host, params: new Map(current.params) };
  if (current.port !== undefined) via.port = current.port;
  if (rportRequested) via.params.set('rport', String(source.port));
  if (addReceived) via.params.set('received', sourceIp);
  headers.removeFirst('Via');
  headers.prepend('Via', formatVia(via));
  return via;
}

/**
 * RFC 3261 §18.1.2: a response whose top Via sent-by is not something we put
 * there is silently discarded. "Loosely": the host must be one we know as
 * ours; the port is not compared, since NATs and listeners on several
 * protocols make it unreliable.
 */
export function sentByIsOurs(via: ReadonlyVia | undefined, ourHosts: ReadonlySet<string>): boolean {
  if (!via) return false;
  return ourHosts.has(normalizeHost(via.host));
}

/** Where to send a response. */
export interface ResponseRoute {
  /** Stream transports: write on this connection when it is still open. */
  connectionId?: string;
  /** The address to use (for UDP always; for streams when the connection is gone). */
  host: string;
  port: number;
}

/**
 * RFC 3261 §18.2.2 with RFC 3581 §4:
 * - reliable transport: back on the connection the request came on; if it has
 *   closed, open one to "received" (or the sent-by host) at the sent-by port;
 * - unreliable: to "received" at the "rport" port when present, else at the
 *   sent-by port (default 5060), else to the sent-by host.
 * The "maddr" branch (multicast responses) is not implemented: maddr is ignored.
 */
export function routeResponse(
  via: ReadonlyVia | undefined,
  protocol: TransportProtocol,
  received: { connectionId?: string; source?: TransportAddress },
): ResponseRoute | undefined {
  const reliable = protocol !== 'udp';
  if (!via) {
    // no usable Via (cannot happen for a parsed message): answer the source
    if (!received.source) return undefined;
    const route: ResponseRoute = { host: received.source.host, port: received.source.port };
    if (reliable && received.connectionId) route.connectionId = received.connectionId;
    return route;
  }
  const receivedParam = via.params.get('received') ?? undefined;
  const host = receivedParam && net.isIP(receivedParam) ? receivedParam : via.host;
  const sentByPort = via.port ?? defaultPort(protocol);
  if (reliable) {
    const route: ResponseRoute = { host, port: sentByPort };
    if (received.connectionId) route.connectionId = received.connectionId;
    return route;
  }
  const rport = via.params.get('rport');
  const port = receivedParam && rport && isPortNumber(rport) ? Number(rport) : sentByPort;
  return { host, port };
}

/** 1 to 5 decimal digits (an rport value worth using). */
function isPortNumber(text: string): boolean {
  if (text.length === 0 || text.length > 5) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}
