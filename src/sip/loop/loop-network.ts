import { SayhiError, nullLogger, type Clock, type Logger } from '../../base/index.js';
import type { TransportAddress, TransportProtocol } from '../transport/index.js';
import { SeededRandom } from './seeded-random.js';

/**
 * An in-memory network for SIP endpoints (the idea of pjsip's loop transport,
 * written from scratch): every packet is a serialized SIP message delivered
 * through the injected Clock, so a VirtualClock test sees exact retransmission
 * times. Datagrams (UDP) can be delayed, jittered, lost, duplicated and
 * reordered from a seeded PRNG; streams (TCP/TLS) only get the fixed delay and
 * keep their order, like a real connection. Farm mode can put many phones on
 * one LoopNetwork.
 */
export interface LoopAddress {
  host: string;
  port: number;
}

export interface LoopConditions {
  /** One-way delay in ms (0: delivered at the next clock tick, never synchronously). */
  delayMs: number;
  /** UDP only: extra uniform delay in [0, jitterMs); jitter alone can reorder datagrams. */
  jitterMs: number;
  /** UDP only: probability that a datagram is lost. */
  lossRate: number;
  /** UDP only: probability that a datagram arrives twice. */
  duplicateRate: number;
  /** UDP only: probability that a datagram is held back by reorderDelayMs so later ones overtake it. */
  reorderRate: number;
  reorderDelayMs: number;
}

export const PERFECT_LINK: Readonly<LoopConditions> = {
  delayMs: 0,
  jitterMs: 0,
  lossRate: 0,
  duplicateRate: 0,
  reorderRate: 0,
  reorderDelayMs: 0,
};

export type PacketFate = 'delivered' | 'duplicated' | 'lost' | 'no-listener' | 'unreachable';

/** One packet as seen on the wire, for tests that count retransmissions. */
export interface WirePacket {
  time: number;
  protocol: TransportProtocol;
  from: LoopAddress;
  to: LoopAddress;
  data: Buffer;
  /** Request-line or status-line, e.g. "INVITE sip:bob@127.0.0.1 SIP/2.0". */
  firstLine: string;
  fate: PacketFate;
}

/** What the network calls on a receiving endpoint (LoopTransport implements it). */
export interface LoopEndpoint {
  readonly address: LoopAddress;
  deliver(data: Buffer, source: TransportAddress, connectionId: string | undefined): void;
}

export interface LoopNetworkOptions {
  clock: Clock;
  /** PRNG seed for loss / duplication / reordering (default 1). */
  seed?: number;
  conditions?: Partial<LoopConditions>;
  logger?: Logger;
}

export interface LoopStats {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
}

export class LoopNetwork {
  readonly clock: Clock;
  readonly stats: LoopStats = { sent: 0, delivered: 0, lost: 0, duplicated: 0 };
  private conditions: LoopConditions;
  private readonly random: SeededRandom;
  private readonly logger: Logger;
  private readonly endpoints = new Map<string, LoopEndpoint>();
  private readonly unreachable = new Set<string>();
  private readonly taps = new Set<(p: WirePacket) => void>();

  constructor(opts: LoopNetworkOptions) {
    this.clock = opts.clock;
    this.random = new SeededRandom(opts.seed ?? 1);
    this.conditions = { ...PERFECT_LINK, ...opts.conditions };
    this.logger = opts.logger ?? nullLogger;
  }

  setConditions(conditions: Partial<LoopConditions>): void {
    this.conditions = { ...this.conditions, ...conditions };
  }

  /** Sends to `address` fail at once (ICMP port unreachable, TCP connection refused). */
  setUnreachable(address: LoopAddress, unreachable = true): void {
    if (unreachable) this.unreachable.add(addressKey(address));
    else this.unreachable.delete(addressKey(address));
  }

  /** Watch every packet put on the wire. Returns an unsubscribe function. */
  onPacket(fn: (packet: WirePacket) => void): () => void {
    this.taps.add(fn);
    return () => this.taps.delete(fn);
  }

  register(endpoint: LoopEndpoint): void {
    const key = addressKey(endpoint.address);
    if (this.endpoints.has(key)) throw new SayhiError('SIP_LOOP_ADDRESS_IN_USE', `loop address ${key} already in use`);
    this.endpoints.set(key, endpoint);
  }

  unregister(endpoint: LoopEndpoint): void {
    const key = addressKey(endpoint.address);
    if (this.endpoints.get(key) === endpoint) this.endpoints.delete(key);
  }

  /**
   * Put one message on the wire. Returns false when the sender must see a
   * transport error: the destination is marked unreachable, or nobody listens
   * on a stream address (connection refused). A datagram to nobody just vanishes.
   */
  transmit(from: LoopAddress, protocol: TransportProtocol, to: LoopAddress, data: Buffer): boolean {
    const reliable = protocol !== 'udp';
    this.stats.sent++;
    const tap = (fate: PacketFate): void => {
      if (this.taps.size === 0) return;
      const packet: WirePacket = { time: this.clock.now(), protocol, from, to, data, firstLine: firstLineOf(data), fate };
      for (const fn of this.taps) fn(packet);
    };
    const key = addressKey(to);
    if (this.unreachable.has(key)) {
      tap('unreachable');
      return false;
    }
    const dest = this.endpoints.get(key);
    if (!dest) {
      tap('no-listener');
      return !reliable;
    }
    const c = this.conditions;
    if (!reliable && this.random.chance(c.lossRate)) {
      this.stats.lost++;
      this.logger.trace('loop: datagram lost', { from: addressKey(from), to: key });
      tap('lost');
      return true;
    }
    const copies = !reliable && this.random.chance(c.duplicateRate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    tap(copies === 2 ? 'duplicated' : 'delivered');
    const source: TransportAddress = { protocol, host: from.host, port: from.port };
    const connectionId = reliable ? connectionIdOf(protocol, from, to) : undefined;
    for (let i = 0; i < copies; i++) {
      this.clock.setTimer(this.delayFor(reliable), () => {
        // the receiver may have closed while the packet was in flight
        if (this.endpoints.get(key) !== dest) return;
        this.stats.delivered++;
        dest.deliver(data, source, connectionId);
      });
    }
    return true;
  }

  private delayFor(reliable: boolean): number {
    const c = this.conditions;
    if (reliable) return c.delayMs;
    let delay = c.delayMs;
    if (c.jitterMs > 0) delay += this.random.next() * c.jitterMs;
    if (this.random.chance(c.reorderRate)) delay += c.reorderDelayMs;
    return delay;
  }

  get endpointCount(): number {
    return this.endpoints.size;
  }
}

function addressKey(a: LoopAddress): string {
  return `${a.host}|${a.port}`;
}

/** Both ends of a loop "connection" compute the same id. */
function connectionIdOf(protocol: TransportProtocol, a: LoopAddress, b: LoopAddress): string {
  const [x, y] = [addressKey(a), addressKey(b)].sort();
  return `loop-${protocol}:${x}~${y}`;
}

function firstLineOf(data: Buffer): string {
  const end = data.indexOf(0x0d);
  return data.toString('utf8', 0, end < 0 ? Math.min(data.length, 200) : end);
}
