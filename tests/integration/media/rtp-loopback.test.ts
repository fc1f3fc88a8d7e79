/**
 * Two MediaStreams on real UDP sockets on 127.0.0.1, driven by the real
 * SystemClock for about 1.5 s: phone A plays a 1 kHz tone, phone B a 1.4 kHz
 * one; each recording must hold the other's tone (Goertzel). A DTMF digit goes
 * across as RFC 4733 events. Media clock lateness is reported, not asserted
 * tightly (shared CI machines).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NodeSocketFactory, SystemClock, sleep } from '../../../src/base/index.js';
import type { AudioDevice } from '../../../src/media/audio-device.js';
import { FRAME_SAMPLES } from '../../../src/media/audio-format.js';
import { pcmuCodec } from '../../../src/media/codecs/g711.js';
import { ToneAudioDevice } from '../../../src/media/devices/tone-device.js';
import { toneRatio } from '../../../src/media/dtmf/tone-detector.js';
import { MediaClock } from '../../../src/media/media-clock.js';
import { MediaStream } from '../../../src/media/media-stream.js';
import { RtpPortAllocator, type RtpPortPair } from '../../../src/media/rtp/port-allocator.js';

const HOST = '127.0.0.1';

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
  last(ms: number): Int16Array {
    const frames = this.heard.slice(-ms / 20);
    const out = new Int16Array(frames.length * FRAME_SAMPLES);
    frames.forEach((f, i) => out.set(f, i * FRAME_SAMPLES));
    return out;
  }
}

describe('RTP loopback on real sockets', () => {
  const streams: MediaStream[] = [];
  afterEach(() => {
    for (const s of streams.splice(0)) s.close();
  });

  it('carries a tone each way and a DTMF digit over 127.0.0.1', async () => {
    const clock = new SystemClock();
    const sockets = new NodeSocketFactory();
    const allocator = new RtpPortAllocator({ sockets, address: HOST, range: { min: 31000, max: 31100 } });
    const take = async (): Promise<RtpPortPair> => {
      const r = await allocator.allocate();
      if (!r.ok) throw new Error(r.reason);
      return r.value;
    };
    const pa = await take();
    const pb = await take();
    const mediaClock = new MediaClock({ clock });
    const devA = new ToneAndRecorder(1000);
    const devB = new ToneAndRecorder(1400);
    const desc = (local: RtpPortPair, remote: RtpPortPair) => ({
      localRtpPort: local.rtpPort,
      remoteAddress: HOST,
      remotePort: remote.rtpPort,
      codec: pcmuCodec,
      payloadType: 0,
      telephoneEventPt: 101,
      direction: 'sendrecv' as const,
      ptime: 20,
    });
    const a = new MediaStream({ clock, mediaClock, ports: pa, device: devA, description: desc(pa, pb) });
    const b = new MediaStream({ clock, mediaClock, ports: pb, device: devB, description: desc(pb, pa) });
    streams.push(a, b);
    const digits: string[] = [];
    b.events.on('dtmf', (ev) => digits.push(ev.digit));
    a.start();
    b.start();
    await sleep(900);
    expect(a.sendDtmf('5', 100).ok).toBe(true);
    await sleep(600);
    const late = mediaClock.stats().lateness;
    expect(toneRatio(devB.last(500), 16000, 1000)).toBeGreaterThan(0.8);
    expect(toneRatio(devA.last(500), 16000, 1400)).toBeGreaterThan(0.8);
    expect(toneRatio(devB.last(500), 16000, 1400)).toBeLessThan(0.1);
    expect(digits).toEqual(['5']);
    const s = b.stats();
    expect(s.rtp.packetsReceived).toBeGreaterThan(60);
    expect(s.rtp.packetsLost).toBe(0);
    // Informational: how punctual the event loop was.
    console.log(`media clock: ${mediaClock.stats().ticks} ticks, lateness p50 ${late.p50Ms} ms p99 ${late.p99Ms} ms max ${late.maxMs.toFixed(2)} ms`);
    expect(late.p50Ms).toBeLessThan(20);
  });
});
