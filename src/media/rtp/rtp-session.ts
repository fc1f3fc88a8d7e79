/**
 * One RTP session (RFC 3550): our SSRC, sequence numbers and counters on the
 * send side; one remote source on the receive side; RTCP reports both ways.
 *
 * Symmetric RTP (RFC 4961): we send from the socket we receive on, so a NAT on
 * either side sees one flow. With `latching` on (for a far end behind NAT that
 * put its private address in SDP), the remote address follows the source of
 * the first packets of a validated source (A.1 probation passed), and RTCP
 * follows the source of the first RTCP packet.
 *
 * Which packets are accepted (our choice, RFC 3550 leaves it to the receiver):
 * - the first SSRC heard becomes the remote source; its packets are played
 *   from the first one, while A.1 probation only gates statistics and latching;
 * - after that, another SSRC is dropped (counted as `wrongSource`) while the
 *   current source is alive; if the current source has been silent for
 *   `sourceSwitchMs` (default 200 ms) or has sent RTCP BYE, the new SSRC takes
 *   over. This follows a PBX that re-originates media (transfer, music on hold)
 *   without a re-INVITE, while a stale stream from an earlier call cannot
 *   interleave with the live one.
 * - the source address is not checked (NAT makes it differ from the SDP).
 *
 * The session owns no sockets' lifetime: the RtpPortPair they came from does.
 */
import { TypedEvents, nullLogger, randomUint32, type Clock, type Endpoint, type Logger, type UdpSocket } from '../../base/index.js';
import { buildRtcpCompound, parseRtcpCompound } from './rtcp-compound.js';
import { RtcpTimer, type RtcpIntervalOptions } from './rtcp-interval.js';
import type { RtcpPacket } from './rtcp-packet.js';
import { ReceptionStats } from './rtcp-reception-stats.js';
import { ntpMiddle32 } from './rtcp-report.js';
import { composeCompoundReport, remoteReportFrom, type OwnReport, type RemoteReport } from './rtcp-reporting.js';
import { RTP_HEADER_SIZE, looksLikeRtcp, newRtpHeader, parseRtpHeader, writeRtpHeader, type RtpHeader, type RtpSendHeader } from './rtp-packet.js';

/** Largest RTP packet we build; audio payloads are far smaller. */
const MAX_PACKET = 1500;
/**
 * Outgoing packets rotate through this many buffers: a datagram the OS could
 * not take at once is held by reference until sent, so a buffer is only
 * rewritten several packets later (three RFC 4733 end packets go out at once).
 */
const SEND_RING = 8;

export interface RtpRemote {
  address: string;
  port: number;
  /** RTCP port when the SDP says so (RFC 3605 a=rtcp); RTP port + 1 otherwise. */
  rtcpPort?: number;
}

export interface RtpSessionOptions {
  clock: Clock;
  rtp: UdpSocket;
  rtcp?: UdpSocket;
  remote?: RtpRemote;
  /** RTP clock rate of the remote source, for jitter (8000 for G.711/G.722). */
  clockRate: number;
  latching?: boolean;
  /** CNAME for SDES (§6.5.1); a random one when not given. */
  cname?: string;
  ssrc?: number;
  sourceSwitchMs?: number;
  rtcpInterval?: RtcpIntervalOptions;
  logger?: Logger;
}

export interface RtpSessionStats {
  localSsrc: number;
  remoteSsrc?: number;
  packetsSent: number;
  /** Payload octets sent (as the SR octet count). */
  bytesSent: number;
  packetsReceived: number;
  bytesReceived: number;
  /** Cumulative lost from the remote source (A.3). */
  packetsLost: number;
  /** Fraction lost at our last report, 0..1. */
  fractionLost: number;
  jitterMs: number;
  invalid: number;
  wrongSource: number;
  sourceChanges: number;
  rtcpSent: number;
  rtcpReceived: number;
  remote?: Endpoint;
  latched: boolean;
  lastReceiveMs?: number;
  remoteReport?: RemoteReport;
}

export type RtpSessionEvents = {
  /** A new remote SSRC was adopted (first one, or a switch); receivers should reset. */
  'source-changed': [ssrc: number];
  /** The remote source said goodbye (RTCP BYE). */
  bye: [ssrc: number, reason: string | undefined];
  latched: [remote: Endpoint];
  rtcp: [packets: RtcpPacket[]];
};

