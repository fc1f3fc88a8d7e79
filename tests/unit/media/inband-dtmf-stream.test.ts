/**
 * In-band DTMF through two MediaStreams on the fake network (the manual's
 * DTMF mode "Inband"). Proves:
 *  - `159#*0D` sent with sendDtmf(..., { method: 'inband' }) over PCMU (and
 *    PCMA, G.722) is detected on the far side exactly once per digit, in
 *    order, flagged `inband: true`, also when telephone-event was not
 *    negotiated; the tones replace the microphone and it comes back after;
 *  - no digit is detected from a speech-like signal (gliding harmonics with
 *    formants, syllable envelope and noise bursts) or from the tone device
 *    (1 kHz, a lone DTMF row or column frequency, dial tone);
 *  - detection is switchable (off by default, on by option or at run time);
 *  - RFC 4733 digits carry `inband: false`, and a far end that leaks the
 *    tone into the audio next to its RFC 4733 event gives one digit, not two;
 *  - on hold, in-band sending is refused as a value; a bad digit throws.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../../src/base/index.js';
import {
  DtmfGenerator,
  FRAME_SAMPLES,
  MediaClock,
  MediaStream,
  RtpPortAllocator,
  ToneAudioDevice,
  g722Codec,
  pcmaCodec,
  pcmuCodec,
  toneRatio,
  type AudioCodec,
  type AudioDevice,
  type MediaDescription,
  type RtpPortPair,
  type StreamDtmfEvent,
} from '../../../src/media/index.js';
import { FakeUdpNetwork } from './fake-udp-network.js';

const HOST = '127.0.0.1';

/** A microphone from any frame source, recording what it is given to play. */
class Phone implements AudioDevice {
  readonly name = 'phone';
  readonly heard: Int16Array[] = [];
  constructor(private readonly source: (frame: Int16Array) => void) {}
  readFrame(frame: Int16Array): boolean {
    this.source(frame);
    return true;
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

const toneSource = (hz: number) => {
  const d = new ToneAudioDevice(hz);
  return (f: Int16Array) => void d.readFrame(f);
};

/**
 * Speech-like test signal at 16 kHz, a cascade formant synthesizer: harmonics
 * of a pitch gliding 90-260 Hz with the voice's -6 dB/octave source tilt,
 * through three vowel resonances (one vowel puts F1/F2 right on the '1' key's
 * 697/1209 Hz), under a 4 Hz syllable envelope, with a burst of noise (a
 * fricative) in every other syllable. Peaks near -3 dBFS, RMS about -18 dBFS.
 */
function speechSource(seed = 1) {
  let n = 0;
  let phase = 0;
  let s = seed;
  const noise = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 31 - 1;
  };
  // Second-order resonance magnitude at f for a formant F of bandwidth bw (1 at 0 Hz).
  const resonance = (f: number, F: number, bw: number) => (F * F) / Math.sqrt((F * F - f * f) ** 2 + (f * bw) ** 2);
  const vowels = [
    [697, 1209, 2600],
    [300, 2300, 3000],
    [500, 900, 2500],
    [400, 1900, 2550],
  ];
  return (f: Int16Array) => {
    for (let i = 0; i < f.length; i++, n++) {
      const t = n / 16000;
      const f0 = 175 + 85 * Math.sin(2 * Math.PI * 0.7 * t) * Math.sin(2 * Math.PI * 0.13 * t + 1);
      phase += (2 * Math.PI * f0) / 16000;
      const syllable = Math.floor(t * 4);
      const [f1, f2, f3] = vowels[syllable % vowels.length]!;
      const env = Math.max(0, Math.sin(Math.PI * ((t * 4) % 1)));
      let v = 0;
      for (let k = 1; k * f0 < 4000; k++) {
        const hz = k * f0;
        v += (1 / k) * resonance(hz, f1!, 80) * resonance(hz, f2!, 100) * resonance(hz, f3!, 150) * Math.sin(k * phase);
      }
      const fricative = syllable % 2 === 1 && (t * 4) % 1 > 0.7 ? 0.5 * noise() : 0;
      f[i] = Math.max(-32768, Math.min(32767, Math.round(3000 * (env * v + fricative))));
    }
  };
}

async function allocate(net: FakeUdpNetwork, min: number): Promise<RtpPortPair> {
  const r = await new RtpPortAllocator({ sockets: net, address: HOST, range: { min, max: min + 10 } }).allocate();
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

interface CallOptions {
  codec?: AudioCodec;
  micA?: (f: Int16Array) => void;
  telephoneEvent?: boolean;
  detect?: boolean;
}

async function call(opts: CallOptions = {}) {
  const clock = new VirtualClock();
  const net = new FakeUdpNetwork(clock);
  const pa = await allocate(net, 10000);
  const pb = await allocate(net, 20000);
  const codec = opts.codec ?? pcmuCodec;
  const te = opts.telephoneEvent ?? true;
  const desc = (local: RtpPortPair, remote: RtpPortPair): MediaDescription => ({
    localRtpPort: local.rtpPort,
    remoteAddress: HOST,
    remotePort: remote.rtpPort,
    codec,
    payloadType: codec.staticPayloadType!,
    ...(te ? { telephoneEventPt: 101 } : {}),
    direction: 'sendrecv',
    ptime: 20,
  });
  const phoneA = new Phone(opts.micA ?? toneSource(1000));
  const phoneB = new Phone(toneSource(1400));
  const common = { clock, statsIntervalMs: 0, rtcpInterval: { random: () => 0.5 } };
  const a = new MediaStream({ ...common, mediaClock: new MediaClock({ clock }), ports: pa, device: phoneA, description: desc(pa, pb) });
  const b = new MediaStream({
    ...common,
    mediaClock: new MediaClock({ clock }),
    ports: pb,
    device: phoneB,
    description: desc(pb, pa),
    inbandDtmfDetection: opts.detect ?? true,
  });
  const atB: StreamDtmfEvent[] = [];
  b.events.on('dtmf', (e) => atB.push(e));
  a.start();
  b.start();
  return { clock, a, b, phoneA, phoneB, atB };
}

describe('in-band DTMF through MediaStreams', () => {
  for (const codec of [pcmuCodec, pcmaCodec, g722Codec]) {
    it(`sends 159#*0D in-band over ${codec.name}, detected once each`, async () => {
      const { clock, a, atB, phoneB } = await call({ codec });
      clock.advance(500);
      expect(a.sendDtmf('159#*0D', 100, { method: 'inband' }).ok).toBe(true);
      expect(a.sendingDtmf).toBe(true);
      clock.advance(1500);
      expect(a.sendingDtmf).toBe(false);
      clock.advance(1500);
      expect(atB.map((e) => e.digit).join('')).toBe('159#*0D');
      expect(atB.every((e) => e.inband)).toBe(true);
      // -10 dBFS per tone is about -4 dBm0 for the pair; allow for codec and level estimate.
      for (const e of atB) expect(e.volume).toBeGreaterThanOrEqual(1);
      for (const e of atB) expect(e.volume).toBeLessThanOrEqual(10);
      // The microphone (1 kHz) is back once the digits are out.
      expect(toneRatio(phoneB.last(1000), 16000, 1000)).toBeGreaterThan(0.9);
      expect(a.stats().telephoneEventPacketsSent).toBe(0);
    });
  }

  it('works without telephone-event in the answer, where RFC 4733 cannot', async () => {
    const { clock, a, atB } = await call({ telephoneEvent: false });
    expect(a.sendDtmf('7', 100)).toEqual({ ok: false, reason: 'not-negotiated' });
    expect(a.sendDtmf('73', 80, { method: 'inband', gapMs: 60 }).ok).toBe(true);
    expect(a.sendDtmf('A', 120, { method: 'inband' }).ok).toBe(true);
    clock.advance(2000);
    expect(atB.map((e) => e.digit).join('')).toBe('73A');
  });

  it('detects nothing in 20 s of speech-like audio', async () => {
    const { clock, atB, phoneB } = await call({ micA: speechSource() });
    clock.advance(20_000);
    // The speech did arrive (energy), and no digit came of it.
    const heard = phoneB.last(1000);
    expect(heard.some((v) => Math.abs(v) > 2000)).toBe(true);
    expect(atB).toEqual([]);
  });

  for (const [label, source] of [
    ['1 kHz', toneSource(1000)],
    ['697 Hz (a DTMF row alone)', toneSource(697)],
    ['1209 Hz (a DTMF column alone)', toneSource(1209)],
    [
      'dial tone 350+440 Hz',
      (() => {
        const x = new ToneAudioDevice(350);
        const y = new ToneAudioDevice(440);
        const t = new Int16Array(FRAME_SAMPLES);
        return (f: Int16Array) => {
          x.readFrame(f);
          y.readFrame(t);
          for (let i = 0; i < f.length; i++) f[i] = f[i]! + t[i]!;
        };
      })(),
    ],
  ] as const) {
    it(`detects nothing from the tone device: ${label}`, async () => {
      const { clock, atB } = await call({ micA: source });
      clock.advance(5000);
      expect(atB).toEqual([]);
    });
  }

  it('is off unless switched on, and can be switched at run time', async () => {
    const { clock, a, b, atB } = await call({ detect: false });
    expect(b.inbandDtmfDetection).toBe(false);
    a.sendDtmf('12', 100, { method: 'inband' });
    clock.advance(1000);
    expect(atB).toEqual([]);
    b.setInbandDtmfDetection(true);
    a.sendDtmf('34', 100, { method: 'inband' });
    clock.advance(1000);
    expect(atB.map((e) => e.digit).join('')).toBe('34');
    b.setInbandDtmfDetection(false);
    a.sendDtmf('56', 100, { method: 'inband' });
    clock.advance(1000);
    expect(atB.map((e) => e.digit).join('')).toBe('34');
  });

  it('gives one digit when the far end sends RFC 4733 and leaks the tone into the audio', async () => {
    // A's "microphone" is the key's own tone for 300 ms, as a phone that starts
    // the event late or keeps the tone in the audio after it would send.
    const gen = new DtmfGenerator({ onMs: 300, offMs: 0 });
    gen.play('5');
    const { clock, a, atB } = await call({ micA: (f) => gen.nextFrame(f) });
    expect(a.sendDtmf('5', 100).ok).toBe(true);
    clock.advance(2000);
    expect(atB.map((e) => `${e.digit}:${e.inband}`)).toEqual(['5:false']);
  });

  it('refuses in-band digits on hold and throws on a bad digit', async () => {
    const { a } = await call();
    expect(() => a.sendDtmf('5x', 100, { method: 'inband' })).toThrow(/not a DTMF digit/);
    a.setDirection('inactive');
    expect(a.sendDtmf('5', 100, { method: 'inband' })).toEqual({ ok: false, reason: 'not-sending' });
    a.close();
    expect(a.sendDtmf('5', 100, { method: 'inband' })).toEqual({ ok: false, reason: 'closed' });
  });
});
