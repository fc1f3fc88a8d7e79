import { nullLogger, type Clock, type Logger, type SocketFactory } from '../../base/index.js';
import {
  DEFAULT_PARSE_LIMITS,
  serializeMessage,
  type ParseLimits,
  type SipRequest,
  type SipResponse,
} from '../message/index.js';
import { interfaceAddresses, isWildcard, pickLocalHost } from './local-address.js';
import { MessageIntake, type IntakeCounters } from './message-intake.js';
import type { StreamConnection } from './stream-connection.js';
import type { StreamTransport, StreamTransportOptions } from './stream-transport.js';
import { TcpTransport } from './tcp-transport.js';
import { TlsTransport, type TlsSettings } from './tls-transport.js';
import { TransportErrorCode, transportError } from './transport-errors.js';
import type {
  ReceivedMessage,
  SendTarget,
  SipTransport,
  TransportAddress,
  TransportProtocol,
} from './transport.js';
import { UdpTransport } from './udp-transport.js';
import { defaultPort, normalizeHost, routeResponse } from './via-rules.js';

/**
 * The phone's SIP transport layer: owns the UDP socket, the TCP and TLS
 * listeners and their connections, and implements SipTransport for the
 * transaction layer. Sockets come from the injected SocketFactory and time
 * from the injected Clock.
 */
export interface EndpointConfig {
  /** Local address to bind ("0.0.0.0" for all); port 0 = ephemeral (the manual's default is 5060). */
  host: string;
  port: number;
  /** TCP/TLS: accept connections (default true). false = client only. */
  listen?: boolean;
}

export interface TransportManagerOptions {
  factory: SocketFactory;
  clock: Clock;
  logger?: Logger;
  /** Each protocol is enabled when configured. */
  udp?: EndpointConfig;
  tcp?: EndpointConfig;
  tls?: EndpointConfig;
  /** Certificates, verification, extra CAs, per-target overrides. */
  tlsSettings?: TlsSettings;
  /** Host to put in Via/Contact when bound to a wildcard (static IP, STUN result). */
  advertisedHost?: string;
  /** More hosts that count as ours in responses' Via (§18.1.2), e.g. a public NAT address. */
  sentByAliases?: string[];
  /** Skip the §18.1.2 response Via check. */
  acceptAnySentBy?: boolean;
  /** Close connections after this long without traffic while nobody holds them; default 180 s, 0 = never. */
  idleTimeoutMs?: number;
  connectTimeoutMs?: number;
  limits?: ParseLimits;
}

export interface TransportCounters extends IntakeCounters {
  sent: number;
  sendErrors: number;
}

export interface ConnectionInfo {
  id: string;
  direction: 'outbound' | 'inbound';
  remote: TransportAddress;
  local: TransportAddress;
}

const DEFAULT_IDLE_MS = 180_000;
const DEFAULT_CONNECT_MS = 10_000;
const PING = Buffer.from('\r\n\r\n');

export class TransportManager implements SipTransport {
  private udp: UdpTransport | undefined;
  private readonly streams = new Map<'tcp' | 'tls', StreamTransport>();
  private readonly handlers: Array<(msg: ReceivedMessage) => void> = [];
  private readonly closeHandlers: Array<(connectionId: string, reason: string) => void> = [];
  private readonly ourHosts = new Set<string>();
  private readonly intake: MessageIntake;
  private readonly logger: Logger;
  private sent = 0;
  private sendErrors = 0;
  private closed = false;

  private constructor(private readonly opts: TransportManagerOptions) {
    this.logger = opts.logger ?? nullLogger;
    this.intake = new MessageIntake({
      clock: opts.clock,
      logger: this.logger,
      limits: opts.limits ?? DEFAULT_PARSE_LIMITS,
      ...(opts.acceptAnySentBy ? { acceptAnySentBy: true } : {}),
      ourHosts: () => this.ourHosts,
      deliver: (msg) => {
        for (const h of this.handlers) h(msg);
      },
      sendBadRequest: (response, source, connectionId) => {
        this.send(response, source.protocol, connectionId, source).catch((err: Error) =>
          this.logger.debug('could not send 400', { error: err.message }),
        );
      },
    });
  }

  /** Bind and listen as configured. */
  static async start(opts: TransportManagerOptions): Promise<TransportManager> {
    const m = new TransportManager(opts);
    try {
      await m.open();
    } catch (err) {
      await m.close();
      throw err;
    }
    return m;
  }

