/**
 * Network, injected. SIP transports and RTP sessions open sockets through a
 * SocketFactory so that tests (and farm mode) can swap the network, and so that
 * only this file touches node:dgram / node:net / node:tls directly.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';

export interface Endpoint {
  address: string;
  port: number;
}

export type AddressFamily = 'IPv4' | 'IPv6';

export interface UdpSocket {
  readonly local: Endpoint & { family: AddressFamily };
  /** Fire and forget; a send error is reported through onError. */
  send(data: Uint8Array, port: number, address: string): void;
  onMessage(fn: (data: Buffer, from: Endpoint) => void): void;
  onError(fn: (err: Error) => void): void;
  /** Join a multicast group (paging). */
  addMembership(group: string, iface?: string): void;
  dropMembership(group: string, iface?: string): void;
  setMulticastTtl(ttl: number): void;
  setMulticastInterface(iface: string): void;
  close(): void;
}

export interface StreamServer {
  readonly local: Endpoint;
  close(): Promise<void>;
}

export interface StreamConnectOptions {
  host: string;
  port: number;
  localAddress?: string;
  /** When set, the stream is TLS with these options (servername, ca, rejectUnauthorized...). */
  tls?: tls.ConnectionOptions;
  timeoutMs?: number;
}

export interface StreamListenOptions {
  host: string;
  port: number;
  tls?: tls.TlsOptions;
}

export interface SocketFactory {
  bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket>;
  connectStream(opts: StreamConnectOptions): Promise<net.Socket>;
  listenStream(opts: StreamListenOptions, onConnection: (socket: net.Socket) => void): Promise<StreamServer>;
}

class NodeUdpSocket implements UdpSocket {
  readonly local: Endpoint & { family: AddressFamily };
  private errorFns: Array<(err: Error) => void> = [];

  constructor(private readonly sock: dgram.Socket) {
    const a = sock.address();
    this.local = { address: a.address, port: a.port, family: a.family === 'IPv6' ? 'IPv6' : 'IPv4' };
    sock.on('error', (err) => {
      for (const fn of this.errorFns) fn(err);
    });
  }

  send(data: Uint8Array, port: number, address: string): void {
    this.sock.send(data, port, address, (err) => {
      if (err) for (const fn of this.errorFns) fn(err);
    });
  }

  onMessage(fn: (data: Buffer, from: Endpoint) => void): void {
    this.sock.on('message', (msg, rinfo) => fn(msg, { address: rinfo.address, port: rinfo.port }));
  }

  onError(fn: (err: Error) => void): void {
    this.errorFns.push(fn);
  }

  addMembership(group: string, iface?: string): void {
    this.sock.addMembership(group, iface);
  }

  dropMembership(group: string, iface?: string): void {
    this.sock.dropMembership(group, iface);
  }

  setMulticastTtl(ttl: number): void {
    this.sock.setMulticastTTL(ttl);
  }

  setMulticastInterface(iface: string): void {
    this.sock.setMulticastInterface(iface);
  }

  close(): void {
    try {
      this.sock.close();
    } catch {
      // already closed
    }
  }
}

/** The real network through Node's sockets. */
export class NodeSocketFactory implements SocketFactory {
  bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket> {
    const type = net.isIPv6(opts.address) ? 'udp6' : 'udp4';
    const sock = dgram.createSocket({ type, reuseAddr: opts.reuseAddr ?? false });
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      sock.once('error', onError);
      sock.bind(opts.port, opts.address, () => {
        sock.off('error', onError);
        resolve(new NodeUdpSocket(sock));
      });
    });
  }

  connectStream(opts: StreamConnectOptions): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const sock: net.Socket = opts.tls
        ? tls.connect({
            socket: net.connect({ host: opts.host, port: opts.port, localAddress: opts.localAddress }),
            servername: net.isIP(opts.host) ? undefined : opts.host,
            ...opts.tls,
          })
        : net.connect({ host: opts.host, port: opts.port, localAddress: opts.localAddress });
      const ready = opts.tls ? 'secureConnect' : 'connect';
      if (opts.timeoutMs) sock.setTimeout(opts.timeoutMs);
      const fail = (err: Error) => {
        sock.destroy();
        reject(err);
      };
      sock.once('error', fail);
      sock.once('timeout', () => fail(new Error(`connect to ${opts.host}:${opts.port} timed out`)));
      sock.once(ready, () => {
        sock.off('error', fail);
        sock.setTimeout(0);
        resolve(sock);
      });
    });
  }

  listenStream(opts: StreamListenOptions, onConnection: (socket: net.Socket) => void): Promise<StreamServer> {
    const server = opts.tls ? tls.createServer(opts.tls, onConnection) : net.createServer(onConnection);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        const a = server.address() as net.AddressInfo;
        resolve({
          local: { address: a.address, port: a.port },
          close: () => new Promise<void>((r) => server.close(() => r())),
        });
      });
    });
  }
}
