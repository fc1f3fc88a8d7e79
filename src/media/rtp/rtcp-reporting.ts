/**
 * What goes into our compound RTCP packets and what we learn from the far
 * end's (RFC 3550 §6.4): pure functions, so RtpSession only keeps the state.
 */
import { SDES_CNAME, type RtcpPacket, type RtcpReportBlock } from './rtcp-packet.js';
import { ntpFromWallTime, ntpMiddle32 } from './rtcp-report.js';

/** Our send-side figures, when we sent RTP since the last report. */
export interface OwnSending {
  packetsSent: number;
  octetsSent: number;
  /** RTP timestamp of the last packet sent and when (clock.now()) it went. */
  lastTimestamp: number;
  lastSentAtMs: number;
}

export interface OwnReport {
  ssrc: number;
  cname: string;
  nowMs: number;
  wallMs: number;
  clockRate: number;
  sending?: OwnSending;
  /** Report block on the remote source, when it is valid. */
  block?: RtcpReportBlock;
  bye?: { reason?: string };
}

/** SR (when we sent since the last report, §6.4) or RR, then SDES CNAME (§6.1), then any BYE. */
export function composeCompoundReport(r: OwnReport): RtcpPacket[] {
  const reports = r.block ? [r.block] : [];
  const packets: RtcpPacket[] = [];
  if (r.sending) {
    const ntp = ntpFromWallTime(r.wallMs);
    // The SR's RTP timestamp is "the same time as the NTP timestamp" (§6.4.1): extrapolate.
    const elapsedUnits = Math.round(((r.nowMs - r.sending.lastSentAtMs) * r.clockRate) / 1000);
    packets.push({
      type: 'sr',
      ssrc: r.ssrc,
      ntpSeconds: ntp.seconds,
      ntpFraction: ntp.fraction,
      rtpTimestamp: (r.sending.lastTimestamp + elapsedUnits) >>> 0,
      packetCount: r.sending.packetsSent >>> 0,
      octetCount: r.sending.octetsSent >>> 0,
      reports,
    });
  } else {
    packets.push({ type: 'rr', ssrc: r.ssrc, reports });
  }
  packets.push({ type: 'sdes', chunks: [{ ssrc: r.ssrc, items: [{ type: SDES_CNAME, text: r.cname }] }] });
  if (r.bye) {
    packets.push(r.bye.reason === undefined ? { type: 'bye', ssrcs: [r.ssrc] } : { type: 'bye', ssrcs: [r.ssrc], reason: r.bye.reason });
  }
  return packets;
}

/** How the far end receives us, from its report block about our SSRC. */
export interface RemoteReport {
  /** Fraction of our packets the far end lost in its last interval, 0..1. */
  fractionLost: number;
  cumulativeLost: number;
  jitterMs: number;
  /** Round-trip time from LSR/DLSR (§6.4.1), when the far end echoed one of our SRs. */
  rttMs?: number;
}

export function remoteReportFrom(block: RtcpReportBlock, wallMs: number, clockRate: number): RemoteReport {
  const report: RemoteReport = {
    fractionLost: block.fractionLost / 256,
    cumulativeLost: block.cumulativeLost,
    jitterMs: (block.jitter * 1000) / clockRate,
  };
  if (block.lastSr !== 0) {
    // RTT = A - LSR - DLSR, all in 1/65536 s (§6.4.1, Figure 2).
    const ntp = ntpFromWallTime(wallMs);
    const rtt = (ntpMiddle32(ntp.seconds, ntp.fraction) - block.lastSr - block.delaySinceLastSr) | 0;
    if (rtt >= 0) report.rttMs = (rtt * 1000) / 65536;
  }
  return report;
}
