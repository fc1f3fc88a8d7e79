/**
 * Sends a page: the handset's microphone as RTP to a multicast group, the
 * way Yealink and Grandstream phones page (plain RTP, G.711 µ-law by default
 * or G.722, 20 ms packets, no SIP and no RTCP: listeners only need the audio).
 *
 * Driven by the phone's media clock like a call's stream (stream-sender.ts
 * does the encoding and timestamps). The multicast TTL defaults to 1 (the
 * local link, as the kernel's default); a page meant to cross routers needs
 * a larger one.
 */
import { SayhiError, nullLogger, type Clock, type Logger, type SocketFactory, type UdpSocket } from '../../base/index.js';
import type { AudioDevice } from '../audio-device.js';
import { newFrame } from '../audio-format.js';
import type { AudioCodec } from '../codec.js';
import { pcmuCodec } from '../codecs/g711.js';
import type { MediaClock } from '../media-clock.js';
import { RtpSession } from '../rtp/rtp-session.js';
import { StreamSender } from '../stream-sender.js';
import { checkPagingTarget, type PagingTarget } from './paging-group.js';

export interface PagingSenderOptions {
  clock: Clock;
  mediaClock: MediaClock;
  sockets: SocketFactory;
  target: PagingTarget;
  /** The microphone the page is spoken into. */
  device: AudioDevice;
  /** PCMU (default), PCMA or G.722: codecs with a static payload type. */
  codec?: AudioCodec;
  /** Multicast TTL (default 1). */
  ttl?: number;
  /** Local address to send from (default 0.0.0.0, or :: for an IPv6 group). */
  bindAddress?: string;
  /** Interface (its address) that multicast leaves by; the routing table's choice when absent. */
  interfaceAddress?: string;
  logger?: Logger;
}

export interface PagingSenderStats {
  packetsSent: number;
  bytesSent: number;
}

export class PagingSender {
  private readonly opts: PagingSenderOptions;
  private readonly log: Logger;
  private readonly frame = newFrame();
  private socket: UdpSocket | undefined;
  private session: RtpSession | undefined;
  private sender: StreamSender | undefined;
  private removeTick: (() => void) | undefined;
  private state: 'idle' | 'starting' | 'sending' | 'stopped' = 'idle';

  constructor(opts: PagingSenderOptions) {
    checkPagingTarget(opts.target);
    const pt = (opts.codec ?? pcmuCodec).staticPayloadType;
    if (pt === undefined) throw new SayhiError('MEDIA_PAGING_CODEC', `paging codec ${opts.codec?.name} has no static payload type`);
    this.opts = opts;
    this.log = opts.logger ?? nullLogger;
  }

  get sending(): boolean {
    return this.state === 'sending';
  }

  /** Our RTP SSRC, so a listener on the same phone can ignore its own page. */
  get ssrc(): number | undefined {
    return this.session?.ssrc;
  }

  /** Bind a socket and start sending, one packet per media-clock tick. */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'starting';
    const o = this.opts;
    const v6 = o.target.address.includes(':');
    const socket = await o.sockets.bindUdp({ address: o.bindAddress ?? (v6 ? '::' : '0.0.0.0'), port: 0 });
    if (this.state !== 'starting') {
      socket.close();
      return;
    }
    socket.setMulticastTtl(o.ttl ?? 1);
    if (o.interfaceAddress !== undefined) socket.setMulticastInterface(o.interfaceAddress);
    const codec = o.codec ?? pcmuCodec;
    this.socket = socket;
    this.session = new RtpSession({
      clock: o.clock,
      rtp: socket,
      remote: { address: o.target.address, port: o.target.port },
      clockRate: codec.rtpClockRate,
      logger: this.log,
    });
    this.sender = new StreamSender(this.session, { codec, payloadType: codec.staticPayloadType! });
    this.state = 'sending';
    this.removeTick = o.mediaClock.add(() => this.onTick());
    this.log.info('paging started', { group: o.target.address, port: o.target.port, codec: codec.name });
  }

  /** Stop sending; listeners end the page when packets stop coming. */
  stop(): void {
    if (this.state === 'stopped') return;
    const was = this.state;
    this.state = 'stopped';
    this.removeTick?.();
    this.removeTick = undefined;
    this.session?.close();
    this.socket?.close();
    if (was === 'sending') this.log.info('paging stopped', { group: this.opts.target.address });
  }

  stats(): PagingSenderStats {
    const s = this.session?.stats();
    return { packetsSent: s?.packetsSent ?? 0, bytesSent: s?.bytesSent ?? 0 };
  }

  private onTick(): void {
    if (this.state !== 'sending') return;
    if (!this.opts.device.readFrame(this.frame)) this.frame.fill(0);
    this.sender!.tick(this.frame, true);
  }
}
