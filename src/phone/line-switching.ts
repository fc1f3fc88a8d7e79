import type { Logger } from '../base/index.js';
import type { AudioDevice, MediaClock } from '../media/index.js';
import type { Call } from './call.js';
import { HoldTone, type HoldToneSettings } from './line-switching-hold-tone.js';

/** A local conference as the handset sees it (conference.ts). */
export interface HandsetConference {
  readonly members: readonly Call[];
  has(call: Call): boolean;
  /** The bridge plays to and captures from the handset (`null`: the bridge runs without it). */
  setHandset(device: AudioDevice | null): void;
}

export interface LineSwitchingOptions {
  /** The handset. */
  device: AudioDevice;
  mediaClock: MediaClock;
  logger: Logger;
  calls(): readonly Call[];
  holdTone(): HoldToneSettings;
}

/** Who has the handset: one call, the local conference, or nobody. */
type Owner = Call | HandsetConference | undefined;

/**
 * One handset, many calls (manual §4 "Using Hold and Resume (Switch Calling
 * Line)": "You can take a call in one line at anytime, and the other lines
 * would be hold"). The phone talks on one call at a time, the focused one;
 * the handset is that call's device, every other call plays to nothing and
 * sends silence. Answering, dialing or resuming first holds the call the user
 * talks on (holdOthers), as Yealink and Grandstream phones do, then focuses
 * the new one. A local conference takes the handset as a whole.
 *
 * The owner is recomputed from the calls' states on every change (refresh):
 *   - the focused call while it is connected, dialing or ringing out;
 *   - the conference when the focused call is in it and a member talks;
 *   - else the newest call that talks (an auto-answered call, the old call
 *     when a transfer's new call failed), which becomes the focus;
 *   - else nobody: if a call is held, the hold tone plays (line-switching-hold-tone.ts).
 * A stream never shares the handset: the others are detached before the
 * owner is attached (two streams would each take half the microphone).
 */
export class LineSwitching {
  private focused: Call | undefined;
  private conference: HandsetConference | undefined;
  /** Calls the user has left (a conference handed over by transfer): they never get the handset again. */
  private readonly abandoned = new WeakSet<Call>();
  private owner: Owner;
  private readonly holdTone: HoldTone;

  constructor(private readonly opts: LineSwitchingOptions) {
    this.holdTone = new HoldTone(opts.device, opts.mediaClock, opts.holdTone);
  }

  /** The call the user talks on now (answered, dialled, resumed). */
  focus(call: Call): void {
    this.focused = call;
    this.refresh();
  }

  get focusedCall(): Call | undefined {
    return this.focused;
  }

  /** The local conference started (it takes the handset when one of its calls is focused) or ended. */
  setConference(conference: HandsetConference | undefined): void {
    this.conference = conference;
    this.refresh();
  }

  /** The user hung up on this call though it still runs for a moment (transfer handover). */
  abandon(call: Call): void {
    this.abandoned.add(call);
    if (this.focused === call) this.focused = undefined;
    this.refresh();
  }

  /** A call took another's place (INVITE with Replaces, RFC 3891): it inherits the focus. */
  replace(old: Call, next: Call): void {
    if (this.focused === old) this.focused = next;
    this.refresh();
  }

  /** The device for a call whose stream is starting. */
  deviceFor(call: Call): AudioDevice | undefined {
    this.refresh();
    return this.owner === call ? this.opts.device : undefined;
  }

  /**
   * Hold every connected call except `keep` (the call being answered, dialled
   * or resumed, and the conference it is in). Resolves when the re-INVITEs are
   * answered; a refused hold leaves that call connected but without the handset.
   */
  async holdOthers(keep: readonly Call[] = []): Promise<void> {
    const kept = new Set(keep);
    for (const c of keep) if (this.conference?.has(c)) for (const m of this.conference.members) kept.add(m);
    const targets = this.opts.calls().filter((c) => c.state === 'connected' && !kept.has(c) && !this.abandoned.has(c));
    await Promise.all(
      targets.map(async (c) => {
        if (!(await c.hold())) this.opts.logger.warn('could not hold the other call', { callId: c.id });
      }),
    );
  }

  /** Recompute who has the handset and move it (after any call or conference change). */
  refresh(): void {
    const owner = this.pickOwner();
    const calls = this.opts.calls();
    // detach first, attach last: never two streams on the handset at once
    for (const c of calls) if (c !== owner) c.setAudioDevice(undefined);
    if (this.conference && this.conference !== owner) this.conference.setHandset(null);
    if (owner === this.conference && owner) owner.setHandset(this.opts.device);
    else if (owner) (owner as Call).setAudioDevice(this.opts.device);
    if (owner !== this.owner) this.opts.logger.debug('handset moved', { to: owner === undefined ? 'nobody' : owner === this.conference ? 'conference' : `call ${(owner as Call).id}` });
    this.owner = owner;
    this.holdTone.update(owner === undefined && calls.some((c) => c.state === 'held' && !this.abandoned.has(c)));
  }

  close(): void {
    this.holdTone.stop();
    this.focused = undefined;
    this.conference = undefined;
  }

  private pickOwner(): Owner {
    const live = this.opts.calls().filter((c) => c.state !== 'ended' && !this.abandoned.has(c));
    const conf = this.conference;
    const confTalks = conf !== undefined && conf.members.some((m) => m.state === 'connected' && !this.abandoned.has(m));
    const f = this.focused && live.includes(this.focused) ? this.focused : undefined;
    if (f && conf?.has(f)) return confTalks ? conf : undefined;
    if (f && talks(f)) return f;
    // the focused call is held or gone: the newest call that talks takes over
    for (let i = live.length - 1; i >= 0; i--) {
      const c = live[i]!;
      if (talks(c) && !conf?.has(c)) {
        this.focused = c;
        return c;
      }
    }
    if (confTalks) return conf;
    return undefined;
  }
}

/** A call that wants the handset: talking, or dialing / ringing out (ringback, early media). */
function talks(c: Call): boolean {
  return c.state === 'connected' || c.state === 'dialing' || c.state === 'early' || (c.state === 'ringing' && c.direction === 'outgoing');
}