/** Called for each accepted RTP packet; `header` is reused, copy what you keep. */
export type RtpReceiveHandler = (header: RtpHeader, packet: Buffer, arrivalMs: number) => void;

export class RtpSession {
  readonly events = new TypedEvents<RtpSessionEvents>();
  readonly ssrc: number;
  /** Random first timestamp (§5.1); the media stream counts from here. */
  readonly initialTimestamp: number;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly rtpSocket: UdpSocket;
  private readonly rtcpSocket: UdpSocket | undefined;
  private readonly latching: boolean;
  private readonly cname: string;
  private readonly sourceSwitchMs: number;
  private readonly rtcpTimer: RtcpTimer;
  private clockRate: number;
  private remote: Endpoint | undefined;
  private remoteRtcp: Endpoint | undefined;
  private latched = false;
  private rtcpLatched = false;
  private handler: RtpReceiveHandler | undefined;
  private closed = false;
  // Send side.
  private readonly sendRing: Uint8Array[] = [];
  private readonly payloadViews: Uint8Array[] = [];
  private ringIndex = 0;
  private readonly sendHeader: RtpSendHeader;
  private packetsSent = 0;
  private bytesSent = 0;
  private lastSentTimestamp = 0;
  private lastSentAtMs: number | undefined;
  private packetsSentAtReport = 0;
  // Receive side.
  private readonly rxHeader = newRtpHeader();
  private remoteSsrc: number | undefined;
  private reception: ReceptionStats | undefined;
  private sourceByeSeen = false;
  private lastRxMs: number | undefined;
  private packetsReceived = 0;
  private bytesReceived = 0;
  private invalid = 0;
  private wrongSource = 0;
  private sourceChanges = 0;
  private jitterExcludedPt: number | undefined;
  private rtcpSent = 0;
  private rtcpReceived = 0;
  private remoteReport: RemoteReport | undefined;

  constructor(opts: RtpSessionOptions) {
    this.clock = opts.clock;
    this.log = opts.logger ?? nullLogger;
    this.rtpSocket = opts.rtp;
    this.rtcpSocket = opts.rtcp;
    this.clockRate = opts.clockRate;
    this.latching = opts.latching ?? false;
    this.ssrc = (opts.ssrc ?? randomUint32()) >>> 0;
    this.cname = opts.cname ?? `${randomUint32().toString(16)}@sayhi`;
    this.sourceSwitchMs = opts.sourceSwitchMs ?? 200;
    this.initialTimestamp = randomUint32();
    this.sendHeader = { marker: false, payloadType: 0, sequenceNumber: randomUint32() & 0xffff, timestamp: 0, ssrc: this.ssrc };
    for (let i = 0; i < SEND_RING; i++) {
      const buf = new Uint8Array(MAX_PACKET);
      this.sendRing.push(buf);
      this.payloadViews.push(buf.subarray(RTP_HEADER_SIZE));
    }
    if (opts.remote) this.setRemote(opts.remote);
    this.rtcpTimer = new RtcpTimer(this.clock, () => this.sendReport(), opts.rtcpInterval);
    this.rtpSocket.onMessage((data, from) => this.onRtpDatagram(data, from));
    this.rtpSocket.onError((err) => this.log.debug('rtp socket error', { err: err.message }));
    this.rtcpSocket?.onMessage((data, from) => this.onRtcpDatagram(data, from));
    this.rtcpSocket?.onError((err) => this.log.debug('rtcp socket error', { err: err.message }));
  }

  get localPort(): number {
    return this.rtpSocket.local.port;
  }

  /** Next sequence number to be sent. */
  get nextSequenceNumber(): number {
    return this.sendHeader.sequenceNumber;
  }

  /** Start periodic RTCP reports. */
  start(): void {
    if (!this.closed && this.rtcpSocket) this.rtcpTimer.start();
  }

  onRtp(handler: RtpReceiveHandler): void {
    this.handler = handler;
  }

  /** New remote address (re-INVITE); with latching on, latching starts over. */
  setRemote(remote: RtpRemote | undefined): void {
    this.remote = remote ? { address: remote.address, port: remote.port } : undefined;
    this.remoteRtcp = remote ? { address: remote.address, port: remote.rtcpPort ?? remote.port + 1 } : undefined;
    this.latched = false;
    this.rtcpLatched = false;
  }