  private async open(): Promise<void> {
    const o = this.opts;
    if (o.udp) {
      this.udp = await UdpTransport.open({
        factory: o.factory,
        host: o.udp.host,
        port: o.udp.port,
        logger: this.logger,
        onDatagram: (data, source, local) => this.intake.datagram(data, normalized(source), local),
      });
    }
    for (const protocol of ['tcp', 'tls'] as const) {
      const ep = o[protocol];
      if (!ep) continue;
      const so: StreamTransportOptions = {
        factory: o.factory,
        clock: o.clock,
        logger: this.logger.child({ transport: protocol }),
        ...(ep.listen === false ? {} : { listen: { host: ep.host, port: ep.port } }),
        maxMessageBytes: (o.limits ?? DEFAULT_PARSE_LIMITS).maxMessageBytes,
        idleTimeoutMs: o.idleTimeoutMs ?? DEFAULT_IDLE_MS,
        connectTimeoutMs: o.connectTimeoutMs ?? DEFAULT_CONNECT_MS,
        onMessage: (conn, data) => this.intake.message(data, conn.remote, conn.local, conn.id),
        onConnectionClosed: (conn, reason) => this.connectionClosed(conn, reason),
      };
      this.streams.set(protocol, protocol === 'tcp' ? await TcpTransport.open(so) : await TlsTransport.open(so, o.tlsSettings));
    }
    this.collectOurHosts();
  }

  /** The bound/listening address per protocol (port 0 resolved to the real one). */
  listening(protocol: TransportProtocol): TransportAddress | undefined {
    return protocol === 'udp' ? this.udp?.local : this.streams.get(protocol)?.listening;
  }

  isReliable(protocol: TransportProtocol): boolean {
    return protocol !== 'udp';
  }

  localAddress(protocol: TransportProtocol, dest?: TransportAddress): { host: string; port: number } {
    const listen = this.listening(protocol);
    const opts = {
      ...(this.opts.advertisedHost ? { advertisedHost: this.opts.advertisedHost } : {}),
      ...(dest ? { dest: dest.host } : {}),
    };
    let result: { host: string; port: number };
    if (listen) {
      result = { host: pickLocalHost(listen.host, opts), port: listen.port };
    } else {
      // client-only stream: the connection's own end if there is one, else the default port
      const conn = dest && protocol !== 'udp' ? this.streams.get(protocol)?.find(dest.host, dest.port) : undefined;
      const bindHost = this.opts[protocol]?.host ?? this.udp?.local.host ?? '0.0.0.0';
      result = conn
        ? { host: conn.local.host, port: conn.local.port }
        : { host: pickLocalHost(bindHost, opts), port: defaultPort(protocol) };
    }
    this.ourHosts.add(normalizeHost(result.host));
    return result;
  }

  onMessage(handler: (msg: ReceivedMessage) => void): void {
    this.handlers.push(handler);
  }

  /** Called when a TCP/TLS connection closes (a registration flow ends, RFC 5626 §4.4). */
  onConnectionClosed(handler: (connectionId: string, reason: string) => void): void {
    this.closeHandlers.push(handler);
  }

  /** Another host that counts as ours in responses' Via (a public address learned from rport/received or STUN). */
  addSentByAlias(host: string): void {
    this.ourHosts.add(normalizeHost(host));
  }

  /** Keep a connection open while held (the idle timeout skips it). undefined when it is not open. */
  holdConnection(connectionId: string): { release(): void } | undefined {
    for (const s of this.streams.values()) {
      const c = s.get(connectionId);
      if (c) return c.hold();
    }
    return undefined;
  }

  /** Whether a TCP/TLS connection is still open. */
  isConnectionOpen(connectionId: string): boolean {
    for (const s of this.streams.values()) if (s.get(connectionId)) return true;
    return false;
  }

  sendRequest(request: SipRequest, target: SendTarget): Promise<void> {
    return this.send(request, target.protocol, target.connectionId, target);
  }

  sendResponse(response: SipResponse, to: ReceivedMessage<SipRequest>): Promise<void> {
    return this.send(response, to.source.protocol, to.connectionId, to.source);
  }

  /**
   * The manual's "UDP keep-alive" (default every 30 s) and RFC 5626 §3.5.1 for
   * streams: a CRLFCRLF every interval to keep NAT bindings and the server's
   * connection alive. On streams it only uses an open connection (the
   * registration reopens a lost one); the peer's CRLF pongs are recorded on it.
   */
  startKeepAlive(target: SendTarget, intervalMs = 30_000): { stop(): void } {
    const timer = this.opts.clock.setInterval(intervalMs, () => this.ping(target));
    return { stop: () => timer.cancel() };
  }

