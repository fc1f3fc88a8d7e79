/**
 * An in-memory UDP network that knows multicast, for the paging tests: a
 * datagram sent to a group address reaches every socket bound to that port
 * (on the group address or the wildcard) that joined the group, as the
 * kernel delivers it; a unicast one reaches the socket bound to exactly that
 * address and port. Delivery goes through the virtual clock. Sockets keep
 * what was set on them (TTL, interface, memberships) for the tests to check.
 */
import type { Endpoint, SocketFactory, UdpSocket, VirtualClock } from '../../../src/base/index.js';

export class FakeMulticastSocket implements UdpSocket {
  readonly local: Endpoint & { family: 'IPv4' };
  readonly memberships = new Set<string>();
  readonly membershipInterfaces: Array<string | undefined> = [];
  ttl: number | undefined;
  multicastInterface: string | undefined;
  closed = false;
  private readonly fns: Array<(data: Buffer, from: Endpoint) => void> = [];

  constructor(
    private readonly net: FakeMulticastNetwork,
    address: string,
    port: number,
    readonly reuseAddr: boolean,
  ) {
    this.local = { address, port, family: 'IPv4' };
  }

  send(data: Uint8Array, port: number, address: string): void {
    if (this.closed) return;
    this.net.route(Buffer.from(data), { address: this.local.address, port: this.local.port }, { address, port });
  }

  onMessage(fn: (data: Buffer, from: Endpoint) => void): void {
    this.fns.push(fn);
  }

  deliver(data: Buffer, from: Endpoint): void {
    if (this.closed) return;
    for (const fn of this.fns) fn(Buffer.from(data), from);
  }

  onError(_fn: (err: Error) => void): void {}

  addMembership(group: string, iface?: string): void {
    if (this.net.failJoin.has(group)) throw new Error(`addMembership ${group} ENODEV`);
    this.memberships.add(group);
    this.membershipInterfaces.push(iface);
  }

  dropMembership(group: string): void {
    this.memberships.delete(group);
  }

  setMulticastTtl(ttl: number): void {
    this.ttl = ttl;
  }

  setMulticastInterface(iface: string): void {
    this.multicastInterface = iface;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.unbind(this);
  }
}

function isMulticast(address: string): boolean {
  const first = Number(address.split('.')[0]);
  return first >= 224 && first <= 239;
}

export class FakeMulticastNetwork implements SocketFactory {
  readonly sockets: FakeMulticastSocket[] = [];
  /** Groups whose join fails (no route / no interface). */
  readonly failJoin = new Set<string>();
  /** Datagrams sent, per destination "address:port". */
  readonly sentTo = new Map<string, number>();
  /** Drop datagrams for which this returns true. */
  drop: ((data: Buffer, from: Endpoint, to: Endpoint) => boolean) | undefined;
  private nextEphemeral = 50_000;

  constructor(private readonly clock: VirtualClock) {}

  async bindUdp(opts: { address: string; port: number; reuseAddr?: boolean }): Promise<UdpSocket> {
    const port = opts.port === 0 ? this.nextEphemeral++ : opts.port;
    const reuse = opts.reuseAddr ?? false;
    const clash = this.sockets.find((s) => s.local.address === opts.address && s.local.port === port && !(s.reuseAddr && reuse));
    if (clash) throw Object.assign(new Error(`bind EADDRINUSE ${opts.address}:${port}`), { code: 'EADDRINUSE' });
    const s = new FakeMulticastSocket(this, opts.address, port, reuse);
    this.sockets.push(s);
    return s;
  }

  connectStream(): never {
    throw new Error('FakeMulticastNetwork has no streams');
  }

  listenStream(): never {
    throw new Error('FakeMulticastNetwork has no streams');
  }

  unbind(s: FakeMulticastSocket): void {
    const i = this.sockets.indexOf(s);
    if (i >= 0) this.sockets.splice(i, 1);
  }

  route(data: Buffer, from: Endpoint, to: Endpoint): void {
    const key = `${to.address}:${to.port}`;
    this.sentTo.set(key, (this.sentTo.get(key) ?? 0) + 1);
    if (this.drop?.(data, from, to)) return;
    this.clock.setTimer(0, () => {
      const multicast = isMulticast(to.address);
      for (const s of [...this.sockets]) {
        if (s.local.port !== to.port) continue;
        if (multicast) {
          const boundOk = s.local.address === to.address || s.local.address === '0.0.0.0';
          if (boundOk && s.memberships.has(to.address)) s.deliver(data, from);
        } else if (s.local.address === to.address) {
          s.deliver(data, from);
        }
      }
    });
  }
}
