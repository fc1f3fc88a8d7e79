/**
 * One paging group being listened to: its socket (joined to the group), the
 * RTP it receives, and the jitter buffer and decoder behind it
 * (stream-receiver.ts, as for a call).
 *
 * A group has no signalling, so everything comes from the packets:
 *  - the codec from the static payload type (RFC 3551: PCMU 0, PCMA 8,
 *    G.722 9); other payload types are counted and dropped;
 *  - one talker at a time: the first SSRC heard holds the group until it has
 *    been silent for SOURCE_SWITCH_MS, so two phones paging the same group at
 *    once do not interleave (first come, first heard);
 *  - SSRCs on the ignore list (this phone's own page, looped back by the
 *    kernel) are dropped before any of that.
 *
 * The receiver only reports activity (lastPacketMs); whether it is played is
 * the listener's decision.
 */
import type { Clock, Endpoint, UdpSocket } from '../../base/index.js';
import type { AudioCodec } from '../codec.js';
import type { JitterFrameType, JitterSettings } from '../jitter-buffer.js';
import { newRtpHeader, parseRtpHeader } from '../rtp/rtp-packet.js';
import { StreamReceiver } from '../stream-receiver.js';
import type { PagingGroup } from './paging-group.js';

const SOURCE_SWITCH_MS = 200;

export interface PagingGroupReceiverOptions {
  group: PagingGroup;
  socket: UdpSocket;
  clock: Clock;
  /** Codecs by static payload type. */
  codecs: ReadonlyMap<number, AudioCodec>;
  jitter: JitterSettings;
  /** SSRCs never played (shared with the listener). */
  ignored: ReadonlySet<number>;
  /** Called on each accepted packet (the listener starts ticking). */
  onActivity: (group: PagingGroup) => void;
}

export interface PagingGroupStats {
  packets: number;
  invalid: number;
  otherPayload: number;
  ignored: number;
  /** Packets from a second talker while the first held the group. */
  wrongSource: number;
}

export class PagingGroupReceiver {
  readonly group: PagingGroup;
  private readonly socket: UdpSocket;
  private readonly clock: Clock;
  private readonly codecs: ReadonlyMap<number, AudioCodec>;
  private readonly ignored: ReadonlySet<number>;
  private readonly onActivity: (group: PagingGroup) => void;
  private readonly header = newRtpHeader();
  private receiver: StreamReceiver | undefined;
  private readonly jitter: JitterSettings;
  private payloadType = -1;
  private ssrc: number | undefined;
  private last: number | undefined;
  private closed = false;
  private readonly counts: PagingGroupStats = { packets: 0, invalid: 0, otherPayload: 0, ignored: 0, wrongSource: 0 };

  constructor(opts: PagingGroupReceiverOptions) {
    this.group = opts.group;
    this.socket = opts.socket;
    this.clock = opts.clock;
    this.codecs = opts.codecs;
    this.ignored = opts.ignored;
    this.onActivity = opts.onActivity;
    this.jitter = opts.jitter;
    this.socket.onMessage((data, from) => this.onDatagram(data, from));
  }

  /** clock.now() of the last accepted packet. */
  get lastPacketMs(): number | undefined {
    return this.last;
  }

  /** The talker's SSRC, while one holds the group. */
  get source(): number | undefined {
    return this.ssrc;
  }

  stats(): PagingGroupStats {
    return { ...this.counts };
  }

  /** One frame of the page (16 kHz), or silence before any packet. */
  tick(out: Int16Array): JitterFrameType {
    if (!this.receiver) {
      out.fill(0);
      return 'empty';
    }
    return this.receiver.tick(out);
  }

  /** The page is over (or no longer followed): the next packets start afresh. */
  reset(): void {
    this.ssrc = undefined;
    this.last = undefined;
    this.receiver?.resetSource();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }

  private onDatagram(data: Buffer, _from: Endpoint): void {
    if (this.closed) return;
    const h = this.header;
    if (parseRtpHeader(data, h) !== 'ok') {
      this.counts.invalid++;
      return;
    }
    if (this.ignored.has(h.ssrc)) {
      this.counts.ignored++;
      return;
    }
    const codec = this.codecs.get(h.payloadType);
    if (!codec) {
      this.counts.otherPayload++;
      return;
    }
    const now = this.clock.now();
    if (h.ssrc !== this.ssrc) {
      const held = this.ssrc !== undefined && this.last !== undefined && now - this.last < SOURCE_SWITCH_MS;
      if (held) {
        this.counts.wrongSource++;
        return;
      }
      this.ssrc = h.ssrc;
      this.receiver?.resetSource();
    }
    if (!this.receiver) {
      this.receiver = new StreamReceiver({ codec, payloadType: h.payloadType }, this.jitter, () => {});
      this.payloadType = h.payloadType;
    } else if (h.payloadType !== this.payloadType) {
      this.receiver.setCodec({ codec, payloadType: h.payloadType });
      this.payloadType = h.payloadType;
    }
    this.counts.packets++;
    this.last = now;
    this.receiver.onRtp(h, data, now);
    this.onActivity(this.group);
  }
}
