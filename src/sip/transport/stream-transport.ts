import type net from 'node:net';
import type tls from 'node:tls';
import type { Clock, Logger, SocketFactory, StreamServer } from '../../base/index.js';
import { StreamConnection, type ConnectionDirection } from './stream-connection.js';
import { TransportErrorCode, classifyConnectError, transportError } from './transport-errors.js';
import type { SendTarget, TransportAddress, TransportProtocol } from './transport.js';
import { normalizeHost } from './via-rules.js';

/**
 * What TCP and TLS share: an optional listener, a table of open connections
 * keyed by (remote ip, port) so requests to the same place reuse one
 * connection (RFC 3261 §18.1.1 "SHOULD reuse"), and connects in flight shared
 * by concurrent senders. TcpTransport and TlsTransport only say how to
 * listen and connect.
 */
export type StreamProtocol = Exclude<TransportProtocol, 'udp'>;

export interface StreamTransportOptions {
  factory: SocketFactory;
  clock: Clock;
  logger: Logger;
  /** Listen here; undefined = client only. */
  listen?: { host: string; port: number };
  maxMessageBytes: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  onMessage(conn: StreamConnection, data: Buffer): void;
  onConnectionClosed(conn: StreamConnection, reason: string): void;
}

export abstract class StreamTransport {
  abstract readonly protocol: StreamProtocol;
  private server: StreamServer | undefined;
  private readonly byId = new Map<string, StreamConnection>();
  private readonly byAddress = new Map<string, StreamConnection>();
  private readonly connecting = new Map<string, Promise<StreamConnection>>();
  private nextId = 1;
  private closed = false;

  constructor(protected readonly opts: StreamTransportOptions) {}

  /** Start the listener, if one is configured. */
  async start(): Promise<void> {
    if (!this.opts.listen) return;
    const tlsOptions = this.listenTlsOptions();
    this.server = await this.opts.factory.listenStream(
      { host: this.opts.listen.host, port: this.opts.listen.port, ...(tlsOptions ? { tls: tlsOptions } : {}) },
      (socket) => this.accept(socket),
    );
  }

  /** The listening address, or undefined for a client-only transport. */
  get listening(): TransportAddress | undefined {
    if (!this.server) return undefined;
    return { protocol: this.protocol, host: this.server.local.address, port: this.server.local.port };
  }

  get(connectionId: string): StreamConnection | undefined {
    const c = this.byId.get(connectionId);
    return c?.isOpen ? c : undefined;
  }

  /** The open connection to (host, port), if any. */
  find(host: string, port: number): StreamConnection | undefined {
    const c = this.byAddress.get(addressKey(host, port));
    return c?.isOpen ? c : undefined;
  }

  list(): StreamConnection[] {
    return [...this.byId.values()].filter((c) => c.isOpen);
  }

  get connectionCount(): number {
    return this.byId.size;
  }

  /**
   * The connection to use for `target`: the named one when it is still open,
   * else the open one to the same address, else a new one.
   */
  connection(target: SendTarget): Promise<StreamConnection> {
    if (this.closed) {
      return Promise.reject(transportError(TransportErrorCode.Closed, `${this.protocol.toUpperCase()} transport is closed`));
    }
    if (target.connectionId) {
      const named = this.get(target.connectionId);
      if (named) return Promise.resolve(named);
    }
    const existing = this.find(target.host, target.port);
    if (existing) return Promise.resolve(existing);
    const key = addressKey(target.host, target.port);
    const pending = this.connecting.get(key);
    if (pending) return pending;
    const p = this.open(target).finally(() => this.connecting.delete(key));
    this.connecting.set(key, p);
    return p;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const c of [...this.byId.values()]) c.close('transport closed');
    await this.server?.close();
    this.server = undefined;
  }

  /** TLS: server options (certificate); TCP: undefined. */
  protected abstract listenTlsOptions(): tls.TlsOptions | undefined;
  /** TLS: client options for this target (verification, SNI); TCP: undefined. */
  protected abstract connectTlsOptions(target: SendTarget): tls.ConnectionOptions | undefined;

  private async open(target: SendTarget): Promise<StreamConnection> {
    const where = `${this.protocol}:${target.host}:${target.port}`;
    const tlsOptions = this.connectTlsOptions(target);
    let socket: net.Socket;
    try {
      socket = await this.opts.factory.connectStream({
        host: target.host,
        port: target.port,
        timeoutMs: this.opts.connectTimeoutMs,
        ...(tlsOptions ? { tls: tlsOptions } : {}),
      });
    } catch (err) {
      throw classifyConnectError(err, where, tlsOptions !== undefined);
    }
    if (this.closed) {
      socket.destroy();
      throw transportError(TransportErrorCode.Closed, `${this.protocol.toUpperCase()} transport closed while connecting`);
    }
    const conn = this.adopt(socket, 'outbound');
    this.opts.logger.debug('connection opened', { id: conn.id, to: where });
    return conn;
  }

  private accept(socket: net.Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const conn = this.adopt(socket, 'inbound');
    this.opts.logger.debug('connection accepted', { id: conn.id, from: `${conn.remote.host}:${conn.remote.port}` });
  }

  private adopt(socket: net.Socket, direction: ConnectionDirection): StreamConnection {
    const conn = new StreamConnection({
      id: `${this.protocol}-${this.nextId++}`,
      protocol: this.protocol,
      socket,
      direction,
      clock: this.opts.clock,
      logger: this.opts.logger,
      maxMessageBytes: this.opts.maxMessageBytes,
      // only connections we opened time out: the peer that opened one decides its life (§18.3)
      idleTimeoutMs: direction === 'outbound' ? this.opts.idleTimeoutMs : 0,
      onMessage: (c, data) => this.opts.onMessage(c, data),
      onClose: (c, reason) => this.forget(c, reason),
    });
    this.byId.set(conn.id, conn);
    const key = addressKey(conn.remote.host, conn.remote.port);
    // a newer connection to the same address replaces the older for reuse
    this.byAddress.set(key, conn);
    if (socket.destroyed) conn.close('closed before use');
    return conn;
  }

  private forget(conn: StreamConnection, reason: string): void {
    this.byId.delete(conn.id);
    const key = addressKey(conn.remote.host, conn.remote.port);
    if (this.byAddress.get(key) === conn) this.byAddress.delete(key);
    this.opts.logger.debug('connection closed', { id: conn.id, reason });
    this.opts.onConnectionClosed(conn, reason);
  }
}

function addressKey(host: string, port: number): string {
  return `${normalizeHost(host)}|${port}`;
}
