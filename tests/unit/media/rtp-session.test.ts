/**
 * RtpSession over the in-memory network: counters both ways, loss seen by the
 * receiver, the SSRC lock (stray source dropped, switch after silence or BYE),
 * symmetric-RTP latching, RTCP SR/RR exchange with round-trip time, RTCP BYE,
 * and bad datagrams counted instead of thrown.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import { buildRtcpCompound } from '../../../src/media/rtp/rtcp-compound.js';
import { writeRtpHeader } from '../../../src/media/rtp/rtp-packet.js';
import { RtpSession, type RtpSessionOptions } from '../../../src/media/rtp/rtp-session.js';
import { FakeUdpNetwork } from './fake-udp-network.js';

const HOST = '127.0.0.1';

async function pair(opts: { latchingB?: boolean; remoteOfA?: number } = {}) {
  const clock = new VirtualClock();
  const net = new FakeUdpNetwork(clock);
  const sockets = {
    aRtp: await net.bindUdp({ address: HOST, port: 10000 }),
    aRtcp: await net.bindUdp({ address: HOST, port: 10001 }),
    bRtp: await net.bindUdp({ address: HOST, port: 12000 }),
    bRtcp: await net.bindUdp({ address: HOST, port: 12001 }),
  };
  const common: Omit<RtpSessionOptions, 'rtp'> = { clock, clockRate: 8000, rtcpInterval: { random: () => 0.5 } };
  const a = new RtpSession({ ...common, rtp: sockets.aRtp, rtcp: sockets.aRtcp, remote: { address: HOST, port: 12000 }, ssrc: 0xaaaa0001 });
  const b = new RtpSession({
    ...common,
    rtp: sockets.bRtp,
    rtcp: sockets.bRtcp,
    remote: { address: HOST, port: opts.remoteOfA ?? 10000 },
    ssrc: 0xbbbb0001,
    latching: opts.latchingB ?? false,
  });
  return { clock, net, a, b };
}

/** A sends one 160-byte packet per 20 ms for `n` packets. */
function talk(clock: VirtualClock, s: RtpSession, n: number, start = 0): void {
  for (let i = 0; i < n; i++) {
    s.payloadBuffer().fill(0xd5, 0, 160);
    s.sendRtp(0, s.initialTimestamp + (start + i) * 160, i === 0 && start === 0, 160);
    clock.advance(20);
  }
}

function rawRtp(ssrc: number, seq: number, ts: number): Uint8Array {
  const buf = new Uint8Array(12 + 160);
  writeRtpHeader(buf, { marker: false, payloadType: 0, sequenceNumber: seq, timestamp: ts, ssrc });
  return buf;
}

