/**
 * A 3-way conference end to end with real MediaStreams over the in-memory
 * network: phone A hosts (its handset plays 440 Hz), with one call to B
 * (700 Hz) and one to C (1100 Hz), all PCMU through the RTP, jitter-buffer
 * and codec path. Proves by Goertzel content that B hears A + C, C hears
 * A + B and A hears B + C, nobody hears themselves; that a leg put on hold
 * (re-INVITE to sendonly) leaves the mix; and that after C's leg is removed
 * A and B talk as a plain call again while C's stream has its handset back.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  ConferenceBridge,
  FRAME_SAMPLES,
  MediaClock,
  MediaStream,
  NullAudioDevice,
  RtpPortAllocator,
  ToneAudioDevice,
  pcmuCodec,
  toneRatio,
  type AudioDevice,
  type MediaDescription,
  type RtpPortPair,
} from '../../../src/media/index.js';
import { FakeUdpNetwork } from './fake-udp-network.js';

const HOST = '127.0.0.1';

class ToneAndRecorder implements AudioDevice {
  readonly name: string;
  readonly heard: Int16Array[] = [];
  private readonly tone: ToneAudioDevice;
  constructor(hz: number) {
    this.tone = new ToneAudioDevice(hz);
    this.name = `phone(${hz})`;
  }
  readFrame(frame: Int16Array): boolean {
    return this.tone.readFrame(frame);
  }
  writeFrame(frame: Int16Array): void {
    this.heard.push(frame.slice());
  }
  close(): void {}
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

function describeStream(local: RtpPortPair, remote: RtpPortPair): MediaDescription {
  return {
    localRtpPort: local.rtpPort,
    remoteAddress: HOST,
    remotePort: remote.rtpPort,
    codec: pcmuCodec,
    payloadType: 0,
    direction: 'sendrecv',
    ptime: 20,
  };
}

async function threeWay() {
  const clock = new VirtualClock();
  const net = new FakeUdpNetwork(clock);
  const clocks = { a: new MediaClock({ clock }), b: new MediaClock({ clock }), c: new MediaClock({ clock }) };
  const ports = {
    ab: await allocate(net, 10000),
    ac: await allocate(net, 10020),
    ba: await allocate(net, 20000),
    ca: await allocate(net, 30000),
  };
  const phoneA = new ToneAndRecorder(440);
  const phoneB = new ToneAndRecorder(700);
  const phoneC = new ToneAndRecorder(1100);
  const common = { clock, statsIntervalMs: 0, rtcpInterval: { random: () => 0.5 } };
  const stream = (mc: MediaClock, p: RtpPortPair, remote: RtpPortPair, device: AudioDevice) =>
    new MediaStream({ ...common, mediaClock: mc, ports: p, device, description: describeStream(p, remote) });
  const ab = stream(clocks.a, ports.ab, ports.ba, phoneA);
  const ac = stream(clocks.a, ports.ac, ports.ca, phoneA);
  const ba = stream(clocks.b, ports.ba, ports.ab, phoneB);
  const ca = stream(clocks.c, ports.ca, ports.ac, phoneC);
  for (const s of [ab, ac, ba, ca]) s.start();
  const bridge = new ConferenceBridge({ mediaClock: clocks.a, localDevice: phoneA });
  expect(bridge.addLeg(ab).ok).toBe(true);
  expect(bridge.addLeg(ac).ok).toBe(true);
  const close = () => {
    bridge.close();
    for (const s of [ab, ac, ba, ca]) s.close();
  };
  return { clock, bridge, ab, ac, ba, ca, phoneA, phoneB, phoneC, close };
}

describe('3-way conference over real MediaStreams (PCMU, fake network)', () => {
  it('B hears A+C, C hears A+B, A hears B+C', async () => {
    const { clock, phoneA, phoneB, phoneC, bridge, close } = await threeWay();
    clock.advance(2000);
    const heard = { a: phoneA.last(1000), b: phoneB.last(1000), c: phoneC.last(1000) };
    const ratio = (x: Int16Array, hz: number) => toneRatio(x, 16000, hz);
    expect(ratio(heard.a, 700)).toBeGreaterThan(0.35);
    expect(ratio(heard.a, 1100)).toBeGreaterThan(0.35);
    expect(ratio(heard.a, 440)).toBeLessThan(0.02);
    expect(ratio(heard.b, 440)).toBeGreaterThan(0.35);
    expect(ratio(heard.b, 1100)).toBeGreaterThan(0.35);
    expect(ratio(heard.b, 700)).toBeLessThan(0.02);
    expect(ratio(heard.c, 440)).toBeGreaterThan(0.35);
    expect(ratio(heard.c, 700)).toBeGreaterThan(0.35);
    expect(ratio(heard.c, 1100)).toBeLessThan(0.02);
    expect(bridge.stats().activeLegs).toBe(2);
    close();
  });

  it('drops a held leg from the mix, and after removing it A and B are a plain call', async () => {
    const { clock, ab, ac, phoneA, phoneB, bridge, close } = await threeWay();
    clock.advance(1000);
    // A holds C (RFC 3264 sendonly from A's side).
    ac.setDirection('sendonly');
    clock.advance(1000);
    expect(toneRatio(phoneB.last(600), 16000, 1100)).toBeLessThan(0.02);
    expect(toneRatio(phoneA.last(600), 16000, 1100)).toBeLessThan(0.02);
    expect(toneRatio(phoneB.last(600), 16000, 440)).toBeGreaterThan(0.9);
    // C leaves: its stream gets a null device (A's handset is the bridge's while B remains).
    expect(bridge.removeLeg(ac)).toBe(true);
    expect(ac.device).toBeInstanceOf(NullAudioDevice);
    // Then B too: the conference is over and B's stream plays A's handset directly again.
    expect(bridge.removeLeg(ab)).toBe(true);
    expect(ab.device).toBe(phoneA);
    clock.advance(1000);
    expect(toneRatio(phoneB.last(600), 16000, 440)).toBeGreaterThan(0.9);
    expect(toneRatio(phoneA.last(600), 16000, 700)).toBeGreaterThan(0.9);
    close();
  });
});
