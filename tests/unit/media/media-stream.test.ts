/**
 * Two MediaStreams ("phone A" and "phone B") wired through the in-memory
 * network on one virtual clock. Audio is checked by content: each side plays
 * its own tone and the other side's recording must hold that tone (Goertzel,
 * src/media/dtmf/tone-detector.ts) and not its own. Also: every codec, packet
 * loss, RFC 4733 DTMF end to end, direction changes and the RTP timeout,
 * re-INVITE updates on the same socket, stats, and RTCP BYE on close.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import type { AudioDevice } from '../../../src/media/audio-device.js';
import { FRAME_SAMPLES } from '../../../src/media/audio-format.js';
import type { AudioCodec } from '../../../src/media/codec.js';
import { pcmaCodec, pcmuCodec } from '../../../src/media/codecs/g711.js';
import { g722Codec } from '../../../src/media/codecs/g722.js';
import { ToneAudioDevice } from '../../../src/media/devices/tone-device.js';
import type { DtmfDigitEvent } from '../../../src/media/dtmf/dtmf-receiver.js';
import { toneRatio } from '../../../src/media/dtmf/tone-detector.js';
import { MediaClock } from '../../../src/media/media-clock.js';
import type { MediaDescription } from '../../../src/media/media-description.js';
import { MediaStream, type MediaStreamOptions } from '../../../src/media/media-stream.js';
import { parseRtcpCompound } from '../../../src/media/rtp/rtcp-compound.js';
import { RtpPortAllocator, type RtpPortPair } from '../../../src/media/rtp/port-allocator.js';
import { newRtpHeader, parseRtpHeader } from '../../../src/media/rtp/rtp-packet.js';
import { FakeUdpNetwork } from './fake-udp-network.js';

const HOST = '127.0.0.1';

/** A handset that plays a tone into the call and records what it hears. */
class ToneAndRecorder implements AudioDevice {
  readonly name = 'tone+recorder';
  readonly heard: Int16Array[] = [];
  private readonly tone: ToneAudioDevice;
  constructor(hz: number) {
    this.tone = new ToneAudioDevice(hz);
  }
  readFrame(frame: Int16Array): boolean {
    return this.tone.readFrame(frame);
  }
  writeFrame(frame: Int16Array): void {
    this.heard.push(frame.slice());
  }
  close(): void {}
  /** The last `ms` of what was heard. */
  last(ms: number): Int16Array {
    const frames = this.heard.slice(-ms / 20);
    const out = new Int16Array(frames.length * FRAME_SAMPLES);
    frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
    return out;
  }
}

