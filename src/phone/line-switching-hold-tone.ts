import { CallProgressToneGenerator, newFrame, toneSpec, type AudioDevice, type MediaClock } from '../media/index.js';

/** What the hold tone settings say (`call.holdTone`, `call.holdToneInterval`, manual §7 Phone Setting > Call). */
export interface HoldToneSettings {
  enabled: boolean;
  /** Seconds from one beep to the next. */
  intervalS: number;
}

/**
 * The manual's hold tone ("Engaging the Hold feature typically generates ...
 * a beeping tone"; settings HoldPlayToneEnable / HoldPlayToneFreqency): while
 * the phone holds a call and the handset is otherwise idle, the local user
 * hears a short beep every interval, so a held party is not forgotten. The
 * beep is the tone plan's hold tone (ITU-T E.180 plan: 425 Hz, 200 ms); the
 * first one sounds at once, as the hold key's confirmation. It goes to the
 * handset only, never to the held party (that would be music on hold).
 *
 * The handset has no other writer while this plays (line-switching.ts starts
 * it only when no call owns the handset), so it drives the device itself, one
 * frame per media-clock tick.
 */
export class HoldTone {
  private readonly frame = newFrame();
  private generator: CallProgressToneGenerator | undefined;
  private removeTick: (() => void) | undefined;

  constructor(
    private readonly device: AudioDevice,
    private readonly mediaClock: MediaClock,
    private readonly settings: () => HoldToneSettings,
  ) {}

  get playing(): boolean {
    return this.removeTick !== undefined;
  }

  /** Play while `wanted` (a call is held and the handset idle) and the setting is on. */
  update(wanted: boolean): void {
    if (!wanted) return this.stop();
    if (this.playing) return;
    const s = this.settings();
    if (!s.enabled || !(s.intervalS > 0)) return;
    const plan = toneSpec('ITU', 'hold');
    const beepMs = plan.cadenceMs[0] ?? 200;
    this.generator = new CallProgressToneGenerator({
      freqs: plan.freqs,
      levelDbfs: plan.levelDbfs,
      cadenceMs: [beepMs, Math.max(beepMs, s.intervalS * 1000 - beepMs)],
    });
    this.removeTick = this.mediaClock.add(() => {
      this.generator!.nextFrame(this.frame);
      this.device.writeFrame(this.frame);
    });
  }

  stop(): void {
    this.removeTick?.();
    this.removeTick = undefined;
    this.generator = undefined;
  }
}
