/**
 * An in-memory UDP network for media tests: sockets bound on it deliver to
 * each other through the virtual clock, with an optional per-packet rule that
 * drops, delays or duplicates (pjsip's loop transport idea). Every datagram is
 * copied on send, as the kernel does.
 */
import type { Endpoint, SocketFactory, UdpSocket, VirtualClock } from '../../../src/base/index.js';

/** What to do with one datagram: deliver after `delayMs` (default 0), drop it, or deliver several copies. */
export type PacketFate = { drop?: boolean; delayMs?: number; copies?: number };
export type PacketRule = (data: Buffer, from: Endpoint, to: Endpoint) => PacketFate | undefined;

export interface SentDatagram {
  data: Buffer;
  from: Endpoint;
  to: Endpoint;
}

class FakeUdpSocket implements UdpSocket {
  readonly local: Endpoint & { family: 'IPv4' };
  readonly messageFns: Array<(data: Buffer, from: Endpoint) => void> = [];
  closed = false;

  constructor(
    private readonly net: FakeUdpNetwork,
    address: string,
    port: number,
  ) {
    this.local = { address, port, family: 'IPv4' };
  }

  send(data: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    this.net.route(Buffer.from(data), { address: this.local.address, port: this.local.port }, { address, port });
  }

  onMessage(fn: (data: Buffer, from: Endpoint) => void): void {
    this.messageFns.push(fn);
  }

  onError(_fn: (err: Error) => void): void {}
  addMembership(): void {}
  dropMembership(): void {}
  setMulticastTtl(): void {}
  setMulticastInterface(): void {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.unbind(this);
  }
}

export class FakeUdpNetwork implements SocketFactory {
  /** Ports whose bind fails (another program holds them). */
  readonly busyPorts = new Set<number>();
  readonly sent: SentDatagram[] = [];
  rule: PacketRule | undefined;
  /** Keep a log of every datagram in `sent`. */
  record = false;
  private readonly bound = new Map<string, FakeUdpSocket>();
  private nextEphemeral = 40_000;

  constructor(private readonly clock: VirtualClock) {}

  async bindUdp(opts: { address: string; port: number }): Promise<UdpSocket> {
    const port = opts.port === 0 ? this.nextEphemeral++ : opts.port;
    const key = `${opts.address}:${port}`;
    if (this.busyPorts.has(port) || this.bound.has(key)) {
      throw Object.assign(new Error(`bind EADDRINUSE ${key}`), { code: 'EADDRINUSE' });
    }
    const s = new FakeUdpSocket(this, opts.address, port);
    this.bound.set(key, s);
    return s;
  }

  connectStream(): never {
    throw new Error('FakeUdpNetwork has no streams');
  }

  listenStream(): never {
    throw new Error('FakeUdpNetwork has no streams');
  }

  isBound(address: string, port: number): boolean {
    return this.bound.has(`${address}:${port}`);
  }

  unbind(s: FakeUdpSocket): void {
    this.bound.delete(`${s.local.address}:${s.local.port}`);
  }

  /** Inject a datagram as if `from` had sent it. */
  inject(data: Uint8Array, from: Endpoint, to: Endpoint): void {
    this.route(Buffer.from(data), from, to);
  }

  route(data: Buffer, from: Endpoint, to: Endpoint): void {
    if (this.record) this.sent.push({ data, from, to });
    const fate = this.rule?.(data, from, to) ?? {};
    if (fate.drop) return;
    const copies = fate.copies ?? 1;
    for (let i = 0; i < copies; i++) {
      this.clock.setTimer(fate.delayMs ?? 0, () => {
        const target = this.bound.get(`${to.address}:${to.port}`);
        if (!target || target.closed) return;
        // Each receiver gets its own Buffer, as from the kernel.
        for (const fn of target.messageFns) fn(Buffer.from(data), from);
      });
    }
  }
}
