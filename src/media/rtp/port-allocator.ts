/**
 * RTP/RTCP port pairs from the phone's "RTP Port Range" (manual, Network >
 * Advanced; 10000-10128 here by default). RTP takes the even port and RTCP the
 * next odd one (RFC 3550 §11). A pair is held by its bound sockets, so "free"
 * means "we could bind both"; a port in use by another program is skipped.
 *
 * Allocation walks the range round-robin from the last pair handed out, so a
 * pair just released is not reused at once (late packets of the previous call
 * would land in the next one).
 */
import { fail, ok, SayhiError, type Result, type SocketFactory, type UdpSocket } from '../../base/index.js';

export interface RtpPortRange {
  /** Lowest port (inclusive); rounded up to even. */
  min: number;
  /** Highest port (inclusive); the last pair is the even port p with p + 1 <= max. */
  max: number;
}

export const DEFAULT_RTP_PORT_RANGE: RtpPortRange = { min: 10_000, max: 10_128 };

export interface RtpPortPair {
  readonly rtpPort: number;
  readonly rtcpPort: number;
  readonly rtp: UdpSocket;
  readonly rtcp: UdpSocket;
  /** Close both sockets and return the pair to the pool; safe to call twice. */
  release(): void;
}

export interface RtpPortAllocatorOptions {
  sockets: SocketFactory;
  /** Local address to bind, e.g. '0.0.0.0' or '127.0.0.1'. */
  address: string;
  range?: RtpPortRange;
}

export type PortAllocationError = 'no-free-port';

export class RtpPortAllocator {
  private readonly sockets: SocketFactory;
  private readonly address: string;
  private readonly first: number;
  private readonly pairs: number;
  private readonly used = new Set<number>();
  private next = 0;

  constructor(opts: RtpPortAllocatorOptions) {
    const range = opts.range ?? DEFAULT_RTP_PORT_RANGE;
    this.sockets = opts.sockets;
    this.address = opts.address;
    this.first = range.min + (range.min & 1);
    this.pairs = Math.floor((range.max - this.first + 1) / 2);
    if (range.min < 1 || range.max > 65535 || this.pairs < 1) {
      throw new SayhiError('MEDIA_PORT_RANGE', `RTP port range ${range.min}-${range.max} holds no even/odd pair`);
    }
  }

  /** Pairs currently handed out. */
  get inUse(): number {
    return this.used.size;
  }

  /** Pairs the range can hold. */
  get capacity(): number {
    return this.pairs;
  }

  /** Bind the next free pair; an exhausted range is an expected outcome. */
  async allocate(): Promise<Result<RtpPortPair, PortAllocationError>> {
    for (let tried = 0; tried < this.pairs; tried++) {
      const index = (this.next + tried) % this.pairs;
      const rtpPort = this.first + index * 2;
      if (this.used.has(rtpPort)) continue;
      // Mark before awaiting so a concurrent allocate() does not pick the same pair.
      this.used.add(rtpPort);
      const pair = await this.tryBind(rtpPort);
      if (pair) {
        this.next = (index + 1) % this.pairs;
        return ok(pair);
      }
      this.used.delete(rtpPort);
    }
    return fail('no-free-port');
  }

  private async tryBind(rtpPort: number): Promise<RtpPortPair | undefined> {
    let rtp: UdpSocket;
    try {
      rtp = await this.sockets.bindUdp({ address: this.address, port: rtpPort });
    } catch {
      return undefined;
    }
    let rtcp: UdpSocket;
    try {
      rtcp = await this.sockets.bindUdp({ address: this.address, port: rtpPort + 1 });
    } catch {
      rtp.close();
      return undefined;
    }
    let released = false;
    return {
      rtpPort,
      rtcpPort: rtpPort + 1,
      rtp,
      rtcp,
      release: () => {
        if (released) return;
        released = true;
        rtp.close();
        rtcp.close();
        this.used.delete(rtpPort);
      },
    };
  }
}