describe('RtpSession', () => {
  it('sends with consecutive sequence numbers and counts both ways', async () => {
    const { clock, a, b } = await pair();
    const seen: Array<{ seq: number; ts: number; ssrc: number; len: number; marker: boolean }> = [];
    b.onRtp((h) => seen.push({ seq: h.sequenceNumber, ts: h.timestamp, ssrc: h.ssrc, len: h.payloadLength, marker: h.marker }));
    const seq0 = a.nextSequenceNumber;
    talk(clock, a, 50);
    expect(seen).toHaveLength(50);
    expect(seen[0]).toEqual({ seq: seq0, ts: a.initialTimestamp, ssrc: 0xaaaa0001, len: 160, marker: true });
    expect(seen[49]!.seq).toBe((seq0 + 49) & 0xffff);
    expect(seen[49]!.ts).toBe((a.initialTimestamp + 49 * 160) >>> 0);
    expect(a.stats()).toMatchObject({ packetsSent: 50, bytesSent: 8000 });
    expect(b.stats()).toMatchObject({ packetsReceived: 50, bytesReceived: 8000, remoteSsrc: 0xaaaa0001, packetsLost: 0, jitterMs: 0 });
  });

  it('sees the network loss in its reception statistics', async () => {
    const { clock, net, a, b } = await pair();
    let n = 0;
    net.rule = (_d, _f, to) => (to.port === 12000 && n++ % 10 === 3 ? { drop: true } : undefined);
    talk(clock, a, 100);
    expect(b.stats()).toMatchObject({ packetsReceived: 90, packetsLost: 10 });
  });

  it('drops a second SSRC while the first is alive, and switches after 200 ms of silence', async () => {
    const { clock, net, a, b } = await pair();
    const changes: number[] = [];
    b.events.on('source-changed', (ssrc) => changes.push(ssrc));
    talk(clock, a, 10);
    const stray = { address: HOST, port: 23456 };
    for (let i = 0; i < 5; i++) net.inject(rawRtp(0x5757, 100 + i, 1000 + i * 160), stray, { address: HOST, port: 12000 });
    clock.advance(0);
    expect(b.stats()).toMatchObject({ remoteSsrc: 0xaaaa0001, wrongSource: 5, packetsReceived: 10 });
    clock.advance(200); // A falls silent
    for (let i = 5; i < 10; i++) net.inject(rawRtp(0x5757, 100 + i, 1000 + i * 160), stray, { address: HOST, port: 12000 });
    clock.advance(0);
    expect(changes).toEqual([0xaaaa0001, 0x5757]);
    expect(b.stats()).toMatchObject({ remoteSsrc: 0x5757, packetsReceived: 15, sourceChanges: 2 });
  });

  it('takes a new SSRC at once after the old one said BYE', async () => {
    const { clock, net, a, b } = await pair();
    const byes: number[] = [];
    b.events.on('bye', (ssrc) => byes.push(ssrc));
    talk(clock, a, 5);
    a.close({ bye: true, reason: 'moved' });
    clock.advance(0);
    expect(byes).toEqual([0xaaaa0001]);
    net.inject(rawRtp(0x6666, 1, 0), { address: HOST, port: 10000 }, { address: HOST, port: 12000 });
    clock.advance(0);
    expect(b.stats().remoteSsrc).toBe(0x6666);
  });

  it('latches its remote to the source of a validated stream when latching is on', async () => {
    // B was told (by SDP behind a NAT) to send to port 9999, where nobody listens.
    const { clock, a, b } = await pair({ latchingB: true, remoteOfA: 9999 });
    let aGot = 0;
    a.onRtp(() => aGot++);
    const latched: number[] = [];
    b.events.on('latched', (r) => latched.push(r.port));
    talk(clock, a, 1);
    expect(b.stats().latched).toBe(false); // one packet is still probation (A.1)
    talk(clock, a, 1, 1);
    expect(latched).toEqual([10000]);
    expect(b.stats()).toMatchObject({ latched: true, remote: { address: HOST, port: 10000 } });
    talk(clock, b, 3);
    expect(aGot).toBe(3);
  });

  it('keeps sending to the SDP address when latching is off', async () => {
    const { clock, a, b } = await pair({ remoteOfA: 9999 });
    let aGot = 0;
    a.onRtp(() => aGot++);
    talk(clock, a, 5);
    talk(clock, b, 3);
    expect(aGot).toBe(0);
    expect(b.stats().remote).toEqual({ address: HOST, port: 9999 });
  });

  it('exchanges SR and RR; the sender learns loss and a round-trip time from LSR/DLSR', async () => {
    const { clock, net, a, b } = await pair();
    // 30 ms one way, every 4th RTP packet lost on the way to B.
    let n = 0;
    net.rule = (_d, _f, to) => (to.port === 12000 && n++ % 4 === 1 ? { drop: true } : { delayMs: 30 });
    const rtcpAtA: string[] = [];
    a.events.on('rtcp', (packets) => rtcpAtA.push(packets.map((p) => p.type).join('+')));
    a.start();
    b.start();
    talk(clock, a, 600); // 12 s: several reports each way
    expect(a.stats().rtcpSent).toBeGreaterThanOrEqual(2);
    expect(b.stats().rtcpReceived).toBeGreaterThanOrEqual(2);
    // B sends no RTP, so it reports with RR; A sends SR.
    expect(rtcpAtA[0]).toBe('rr+sdes');
    const report = a.stats().remoteReport!;
    expect(report.fractionLost).toBeCloseTo(0.25, 1);
    expect(report.cumulativeLost).toBeGreaterThan(100);
    expect(report.rttMs).toBeGreaterThanOrEqual(59);
    expect(report.rttMs).toBeLessThanOrEqual(61);
  });

  it('counts bad datagrams and RTCP muxed on the RTP port without throwing', async () => {
    const { clock, net, b } = await pair();
    const from = { address: HOST, port: 10000 };
    const to = { address: HOST, port: 12000 };
    net.inject(Uint8Array.from([0x80, 0x00, 0x00]), from, to);
    net.inject(Uint8Array.from([0x40, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]), from, to);
    const rtcp: string[] = [];
    b.events.on('rtcp', (p) => rtcp.push(p[0]!.type));
    net.inject(buildRtcpCompound([{ type: 'rr', ssrc: 5, reports: [] }]), from, to);
    clock.advance(0);
    expect(b.stats()).toMatchObject({ invalid: 2, packetsReceived: 0, rtcpReceived: 1 });
    expect(rtcp).toEqual(['rr']);
  });

  it('sends nothing without a remote and nothing after close', async () => {
    const { clock, net, a } = await pair();
    net.record = true;
    a.setRemote(undefined);
    talk(clock, a, 3);
    a.setRemote({ address: HOST, port: 12000 });
    talk(clock, a, 2, 3);
    a.close();
    talk(clock, a, 2, 5);
    expect(net.sent.filter((d) => d.from.port === 10000)).toHaveLength(2);
  });
});