async function allocate(net: FakeUdpNetwork, min: number): Promise<RtpPortPair> {
  const r = await new RtpPortAllocator({ sockets: net, address: HOST, range: { min, max: min + 10 } }).allocate();
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

interface CallOptions {
  codec?: AudioCodec;
  payloadType?: number;
  teA?: number | undefined;
  teB?: number | undefined;
  streamOptions?: Partial<MediaStreamOptions>;
}

async function call(opts: CallOptions = {}) {
  const clock = new VirtualClock();
  const net = new FakeUdpNetwork(clock);
  const pa = await allocate(net, 10000);
  const pb = await allocate(net, 20000);
  const codec = opts.codec ?? pcmuCodec;
  const pt = opts.payloadType ?? codec.staticPayloadType ?? 96;
  const describe = (local: RtpPortPair, remote: RtpPortPair, te: number | undefined): MediaDescription => ({
    localRtpPort: local.rtpPort,
    remoteAddress: HOST,
    remotePort: remote.rtpPort,
    codec,
    payloadType: pt,
    ...(te === undefined ? {} : { telephoneEventPt: te }),
    direction: 'sendrecv',
    ptime: 20,
  });
  const devA = new ToneAndRecorder(1000);
  const devB = new ToneAndRecorder(1400);
  const common = { clock, statsIntervalMs: 0, rtcpInterval: { random: () => 0.5 }, ...opts.streamOptions };
  const a = new MediaStream({
    ...common,
    mediaClock: new MediaClock({ clock }),
    ports: pa,
    device: devA,
    description: describe(pa, pb, 'teA' in opts ? opts.teA : 101),
  });
  const b = new MediaStream({
    ...common,
    mediaClock: new MediaClock({ clock }),
    ports: pb,
    device: devB,
    description: describe(pb, pa, 'teB' in opts ? opts.teB : 101),
  });
  a.start();
  b.start();
  return { clock, net, a, b, devA, devB, pa, pb };
}

describe('MediaStream audio, end to end through the fake network', () => {
  for (const codec of [pcmuCodec, pcmaCodec, g722Codec]) {
    it(`carries a tone each way with ${codec.name}`, async () => {
      const { clock, a, b, devA, devB } = await call({ codec });
      clock.advance(2000);
      // A plays 1 kHz, B plays 1.4 kHz: each hears the other's tone, not its own.
      expect(toneRatio(devB.last(1000), 16000, 1000)).toBeGreaterThan(0.9);
      expect(toneRatio(devB.last(1000), 16000, 1400)).toBeLessThan(0.05);
      expect(toneRatio(devA.last(1000), 16000, 1400)).toBeGreaterThan(0.9);
      expect(toneRatio(devA.last(1000), 16000, 1000)).toBeLessThan(0.05);
      const s = b.stats();
      expect(s.codec).toBe(codec.name);
      expect(s.rtp.packetsSent).toBe(100);
      expect(s.rtp.packetsReceived).toBe(100);
      expect(s.rtp.bytesReceived).toBe(100 * 160);
      expect(s.jitter.lost).toBe(0);
      a.close();
      b.close();
    });
  }

  it('keeps the tone through 5 % packet loss (PLC fills the gaps)', async () => {
    const { clock, net, b, devB } = await call();
    let n = 0;
    net.rule = (_d, from) => (from.port === 10000 && ++n % 20 === 7 ? { drop: true } : undefined);
    clock.advance(3000);
    expect(toneRatio(devB.last(2000), 16000, 1000)).toBeGreaterThan(0.8);
    const s = b.stats();
    // Packets 7, 27, ..., 147 of 150 were dropped; the last may not have reached its play-out turn.
    expect(s.rtp.packetsLost).toBe(8);
    expect(s.jitter.lost).toBeGreaterThanOrEqual(7);
  });

  it('plays reordered and jittered packets in order', async () => {
    const { clock, net, b, devB } = await call({ streamOptions: { jitter: { minDelayMs: 40, normalDelayMs: 80, maxDelayMs: 200 } } });
    let n = 0;
    net.rule = (_d, from) => (from.port === 10000 ? { delayMs: [0, 35, 10, 50, 5][n++ % 5]! } : undefined);
    clock.advance(3000);
    expect(toneRatio(devB.last(1000), 16000, 1000)).toBeGreaterThan(0.9);
    expect(b.stats().jitter.late).toBeLessThanOrEqual(3);
  });
});

describe('MediaStream DTMF (RFC 4733)', () => {
  it('sends digits as telephone-events; the far end reports each once', async () => {
    const { clock, a, b } = await call();
    const digits: DtmfDigitEvent[] = [];
    b.events.on('dtmf', (ev) => digits.push(ev));
    clock.advance(200);
    expect(a.sendDtmf('123#', 120)).toEqual({ ok: true, value: undefined });
    expect(a.sendingDtmf).toBe(true);
    clock.advance(2000);
    expect(a.sendingDtmf).toBe(false);
    expect(digits.map((d) => d.digit)).toEqual(['1', '2', '3', '#']);
    for (const d of digits) {
      expect(d.durationMs).toBe(120);
      expect(d.endInferred).toBe(false);
    }
    expect(a.stats().telephoneEventPacketsSent).toBeGreaterThanOrEqual(4 * 8);
  });

  it('survives the loss of telephone-event packets (redundant end packets)', async () => {
    const { clock, net, a, b } = await call();
    const h = newRtpHeader();
    let te = 0;
    net.rule = (data, from) => {
      if (from.port !== 10000 || parseRtpHeader(data, h) !== 'ok' || h.payloadType !== 101) return undefined;
      return te++ % 3 === 1 ? { drop: true } : undefined;
    };
    const digits: string[] = [];
    b.events.on('dtmf', (ev) => digits.push(ev.digit));
    a.sendDtmf('9*0');
    clock.advance(2000);
    expect(digits).toEqual(['9', '*', '0']);
  });

  it('refuses DTMF when telephone-event was not negotiated, or while not sending', async () => {
    const { a, b } = await call({ teA: undefined });
    expect(a.sendDtmf('1')).toEqual({ ok: false, reason: 'not-negotiated' });
    b.setDirection('recvonly');
    expect(b.sendDtmf('1')).toEqual({ ok: false, reason: 'not-sending' });
    expect(() => b.sendDtmf('x')).not.toThrow(); // not sending: refused before the digit check
    b.setDirection('sendrecv');
    expect(() => b.sendDtmf('x')).toThrow(/not a DTMF digit/);
    b.close();
    expect(b.sendDtmf('1')).toEqual({ ok: false, reason: 'closed' });
  });
});

describe('MediaStream control', () => {
  it('stops sending on hold, reports an RTP timeout once, and resumes with the marker bit', async () => {
    const { clock, net, a, b } = await call({ streamOptions: { rtpTimeoutMs: 1000 } });
    const timeouts: number[] = [];
    b.events.on('rtp-timeout', (ms) => timeouts.push(ms));
    net.record = true;
    clock.advance(500); // ticks 1..25 sent
    a.setDirection('inactive');
    const sent = a.stats().rtp.packetsSent;
    expect(sent).toBe(25);
    clock.advance(3000);
    expect(a.stats().rtp.packetsSent).toBe(sent);
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0]).toBeGreaterThanOrEqual(1000);
    expect(timeouts[0]).toBeLessThan(1040);
    a.setDirection('sendrecv');
    clock.advance(100); // ticks 176..180
    const h = newRtpHeader();
    const fromA = net.sent
      .filter((d) => d.from.port === 10000)
      .map((d) => (parseRtpHeader(d.data, h), { m: h.marker, ts: h.timestamp, seq: h.sequenceNumber }));
    expect(fromA).toHaveLength(30);
    const [before, after] = [fromA[24]!, fromA[25]!];
    expect(after.m).toBe(true);
    expect(fromA.slice(1).filter((p) => p.m)).toHaveLength(1);
    // Sequence numbers have no gap; the timestamp kept running through the hold (RFC 3550 §5.1).
    expect(after.seq).toBe((before.seq + 1) & 0xffff);
    expect((after.ts - before.ts) >>> 0).toBe((176 - 25) * 160);
    clock.advance(2000);
    expect(timeouts).toHaveLength(1);
  });

  it('does not time out while receiving is not expected (sendonly)', async () => {
    const { clock, a, b } = await call({ streamOptions: { rtpTimeoutMs: 500 } });
    let timeouts = 0;
    b.events.on('rtp-timeout', () => timeouts++);
    a.setDirection('recvonly');
    b.setDirection('sendonly');
    clock.advance(3000);
    expect(timeouts).toBe(0);
  });

  it('switches codec on a re-INVITE without new sockets or a new SSRC', async () => {
    const { clock, a, b, devB, pa } = await call();
    clock.advance(1000);
    const ssrc = a.ssrc;
    const next = (s: MediaStream): MediaDescription => ({ ...s.description, codec: pcmaCodec, payloadType: 8 });
    a.update(next(a));
    b.update(next(b));
    clock.advance(1500);
    expect(a.ssrc).toBe(ssrc);
    expect(a.localRtpPort).toBe(pa.rtpPort);
    expect(b.stats().codec).toBe('PCMA');
    expect(toneRatio(devB.last(1000), 16000, 1000)).toBeGreaterThan(0.9);
    expect(b.stats().rtp.sourceChanges).toBe(1);
    expect(() => a.update({ ...a.description, localRtpPort: 1234 })).toThrow(/port/);
  });

  it('treats a 0.0.0.0 remote as hold and follows a new remote address', async () => {
    const { clock, net, a, pb } = await call();
    clock.advance(200);
    net.record = true;
    a.update({ ...a.description, remoteAddress: '0.0.0.0' });
    clock.advance(200);
    expect(net.sent.filter((d) => d.from.port === 10000)).toHaveLength(0);
    a.update({ ...a.description, remoteAddress: HOST, remotePort: pb.rtpPort });
    clock.advance(200);
    expect(net.sent.filter((d) => d.from.port === 10000).length).toBe(10);
  });

  it('emits stats periodically', async () => {
    const { clock, b } = await call({ streamOptions: { statsIntervalMs: 1000 } });
    const seen: number[] = [];
    b.events.on('stats', (s) => seen.push(s.rtp.packetsReceived));
    clock.advance(3010);
    expect(seen).toHaveLength(3);
    expect(seen[2]).toBeGreaterThan(seen[0]!);
  });

  it('sends RTCP reports during the call and a BYE on close, then frees its ports', async () => {
    const { clock, net, a, b, pa } = await call();
    net.record = true;
    clock.advance(12_000);
    const rtcpFromA = net.sent.filter((d) => d.from.port === pa.rtcpPort);
    expect(rtcpFromA.length).toBeGreaterThanOrEqual(2);
    const first = parseRtcpCompound(rtcpFromA[0]!.data);
    expect(first.ok && first.value.map((p) => p.type)).toEqual(['sr', 'sdes']);
    expect(b.stats().rtp.rtcpReceived).toBeGreaterThanOrEqual(2);
    a.close('bye-bye');
    const last = parseRtcpCompound(net.sent.at(-1)!.data);
    expect(last.ok && last.value.at(-1)).toEqual({ type: 'bye', ssrcs: [a.ssrc], reason: 'bye-bye' });
    expect(net.isBound(HOST, pa.rtpPort)).toBe(false);
    expect(net.isBound(HOST, pa.rtcpPort)).toBe(false);
    const sent = a.stats().rtp.packetsSent;
    clock.advance(1000);
    expect(a.stats().rtp.packetsSent).toBe(sent);
    a.close();
  });
});