  /** When the last accepted RTP packet arrived (clock.now()), if any. */
  get lastReceiveMs(): number | undefined {
    return this.lastRxMs;
  }

  get remoteEndpoint(): Endpoint | undefined {
    return this.remote;
  }

  /** The remote source's RTP clock rate changed (codec change on re-INVITE). */
  setClockRate(rate: number): void {
    if (rate === this.clockRate) return;
    this.clockRate = rate;
    this.forgetSource();
  }

  /** Leave this payload type (RFC 4733 events, whose timestamps stand still) out of jitter. */
  excludeFromJitter(payloadType: number | undefined): void {
    this.jitterExcludedPt = payloadType;
  }

  /** Accept the next SSRC heard as a new source (after a re-INVITE that changes the far end). */
  forgetSource(): void {
    this.remoteSsrc = undefined;
    this.reception = undefined;
  }

  /** The payload area (after the 12-byte header) of the packet the next sendRtp() sends. */
  payloadBuffer(): Uint8Array {
    return this.payloadViews[this.ringIndex]!;
  }

  /**
   * Send the packet whose payload was written into payloadBuffer(). The
   * sequence number is ours (§5.1: +1 per packet); the timestamp is the caller's.
   */
  sendRtp(payloadType: number, timestamp: number, marker: boolean, payloadLength: number): void {
    if (this.closed) return;
    const buf = this.sendRing[this.ringIndex]!;
    this.ringIndex = (this.ringIndex + 1) % SEND_RING;
    const h = this.sendHeader;
    h.payloadType = payloadType;
    h.timestamp = timestamp >>> 0;
    h.marker = marker;
    writeRtpHeader(buf, h);
    h.sequenceNumber = (h.sequenceNumber + 1) & 0xffff;
    this.packetsSent++;
    this.bytesSent += payloadLength;
    this.lastSentTimestamp = h.timestamp;
    this.lastSentAtMs = this.clock.now();
    const to = this.remote;
    if (to) this.rtpSocket.send(buf.subarray(0, RTP_HEADER_SIZE + payloadLength), to.port, to.address);
  }

  /** Copying convenience around payloadBuffer()/sendRtp(). */
  send(payload: Uint8Array, payloadType: number, timestamp: number, marker = false): void {
    this.payloadBuffer().set(payload);
    this.sendRtp(payloadType, timestamp, marker, payload.length);
  }

  stats(): RtpSessionStats {
    const r = this.reception;
    const s: RtpSessionStats = {
      localSsrc: this.ssrc,
      packetsSent: this.packetsSent,
      bytesSent: this.bytesSent,
      packetsReceived: this.packetsReceived,
      bytesReceived: this.bytesReceived,
      packetsLost: r ? Math.max(0, r.cumulativeLost) : 0,
      fractionLost: r ? r.fractionLost / 256 : 0,
      jitterMs: r ? r.jitterMs : 0,
      invalid: this.invalid,
      wrongSource: this.wrongSource,
      sourceChanges: this.sourceChanges,
      rtcpSent: this.rtcpSent,
      rtcpReceived: this.rtcpReceived,
      latched: this.latched,
    };
    if (this.remoteSsrc !== undefined) s.remoteSsrc = this.remoteSsrc;
    if (this.remote) s.remote = { ...this.remote };
    if (this.lastRxMs !== undefined) s.lastReceiveMs = this.lastRxMs;
    if (this.remoteReport) s.remoteReport = { ...this.remoteReport };
    return s;
  }

  /** Build and send one compound RTCP packet now: SR or RR, SDES CNAME, optional BYE. */
  sendReport(bye?: { reason?: string }): void {
    if (this.closed || !this.rtcpSocket || !this.remoteRtcp) return;
    const now = this.clock.now();
    const report: OwnReport = { ssrc: this.ssrc, cname: this.cname, nowMs: now, wallMs: this.clock.wallTime(), clockRate: this.clockRate };
    if (this.reception && this.remoteSsrc !== undefined && this.reception.valid) {
      report.block = this.reception.makeReportBlock(this.remoteSsrc, now);
    }
    if (this.packetsSent !== this.packetsSentAtReport && this.lastSentAtMs !== undefined) {
      report.sending = {
        packetsSent: this.packetsSent,
        octetsSent: this.bytesSent,
        lastTimestamp: this.lastSentTimestamp,
        lastSentAtMs: this.lastSentAtMs,
      };
    }
    if (bye) report.bye = bye;
    this.packetsSentAtReport = this.packetsSent;
    // A fresh buffer: RTCP is rare and the socket may hold it past this call.
    const data = buildRtcpCompound(composeCompoundReport(report));
    this.rtcpSocket.send(data, this.remoteRtcp.port, this.remoteRtcp.address);
    this.rtcpSent++;
  }