  counters(): TransportCounters {
    return { ...this.intake.counters, sent: this.sent, sendErrors: this.sendErrors };
  }

  /** Open TCP+TLS connections (for the status page and tests). */
  connections(): ConnectionInfo[] {
    return [...this.streams.values()].flatMap((s) =>
      s.list().map((c) => ({ id: c.id, direction: c.direction, remote: c.remote, local: c.local })),
    );
  }

  connectionCount(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.connectionCount;
    return n;
  }

  /** Close a TCP/TLS connection (e.g. a registration flow that failed, RFC 5626 §4.4.1). */
  closeConnection(connectionId: string): void {
    for (const s of this.streams.values()) s.get(connectionId)?.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.udp?.close();
    await Promise.all([...this.streams.values()].map((s) => s.close()));
  }

  /**
   * Serialize and send. UDP is handed to the socket before this returns (the
   * common case costs no promise chain); TCP/TLS may have to connect first.
   * Every failure is a rejection, never a throw.
   */
  private send(
    message: SipRequest | SipResponse,
    protocol: TransportProtocol,
    connectionId: string | undefined,
    address: { host: string; port: number; servername?: string },
  ): Promise<void> {
    try {
      if (this.closed) throw transportError(TransportErrorCode.Closed, 'transport manager is closed');
      const data = serializeMessage(message);
      let host = address.host;
      let port = address.port;
      let viaConnection = connectionId;
      if (message.kind === 'response') {
        const route = routeResponse(message.viewTopVia(), protocol, {
          ...(connectionId ? { connectionId } : {}),
          source: { protocol, host: address.host, port: address.port },
        });
        if (!route) throw transportError(TransportErrorCode.Unreachable, 'response has no Via to route by');
        ({ host, port } = route);
        viaConnection = route.connectionId;
      }
      if (protocol === 'udp') {
        if (!this.udp) throw this.failed(transportError(TransportErrorCode.NoTransport, 'UDP is not enabled'));
        const sent = this.udp.send(data, host, port);
        if (sent) throw this.failed(sent);
        this.sent++;
        return Promise.resolve();
      }
      const stream = this.streams.get(protocol);
      if (!stream) throw this.failed(transportError(TransportErrorCode.NoTransport, `${protocol.toUpperCase()} is not enabled`));
      const target: SendTarget = { protocol, host, port };
      if (viaConnection) target.connectionId = viaConnection;
      if (address.servername) target.servername = address.servername;
      return this.sendOnStream(stream, target, data);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  private async sendOnStream(stream: StreamTransport, target: SendTarget, data: Buffer): Promise<void> {
    try {
      const conn = await stream.connection(target);
      await conn.write(data);
      this.sent++;
    } catch (err) {
      throw this.failed(err as Error);
    }
  }

  /** Count a send failure; returns the error to throw. */
  private failed(err: Error): Error {
    this.sendErrors++;
    return err;
  }

  private ping(target: SendTarget): void {
    if (target.protocol === 'udp') {
      const err = this.udp?.send(PING, target.host, target.port);
      if (err) this.logger.debug('keep-alive send failed', { error: err.message });
      return;
    }
    const stream = this.streams.get(target.protocol);
    const conn =
      (target.connectionId ? stream?.get(target.connectionId) : undefined) ?? stream?.find(target.host, target.port);
    conn?.sendRaw(PING);
  }

  private connectionClosed(conn: StreamConnection, reason: string): void {
    for (const h of this.closeHandlers) {
      try {
        h(conn.id, reason);
      } catch (err) {
        this.logger.error('connection-closed handler failed', { error: (err as Error).message });
      }
    }
  }

  private collectOurHosts(): void {
    const bound = [this.udp?.local, ...[...this.streams.values()].map((s) => s.listening)];
    let wildcard = false;
    for (const b of bound) {
      if (!b) continue;
      if (isWildcard(b.host)) wildcard = true;
      else this.ourHosts.add(normalizeHost(b.host));
    }
    if (wildcard || bound.every((b) => !b)) for (const a of interfaceAddresses()) this.ourHosts.add(a);
    if (this.opts.advertisedHost) this.ourHosts.add(normalizeHost(this.opts.advertisedHost));
    for (const a of this.opts.sentByAliases ?? []) this.ourHosts.add(normalizeHost(a));
  }
}

/** `a` with its host in normalizeHost() form (`a` itself, fresh per datagram, when it already is). */
function normalized(a: TransportAddress): TransportAddress {
  const host = normalizeHost(a.host);
  return host === a.host ? a : { protocol: a.protocol, host, port: a.port };
}
