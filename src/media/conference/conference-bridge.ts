/**
 * The phone's local 3-way conference (generalised to N legs): the handset
 * plus the remote parties, mixed at 16 kHz, mix-minus: everyone hears the sum
 * of everyone else and never themselves.
 *
 * Wiring: each call's MediaStream gets a ConferenceLeg as its device
 * (setDevice), the bridge drives the handset itself (setLocalDevice). Per
 * media-clock tick, in the clock's fixed handler order:
 *
 *   stream 1 tick: leg 1 ← its received frame; leg 1 → mix for party 1
 *   stream 2 tick: leg 2 ← its received frame; leg 2 → mix for party 2
 *   bridge tick:   handset ← sum of the legs' frames
 *
 * The handset's microphone is read once per tick, by the first leg that needs
 * it (or by the bridge when no leg did, so the device keeps pace). The bridge
 * re-registers its own handler on every addLeg so it runs after the streams
 * (which join the clock when they start, before they are conferenced).
 * Latency this adds: none from the handset to the parties, none from the
 * parties to the handset, none from party 1 to party 2; party 2's voice
 * reaches party 1 one frame (20 ms) late, because stream 1 has already sent
 * its frame when stream 2's arrives. That is the one unavoidable frame.
 *
 * A leg whose stream stops writing (closed without removeLeg) falls out of
 * the mix after one tick rather than repeating its last frame.
 */
import { fail, nullLogger, ok, type Logger, type Result } from '../../base/index.js';
import type { AudioDevice } from '../audio-device.js';
import { FRAME_SAMPLES, newFrame } from '../audio-format.js';
import { NullAudioDevice } from '../devices/null-device.js';
import type { MediaClock } from '../media-clock.js';
import { ConferenceLeg, type ConferenceLegStream, type LegMixer } from './conference-leg.js';
import { mixFrames, type MixLimiter } from './mix-minus.js';

export interface ConferenceBridgeOptions {
  /** The phone's media clock: the same one the legs' streams tick on. */
  mediaClock: MediaClock;
  /** The handset; may also be set or changed later. */
  localDevice?: AudioDevice;
  /** Remote parties at most (default 2: the manual's 3-way conference). */
  maxLegs?: number;
  /** How sums beyond full scale are brought back (default 'soft'). */
  limiter?: MixLimiter;
  logger?: Logger;
}

export type AddLegError = 'full' | 'already-in' | 'closed';

export interface ConferenceStats {
  /** Bridge ticks run. */
  ticks: number;
  legs: number;
  /** Legs mixed in the last tick (not held, with fresh audio). */
  activeLegs: number;
  /** Samples the limiter changed, over all outputs since the start. */
  limitedSamples: number;
}

export class ConferenceBridge implements LegMixer {
  private readonly mediaClock: MediaClock;
  private readonly maxLegs: number;
  private readonly limiter: MixLimiter;
  private readonly log: Logger;
  private local: AudioDevice | undefined;
  private readonly legs: ConferenceLeg[] = [];
  private removeTick: (() => void) | undefined;
  private closed = false;
  private nextIndex = 1;
  // Per-tick state and scratch (no allocation on the media path).
  private readonly localCapture = newFrame();
  private localHasAudio = false;
  private captureDue = true;
  private readonly localOut = newFrame();
  private readonly acc = new Int32Array(FRAME_SAMPLES);
  private sources: Int16Array[] = [];
  private ticks = 0;
  private activeLegs = 0;
  private limitedSamples = 0;

  constructor(opts: ConferenceBridgeOptions) {
    this.mediaClock = opts.mediaClock;
    this.maxLegs = opts.maxLegs ?? 2;
    this.limiter = opts.limiter ?? 'soft';
    this.log = opts.logger ?? nullLogger;
    this.local = opts.localDevice;
  }

  get legCount(): number {
    return this.legs.length;
  }

  hasLeg(stream: ConferenceLegStream): boolean {
    return this.legs.some((l) => l.stream === stream);
  }

  /** The handset (or null for a conference the phone only bridges). */
  setLocalDevice(device: AudioDevice | null): void {
    this.local = device ?? undefined;
    this.localHasAudio = false;
  }

  get localDevice(): AudioDevice | undefined {
    return this.local;
  }

