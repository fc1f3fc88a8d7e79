import { SayhiError, nullLogger, type Logger } from '../../base/index.js';
import {
  formatVia,
  parseMessage,
  parseVia,
  serializeMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
} from '../message/index.js';
import type {
  ReceivedMessage,
  SendTarget,
  SipTransport,
  TransportAddress,
  TransportProtocol,
} from '../transport/index.js';
import type { LoopAddress, LoopEndpoint, LoopNetwork } from './loop-network.js';

export interface LoopTransportOptions {
  network: LoopNetwork;
  /** The address this endpoint listens on (one address serves udp, tcp and tls). */
  host: string;
  port: number;
  /**
   * What to write in Via sent-by and Contact instead of host:port: a phone
   * behind a NAT that does not know its public address, so rport matters.
   */
  advertised?: LoopAddress;
  logger?: Logger;
}

export interface LoopTransportStats {
  received: number;
  /** Messages the parser rejected (a real transport would answer a bad request with 400). */
  malformed: number;
}

/**
 * A SipTransport on a LoopNetwork. It serializes every outgoing message and
 * parses every incoming one, so the wire format is exercised; it stamps
 * received/rport on incoming requests and routes responses back the way a
 * real UDP or TCP transport does (RFC 3261 §18.2.1, §18.2.2, RFC 3581 §4).
 */
export class LoopTransport implements SipTransport, LoopEndpoint {
  readonly address: LoopAddress;
  readonly stats: LoopTransportStats = { received: 0, malformed: 0 };
  private readonly network: LoopNetwork;
  private readonly advertised: LoopAddress;
  private readonly logger: Logger;
  private readonly handlers: Array<(msg: ReceivedMessage) => void> = [];
  private closed = false;

  constructor(opts: LoopTransportOptions) {
    this.network = opts.network;
    this.address = { host: opts.host, port: opts.port };
    this.advertised = opts.advertised ?? this.address;
    this.logger = opts.logger ?? nullLogger;
    this.network.register(this);
  }

  sendRequest(request: SipRequest, target: SendTarget): Promise<void> {
    return this.send(request, target.protocol, { host: target.host, port: target.port });
  }

  sendResponse(response: SipResponse, to: ReceivedMessage<SipRequest>): Promise<void> {
    const protocol = to.source.protocol;
    if (this.isReliable(protocol)) {
      // §18.2.2: on a reliable transport the response goes back on the connection the request came in on
      return this.send(response, protocol, { host: to.source.host, port: to.source.port });
    }
    const via = response.topVia;
    if (!via) return Promise.reject(new SayhiError('SIP_TRANSPORT_NO_VIA', 'response has no Via to route by'));
    // §18.2.2: "the response MUST be sent to the address in the "received" parameter";
    // RFC 3581 §4: and to the port in "rport" when it carries a value
    const received = via.params.get('received');
    const rport = via.params.get('rport');
    const host = received ?? via.host;
    const port = rport ? Number(rport) : (via.port ?? 5060);
    return this.send(response, protocol, { host, port });
  }

  isReliable(protocol: TransportProtocol): boolean {
    return protocol !== 'udp';
  }

  localAddress(_protocol: TransportProtocol): { host: string; port: number } {
    return { host: this.advertised.host, port: this.advertised.port };
  }

  onMessage(handler: (msg: ReceivedMessage) => void): void {
    this.handlers.push(handler);
  }

  close(): void {
    this.closed = true;
    this.network.unregister(this);
  }

  /** Called by the LoopNetwork when a packet arrives. */
  deliver(data: Buffer, source: TransportAddress, connectionId: string | undefined): void {
    if (this.closed) return;
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      this.stats.malformed++;
      this.logger.debug('loop: dropped malformed message', { reason: parsed.reason });
      return;
    }
    this.stats.received++;
    const message = parsed.message;
    if (message.kind === 'request') stampReceived(message, source);
    const local: TransportAddress = { protocol: source.protocol, host: this.address.host, port: this.address.port };
    const rx: ReceivedMessage = { message, source, local };
    if (connectionId !== undefined) rx.connectionId = connectionId;
    for (const h of this.handlers) h(rx);
  }

  private send(message: SipMessage, protocol: TransportProtocol, to: LoopAddress): Promise<void> {
    if (this.closed) return Promise.reject(new SayhiError('SIP_TRANSPORT_CLOSED', 'loop transport is closed'));
    const data = serializeMessage(message);
    if (!this.network.transmit(this.address, protocol, to, data)) {
      return Promise.reject(
        new SayhiError('SIP_TRANSPORT_UNREACHABLE', `${protocol} ${to.host}:${to.port} is unreachable`),
      );
    }
    return Promise.resolve();
  }
}

/**
 * §18.2.1: "the server transport MUST add a received parameter" when sent-by
 * differs from the source address; RFC 3581 §4: an empty rport is filled with
 * the source port, and received is then added even when the hosts match.
 */
function stampReceived(request: SipRequest, source: TransportAddress): void {
  const raw = request.headers.get('Via');
  const via = raw === undefined ? undefined : parseVia(raw);
  if (!via) return;
  const wantsRport = via.params.has('rport') && via.params.get('rport') === null;
  if (!wantsRport && via.host === source.host) return;
  via.params.set('received', source.host);
  if (wantsRport) via.params.set('rport', String(source.port));
  request.headers.removeFirst('Via');
  request.headers.prepend('Via', formatVia(via));
}
