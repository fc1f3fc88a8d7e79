/**
 * Several Sayhi phones in one process on an in-memory network (the SIP
 * transport tests' FakeNetwork) with one virtual clock: whole call flows -
 * transfer, conference, line switching, session timers - run in simulated
 * time, in milliseconds of real time. Every phone is peer-to-peer on
 * 127.0.0.1 (its own SIP port and RTP range); its handset plays a tone of its
 * own and keeps what it heard, so tests check audio by content (Goertzel).
 */
import { VirtualClock, nullLogger } from '../../../src/base/index.js';
import { MemorySettingsBackend, Settings, createDefaultRegistry } from '../../../src/config/index.js';
import { SineGenerator, toneRatio, type AudioDevice } from '../../../src/media/index.js';
import { Phone, phoneConfigFromSettings, type CallInfo, type DtmfMode } from '../../../src/phone/index.js';
import { FakeNetwork } from '../sip/transport/fake-network.js';

const HOST = '127.0.0.1';
const RATE = 16000;

/** A handset: a tone as microphone, and a record of everything played to it (one entry per frame). */
export class ProbeHandset implements AudioDevice {
  readonly name: string;
  /** Frames written, as [simulated ms, samples]. */
  readonly heard: Array<{ at: number; frame: Int16Array }> = [];
  private readonly sine: SineGenerator;

  constructor(
    readonly toneHz: number,
    private readonly clock: VirtualClock,
  ) {
    this.name = `probe-${toneHz}`;
    this.sine = new SineGenerator(toneHz, -12, RATE);
  }

  readFrame(frame: Int16Array): boolean {
    this.sine.nextFrame(frame);
    return true;
  }

  writeFrame(frame: Int16Array): void {
    this.heard.push({ at: this.clock.now(), frame: Int16Array.from(frame) });
  }

  close(): void {}

  /** Samples heard in [fromMs, toMs) of simulated time. */
  samples(fromMs: number, toMs: number): Int16Array {
    const frames = this.heard.filter((f) => f.at >= fromMs && f.at < toMs);
    const out = new Int16Array(frames.reduce((n, f) => n + f.frame.length, 0));
    let o = 0;
    for (const f of frames) {
      out.set(f.frame, o);
      o += f.frame.length;
    }
    return out;
  }

  /** Share of the energy at `hz` heard in [fromMs, toMs); 0 when nothing was heard. */
  share(hz: number, fromMs: number, toMs: number): number {
    const s = this.samples(fromMs, toMs);
    return s.length < RATE / 10 ? 0 : toneRatio(s, RATE, hz);
  }

  /** RMS (0..1) heard in [fromMs, toMs). */
  rms(fromMs: number, toMs: number): number {
    const s = this.samples(fromMs, toMs);
    if (s.length === 0) return 0;
    let sum = 0;
    for (const x of s) sum += (x / 32768) ** 2;
    return Math.sqrt(sum / s.length);
  }
}

export interface BenchPhone {
  name: string;
  phone: Phone;
  handset: ProbeHandset;
  settings: Settings;
  /** Our address for the others to dial: name@127.0.0.1:port. */
  aor: string;
  sipPort: number;
}

export interface BenchPhoneOptions {
  toneHz: number;
  dtmfMode?: DtmfMode;
  /** Registry values set before the phone starts (call.conferenceExit, account.1.sessionTimer...). */
  settings?: Record<string, unknown>;
}

export class CallBench {
  readonly clock = new VirtualClock();
  readonly net = new FakeNetwork();
  readonly phones: BenchPhone[] = [];
  private next = 0;

  async phone(name: string, opts: BenchPhoneOptions): Promise<BenchPhone> {
    const n = this.next++;
    const sipPort = 5070 + n * 10;
    // the account lives in the settings: a live settings change re-reads the accounts from there
    const settings = new Settings(createDefaultRegistry('ES330'), new MemorySettingsBackend());
    const r = settings.setMany({
      'sip.localPort': sipPort,
      'sip.rtpPortMin': 20000 + n * 100,
      'sip.rtpPortMax': 20040 + n * 100,
      'account.1.enabled': true,
      'account.1.user': name,
      'dtmf.mode': opts.dtmfMode ?? 'rfc2833',
      'audio.codec1': 'PCMU',
      'audio.codec2': 'none',
      'audio.codec3': 'none',
      ...opts.settings,
    });
    if (!r.ok) throw new Error(`bench settings refused: ${r.reason}`);
    const config = phoneConfigFromSettings(settings, 'ES330', { mac: '02005e000001', bindAddress: HOST });
    const handset = new ProbeHandset(opts.toneHz, this.clock);
    const phone = new Phone({
      config,
      clock: this.clock,
      sockets: this.net.factory(HOST),
      device: handset,
      logger: nullLogger,
      version: 'bench',
      settings,
    });
    await phone.start();
    const p = { name, phone, handset, settings, aor: `${name}@${HOST}:${sipPort}`, sipPort };
    this.phones.push(p);
    return p;
  }

  /** Let simulated time pass (timers, packets, media ticks). */
  async run(ms: number): Promise<void> {
    await this.clock.advanceAsync(ms);
  }

  /** Run until `pred` holds for one of the phone's calls (bounded simulated time). */
  async waitCall(p: BenchPhone, pred: (c: CallInfo) => boolean, limitMs = 10_000): Promise<CallInfo> {
    for (let t = 0; t <= limitMs; t += 20) {
      const c = p.phone.calls().find(pred);
      if (c) return c;
      await this.clock.advanceAsync(20);
    }
    throw new Error(`${p.name}: no call matched in ${limitMs} ms; calls: ${JSON.stringify(p.phone.calls())}`);
  }

  /** A calls B; B answers; both connected. Returns the two call ids. */
  async connect(a: BenchPhone, b: BenchPhone): Promise<{ atA: string; atB: string }> {
    const { id } = await a.phone.dial(b.aor);
    const ringing = await this.waitCall(b, (c) => c.direction === 'incoming' && c.state === 'ringing' && c.remote.includes(a.name));
    await b.phone.answer(ringing.id);
    await this.waitCall(a, (c) => c.id === id && c.state === 'connected');
    await this.waitCall(b, (c) => c.id === ringing.id && c.state === 'connected');
    return { atA: id, atB: ringing.id };
  }

  state(p: BenchPhone, id: string): CallInfo | undefined {
    return p.phone.calls().find((c) => c.id === id);
  }

  async stop(): Promise<void> {
    const stops = this.phones.map((p) => p.phone.stop(500));
    for (let i = 0; i < 50; i++) await this.clock.advanceAsync(20);
    await Promise.all(stops);
  }
}
