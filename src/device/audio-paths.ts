import { TypedEvents, type Clock, type TimerHandle } from '../base/index.js';
import type { SetResult, Settings } from '../config/index.js';
import type { CallProgressTone } from '../media/index.js';
import type { CallInfo } from '../phone/index.js';

/**
 * Where the sound goes (manual §1 "Handle, Headset and Hands-free mode",
 * "Separated 9 Level Volume Adjustment"; §6 "Customizing Rings and Volume").
 * A model only: the browser or headless audio device follows it.
 *
 * - path: the device a call's audio uses now: handset (hook off), headset
 *   (Headset key on, then off-hook by Speaker/line/soft key, §4), speaker
 *   (hands-free), or none;
 * - the seven volumes are the registry's `audio.volume.*` (1..9), written with
 *   the user role as the LCD menu does;
 * - `tone`: the call-progress tone the earpiece plays now; `ringing`: the ring.
 *
 * Call-progress tones (ITU-T E.180 names, media/tones/tone-plan.ts), by what
 * the calls are doing (`follow()`): dial (off-hook, nothing typed), ringback
 * (our call rings), call waiting (a second call rings in), hold (every call
 * held and nothing else in the earpiece: manual §4 "Engaging the Hold feature
 * typically generates music or a beeping tone", `call.holdTone`), and after
 * the last call ended: busy (486/600 "Busy", the far end was busy), congestion
 * (the call failed otherwise), hang-up (the far end hung up: `call.busyTone`,
 * "Play Hang up Tone"). An end tone plays in the handset until it goes back on
 * the hook (or a number is typed), on the speaker or headset for END_TONE_MS.
 */
export type AudioPath = 'none' | 'handset' | 'headset' | 'speaker';

/** The seven volumes of manual §6, by registry field (`audio.volume.<kind>`). */
export type VolumeKind = 'ring' | 'handset' | 'handsetMic' | 'speaker' | 'speakerMic' | 'headset' | 'headsetMic';
export const VOLUME_KINDS: readonly VolumeKind[] = ['ring', 'handset', 'handsetMic', 'speaker', 'speakerMic', 'headset', 'headsetMic'];
export const VOLUME_MIN = 1;
export const VOLUME_MAX = 9;

/** Built-in ring tones (registry `audio.ringType`: "Ring1..Ring10 or the name of an uploaded ring"). */
export const RING_TONES: readonly string[] = Array.from({ length: 10 }, (_, i) => `Ring${i + 1}`);

/** The call-progress tones the phone plays (media/tones/tone-plan.ts), by what the earpiece is doing. */
export const CALL_PROGRESS_TONES: readonly CallProgressTone[] = ['dial', 'ringback', 'busy', 'congestion', 'callWaiting', 'hold', 'hangup'];

export interface AudioPathState {
  path: AudioPath;
  offHook: boolean;
  headsetMode: boolean;
  mute: boolean;
  volumes: Record<VolumeKind, number>;
  ringing: boolean;
  /** The ring tone in use (`audio.ringType`), or the one being previewed in the Ring type menu. */
  ringTone: string;
  tone?: CallProgressTone;
}

export type AudioPathEvents = {
  change: [AudioPathState];
  /** An end tone on the speaker ran its time and the path closed: the face re-reads the phone. */
  expired: [];
};

/** How long a busy / hang-up tone plays hands-free before the speaker goes off. */
export const END_TONE_MS = 3000;

/** What the calls say about the earpiece (device.ts hands them over after every phone event). */
export interface CallsForAudio {
  calls: CallInfo[];
  /** A number is being typed (the dial entry is open). */
  dialing: boolean;
  digits: string;
}

/** The tone for a call that ended (manual §7 "Play Hang up Tone"; RFC 3261 §21 status codes). */
export function endToneFor(call: CallInfo, hangupTone: boolean): CallProgressTone | undefined {
  const reason = call.endReason ?? '';
  if (reason === 'remote hangup') return hangupTone ? 'hangup' : undefined;
  if (/^(486|600)\b/.test(reason)) return 'busy';
  if (call.direction === 'outgoing' && call.answeredAt === undefined && /^[4-6]\d\d\b/.test(reason) && !/^487\b/.test(reason)) return 'congestion';
  return undefined;
}

export class AudioPaths {
  readonly events = new TypedEvents<AudioPathEvents>();
  private current: AudioPath = 'none';
  private hook = false;
  private headset = false;
  private muteOn = false;
  private ring = false;
  private tone: CallProgressTone | undefined;
  private preview: string | undefined;
  private endTone: CallProgressTone | undefined;
  private endTimer: TimerHandle | undefined;

  /** `clock`: for the hands-free end tone's time (without one it stops at the next follow()). */
  constructor(
    private readonly settings: Settings,
    private readonly clock?: Clock,
  ) {}

  state(): AudioPathState {
    const volumes = Object.fromEntries(VOLUME_KINDS.map((k) => [k, this.volume(k)])) as Record<VolumeKind, number>;
    return {
      path: this.current,
      offHook: this.hook,
      headsetMode: this.headset,
      mute: this.muteOn,
      volumes,
      ringing: this.ring,
      ringTone: this.preview ?? String(this.settings.get('audio.ringType')),
      ...(this.tone ? { tone: this.tone } : {}),
    };
  }

  get path(): AudioPath {
    return this.current;
  }

  get offHook(): boolean {
    return this.hook;
  }

  get headsetMode(): boolean {
    return this.headset;
  }

  get muted(): boolean {
    return this.muteOn;
  }

