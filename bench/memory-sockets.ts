/**
 * An in-memory SocketFactory for the benchmarks: UDP "sockets" on 127.0.0.1
 * that hand each datagram (copied, as the kernel would) to the bound peer on
 * the next setImmediate turn, in order. With no system calls and the same
 * batching every run, CPU per call measures the SIP stack alone and varies
 * far less on a busy machine than over real loopback sockets (call-loop.ts
 * --memory). Streams are not offered.
 */
import type { AddressFamily, Endpoint, SocketFactory, StreamServer, UdpSocket } from '../src/base/index.js';

interface Datagram {
  data: Buffer;
  to: MemoryUdpSocket;
  from: Endpoint;
}

export class MemorySocketFactory implements SocketFactory {
  private readonly bound = new Map<number, MemoryUdpSocket>();
  private queue: Datagram[] = [];
  private scheduled = false;
  private nextPort = 40_000;

  bindUdp(opts: { address: string; port: number }): Promise<UdpSocket> {
    const port = opts.port === 0 ? this.nextPort++ : opts.port;
    if (this.bound.has(port)) return Promise.reject(new Error(`memory port ${port} in use`));
    const sock = new MemoryUdpSocket(this, { address: opts.address, port, family: 'IPv4' });
    this.bound.set(port, sock);
    return Promise.resolve(sock);
  }

  connectStream(): never {
    throw new Error('MemorySocketFactory has no streams');
  }

  listenStream(): Promise<StreamServer> {
    return Promise.reject(new Error('MemorySocketFactory has no streams'));
  }

  /** @internal */
  transmit(from: MemoryUdpSocket, data: Uint8Array, port: number): void {
    const to = this.bound.get(port);
    if (!to) return;
    this.queue.push({ data: Buffer.from(data), to, from: { address: from.local.address, port: from.local.port } });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** @internal */
  unbind(sock: MemoryUdpSocket): void {
    if (this.bound.get(sock.local.port) === sock) this.bound.delete(sock.local.port);
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    for (const d of batch) d.to.receive(d.data, d.from);
  }
}

class MemoryUdpSocket implements UdpSocket {
  private onMessageFn: ((data: Buffer, from: Endpoint) => void) | undefined;
  private closed = false;

  constructor(
    private readonly net: MemorySocketFactory,
    readonly local: Endpoint & { family: AddressFamily },
  ) {}

  send(data: Uint8Array, port: number): void {
    if (!this.closed) this.net.transmit(this, data, port);
  }

  onMessage(fn: (data: Buffer, from: Endpoint) => void): void {
    this.onMessageFn = fn;
  }

  onError(): void {}
  addMembership(): void {}
  dropMembership(): void {}
  setMulticastTtl(): void {}
  setMulticastInterface(): void {}

  close(): void {
    this.closed = true;
    this.net.unbind(this);
  }

  receive(data: Buffer, from: Endpoint): void {
    if (!this.closed) this.onMessageFn?.(data, from);
  }
}
