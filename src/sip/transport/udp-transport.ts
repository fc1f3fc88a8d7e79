import type { Logger, SocketFactory, UdpSocket } from '../../base/index.js';
import { TransportErrorCode, transportError } from './transport-errors.js';
import type { TransportAddress } from './transport.js';

/**
 * SIP over UDP (RFC 3261 §18): one bound socket sends requests and responses
 * and receives everything. Each datagram is one whole message (§18.1.1), so
 * there is no framing; the manager parses. Responses leave from the socket
 * the request arrived on, which RFC 3581 §4 requires for NAT traversal.
 */
export interface UdpTransportOptions {
  factory: SocketFactory;
  host: string;
  port: number;
  logger: Logger;
  onDatagram(data: Buffer, source: TransportAddress, local: TransportAddress): void;
}

export class UdpTransport {
  private socket: UdpSocket | undefined;
  private closed = false;
  /** The bound address, fixed once bound (handed with every datagram: one object, not one per datagram). */
  private localAddress: TransportAddress = { protocol: 'udp', host: '', port: 0 };

  private constructor(private readonly opts: UdpTransportOptions) {}

  static async open(opts: UdpTransportOptions): Promise<UdpTransport> {
    const t = new UdpTransport(opts);
    t.socket = await opts.factory.bindUdp({ address: opts.host, port: opts.port });
    t.localAddress = { protocol: 'udp', host: t.socket.local.address, port: t.socket.local.port };
    t.socket.onMessage((data, from) => {
      if (t.closed) return;
      opts.onDatagram(data, { protocol: 'udp', host: from.address, port: from.port }, t.localAddress);
    });
    t.socket.onError((err) => {
      // Node reports send failures here, without telling which send: log only
      opts.logger.warn('udp socket error', { error: err.message, code: (err as NodeJS.ErrnoException).code });
    });
    return t;
  }

  get local(): TransportAddress {
    return { ...this.localAddress };
  }

  get family(): 'IPv4' | 'IPv6' {
    return this.socket!.local.family;
  }

  /**
   * Hand a datagram to the socket. Returns the error when it fails at once,
   * for what Node refuses synchronously: a closed socket, a bad address.
   * ICMP errors arrive later on the socket's error event.
   */
  send(data: Uint8Array, host: string, port: number): Error | undefined {
    if (this.closed || !this.socket) return transportError(TransportErrorCode.Closed, 'UDP transport is closed');
    try {
      this.socket.send(data, port, host);
      return undefined;
    } catch (err) {
      return transportError(TransportErrorCode.Unreachable, `UDP send to ${host}:${port} failed: ${(err as Error).message}`, err);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket?.close();
  }
}