  /** Stop reporting; with `bye`, send a final compound packet with BYE first (§6.6). */
  close(opts: { bye?: boolean; reason?: string } = {}): void {
    if (this.closed) return;
    if (opts.bye) this.sendReport(opts.reason === undefined ? {} : { reason: opts.reason });
    this.closed = true;
    this.rtcpTimer.stop();
    this.handler = undefined;
  }

  private adopt(ssrc: number): void {
    this.remoteSsrc = ssrc;
    this.reception = new ReceptionStats({ clockRate: this.clockRate });
    this.sourceByeSeen = false;
    this.sourceChanges++;
    if (this.latching) this.latched = false;
    this.events.emit('source-changed', ssrc);
  }

  private onRtpDatagram(data: Buffer, from: Endpoint): void {
    if (this.closed) return;
    if (looksLikeRtcp(data)) {
      // RTCP multiplexed on the RTP port (RFC 5761) by a far end that did not ask first.
      this.onRtcpDatagram(data, from);
      return;
    }
    const h = this.rxHeader;
    if (parseRtpHeader(data, h) !== 'ok') {
      this.invalid++;
      return;
    }
    const now = this.clock.now();
    if (this.remoteSsrc === undefined) {
      this.adopt(h.ssrc);
    } else if (h.ssrc !== this.remoteSsrc) {
      const silentFor = this.lastRxMs === undefined ? Infinity : now - this.lastRxMs;
      if (!this.sourceByeSeen && silentFor < this.sourceSwitchMs) {
        this.wrongSource++;
        return;
      }
      this.adopt(h.ssrc);
    }
    const reception = this.reception!;
    const seq = reception.updateSeq(h.sequenceNumber);
    if (seq === 'bad-jump') {
      // A.1: held back until the next packet confirms the jump.
      this.invalid++;
      return;
    }
    if (h.payloadType !== this.jitterExcludedPt) reception.updateJitter(h.timestamp, now);
    else reception.resetTransit();
    if (this.latching && !this.latched && reception.valid) {
      this.latched = true;
      const moved = !this.remote || this.remote.address !== from.address || this.remote.port !== from.port;
      this.remote = { address: from.address, port: from.port };
      if (!this.rtcpLatched) this.remoteRtcp = { address: from.address, port: from.port + 1 };
      if (moved) this.log.debug('rtp latched', { address: from.address, port: from.port });
      this.events.emit('latched', { ...this.remote });
    }
    this.lastRxMs = now;
    this.packetsReceived++;
    this.bytesReceived += h.payloadLength;
    this.handler?.(h, data, now);
  }

  private onRtcpDatagram(data: Buffer, from: Endpoint): void {
    if (this.closed) return;
    const parsed = parseRtcpCompound(data);
    if (!parsed.ok) {
      this.invalid++;
      return;
    }
    this.rtcpReceived++;
    if (this.latching && !this.rtcpLatched) {
      this.rtcpLatched = true;
      this.remoteRtcp = { address: from.address, port: from.port };
    }
    const now = this.clock.now();
    for (const p of parsed.value) {
      if (p.type === 'sr' || p.type === 'rr') {
        if (p.type === 'sr' && p.ssrc === this.remoteSsrc) {
          this.reception?.noteSenderReport(ntpMiddle32(p.ntpSeconds, p.ntpFraction), now);
        }
        for (const block of p.reports) {
          if (block.ssrc === this.ssrc) this.remoteReport = remoteReportFrom(block, this.clock.wallTime(), this.clockRate);
        }
      } else if (p.type === 'bye' && this.remoteSsrc !== undefined && p.ssrcs.includes(this.remoteSsrc)) {
        this.sourceByeSeen = true;
        this.events.emit('bye', this.remoteSsrc, p.reason);
      }
    }
    this.events.emit('rtcp', parsed.value);
  }
}