  /**
   * Put a call into the conference: its stream's device becomes a leg of this
   * bridge; the device it had is remembered for removeLeg. Start the stream
   * before adding it, so the bridge ticks after it (see the file comment).
   */
  addLeg(stream: ConferenceLegStream): Result<void, AddLegError> {
    if (this.closed) return fail('closed');
    if (this.hasLeg(stream)) return fail('already-in');
    if (this.legs.length >= this.maxLegs) return fail('full');
    const leg = new ConferenceLeg(this, stream, stream.device, this.nextIndex++);
    this.legs.push(leg);
    this.sources = new Array<Int16Array>(this.legs.length + 1);
    stream.setDevice(leg);
    this.attachTick();
    this.log.debug('conference leg added', { leg: leg.name, legs: this.legs.length });
    return ok(undefined);
  }

  /**
   * Take a call out: its stream gets `device` when given, else the device it
   * had before joining, except the handset while the bridge still uses it
   * (two owners would each take half the microphone): then a null device.
   * Returns false when the stream was not a leg.
   */
  removeLeg(stream: ConferenceLegStream, device?: AudioDevice): boolean {
    const i = this.legs.findIndex((l) => l.stream === stream);
    if (i < 0) return false;
    const [leg] = this.legs.splice(i, 1);
    this.sources = new Array<Int16Array>(this.legs.length + 1);
    if (this.legs.length === 0) this.detachTick();
    const prev = leg!.previous;
    const handsetBusy = prev === this.local && this.legs.length > 0;
    stream.setDevice(device ?? (handsetBusy ? new NullAudioDevice() : prev));
    this.log.debug('conference leg removed', { leg: leg!.name, legs: this.legs.length });
    return true;
  }

  /**
   * End the conference: every stream gets its previous device back; a device
   * two legs had (the handset) goes to the first of them only, the others get
   * a null device.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detachTick();
    const given = new Set<AudioDevice>();
    for (const leg of this.legs.splice(0)) {
      const prev = leg.previous;
      leg.stream.setDevice(given.has(prev) ? new NullAudioDevice() : prev);
      given.add(prev);
    }
    this.local = undefined;
  }

  stats(): ConferenceStats {
    return { ticks: this.ticks, legs: this.legs.length, activeLegs: this.activeLegs, limitedSamples: this.limitedSamples };
  }

  /** A leg's stream asks for what to send its party: handset + the other parties. */
  mixFor(leg: ConferenceLeg, out: Int16Array): boolean {
    if (this.closed || leg.held || !this.legs.includes(leg)) {
      out.fill(0);
      return false;
    }
    if (this.captureDue) this.captureLocal();
    const src = this.sources;
    let n = 0;
    if (this.localHasAudio) src[n++] = this.localCapture;
    for (const other of this.legs) {
      if (other !== leg && other.fresh && !other.held) src[n++] = other.received;
    }
    this.limitedSamples += mixFrames(out, src, n, this.acc, this.limiter);
    return n > 0;
  }

  private onTick(): void {
    if (this.closed) return;
    // Nobody took the microphone this tick (all legs held): read it anyway so it keeps pace.
    if (this.captureDue) this.captureLocal();
    const src = this.sources;
    let n = 0;
    for (const leg of this.legs) {
      if (leg.fresh && !leg.held) src[n++] = leg.received;
    }
    this.activeLegs = n;
    if (this.local) {
      this.limitedSamples += mixFrames(this.localOut, src, n, this.acc, this.limiter);
      this.local.writeFrame(this.localOut);
    }
    for (const leg of this.legs) leg.age++;
    this.captureDue = true;
    this.ticks++;
  }

  private captureLocal(): void {
    this.captureDue = false;
    this.localHasAudio = this.local !== undefined && this.local.readFrame(this.localCapture);
  }

  /** (Re-)join the media clock as its last handler: after the streams already on it. */
  private attachTick(): void {
    const old = this.removeTick;
    // Add the new handler before removing the old one, so the clock never sees zero handlers and stops.
    this.removeTick = this.mediaClock.add(() => this.onTick());
    old?.();
  }

  private detachTick(): void {
    this.removeTick?.();
    this.removeTick = undefined;
  }
}