  /** The handset lifted or put back; lifting takes the audio to the handset. */
  setHook(offHook: boolean): void {
    this.hook = offHook;
    if (offHook) this.current = 'handset';
    else if (this.current === 'handset') this.current = 'none';
    this.changed();
  }

  /** Audio to a device: 'none' when the call ends. Off-hook and headset mode decide the default (defaultPath). */
  setPath(path: AudioPath): void {
    if (path === this.current) return;
    this.current = path;
    if (path === 'none') this.muteOn = false;
    this.changed();
  }

  /** Where a call picked up without lifting the handset goes: headset in headset mode, else the speaker. */
  defaultPath(): AudioPath {
    if (this.hook) return 'handset';
    return this.headset ? 'headset' : 'speaker';
  }

  /** The Headset key (manual §3: "Toggles the headset on or off"); a call on the speaker moves over. */
  toggleHeadsetMode(): boolean {
    this.headset = !this.headset;
    if (this.headset && this.current === 'speaker') this.current = 'headset';
    else if (!this.headset && this.current === 'headset') this.current = this.hook ? 'handset' : 'speaker';
    this.changed();
    return this.headset;
  }

  setMute(on: boolean): void {
    if (this.muteOn === on) return;
    this.muteOn = on;
    this.changed();
  }

  setRinging(on: boolean): void {
    if (this.ring === on) return;
    this.ring = on;
    this.changed();
  }

  setTone(tone: CallProgressTone | undefined): void {
    if (this.tone === tone) return;
    this.tone = tone;
    this.changed();
  }

  /** Play a ring tone as a preview (the Ring type menu "will auto ringing"); undefined stops it. */
  previewRing(name: string | undefined): void {
    this.preview = name;
    this.changed();
  }

  volume(kind: VolumeKind): number {
    return Number(this.settings.get(`audio.volume.${kind}`));
  }

  setVolume(kind: VolumeKind, level: number): SetResult {
    const r = this.settings.set(`audio.volume.${kind}`, level, { role: 'user' });
    if (r.ok && r.changes.length > 0) this.changed();
    return r;
  }

  /** Volume +/− (and Up/Down from idle): one level on the volume that matters now, kept in 1..9. */
  step(delta: 1 | -1): { kind: VolumeKind; level: number } {
    const kind = this.activeVolumeKind();
    const level = Math.min(VOLUME_MAX, Math.max(VOLUME_MIN, this.volume(kind) + delta));
    this.setVolume(kind, level);
    return { kind, level };
  }

  /** The ring volume while idle or ringing; else the output volume of the path in use. */
  activeVolumeKind(): VolumeKind {
    if (this.ring || this.current === 'none') return 'ring';
    return this.current;
  }

  /** A call ended: when it was the last one, play the end tone its reason calls for. */
  callEnded(call: CallInfo, others: number): void {
    if (others > 0 || this.current === 'none') return;
    const tone = endToneFor(call, this.settings.get('call.busyTone') === true);
    if (!tone) return;
    this.stopEndTone();
    this.endTone = tone;
    if (this.current !== 'handset' && this.clock) {
      this.endTimer = this.clock.setTimer(END_TONE_MS, () => {
        this.endTimer = undefined;
        this.endTone = undefined;
        if (!this.hook) this.setPath('none');
        this.setTone(undefined);
        this.events.emit('expired');
      });
    }
  }

  /**
   * Follow the calls: the path a call picked up without the handset takes, the
   * ring, and the call-progress tone (see the class comment for the order).
   */
  follow(i: CallsForAudio): void {
    const { calls } = i;
    const ringing = calls.find((c) => c.direction === 'incoming' && c.state === 'ringing');
    const talking = calls.find((c) => c.state === 'connected') ?? calls.find((c) => c.state === 'early' && c.direction === 'incoming');
    const out = calls.find((c) => c.direction === 'outgoing' && (c.state === 'dialing' || c.state === 'ringing' || c.state === 'early'));
    const held = calls.some((c) => c.state === 'held');
    // a new call, a number typed, or the handset put back ends the end tone
    if (calls.length > 0 || (i.dialing && i.digits !== '') || (!this.hook && this.current === 'none')) this.stopEndTone();
    this.setRinging(!!ringing && calls.length === 1);
    if ((talking || out) && this.current === 'none') this.setPath(this.defaultPath());
    if (calls.length === 0 && !i.dialing && !this.hook && !this.endTone) this.setPath('none');
    let tone: CallProgressTone | undefined;
    if (ringing && talking) tone = 'callWaiting';
    else if (out?.state === 'ringing' && !talking) tone = 'ringback';
    else if (talking || out) tone = undefined;
    else if (calls.length === 0 && this.endTone) tone = this.endTone;
    else if (i.dialing) tone = i.digits === '' && this.current !== 'none' ? 'dial' : undefined;
    else if (held && this.current !== 'none' && this.settings.get('call.holdTone') === true) tone = 'hold';
    this.setTone(tone);
  }

  /** The device is going away: no timer may fire afterwards (it would touch closed storage). */
  stop(): void {
    this.stopEndTone();
  }

  private stopEndTone(): void {
    this.endTimer?.cancel();
    this.endTimer = undefined;
    this.endTone = undefined;
  }

  /** Built-in rings plus the one chosen when it is an uploaded one. */
  ringTones(): string[] {
    const chosen = String(this.settings.get('audio.ringType'));
    return RING_TONES.includes(chosen) ? [...RING_TONES] : [...RING_TONES, chosen];
  }

  private changed(): void {
    this.events.emit('change', this.state());
  }
}
