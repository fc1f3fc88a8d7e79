/**
 * An in-memory network behind the SocketFactory interface, for unit tests of
 * the transports with a VirtualClock: UDP datagrams and TCP-like byte streams
 * between hosts of one FakeNetwork, delivered on the microtask queue (so
 * `await flush()` or `clock.advanceAsync()` lets them arrive). TLS options
 * are recorded but not acted on (real TLS is the integration tests' job).
 */
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import type {
  Endpoint,
  SocketFactory,
  StreamConnectOptions,
  StreamListenOptions,
  StreamServer,
  UdpSocket,
} from '../../../../src/base/index.js';

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

export class FakeUdpSocket implements UdpSocket {
  readonly sent: Array<{ data: Buffer; port: number; address: string }> = [];
  private messageFns: Array<(data: Buffer, from: Endpoint) => void> = [];
  closed = false;

  constructor(
    private readonly net: FakeNetwork,
    readonly local: Endpoint & { family: 'IPv4' | 'IPv6' },
  ) {}

  send(data: Uint8Array, port: number, address: string): void {
    const copy = Buffer.from(data);
    this.sent.push({ data: copy, port, address });
    const to = this.net.udp.get(`${address}:${port}`);
    queueMicrotask(() => to?.deliver(copy, { address: this.local.address, port: this.local.port }));
  }
  deliver(data: Buffer, from: Endpoint): void {
    if (!this.closed) for (const fn of this.messageFns) fn(data, from);
  }
  onMessage(fn: (data: Buffer, from: Endpoint) => void): void {
    this.messageFns.push(fn);
  }
  onError(): void {}
  addMembership(): void {}
  dropMembership(): void {}
  setMulticastTtl(): void {}
  setMulticastInterface(): void {}
  close(): void {
    this.closed = true;
    this.net.udp.delete(`${this.local.address}:${this.local.port}`);
  }
}

/** Just enough of net.Socket for StreamConnection. */
export class FakeStreamSocket extends EventEmitter {
  peer: FakeStreamSocket | undefined;
  destroyed = false;
  readonly written: Buffer[] = [];

  constructor(
    readonly localAddress: string,
    readonly localPort: number,
    readonly remoteAddress: string,
    readonly remotePort: number,
  ) {
    super();
  }

  setNoDelay(): this {
    return this;
  }

  write(data: Uint8Array | string, cb?: (err?: Error) => void): boolean {
    if (this.destroyed) {
      queueMicrotask(() => cb?.(new Error('write after destroy')));
      return false;
    }
    const copy = Buffer.from(data);
    this.written.push(copy);
    const peer = this.peer;
    queueMicrotask(() => {
      if (peer && !peer.destroyed) peer.emit('data', copy);
      cb?.();
    });
    return true;
  }

  destroy(): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    queueMicrotask(() => this.emit('close'));
    const peer = this.peer;
    if (peer && !peer.destroyed) peer.destroy();
    return this;
  }

  asSocket(): net.Socket {
    return this as unknown as net.Socket;
  }
}

export class FakeNetwork {
  readonly udp = new Map<string, FakeUdpSocket>();
  readonly servers = new Map<string, (s: net.Socket) => void>();
  readonly connects: StreamConnectOptions[] = [];
  private nextPort = 40000;

  /** The SocketFactory of one host on this network. */
  factory(host: string): SocketFactory {
    return {
      bindUdp: async (opts) => {
        const port = opts.port || this.nextPort++;
        const sock = new FakeUdpSocket(this, { address: opts.address, port, family: 'IPv4' });
        this.udp.set(`${opts.address}:${port}`, sock);
        // a wildcard bind is reachable at the host's address too
        if (opts.address === '0.0.0.0') this.udp.set(`${host}:${port}`, sock);
        return sock;
      },
      connectStream: async (opts) => this.connect(host, opts),
      listenStream: async (opts, onConnection) => this.listen(opts, onConnection),
    };
  }

  private connect(fromHost: string, opts: StreamConnectOptions): net.Socket {
    this.connects.push(opts);
    const accept = this.servers.get(`${opts.host}:${opts.port}`);
    if (!accept) {
      const err = new Error(`connect ECONNREFUSED ${opts.host}:${opts.port}`) as NodeJS.ErrnoException;
      err.code = 'ECONNREFUSED';
      throw err;
    }
    const clientPort = this.nextPort++;
    const client = new FakeStreamSocket(fromHost, clientPort, opts.host, opts.port);
    const server = new FakeStreamSocket(opts.host, opts.port, fromHost, clientPort);
    client.peer = server;
    server.peer = client;
    accept(server.asSocket());
    return client.asSocket();
  }

  private listen(opts: StreamListenOptions, onConnection: (s: net.Socket) => void): StreamServer {
    const port = opts.port || this.nextPort++;
    const key = `${opts.host}:${port}`;
    this.servers.set(key, onConnection);
    return {
      local: { address: opts.host, port },
      close: async () => {
        this.servers.delete(key);
      },
    };
  }

  /** Open a raw stream to a listener, as a peer that speaks bytes (framing tests). */
  rawConnect(fromHost: string, host: string, port: number): FakeStreamSocket {
    return this.connect(fromHost, { host, port }) as unknown as FakeStreamSocket;
  }
}
