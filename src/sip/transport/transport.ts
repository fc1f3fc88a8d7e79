import type { SipMessage, SipRequest, SipResponse } from '../message/index.js';

/**
 * The boundary between the transport layer (UDP/TCP/TLS sockets, framing,
 * connection reuse, RFC 3581) and the transaction layer above it. Unlike a
 * WebSocket-shaped string transport, it carries a destination and tells which
 * protocols are reliable, so Timers A, E and G exist (STYLE.md §6).
 */
export type TransportProtocol = 'udp' | 'tcp' | 'tls';

export interface TransportAddress {
  protocol: TransportProtocol;
  /** IP literal (IPv6 without brackets). */
  host: string;
  port: number;
}

/** Where to send a request: an address, and optionally an existing connection to reuse. */
export interface SendTarget extends TransportAddress {
  /** Stream transports: send on this connection (e.g. the one a request arrived on). */
  connectionId?: string;
  /** TLS: the name to verify the server certificate against (the URI host). */
  servername?: string;
}

/** A message received from the network, with where it came from. */
export interface ReceivedMessage<M extends SipMessage = SipMessage> {
  message: M;
  source: TransportAddress;
  /** The local listener / connection end that received it. */
  local: TransportAddress;
  /** Stream transports: the connection it arrived on (responses go back on it, RFC 3261 §18.2.2). */
  connectionId?: string;
}

export interface SipTransport {
  /**
   * Send a request. Resolves when handed to the socket; rejects with a
   * SayhiError (code SIP_TRANSPORT_*) when the connection cannot be made or
   * written (the transaction reports that as a 503, RFC 3261 §8.1.3.1).
   */
  sendRequest(request: SipRequest, target: SendTarget): Promise<void>;
  /**
   * Send a response to the request described by `to` (RFC 3261 §18.2.2 and
   * RFC 3581 §4: back on the connection, or to received/rport of the top Via).
   */
  sendResponse(response: SipResponse, to: ReceivedMessage<SipRequest>): Promise<void>;
  /** Unreliable transports need retransmission timers (A, E, G) and non-zero D, J, K. */
  isReliable(protocol: TransportProtocol): boolean;
  /** host:port to put in Via sent-by and Contact for this protocol (towards `dest`, if it matters). */
  localAddress(protocol: TransportProtocol, dest?: TransportAddress): { host: string; port: number };
  /** Every well-formed message received (requests already carry received/rport in their top Via). */
  onMessage(handler: (msg: ReceivedMessage) => void): void;
}
